"""Models of the elearning area: courses, versions, lessons, quizzes, SCORM, xAPI.

A course's content lives in a `CourseVersion`. Organisers edit the draft;
publishing freezes it and a learner keeps the version they enrolled in.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jenjang.competencies.models import Competency
from jenjang.people.models import Agency, Employee, JobField, OrgUnit, Position


class Course(models.Model):
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("instansi"),
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("unit penyelenggara"),
    )
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), blank=True)
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="courses", verbose_name=_("kompetensi")
    )
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("prasyarat")
    )
    open_enrolment = models.BooleanField(_("pendaftaran terbuka"), default=True)
    published_version = models.ForeignKey(
        "CourseVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versi terbit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CourseVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")
        ARCHIVED = "archived", _("Arsip")

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("nomor versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versi kursus")
        verbose_name_plural = _("versi kursus")
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="el_version_num"),
            models.UniqueConstraint(
                fields=["course"], condition=Q(status="draft"), name="el_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} v{self.number}"


class Module(models.Model):
    version = models.ForeignKey(
        CourseVersion, on_delete=models.CASCADE, related_name="modules"
    )
    title = models.CharField(_("judul modul"), max_length=200)
    order = models.PositiveIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ScormPackage(models.Model):
    class Standard(models.TextChoices):
        SCORM12 = "1.2", "SCORM 1.2"
        SCORM2004 = "2004", "SCORM 2004"

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="scorm_packages"
    )
    title = models.CharField(_("judul"), max_length=200)
    standard = models.CharField(_("standar"), max_length=4, choices=Standard.choices)
    # [{"identifier", "title", "href", "kind", "mastery", …}] in manifest order:
    # one per launchable item (SCO or asset), every value a string.
    items = models.JSONField(default=list)
    # The default organisation as a tree (clusters and leaves) with the
    # sequencing that rollup needs; see services/scorm_rollup.py.
    organisation = models.JSONField(default=dict, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    # 1.2: masteryscore (0–100); 2004: the primary objective's minNormalizedMeasure.
    mastery_score = models.DecimalField(
        max_digits=7, decimal_places=4, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paket SCORM")
        verbose_name_plural = _("paket SCORM")

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Teks")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Dokumen PDF")
        QUIZ = "quiz", _("Kuis")
        SCORM = "scorm", _("Paket SCORM")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("judul pelajaran"), max_length=200)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("wajib"), default=True)
    estimated_minutes = models.PositiveIntegerField(
        _("perkiraan durasi (menit)"), default=10
    )
    body = models.TextField(_("isi (Markdown)"), blank=True)
    video_file = models.FileField(upload_to="elearning/video/", blank=True)
    video_url = models.URLField(_("tautan video"), blank=True)
    document = models.FileField(upload_to="elearning/docs/", blank=True)
    scorm_package = models.ForeignKey(
        ScormPackage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
    )

    class Meta:
        ordering = ["module__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="el_scorm_lesson_has_package",
                condition=~Q(kind="scorm") | Q(scorm_package__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Quiz(models.Model):
    class Review(models.TextChoices):
        NONE = "none", _("Tidak ditampilkan")
        SCORE = "score", _("Nilai saja")
        RESPONSES = "responses", _("Jawaban peserta")
        FULL = "full", _("Jawaban dan kunci")

    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.DecimalField(
        _("nilai lulus (%)"), max_digits=5, decimal_places=2, default=70
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("batas waktu (menit)"), null=True, blank=True
    )
    attempt_limit = models.PositiveIntegerField(
        _("batas percobaan"), null=True, blank=True
    )
    draw_count = models.PositiveIntegerField(
        _("jumlah soal diambil"), null=True, blank=True
    )
    shuffle = models.BooleanField(_("acak urutan"), default=True)
    review = models.CharField(
        max_length=10, choices=Review.choices, default=Review.FULL
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="el_quiz_pass_mark",
                condition=Q(pass_mark__gte=0, pass_mark__lte=100),
            )
        ]

    def __str__(self) -> str:
        return str(self.lesson)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Pilihan tunggal")
        MULTIPLE = "multiple", _("Pilihan ganda (lebih dari satu)")
        TRUE_FALSE = "true_false", _("Benar/salah")
        SHORT = "short", _("Isian singkat")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("jenis soal"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("soal"))
    # [{"id": "a", "text": "...", "correct": bool}] for choice kinds.
    choices = models.JSONField(default=list, blank=True)
    answer_text = models.CharField(_("jawaban tepat"), max_length=200, blank=True)
    answer_pattern = models.CharField(
        _("pola jawaban (regex)"), max_length=200, blank=True
    )
    points = models.PositiveIntegerField(default=1)
    explanation = models.TextField(_("pembahasan"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["quiz", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Assignment(models.Model):
    """HR assigns a course to a group (unit subtree, position kind, job field)."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="assignments"
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True
    )
    position_kind = models.CharField(
        max_length=20, choices=Position.Kind.choices, blank=True
    )
    job_field = models.ForeignKey(
        JobField, on_delete=models.PROTECT, null=True, blank=True
    )
    due_on = models.DateField(_("batas waktu"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.course} → {self.due_on}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Terdaftar")
        IN_PROGRESS = "in_progress", _("Sedang belajar")
        COMPLETED = "completed", _("Selesai")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="course_enrolments"
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="enrolments"
    )
    version = models.ForeignKey(
        CourseVersion, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.ENROLLED
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True
    )
    due_on = models.DateField(null=True, blank=True)
    last_lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    jp = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    certificate_number = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("peserta kursus")
        verbose_name_plural = _("peserta kursus")
        constraints = [
            models.UniqueConstraint(fields=["employee", "course"], name="el_enrol_once")
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self) -> str:
        return f"{self.employee} — {self.course}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    # Where to resume: {"seconds": 93} for a video, {"page": 3}, …
    position = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="el_progress_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.lesson_id}"


class QuizAttempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveIntegerField()
    # The drawn questions in the order shown, and each one's choice order.
    question_ids = models.JSONField(default=list)
    choice_order = models.JSONField(default=dict)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "enrolment", "number"], name="el_attempt_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number}"


class Answer(models.Model):
    attempt = models.ForeignKey(
        QuizAttempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    response = models.JSONField(default=list)
    correct = models.BooleanField(null=True)
    points = models.DecimalField(max_digits=6, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="el_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.question_id}"


class ScormAttempt(models.Model):
    """The runtime data of one learner in one SCO of a SCORM lesson."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="scorm_attempts"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    sco = models.CharField(max_length=200)
    cmi = models.JSONField(default=dict)
    completion_status = models.CharField(max_length=20, blank=True)
    success_status = models.CharField(max_length=20, blank=True)
    score_raw = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    score_scaled = models.DecimalField(
        max_digits=6, decimal_places=4, null=True, blank=True
    )
    suspend_data = models.TextField(blank=True)
    location = models.CharField(max_length=1000, blank=True)
    total_seconds = models.PositiveIntegerField(default=0)
    commits = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson", "sco"], name="el_scorm_attempt_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.sco}"


class XapiStatement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="xapi_statements"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=20)
    statement = models.JSONField()
    timestamp = models.DateTimeField()
    forwarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["timestamp"]
        indexes = [models.Index(fields=["course", "timestamp"])]

    def __str__(self) -> str:
        return f"{self.verb} {self.timestamp:%Y-%m-%d %H:%M}"


class LearningPath(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    position_kind = models.CharField(
        _("jenis jabatan"), max_length=20, choices=Position.Kind.choices, blank=True
    )
    job_field = models.ForeignKey(
        JobField, on_delete=models.PROTECT, null=True, blank=True
    )
    # For staff preparing for a position kind (e.g. pengawas), not holding it.
    target_position_kind = models.CharField(
        _("jabatan tujuan"), max_length=20, choices=Position.Kind.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jalur belajar")
        verbose_name_plural = _("jalur belajar")

    def __str__(self) -> str:
        return self.title


class LearningPathItem(models.Model):
    path = models.ForeignKey(
        LearningPath, on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(default=0)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, null=True, blank=True)
    training_program_id = models.PositiveIntegerField(null=True, blank=True)
    event_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["path", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="el_path_item_one_target",
                condition=(
                    Q(
                        course__isnull=False,
                        training_program_id__isnull=True,
                        event_id__isnull=True,
                    )
                    | Q(
                        course__isnull=True,
                        training_program_id__isnull=False,
                        event_id__isnull=True,
                    )
                    | Q(
                        course__isnull=True,
                        training_program_id__isnull=True,
                        event_id__isnull=False,
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title or str(
            self.course or self.training_program_id or self.event_id
        )


class Thread(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("pertanyaan"))
    pinned = models.BooleanField(default=False)
    answered = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pinned", "-created_at"]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(_("jawaban"))
    is_answer = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:60]
