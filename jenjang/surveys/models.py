"""Service units, the public satisfaction survey (SKM) and its IKM.

PermenPANRB 14/2017 (domain file §7): nine unsur answered on a 1–4 scale;
IKM is the weighted mean of the per-unsur NRR, ×25, classified into mutu
pelayanan A–D and a kinerja label by configured intervals.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jenjang.people.models import OrgUnit

# The regulation fixes nine unsur; a response keeps one column per unsur so
# that every IKM figure is one aggregate query (no child rows to join).
UNSUR_COUNT = 9
ANSWER_FIELDS = tuple(f"u{i}" for i in range(1, UNSUR_COUNT + 1))
ANSWER_MIN, ANSWER_MAX = 1, 4


class ServiceUnit(models.Model):
    """Unit pelayanan publik: a puskesmas, the Disdukcapil counter, DPMPTSP…"""

    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="service_units",
        verbose_name=_("unit kerja"),
    )
    code = models.SlugField(
        _("kode"),
        max_length=40,
        unique=True,
        help_text=_("Dipakai di alamat survei publik, misalnya pkm-sukamaju."),
    )
    name = models.CharField(_("nama"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit pelayanan")
        verbose_name_plural = _("unit pelayanan")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """Jenis layanan a service unit offers (KTP-el, rawat jalan, izin usaha…)."""

    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("unit pelayanan"),
    )
    name = models.CharField(_("nama layanan"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_unit", "name"], name="surveys_service_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Unsur(models.Model):
    """One of the nine survey elements (PermenPANRB 14/2017; domain file §7.1)."""

    number = models.PositiveSmallIntegerField(_("nomor"), unique=True)
    code = models.CharField(_("kode"), max_length=4, unique=True)
    name = models.CharField(_("nama unsur"), max_length=120)
    question = models.CharField(_("pertanyaan"), max_length=300)

    class Meta:
        verbose_name = _("unsur SKM")
        verbose_name_plural = _("unsur SKM")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=UNSUR_COUNT),
                name="surveys_unsur_number_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def field(self) -> str:
        return f"u{self.number}"


class QualityInterval(models.Model):
    """Mutu pelayanan and kinerja unit for an IKM range (domain file §7.3).

    Bounds are on the converted scale (25–100) and inclusive; the IKM is
    rounded to two decimals before it is classified, so the seeded table
    (64.99 | 65.00, 76.60 | 76.61, 88.30 | 88.31) leaves no gap.
    """

    letter = models.CharField(_("mutu pelayanan"), max_length=1, unique=True)
    label = models.CharField(_("kinerja unit pelayanan"), max_length=60)
    min_value = models.DecimalField(_("batas bawah"), max_digits=5, decimal_places=2)
    max_value = models.DecimalField(_("batas atas"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("interval mutu pelayanan")
        verbose_name_plural = _("interval mutu pelayanan")
        ordering = ["-min_value"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__lte=models.F("max_value"))
                & Q(min_value__gte=Decimal("25"))
                & Q(max_value__lte=Decimal("100")),
                name="surveys_interval_bounds",
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} ({self.min_value}–{self.max_value}) {self.label}"


class ImportJob(models.Model):
    """One XLSX file of paper responses: every row checked, written all or none."""

    class Status(models.TextChoices):
        INVALID = "invalid", _("Ada kesalahan")
        DONE = "done", _("Selesai")

    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("unit pelayanan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    original_name = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("impor tanggapan")
        verbose_name_plural = _("impor tanggapan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


def _answer_field(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"U{number}")


class Response(models.Model):
    """One respondent's answers to the nine unsur for one service unit."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Daring")
        PAPER = "paper", _("Formulir kertas")
        IMPORT = "import", _("Impor XLSX")

    class AgeBand(models.TextChoices):
        UNDER_20 = "lt20", _("< 20 tahun")
        FROM_20 = "20-29", _("20–29 tahun")
        FROM_30 = "30-39", _("30–39 tahun")
        FROM_40 = "40-49", _("40–49 tahun")
        FROM_50 = "50-59", _("50–59 tahun")
        FROM_60 = "60+", _("60 tahun ke atas")

    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        SD = "sd", _("SD atau di bawahnya")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA/SMK")
        DIPLOMA = "diploma", _("D1–D3")
        S1 = "s1", _("D4/S1")
        S2 = "s2", _("S2")
        S3 = "s3", _("S3")

    class Occupation(models.TextChoices):
        ASN = "asn", _("PNS/PPPK")
        TNI_POLRI = "tni_polri", _("TNI/Polri")
        PRIVATE = "private", _("Pegawai swasta")
        SELF = "self", _("Wirausaha")
        STUDENT = "student", _("Pelajar/mahasiswa")
        OTHER = "other", _("Lainnya")

    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("unit pelayanan"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="responses",
        null=True,
        blank=True,
        verbose_name=_("jenis layanan"),
    )
    u1 = _answer_field(1)
    u2 = _answer_field(2)
    u3 = _answer_field(3)
    u4 = _answer_field(4)
    u5 = _answer_field(5)
    u6 = _answer_field(6)
    u7 = _answer_field(7)
    u8 = _answer_field(8)
    u9 = _answer_field(9)
    age_band = models.CharField(
        _("usia"), max_length=5, choices=AgeBand.choices, blank=True
    )
    sex = models.CharField(
        _("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True
    )
    education = models.CharField(
        _("pendidikan"), max_length=8, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("pekerjaan"), max_length=10, choices=Occupation.choices, blank=True
    )
    suggestion = models.TextField(_("saran"), max_length=1000, blank=True)
    channel = models.CharField(_("kanal"), max_length=6, choices=Channel.choices)
    client_uuid = models.UUIDField(
        _("kode kiriman"),
        default=uuid.uuid4,
        unique=True,
        help_text=_("Dibuat di perangkat responden: kiriman ulang disimpan sekali."),
    )
    submitted_at = models.DateTimeField(_("waktu pengisian"), db_index=True)
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True)
    # A keyed hash of the sender (IP and browser), never the address itself:
    # enough to spot a repeated submission, not to identify a person.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimasukkan oleh"),
    )
    import_job = models.ForeignKey(
        ImportJob,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
    )

    class Meta:
        verbose_name = _("tanggapan survei")
        verbose_name_plural = _("tanggapan survei")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(
                fields=["service_unit", "submitted_at"], name="surveys_resp_unit_time"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{f}__gte": ANSWER_MIN, f"{f}__lte": ANSWER_MAX}),
                name=f"surveys_response_{f}_1_4",
            )
            for f in ANSWER_FIELDS
        ]

    def __str__(self) -> str:
        return f"{self.service_unit} · {self.submitted_at:%Y-%m-%d %H:%M}"

    @property
    def answers(self) -> list[int]:
        return [getattr(self, f) for f in ANSWER_FIELDS]
