"""Models of the training area: catalog, batches (angkatan), enrolment, evaluation.

The LAN classification of each program comes from `development.DevelopmentForm`
(Peraturan LAN 10/2018, domain file §4.1); the leadership trainings PKN/PKA/PKP
carry the position level they serve (domain file §4.2).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def new_checkin_code() -> str:
    return secrets.token_urlsafe(9)


class TrainingProgram(models.Model):
    """One program of the catalog (pelatihan)."""

    class Delivery(models.TextChoices):
        CLASSICAL = "classical", _("Klasikal")
        BLENDED = "blended", _("Blended")
        DISTANCE = "distance", _("Jarak jauh")

    class Provider(models.TextChoices):
        INTERNAL = "internal", _("Internal instansi")
        LAN = "lan", _("LAN")
        OUTSIDE = "outside", _("Lembaga luar")

    class Leadership(models.TextChoices):
        NONE = "", _("Bukan pelatihan kepemimpinan")
        PKN_I = "pkn_i", _("PKN Tingkat I")
        PKN_II = "pkn_ii", _("PKN Tingkat II")
        PKA = "pka", _("PKA")
        PKP = "pkp", _("PKP")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    form = models.ForeignKey(
        "development.DevelopmentForm",
        verbose_name=_("bentuk pengembangan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    leadership = models.CharField(
        _("pelatihan kepemimpinan"),
        max_length=10,
        choices=Leadership.choices,
        blank=True,
        default="",
    )
    owner_unit = models.ForeignKey(
        "people.OrgUnit",
        verbose_name=_("unit pemilik"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: program bersama seluruh instansi."),
    )
    job_fields = models.ManyToManyField(
        "people.JobField", verbose_name=_("rumpun jabatan sasaran"), blank=True
    )
    position_kinds = models.JSONField(
        _("jenis jabatan sasaran"), default=list, blank=True
    )
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    delivery = models.CharField(
        _("metode"), max_length=10, choices=Delivery.choices, default="classical"
    )
    provider = models.CharField(
        _("penyelenggara"), max_length=10, choices=Provider.choices, default="internal"
    )
    provider_name = models.CharField(_("nama lembaga"), max_length=200, blank=True)
    cost = models.DecimalField(
        _("biaya per peserta (Rp)"), max_digits=14, decimal_places=2, default=0
    )
    validity_months = models.PositiveSmallIntegerField(
        _("masa berlaku sertifikat (bulan)"), null=True, blank=True
    )
    # Prerequisites (each checked by one rule in services.prerequisites).
    required_position_kinds = models.JSONField(
        _("syarat jenis jabatan"), default=list, blank=True
    )
    min_rank = models.ForeignKey(
        "people.Rank",
        verbose_name=_("golongan minimum"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prereq_competency = models.ForeignKey(
        "competencies.Competency",
        verbose_name=_("syarat kompetensi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    prereq_level = models.PositiveSmallIntegerField(
        _("level minimum"), null=True, blank=True
    )
    prereq_program = models.ForeignKey(
        "self",
        verbose_name=_("syarat lulus program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jp__gt=0), name="training_program_jp_positive"
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=0), name="training_program_cost_nonneg"
            ),
            models.CheckConstraint(
                condition=Q(validity_months__isnull=True) | Q(validity_months__gt=0),
                name="training_program_validity_positive",
            ),
            models.CheckConstraint(
                condition=(
                    Q(prereq_competency__isnull=True, prereq_level__isnull=True)
                    | Q(
                        prereq_competency__isnull=False,
                        prereq_level__gte=1,
                        prereq_level__lte=5,
                    )
                ),
                name="training_program_prereq_level",
            ),
            models.CheckConstraint(
                condition=Q(prereq_program__isnull=True) | ~Q(prereq_program=F("pk")),
                name="training_program_prereq_not_self",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgramCompetency(models.Model):
    """A competency the program develops, and to what level."""

    program = models.ForeignKey(
        TrainingProgram, on_delete=models.CASCADE, related_name="competencies"
    )
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(_("level sasaran"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "competency"], name="training_progcomp_unique"
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=5),
                name="training_progcomp_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency} → {self.target_level}"


class Trainer(models.Model):
    """A trainer (widyaiswara, fasilitator, narasumber)."""

    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("lembaga"), max_length=200, blank=True)
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pengajar")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Batch(models.Model):
    """One run (angkatan) of a program."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pendaftaran dibuka")
        CLOSED = "closed", _("Pendaftaran ditutup")
        FINISHED = "finished", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    program = models.ForeignKey(
        TrainingProgram,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="batches",
    )
    name = models.CharField(_("angkatan"), max_length=120)
    org_unit = models.ForeignKey(
        "people.OrgUnit",
        verbose_name=_("unit penyelenggara"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penyelenggara"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"))
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("kehadiran minimum (%)"), default=80
    )
    impact_months = models.PositiveSmallIntegerField(
        _("evaluasi dampak setelah (bulan)"), default=3
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        ordering = ["starts_on", "id"]
        indexes = [models.Index(fields=["starts_on", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="training_batch_dates"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="training_batch_capacity"
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100),
                name="training_batch_min_attendance",
            ),
            models.CheckConstraint(
                condition=Q(impact_months__gte=1, impact_months__lte=24),
                name="training_batch_impact_months",
            ),
            models.UniqueConstraint(
                fields=["program", "name"], name="training_batch_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.title} — {self.name}"


class Session(models.Model):
    """One scheduled session of a batch, with its trainers and QR check-in code."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("materi"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    trainers = models.ManyToManyField(Trainer, blank=True, related_name="sessions")
    checkin_code = models.CharField(
        max_length=20, default=new_checkin_code, unique=True, editable=False
    )

    class Meta:
        verbose_name = _("sesi")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="training_session_times"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    """One person in one batch.

    requested → (supervisor approves) → enrolled | waitlisted; nominated by HR
    or the supervisor goes straight to enrolled | waitlisted; enrolled →
    attended (attendance met) → passed | failed; cancelled or rejected on the way.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Menunggu persetujuan atasan")
        ENROLLED = "enrolled", _("Terdaftar")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        ATTENDED = "attended", _("Hadir memenuhi syarat")
        PASSED = "passed", _("Lulus")
        FAILED = "failed", _("Tidak lulus")
        REJECTED = "rejected", _("Ditolak atasan")
        CANCELLED = "cancelled", _("Dibatalkan")

    class Route(models.TextChoices):
        SELF = "self", _("Daftar sendiri")
        NOMINATED = "nominated", _("Ditugaskan")
        BULK = "bulk", _("Penugasan massal")

    ACTIVE = ("requested", "enrolled", "waitlisted", "attended", "passed", "failed")
    SEATED = ("enrolled", "attended", "passed", "failed")

    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="enrolments"
    )
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="training_enrolments"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    route = models.CharField(_("jalur"), max_length=10, choices=Route.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField(_("catatan"), max_length=250, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    pre_score = models.DecimalField(
        _("nilai pre-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    post_score = models.DecimalField(
        _("nilai post-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    final_score = models.DecimalField(
        _("nilai akhir"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    result_at = models.DateTimeField(null=True, blank=True)
    result_note = models.CharField(_("catatan hasil"), max_length=250, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("peserta")
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["batch", "status", "waitlisted_at"]),
            models.Index(fields=["employee", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "employee"],
                condition=Q(
                    status__in=(
                        "requested",
                        "enrolled",
                        "waitlisted",
                        "attended",
                        "passed",
                        "failed",
                    )
                ),
                name="training_enrolment_one_active",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True})
                    | Q(**{f"{f}__gte": 0, f"{f}__lte": 100}),
                    name=f"training_enrolment_{f}_range",
                )
                for f in ("pre_score", "post_score", "final_score")
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="training_enrolment_waitlist_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.batch}"


class Attendance(models.Model):
    class Method(models.TextChoices):
        ORGANISER = "organiser", _("Dicatat penyelenggara")
        QR = "qr", _("Check-in QR")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendance"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("hadir"), default=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    marked_at = models.DateTimeField(default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="training_attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}"


class BatchSurvey(models.Model):
    """The participant's satisfaction with the batch (1–5)."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="survey"
    )
    rating = models.PositiveSmallIntegerField(
        _("kepuasan"), validators=RATING_VALIDATORS
    )
    comment = models.TextField(_("saran"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="training_survey_rating",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.rating}"


class TrainerRating(models.Model):
    """The participant's rating of one trainer of the batch (1–5)."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="trainer_ratings"
    )
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=RATING_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "trainer"], name="training_trainer_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="training_trainer_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id}: {self.rating}"


class ImpactResponse(models.Model):
    """The follow-up questionnaire N months after the batch (participant or supervisor)."""

    class Respondent(models.TextChoices):
        PARTICIPANT = "participant", _("Peserta")
        SUPERVISOR = "supervisor", _("Atasan")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="impact_responses"
    )
    respondent = models.CharField(max_length=12, choices=Respondent.choices)
    respondent_employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="+"
    )
    applied = models.PositiveSmallIntegerField(
        _("penerapan di tempat kerja"), validators=RATING_VALIDATORS
    )
    improved = models.PositiveSmallIntegerField(
        _("perbaikan kinerja"), validators=RATING_VALIDATORS
    )
    comment = models.TextField(_("contoh penerapan"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "respondent"], name="training_impact_unique"
            ),
            models.CheckConstraint(
                condition=Q(applied__gte=1, applied__lte=5, improved__gte=1)
                & Q(improved__lte=5),
                name="training_impact_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} ({self.respondent})"


class BatchCertificateJob(models.Model):
    """Bulk certificate generation for one batch, run as a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="certificate_jobs"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="training_certjob_progress"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return round(100 * self.done / self.total)


class RecertificationReminder(models.Model):
    """One reminder sent for one expiring certificate: never twice."""

    certificate = models.OneToOneField(
        "certificates.Certificate", on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.certificate_id)
