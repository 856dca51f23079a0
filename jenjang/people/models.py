import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Agency(TimestampedModel):
    """Instansi: a ministry or agency (pusat) or a regional government (daerah)."""

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Instansi pusat")
        REGIONAL = "regional", _("Instansi daerah")

    code = models.CharField(_("kode instansi"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(MP_Node):
    """Unit kerja, a tree of any depth. `path` gives subtree queries by prefix."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("instansi"),
    )
    code = models.CharField(_("kode unit"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    is_active = models.BooleanField(_("aktif"), default=True)

    steplen = 5

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        indexes = [models.Index(fields=["agency", "path"])]

    def __str__(self) -> str:
        return self.name


class JobField(models.Model):
    """Rumpun jabatan: the field a position works in (kesehatan, keuangan, …)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=120)

    class Meta:
        verbose_name = _("rumpun jabatan")
        verbose_name_plural = _("rumpun jabatan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rank(models.Model):
    """Golongan ruang and pangkat of PNS (I/a–IV/e), or a PPPK golongan (I–XVII)."""

    class Kind(models.TextChoices):
        PNS = "PNS", "PNS"
        PPPK = "PPPK", "PPPK"

    code = models.CharField(_("golongan"), max_length=8, unique=True)
    name = models.CharField(_("pangkat"), max_length=60, blank=True)
    kind = models.CharField(_("jenis"), max_length=4, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("pangkat/golongan")
        verbose_name_plural = _("pangkat/golongan")
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "order"], name="rank_kind_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


class Position(TimestampedModel):
    """Jabatan. `reports_to` is the reporting line that gives each holder a supervisor."""

    class Kind(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL = "fungsional", _("Fungsional")

    class FunctionalLevel(models.TextChoices):
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        PEMULA = "pemula", _("Pemula")
        TERAMPIL = "terampil", _("Terampil")
        MAHIR = "mahir", _("Mahir")
        PENYELIA = "penyelia", _("Penyelia")

    MANAGERIAL = (
        Kind.JPT_UTAMA,
        Kind.JPT_MADYA,
        Kind.JPT_PRATAMA,
        Kind.ADMINISTRATOR,
        Kind.PENGAWAS,
    )

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("instansi"),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("unit kerja"),
    )
    code = models.CharField(_("kode jabatan"), max_length=40)
    title = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=Kind.choices)
    functional_level = models.CharField(
        _("jenjang fungsional"),
        max_length=20,
        choices=FunctionalLevel.choices,
        blank=True,
    )
    job_field = models.ForeignKey(
        JobField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("rumpun jabatan"),
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("melapor kepada"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="position_agency_code"
            ),
            models.CheckConstraint(
                name="position_level_only_for_functional",
                condition=Q(kind="fungsional", functional_level__gt="")
                | (~Q(kind="fungsional") & Q(functional_level="")),
            ),
            models.CheckConstraint(
                name="position_not_own_superior",
                condition=~Q(reports_to=models.F("id")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_managerial(self) -> bool:
        return self.kind in self.MANAGERIAL


nip_validator = RegexValidator(r"^\d{18}$", _("NIP harus 18 digit angka."))
nik_validator = RegexValidator(r"^\d{16}$", _("NIK harus 16 digit angka."))


class Employee(TimestampedModel):
    """Pegawai ASN, PNS or PPPK. `org_unit` always equals the position's unit."""

    class Kind(models.TextChoices):
        PNS = "PNS", "PNS"
        PPPK = "PPPK", "PPPK"

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Education(models.TextChoices):
        SD = "SD", "SD"
        SMP = "SMP", "SMP"
        SMA = "SMA", "SMA/SMK"
        D1 = "D1", "D-I"
        D2 = "D2", "D-II"
        D3 = "D3", "D-III"
        D4 = "D4", "D-IV"
        S1 = "S1", "S-1"
        S2 = "S2", "S-2"
        S3 = "S3", "S-3"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("akun"),
    )
    nip = models.CharField(
        _("NIP"), max_length=18, unique=True, validators=[nip_validator]
    )
    nik = models.CharField(
        _("NIK"), max_length=16, blank=True, validators=[nik_validator]
    )
    name = models.CharField(_("nama"), max_length=150)
    front_title = models.CharField(_("gelar depan"), max_length=40, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    kind = models.CharField(_("jenis pegawai"), max_length=4, choices=Kind.choices)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    tmt_cpns = models.DateField(_("TMT CPNS/PPPK"))
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("instansi"),
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="employees",
        verbose_name=_("unit kerja"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        related_name="holders",
        verbose_name=_("jabatan"),
    )
    position_tmt = models.DateField(_("TMT jabatan"))
    rank = models.ForeignKey(
        Rank, on_delete=models.PROTECT, related_name="+", verbose_name=_("golongan")
    )
    rank_tmt = models.DateField(_("TMT golongan"))
    education_level = models.CharField(
        _("pendidikan terakhir"), max_length=3, choices=Education.choices
    )
    education_major = models.CharField(_("jurusan"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"], name="employee_name_id"),
            models.Index(fields=["org_unit", "name", "id"], name="employee_unit_name"),
            models.Index(fields=["agency", "name", "id"], name="employee_agency_name"),
        ]
        constraints = [
            models.CheckConstraint(
                name="employee_cpns_after_birth",
                condition=Q(tmt_cpns__gt=models.F("birth_date")),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name


class PositionHistory(models.Model):
    """Riwayat jabatan: one row per position held, closed when the next begins."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="position_history"
    )
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("TMT"))
    end = models.DateField(_("sampai"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["employee", "-start"]
        constraints = [
            models.CheckConstraint(
                name="poshist_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} ({self.start})"


class RankHistory(models.Model):
    """Riwayat pangkat/golongan."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="rank_history"
    )
    rank = models.ForeignKey(Rank, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("TMT"))
    end = models.DateField(_("sampai"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("riwayat pangkat")
        verbose_name_plural = _("riwayat pangkat")
        ordering = ["employee", "-start"]
        constraints = [
            models.CheckConstraint(
                name="rankhist_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank} ({self.start})"


class ImportJob(models.Model):
    """One uploaded employee file: validated first, written only when confirmed.

    Rows are numbered as the spreadsheet shows them (the header is row 1).
    `errors` keeps the first IMPORT_ERROR_CAP problems; `error_count` counts all.
    """

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Sedang diperiksa")
        INVALID = "invalid", _("Ada kesalahan")
        VALID = "valid", _("Siap diimpor")
        IMPORTING = "importing", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    class Mode(models.TextChoices):
        ALL = "all", _("Semua baris")
        VALID_ONLY = "valid_only", _("Hanya baris yang valid")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("instansi"),
    )
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.VALIDATING,
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, blank=True)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diproses"), default=0)
    invalid_rows = models.PositiveIntegerField(_("baris bermasalah"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    created_count = models.PositiveIntegerField(_("ditambahkan"), default=0)
    updated_count = models.PositiveIntegerField(_("diperbarui"), default=0)
    unchanged_count = models.PositiveIntegerField(_("tidak berubah"), default=0)
    skipped_count = models.PositiveIntegerField(_("dilewati"), default=0)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="importjob_user"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.VALIDATING, self.Status.IMPORTING)

    @property
    def valid_rows(self) -> int:
        return max(self.total_rows - self.invalid_rows, 0)


class PersonalDataAccess(models.Model):
    """Who saw whose personal data (NIK, birth date, contact), when and how.

    UU 27/2022 (PDP): the controller must be able to show who processed a
    person's data. One row per viewer, person and channel per window (see
    services.personal_data_access_record); views of one's own record are not
    logged.
    """

    class Channel(models.TextChoices):
        PAGE = "page", _("Halaman profil")
        API = "api", _("API")
        EXPORT = "export", _("Ekspor")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dilihat oleh"),
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
        verbose_name=_("pegawai"),
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    accessed_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["employee", "-accessed_at"])]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.employee_id} ({self.channel})"
