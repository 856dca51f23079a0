"""NIP (Nomor Identitas Pegawai Negeri Sipil): parse and check against the record.

Peraturan Kepala BKN Nomor 22 Tahun 2007: 18 digits — birth date YYYYMMDD,
TMT CPNS YYYYMM, gender (1 male, 2 female), sequence number of three digits.
PPPK numbers follow another, unconfirmed pattern (domain file §9), so only
their shape (18 digits) is checked.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError

NIP_LENGTH = 18


@dataclass(frozen=True)
class NipInfo:
    birth_date: dt.date
    tmt_year: int
    tmt_month: int
    gender: str  # "L" or "P", as Employee.Gender
    sequence: int


class NipError(ApplicationError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"nip_{code}", message)


def parse_nip(nip: str) -> NipInfo:
    """Return what a PNS NIP encodes, or raise NipError saying what is wrong.

    Source: Peraturan Kepala BKN 22/2007 (domain file §9): exactly 18 digits,
    a valid birth date, TMT month 01–12 and after birth, digit 15 in {1, 2}.
    """
    nip = (nip or "").strip()
    if len(nip) != NIP_LENGTH or not nip.isascii() or not nip.isdigit():
        raise NipError("format", _("NIP harus 18 digit angka."))
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError(
            "birth_date", _("Digit 1–8 NIP bukan tanggal lahir yang sah.")
        ) from None
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise NipError(
            "tmt_month", _("Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12.")
        )
    if (tmt_year, tmt_month) <= (birth.year, birth.month):
        raise NipError(
            "tmt_before_birth", _("TMT CPNS pada NIP harus setelah tanggal lahir.")
        )
    if nip[14] not in "12":
        raise NipError("gender", _("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."))
    sequence = int(nip[15:18])
    if sequence == 0:
        raise NipError("sequence", _("Nomor urut NIP (digit 16–18) tidak boleh 000."))
    return NipInfo(birth, tmt_year, tmt_month, "L" if nip[14] == "1" else "P", sequence)


def check_nip_matches_record(
    nip: str, *, birth_date: dt.date, tmt_cpns: dt.date, gender: str
) -> list[tuple[str, str]]:
    """Return (field, message) for each record field that disagrees with the NIP.

    Source: Peraturan Kepala BKN 22/2007 — the NIP encodes birth date, TMT
    CPNS (year and month) and gender, so the record must agree with it.
    Raises NipError when the NIP itself is malformed.
    """
    info = parse_nip(nip)
    problems = []
    if birth_date != info.birth_date:
        problems.append(
            (
                "birth_date",
                _("Tanggal lahir tidak sesuai dengan NIP (%(date)s).")
                % {"date": info.birth_date.isoformat()},
            )
        )
    if (tmt_cpns.year, tmt_cpns.month) != (info.tmt_year, info.tmt_month):
        problems.append(
            (
                "tmt_cpns",
                _("TMT CPNS tidak sesuai dengan NIP (%(ym)s).")
                % {"ym": f"{info.tmt_year:04d}-{info.tmt_month:02d}"},
            )
        )
    if gender != info.gender:
        problems.append(
            ("gender", _("Jenis kelamin tidak sesuai dengan digit ke-15 NIP."))
        )
    return problems


def build_nip(
    *, birth_date: dt.date, tmt_year: int, tmt_month: int, gender: str, sequence: int
) -> str:
    """Compose a NIP from its parts (demo data and tests)."""
    return (
        f"{birth_date:%Y%m%d}{tmt_year:04d}{tmt_month:02d}"
        f"{1 if gender == 'L' else 2}{sequence:03d}"
    )


def validate_pppk_number(number: str) -> None:
    """Check only the shape of an NI PPPK: 18 digits (its pattern is unconfirmed)."""
    number = (number or "").strip()
    if len(number) != NIP_LENGTH or not number.isascii() or not number.isdigit():
        raise NipError("format", _("Nomor induk PPPK harus 18 digit angka."))
