"""Models of the mentoring area: mentors, requests, matching rounds, pairs.

A matching round proposes pairs (`ProposedPair`, with the score broken down);
publishing turns them into `Relationship` rows that the mentor and the mentee
accept or decline. A supervisor's coaching of a team member is a relationship
of kind "coaching" without a round. Sessions post JP to the mentee's ledger.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.competencies.models import Competency
from jenjang.people.models import Employee, JobField, OrgUnit

MAX_CAPACITY = 20
MAX_SESSION_MINUTES = 480
MAX_WEIGHT = 100


class Mode(models.TextChoices):
    ANY = "any", _("Bebas (daring atau luring)")
    ONLINE = "online", _("Daring")
    OFFLINE = "offline", _("Luring (tatap muka)")


class MentorProfile(models.Model):
    """An employee who mentors: volunteered or appointed by HR."""

    class Source(models.TextChoices):
        VOLUNTEER = "volunteer", _("Sukarela")
        APPOINTED = "appointed", _("Ditunjuk admin")

    employee = models.OneToOneField(
        Employee,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
        verbose_name=_("pegawai"),
    )
    source = models.CharField(_("asal"), max_length=10, choices=Source.choices)
    job_fields = models.ManyToManyField(
        JobField, blank=True, related_name="+", verbose_name=_("bidang tugas")
    )
    capacity = models.PositiveSmallIntegerField(_("kapasitas mentee"), default=2)
    is_available = models.BooleanField(_("bersedia menerima mentee"), default=True)
    availability = models.CharField(_("ketersediaan waktu"), max_length=200, blank=True)
    mode = models.CharField(
        _("cara bertemu"), max_length=10, choices=Mode.choices, default=Mode.ANY
    )
    bio = models.TextField(_("pengalaman singkat"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("profil mentor")
        verbose_name_plural = _("profil mentor")
        constraints = [
            models.CheckConstraint(
                name="mentorprofile_capacity_range",
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
            ),
        ]

    def __str__(self) -> str:
        return str(self.employee)


class MentorStrength(models.Model):
    """A competency the mentor is strong in, at the level their assessment shows."""

    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="strengths"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        verbose_name = _("keunggulan mentor")
        verbose_name_plural = _("keunggulan mentor")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "competency"], name="mentorstrength_unique"
            ),
            models.CheckConstraint(
                name="mentorstrength_level_range",
                condition=Q(level__gte=1, level__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}@{self.level}"


class MenteeRequest(models.Model):
    """An employee asks for a mentor: goals, competencies to grow, preferences."""

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu pasangan")
        PROPOSED = "proposed", _("Diusulkan")
        MATCHED = "matched", _("Berpasangan")
        WITHDRAWN = "withdrawn", _("Ditarik")
        CLOSED = "closed", _("Selesai")

    class UnitPreference(models.TextChoices):
        ANY = "any", _("Tidak masalah")
        SAME = "same", _("Unit kerja yang sama")
        OTHER = "other", _("Unit kerja lain")

    ACTIVE_STATUSES = (Status.OPEN, Status.PROPOSED, Status.MATCHED)

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="mentee_requests",
        verbose_name=_("pegawai"),
    )
    goals = models.TextField(_("tujuan"), max_length=2000)
    unit_preference = models.CharField(
        _("preferensi unit kerja mentor"),
        max_length=5,
        choices=UnitPreference.choices,
        default=UnitPreference.ANY,
    )
    mode = models.CharField(
        _("cara bertemu"), max_length=10, choices=Mode.choices, default=Mode.ANY
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("permintaan mentor")
        verbose_name_plural = _("permintaan mentor")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(status__in=["open", "proposed", "matched"]),
                name="menteerequest_one_active_per_employee",
            ),
        ]
        indexes = [models.Index(fields=["status", "employee"], name="mreq_status")]

    def __str__(self) -> str:
        return f"{self.employee} ({self.get_status_display()})"


class RequestedCompetency(models.Model):
    """A competency the mentee wants to grow, to the target level."""

    request = models.ForeignKey(
        MenteeRequest, on_delete=models.CASCADE, related_name="competencies"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(_("level sasaran"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "competency"], name="requestedcompetency_unique"
            ),
            models.CheckConstraint(
                name="requestedcompetency_level_range",
                condition=Q(target_level__gte=1, target_level__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}→{self.target_level}"


class MatchingRound(models.Model):
    """One run of the matching over an org-unit subtree, with HR-set weights."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang dihitung")
        DONE = "done", _("Selesai dihitung")
        FAILED = "failed", _("Gagal")
        PUBLISHED = "published", _("Diumumkan")

    name = models.CharField(_("nama putaran"), max_length=120)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cakupan unit kerja"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    w_coverage = models.PositiveSmallIntegerField(
        _("bobot kecocokan kompetensi"), default=40
    )
    w_field = models.PositiveSmallIntegerField(_("bobot bidang tugas"), default=20)
    w_seniority = models.PositiveSmallIntegerField(_("bobot senioritas"), default=15)
    w_unit = models.PositiveSmallIntegerField(_("bobot preferensi unit"), default=10)
    w_load = models.PositiveSmallIntegerField(_("bobot pemerataan beban"), default=15)
    min_rank_gap = models.PositiveSmallIntegerField(
        _("selisih golongan minimum"), default=1
    )
    max_rank_gap = models.PositiveSmallIntegerField(
        _("selisih golongan maksimum"), default=8
    )
    allow_supervisor = models.BooleanField(
        _("atasan langsung boleh menjadi mentor"), default=False
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    message = models.CharField(_("keterangan"), max_length=250, blank=True)
    mentee_count = models.PositiveIntegerField(default=0)
    mentor_count = models.PositiveIntegerField(default=0)
    candidate_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("putaran pencocokan")
        verbose_name_plural = _("putaran pencocokan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="matchinground_weights",
                condition=Q(
                    w_coverage__lte=MAX_WEIGHT,
                    w_field__lte=MAX_WEIGHT,
                    w_seniority__lte=MAX_WEIGHT,
                    w_unit__lte=MAX_WEIGHT,
                    w_load__lte=MAX_WEIGHT,
                ),
            ),
            models.CheckConstraint(
                name="matchinground_rank_gap_range",
                condition=Q(min_rank_gap__lte=F("max_rank_gap")),
            ),
            models.CheckConstraint(
                name="matchinground_progress_range", condition=Q(progress__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def weights(self) -> dict[str, int]:
        return {
            "coverage": self.w_coverage,
            "field": self.w_field,
            "seniority": self.w_seniority,
            "unit": self.w_unit,
            "load": self.w_load,
        }


class PairRule(models.Model):
    """HR pins a pair into a round's result, or forbids it."""

    class Kind(models.TextChoices):
        PIN = "pin", _("Kunci pasangan")
        FORBID = "forbid", _("Larang pasangan")

    round = models.ForeignKey(
        MatchingRound, on_delete=models.CASCADE, related_name="rules"
    )
    request = models.ForeignKey(
        MenteeRequest, on_delete=models.CASCADE, related_name="+"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=6, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "request", "mentor"], name="pairrule_unique"
            ),
            models.UniqueConstraint(
                fields=["round", "request"],
                condition=Q(kind="pin"),
                name="pairrule_one_pin_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.request_id}-{self.mentor_id}"


class ProposedPair(models.Model):
    """One pair of a round's optimum, with the fit score broken down."""

    round = models.ForeignKey(
        MatchingRound, on_delete=models.CASCADE, related_name="pairs"
    )
    request = models.ForeignKey(
        MenteeRequest, on_delete=models.CASCADE, related_name="proposals"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.CASCADE, related_name="proposals"
    )
    score = models.FloatField(_("skor kecocokan"))
    breakdown = models.JSONField(_("rincian skor"), default=dict)
    pinned = models.BooleanField(_("dikunci"), default=False)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "request"], name="proposedpair_one_per_request"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}-{self.mentor_id} ({self.score:.1f})"


class Relationship(models.Model):
    """A mentoring pair (from a round) or a supervisor coaching a team member."""

    class Kind(models.TextChoices):
        MENTORING = "mentoring", _("Mentoring")
        COACHING = "coaching", _("Coaching")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Menunggu persetujuan")
        ACTIVE = "active", _("Aktif")
        DECLINED = "declined", _("Ditolak")
        CLOSED = "closed", _("Selesai")

    class Rhythm(models.TextChoices):
        WEEKLY = "weekly", _("Mingguan")
        BIWEEKLY = "biweekly", _("Dua mingguan")
        MONTHLY = "monthly", _("Bulanan")

    LIVE_STATUSES = (Status.PROPOSED, Status.ACTIVE)

    kind = models.CharField(
        _("jenis"), max_length=10, choices=Kind.choices, default=Kind.MENTORING
    )
    mentor = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="mentoring_as_mentor",
        verbose_name=_("mentor/coach"),
    )
    mentee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="mentoring_as_mentee",
        verbose_name=_("mentee"),
    )
    mentor_profile = models.ForeignKey(
        MentorProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relationships",
    )
    request = models.ForeignKey(
        MenteeRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relationships",
    )
    round = models.ForeignKey(
        MatchingRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relationships",
    )
    proposal = models.OneToOneField(
        ProposedPair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relationship",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(_("ditolak oleh"), max_length=10, blank=True)
    rhythm = models.CharField(
        _("ritme pertemuan"),
        max_length=10,
        choices=Rhythm.choices,
        default=Rhythm.BIWEEKLY,
    )
    started_on = models.DateField(_("mulai"), null=True, blank=True)
    closed_on = models.DateField(_("selesai"), null=True, blank=True)
    outcome = models.TextField(_("hasil akhir"), max_length=4000, blank=True)
    last_session_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("pasangan mentoring/coaching")
        verbose_name_plural = _("pasangan mentoring/coaching")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="relationship_not_self", condition=~Q(mentor=F("mentee"))
            ),
            models.UniqueConstraint(
                fields=["kind", "mentor", "mentee"],
                condition=Q(status__in=["proposed", "active"]),
                name="relationship_one_live_pair",
            ),
            models.CheckConstraint(
                name="relationship_mentoring_has_profile",
                condition=Q(kind="coaching") | Q(mentor_profile__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "last_session_on"], name="rel_quiet"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"

    @property
    def form_code(self) -> int:
        """SIASN jenis diklat: 14 Coaching, 15 Mentoring (domain file §4.1)."""
        return 14 if self.kind == self.Kind.COACHING else 15


class Goal(models.Model):
    """A specific, measurable goal of the pair with a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")
        ACHIEVED = "achieved", _("Tercapai")
        PARTLY = "partly", _("Tercapai sebagian")
        MISSED = "missed", _("Tidak tercapai")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("tujuan"), max_length=200)
    measure = models.CharField(_("ukuran keberhasilan"), max_length=300)
    due_on = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(_("catatan hasil"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tujuan")
        verbose_name_plural = _("tujuan")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One meeting of the pair; notes are private to the pair."""

    class Status(models.TextChoices):
        HELD = "held", _("Terlaksana")
        CANCELLED = "cancelled", _("Dibatalkan")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("tanggal"))
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))
    topics = models.CharField(_("topik"), max_length=300)
    notes = models.TextField(_("catatan (hanya untuk pasangan)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    cancel_reason = models.CharField(_("alasan pembatalan"), max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="session_duration_range",
                condition=Q(
                    duration_minutes__gte=1, duration_minutes__lte=MAX_SESSION_MINUTES
                ),
            ),
        ]
        indexes = [models.Index(fields=["relationship", "held_on"], name="sess_rel")]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.topics}"


class ActionItem(models.Model):
    """A follow-up agreed in a session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.CharField(_("tindak lanjut"), max_length=300)
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class Feedback(models.Model):
    """Each side's rating of the relationship (1–5) and a comment."""

    class Side(models.TextChoices):
        MENTOR = "mentor", _("Mentor/coach")
        MENTEE = "mentee", _("Mentee")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="feedback"
    )
    side = models.CharField(_("dari"), max_length=6, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(_("kepuasan (1–5)"))
    comment = models.TextField(_("komentar"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "side"], name="feedback_one_per_side"
            ),
            models.CheckConstraint(
                name="feedback_rating_range", condition=Q(rating__gte=1, rating__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side}: {self.rating}"


class QuietReminder(models.Model):
    """A reminder sent to a pair with no session lately; one per pair per period."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="reminders"
    )
    period = models.CharField(max_length=7)  # "YYYY-MM"
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "period"], name="quietreminder_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} {self.period}"
