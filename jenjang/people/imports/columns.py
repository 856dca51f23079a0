"""The employee file format: one column set for the template, import and export.

docs/import-format.md documents the same columns for people; the XLSX
template carries them on its "Petunjuk" sheet. Headers are Indonesian, lower
case, and matched after trimming and lower-casing.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # Employee field the column fills
    required: bool
    kind: str  # text, date, choice, position, rank
    help: str | Promise
    example: str
    max_length: int | None = None
    personal: bool = False  # exported only to users who may see personal data


COLUMNS: tuple[Column, ...] = (
    Column(
        "nip",
        "nip",
        True,
        "text",
        _(
            "NIP 18 digit (PNS) atau nomor induk PPPK 18 digit. Ketik sebagai teks agar "
            "angka tidak berubah. Kunci pembaruan: NIP yang sudah ada diperbarui."
        ),
        "198503142010011001",
        18,
    ),
    Column("nama", "name", True, "text", _("Nama tanpa gelar."), "Budi Santoso", 150),
    Column("gelar_depan", "front_title", False, "text", _("Gelar depan."), "dr.", 40),
    Column(
        "gelar_belakang",
        "back_title",
        False,
        "text",
        _("Gelar belakang."),
        "S.Kom., M.Si.",
        60,
    ),
    Column("jenis_pegawai", "kind", True, "choice", _("PNS atau PPPK."), "PNS", None),
    Column(
        "jenis_kelamin",
        "gender",
        True,
        "choice",
        _("L (laki-laki) atau P (perempuan). Untuk PNS harus sesuai digit ke-15 NIP."),
        "L",
    ),
    Column(
        "tempat_lahir", "birth_place", False, "text", _("Tempat lahir."), "Bandung", 80
    ),
    Column(
        "tanggal_lahir",
        "birth_date",
        True,
        "date",
        _("Tanggal lahir. Untuk PNS harus sesuai digit 1–8 NIP."),
        "1985-03-14",
        personal=True,
    ),
    Column(
        "tmt_cpns",
        "tmt_cpns",
        True,
        "date",
        _("TMT CPNS/PPPK. Untuk PNS tahun dan bulannya harus sesuai digit 9–14 NIP."),
        "2010-01-01",
    ),
    Column(
        "kode_jabatan",
        "position",
        True,
        "position",
        _(
            "Kode jabatan di instansi yang mengimpor. Unit kerja pegawai mengikuti "
            "unit jabatan ini."
        ),
        "DK-02",
        40,
    ),
    Column(
        "tmt_jabatan", "position_tmt", True, "date", _("TMT jabatan."), "2020-01-01"
    ),
    Column(
        "golongan",
        "rank",
        True,
        "rank",
        _(
            "Golongan ruang PNS (I/a–IV/e) atau golongan PPPK (I–XVII, boleh ditulis "
            "'PPPK IX')."
        ),
        "III/a",
        12,
    ),
    Column("tmt_golongan", "rank_tmt", True, "date", _("TMT golongan."), "2018-04-01"),
    Column(
        "pendidikan",
        "education_level",
        True,
        "choice",
        _("Pendidikan terakhir: SD, SMP, SMA, D1, D2, D3, D4, S1, S2 atau S3."),
        "S1",
    ),
    Column(
        "jurusan",
        "education_major",
        False,
        "text",
        _("Jurusan."),
        "Kesehatan Masyarakat",
        120,
    ),
    Column(
        "email",
        "email",
        False,
        "email",
        _("Alamat e-mail."),
        "budi@contoh.go.id",
        254,
        personal=True,
    ),
    Column(
        "telepon",
        "phone",
        False,
        "text",
        _("Nomor telepon; ketik sebagai teks agar angka 0 di depan tidak hilang."),
        "081234567890",
        20,
        personal=True,
    ),
    Column(
        "nik",
        "nik",
        False,
        "nik",
        _("NIK 16 digit; ketik sebagai teks."),
        "3273011403850001",
        16,
        personal=True,
    ),
)

COLUMN_BY_HEADER = {c.header: c for c in COLUMNS}
HEADERS = tuple(c.header for c in COLUMNS)
REQUIRED_HEADERS = tuple(c.header for c in COLUMNS if c.required)
DATE_FORMATS_HELP = _(
    "Tanggal: YYYY-MM-DD (juga DD-MM-YYYY, DD/MM/YYYY, atau sel tanggal Excel)."
)


def export_columns(*, personal: bool) -> tuple[Column, ...]:
    """Return the columns to export: all, or without the personal ones."""
    return tuple(c for c in COLUMNS if personal or not c.personal)
