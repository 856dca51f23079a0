"""Seminars, workshops and conferences: agenda, speakers, registration, Q&A.

Peraturan LAN 10/2018 (domain file §4.1) lists seminar / konferensi /
sarasehan and workshop / lokakarya among the classical forms of
pengembangan kompetensi; attendance posts JP to the development ledger.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.development.models import DevelopmentForm
from jenjang.events.validators import validate_material, validate_photo
from jenjang.people.models import Agency, Employee, JobField, OrgUnit

# Crockford's base32 without I, L, O, U: easy to read aloud and to type.
TICKET_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TICKET_LENGTH = 12  # 60 random bits


def material_path(instance, filename: str) -> str:
    """Store materials under an unguessable name (they are never public media)."""
    import uuid
    from pathlib import Path

    suffix = Path(filename).suffix.lower()[:10]
    return f"events/materials/{uuid.uuid4().hex}{suffix}"


def new_ticket_code() -> str:
    """Return a fresh unguessable ticket code like 7K3M-9QXD-2B4F."""
    body = "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))
    return "-".join(body[i : i + 4] for i in range(0, TICKET_LENGTH, 4))


class EventSeries(models.Model):
    """A recurring programme, e.g. the monthly public-service workshop."""

    class Recurrence(models.TextChoices):
        MONTHLY = "monthly", _("Bulanan")
        QUARTERLY = "quarterly", _("Triwulanan")
        YEARLY = "yearly", _("Tahunan")
        IRREGULAR = "irregular", _("Tidak tetap")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    organiser_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit penyelenggara"),
    )
    name = models.CharField(_("nama seri"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    recurrence = models.CharField(
        _("pengulangan"),
        max_length=10,
        choices=Recurrence.choices,
        default=Recurrence.MONTHLY,
    )

    class Meta:
        verbose_name = _("seri kegiatan")
        verbose_name_plural = _("seri kegiatan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="eventseries_agency_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """One seminar, workshop, conference, sarasehan or webinar."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Lokakarya / workshop")
        CONFERENCE = "conference", _("Konferensi")
        SARASEHAN = "sarasehan", _("Sarasehan")
        WEBINAR = "webinar", _("Webinar")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Semua pegawai")
        AGENCY = "agency", _("Pegawai instansi penyelenggara")
        UNITS = "units", _("Unit kerja tertentu")
        JOB_FIELDS = "job_fields", _("Rumpun jabatan tertentu")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Dibuka")
        CANCELLED = "cancelled", _("Dibatalkan")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    organiser_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit penyelenggara"),
    )
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("seri"),
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    capacity = models.PositiveIntegerField(
        _("kapasitas"), null=True, blank=True, help_text=_("Kosong: tanpa batas.")
    )
    audience = models.CharField(
        _("peserta sasaran"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.AGENCY,
    )
    audience_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("unit sasaran")
    )
    audience_job_fields = models.ManyToManyField(
        JobField, blank=True, related_name="+", verbose_name=_("rumpun sasaran")
    )
    job_fields = models.ManyToManyField(
        JobField,
        blank=True,
        related_name="events",
        verbose_name=_("bidang"),
        help_text=_("Bidang yang dibahas, untuk penyaring kalender."),
    )
    development_form = models.ForeignKey(
        DevelopmentForm,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bentuk pengembangan"),
    )
    jp = models.DecimalField(
        _("JP kehadiran"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Kosong: dihitung dari aturan konversi JP instansi per hari."),
    )
    requires_approval = models.BooleanField(
        _("perlu persetujuan atasan"), default=False
    )
    is_public = models.BooleanField(_("tampil untuk publik"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["agency", "starts_at"], name="event_agency_start"),
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
        ]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.CheckConstraint(
                name="event_capacity_positive",
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
            ),
            models.CheckConstraint(
                name="event_jp_not_negative",
                condition=Q(jp__isnull=True) | Q(jp__gte=0),
            ),
            models.CheckConstraint(
                name="event_venue_or_link",
                condition=~Q(venue="") | ~Q(online_url=""),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue


class EventSession(models.Model):
    """One item of the agenda: a talk, a panel, a workshop block."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("judul sesi"), max_length=200)
    track = models.CharField(_("jalur"), max_length=80, blank=True)
    room = models.CharField(_("ruang"), max_length=80, blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    description = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["starts_at", "track", "id"]
        constraints = [
            models.CheckConstraint(
                name="session_ends_after_start",
                condition=Q(ends_at__gt=F("starts_at")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    """Narasumber: an employee of ours or an outside expert."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pegawai (narasumber internal)"),
    )
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(_("institusi"), max_length=200, blank=True)
    expertise = models.CharField(_("keahlian"), max_length=200, blank=True)
    bio = models.TextField(_("biografi singkat"), max_length=2000, blank=True)
    photo = models.ImageField(
        _("foto"),
        upload_to="events/speakers/",
        blank=True,
        validators=[validate_photo],
    )
    is_public = models.BooleanField(_("halaman publik"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "employee"],
                condition=Q(employee__isnull=False),
                name="speaker_employee_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_internal(self) -> bool:
        return self.employee_id is not None


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Narasumber")
        MODERATOR = "moderator", _("Moderator")
        PANELIST = "panelist", _("Panelis")

    session = models.ForeignKey(
        EventSession, on_delete=models.CASCADE, related_name="speaker_links"
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="session_links"
    )
    role = models.CharField(
        _("peran"), max_length=10, choices=Role.choices, default=Role.SPEAKER
    )

    class Meta:
        verbose_name = _("narasumber sesi")
        verbose_name_plural = _("narasumber sesi")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"], name="sessionspeaker_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} · {self.session}"


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Terdaftar")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        PENDING_APPROVAL = "pending", _("Menunggu persetujuan atasan")
        REJECTED = "rejected", _("Ditolak atasan")
        CANCELLED = "cancelled", _("Dibatalkan")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    ticket_code = models.CharField(
        _("kode tiket"), max_length=20, unique=True, default=new_ticket_code
    )
    queued_at = models.DateTimeField(_("urutan antre"), default=timezone.now)
    approver = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atasan penyetuju"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("catatan atasan"), max_length=250, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(_("hadir pertama"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["queued_at", "id"]
        indexes = [
            models.Index(
                fields=["event", "status", "queued_at"], name="registration_queue"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "employee"], name="registration_once"
            ),
            models.CheckConstraint(
                name="registration_attended_only_registered",
                condition=Q(attended_at__isnull=True) | Q(status="registered"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.event}"


class CheckIn(models.Model):
    class Method(models.TextChoices):
        SCAN = "scan", _("Pindai QR")
        TYPED = "typed", _("Ketik kode")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="checkins"
    )
    session = models.ForeignKey(
        EventSession, on_delete=models.CASCADE, related_name="checkins"
    )
    method = models.CharField(
        _("cara"), max_length=5, choices=Method.choices, default=Method.TYPED
    )
    checked_in_at = models.DateTimeField(default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")
        ordering = ["-checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="checkin_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.session}"


class Question(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Terbuka")
        ANSWERED = "answered", _("Sudah dijawab")
        HIDDEN = "hidden", _("Disembunyikan")

    session = models.ForeignKey(
        EventSession, on_delete=models.CASCADE, related_name="questions"
    )
    author = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("pertanyaan"), max_length=500)
    is_anonymous = models.BooleanField(_("tanpa nama"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # Kept by the vote service (F() updates) so the live room sorts on a column.
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")
        ordering = ["-vote_count", "created_at", "id"]
        indexes = [
            models.Index(
                fields=["session", "status", "-vote_count", "created_at"],
                name="question_room",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dukungan pertanyaan")
        verbose_name_plural = _("dukungan pertanyaan")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "voter"], name="questionvote_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} → {self.question_id}"


class DiscussionPost(models.Model):
    """A message in a session's discussion thread, open after the session."""

    session = models.ForeignKey(
        EventSession, on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    author_label = models.CharField(max_length=200)
    is_speaker = models.BooleanField(default=False)
    body = models.TextField(_("tulisan"), max_length=4000)
    is_hidden = models.BooleanField(_("disembunyikan"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("diskusi")
        verbose_name_plural = _("diskusi")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Material(models.Model):
    """Slides and handouts; streamed to attendees only, never a public URL."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(
        EventSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
    )
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(
        _("berkas"), upload_to=material_path, validators=[validate_material]
    )
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class EventFeedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("kepuasan (1–5)"), validators=RATING_VALIDATORS
    )
    usefulness = models.PositiveSmallIntegerField(
        _("manfaat untuk pekerjaan (1–5)"), validators=RATING_VALIDATORS
    )
    comment = models.TextField(_("saran"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("umpan balik kegiatan")
        verbose_name_plural = _("umpan balik kegiatan")
        constraints = [
            models.CheckConstraint(
                name="eventfeedback_rating_range",
                condition=Q(rating__gte=1, rating__lte=5)
                & Q(usefulness__gte=1, usefulness__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.rating}"


class SpeakerFeedback(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="speaker_feedback"
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("penilaian narasumber (1–5)"), validators=RATING_VALIDATORS
    )
    comment = models.CharField(_("komentar"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("umpan balik narasumber")
        verbose_name_plural = _("umpan balik narasumber")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "speaker"], name="speakerfeedback_once"
            ),
            models.CheckConstraint(
                name="speakerfeedback_rating_range",
                condition=Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} · {self.rating}"


class ReminderSent(models.Model):
    """A reminder already sent for one registration: the job sends each once."""

    class Kind(models.TextChoices):
        DAY_BEFORE = "day_before", _("H-1")
        HOUR_BEFORE = "hour_before", _("1 jam sebelum")

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    emailed = models.BooleanField(default=False)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="event_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.kind}"
