"""Turn one row of cells into Employee values, or say what is wrong with it.

Every message here is what the import report shows in its "reason" column.
Record rules (NIP agreement, rank kind, TMT order) come from
`jenjang.people.services.employee_record_errors`, so the report says exactly
what the employee form says.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.people.imports.columns import (
    COLUMN_BY_HEADER,
    COLUMNS,
    REQUIRED_HEADERS,
    Column,
)
from jenjang.people.models import Employee, Rank
from jenjang.people.services import employee_record_errors

_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_COLUMN_ORDER = {c.header: i for i, c in enumerate(COLUMNS)}
# employee_record_errors speaks in model fields; the report in column headers.
_FIELD_TO_HEADER = {c.field: c.header for c in COLUMNS}
_EDUCATION = {
    **{e.value: e.value for e in Employee.Education},
    "SMK": "SMA",
    "SLTA": "SMA",
    "SMU": "SMA",
    "SLTP": "SMP",
    "MTS": "SMP",
    "MA": "SMA",
    "DI": "D1",
    "DII": "D2",
    "DIII": "D3",
    "DIV": "D4",
    "SMASMK": "SMA",
}
_GENDER = {"L": "L", "P": "P", "LAKILAKI": "L", "PEREMPUAN": "P"}
_KIND = {"PNS": "PNS", "PPPK": "PPPK"}
_DIGIT_FIELDS = ("nip", "nik", "phone")


class CellError(Exception):
    """One cell cannot be used; `message` is the reason for the report."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def sort_key(self) -> tuple[int, int]:
        return self.row, _COLUMN_ORDER.get(self.column, -1)

    def as_list(self) -> list:
        return [self.row, self.column, self.message]


class Messages:
    """The reasons the report gives, as functions so they translate when called."""

    @staticmethod
    def required() -> str:
        return _("Wajib diisi.")

    @staticmethod
    def missing_header() -> str:
        return _("Kolom wajib tidak ada di baris judul.")

    @staticmethod
    def unknown_header() -> str:
        return _("Kolom tidak dikenal.")

    @staticmethod
    def duplicate_header() -> str:
        return _("Kolom ganda di baris judul.")

    @staticmethod
    def no_rows() -> str:
        return _("Berkas tidak berisi baris data.")

    @staticmethod
    def bad_date() -> str:
        return _("Tanggal tidak sah; gunakan YYYY-MM-DD atau DD-MM-YYYY.")

    @staticmethod
    def bad_kind() -> str:
        return _("Isi dengan PNS atau PPPK.")

    @staticmethod
    def bad_gender() -> str:
        return _("Isi dengan L atau P.")

    @staticmethod
    def bad_education() -> str:
        return _("Pendidikan tidak dikenal; gunakan SD, SMP, SMA, D1–D4 atau S1–S3.")

    @staticmethod
    def unknown_position() -> str:
        return _("Kode jabatan tidak dikenal di instansi ini.")

    @staticmethod
    def inactive_position() -> str:
        return _("Jabatan sudah tidak aktif.")

    @staticmethod
    def position_out_of_scope() -> str:
        return _("Jabatan berada di unit di luar cakupan Anda.")

    @staticmethod
    def unknown_rank() -> str:
        return _("Golongan tidak dikenal.")

    @staticmethod
    def duplicate_nip() -> str:
        return _("NIP ganda dalam berkas.")

    @staticmethod
    def nip_out_of_scope() -> str:
        return _("NIP milik pegawai di luar cakupan Anda")

    @staticmethod
    def too_long(limit: int) -> str:
        return _("Terlalu panjang (paling banyak %(n)s karakter).") % {"n": limit}

    @staticmethod
    def bad_email() -> str:
        return _("Alamat e-mail tidak sah.")

    @staticmethod
    def bad_nik() -> str:
        return _("NIK harus 16 digit angka.")

    @staticmethod
    def number_cell() -> str:
        return _("Sel berisi angka sehingga digitnya terpotong; ketik sebagai teks.")


def header_errors(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    """Return {header: cell index} and the problems of the header row (row 1)."""
    index: dict[str, int] = {}
    errors: list[RowError] = []
    for i, name in enumerate(header):
        if not name:
            continue  # an unnamed column (formatting left in Excel) is ignored
        if name not in COLUMN_BY_HEADER:
            errors.append(RowError(1, name, Messages.unknown_header()))
        elif name in index:
            errors.append(RowError(1, name, Messages.duplicate_header()))
        else:
            index[name] = i
    errors += [
        RowError(1, name, Messages.missing_header())
        for name in REQUIRED_HEADERS
        if name not in index
    ]
    return index, errors


def parse_date(raw: Any) -> dt.date:
    """Return a date from an Excel date cell, YYYY-MM-DD or DD-MM-YYYY; or raise."""
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) >= 10 and text[4] == "-" and text[10:] in ("", " 00:00:00"):
            value = dt.date.fromisoformat(text[:10])
        elif match := _DMY.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            value = dt.date(year, month, day)
        else:
            raise ValueError(text)
    elif isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        # An Excel serial date in a cell not formatted as a date.
        if not 1 <= raw < 2958466:
            raise ValueError(raw)
        value = dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))
    else:
        raise ValueError(raw)
    if not 1900 <= value.year <= 2100:
        raise ValueError(value)
    return value


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date):
        return raw.isoformat()[:10]
    return str(raw).strip()


def rank_key(code: str) -> str:
    """Normalise a golongan as people type it: "iii/A", "PPPK IX", "Gol. IX"."""
    key = code.upper().replace(" ", "").replace(".", "")
    for prefix in ("PPPK", "GOL"):
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
    return key


Convert = Callable[[Any, dict[str, Any]], None]


class RowParser:
    """Parse rows for one agency against compact lookups (codes to ids).

    Each column gets its own converter once, so a row costs a few dict
    lookups per cell: a million-row file goes through this twice.
    """

    def __init__(
        self,
        *,
        index: dict[str, int],
        agency_id: int,
        positions: dict[str, tuple[int, int, bool]],
        positions_in_scope: set[int],
        ranks: dict[str, Rank],
    ) -> None:
        self.agency_id = agency_id
        self.positions = positions
        self.positions_upper = {k.upper(): v for k, v in positions.items()}
        self.positions_in_scope = positions_in_scope
        self.ranks = ranks
        self.today = timezone.localdate()
        self.steps: list[tuple[int, Column, Convert]] = [
            (i, COLUMN_BY_HEADER[h], self._converter(COLUMN_BY_HEADER[h]))
            for h, i in index.items()
        ]

    def parse(self, number: int, cells: tuple) -> tuple[dict[str, Any], list[RowError]]:
        """Return the row's Employee values and its errors (values are partial then)."""
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        width = len(cells)
        for i, column, convert in self.steps:
            raw = cells[i] if i < width else None
            if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
                if column.required:
                    errors.append(RowError(number, column.header, Messages.required()))
                elif column.kind != "date":
                    values[column.field] = ""
                continue
            try:
                convert(raw, values)
            except CellError as exc:
                errors.append(RowError(number, column.header, exc.message))
        if "nip" in values and "kind" in values:
            failed = {e.column for e in errors}
            for problem in employee_record_errors(values, today=self.today):
                header = _FIELD_TO_HEADER.get(problem.field, problem.field)
                if header not in failed:
                    errors.append(RowError(number, header, problem.message))
        rank = values.pop("rank", None)
        if rank is not None:
            values["rank_id"] = rank.pk
        return values, errors

    def _converter(self, column: Column) -> Convert:
        field, limit, kind = column.field, column.max_length, column.kind
        digits = field in _DIGIT_FIELDS

        def text_of(raw: Any) -> str:
            if raw.__class__ is str:
                text = raw.strip()
            else:
                # Excel keeps 15 significant digits: a long number typed as a
                # number (NIP, NIK) has already lost its last digits.
                if (
                    digits
                    and isinstance(raw, float)
                    and (not raw.is_integer() or abs(raw) >= 1e15)
                ):
                    raise CellError(Messages.number_cell())
                text = _text(raw)
            if limit and len(text) > limit:
                raise CellError(Messages.too_long(limit))
            return text

        if kind == "date":

            def convert(raw: Any, values: dict[str, Any]) -> None:
                try:
                    values[field] = parse_date(raw)
                except (ValueError, TypeError, OverflowError):
                    raise CellError(Messages.bad_date()) from None

        elif kind == "choice":
            table, message = _CHOICES[field]

            def convert(raw: Any, values: dict[str, Any]) -> None:
                key = text_of(raw).upper()
                for char in "-. /":
                    key = key.replace(char, "")
                if key not in table:
                    raise CellError(message())
                values[field] = table[key]

        elif kind == "position":

            def convert(raw: Any, values: dict[str, Any]) -> None:
                self._position(text_of(raw), values)

        elif kind == "rank":

            def convert(raw: Any, values: dict[str, Any]) -> None:
                rank = self.ranks.get(rank_key(text_of(raw)))
                if rank is None:
                    raise CellError(Messages.unknown_rank())
                values["rank"] = rank

        elif kind == "email":

            def convert(raw: Any, values: dict[str, Any]) -> None:
                text = text_of(raw)
                try:
                    validate_email(text)
                except ValidationError:
                    raise CellError(Messages.bad_email()) from None
                values[field] = text

        elif kind == "nik":

            def convert(raw: Any, values: dict[str, Any]) -> None:
                text = text_of(raw)
                if len(text) != 16 or not text.isascii() or not text.isdigit():
                    raise CellError(Messages.bad_nik())
                values[field] = text

        else:

            def convert(raw: Any, values: dict[str, Any]) -> None:
                values[field] = text_of(raw)

        return convert

    def _position(self, code: str, values: dict[str, Any]) -> None:
        found = self.positions.get(code) or self.positions_upper.get(code.upper())
        if found is None:
            raise CellError(Messages.unknown_position())
        position_id, unit_id, active = found
        if position_id not in self.positions_in_scope:
            raise CellError(Messages.position_out_of_scope())
        if not active:
            raise CellError(Messages.inactive_position())
        values["position_id"] = position_id
        values["org_unit_id"] = unit_id
        values["agency_id"] = self.agency_id


_CHOICES = {
    "kind": (_KIND, Messages.bad_kind),
    "gender": (_GENDER, Messages.bad_gender),
    "education_level": (_EDUCATION, Messages.bad_education),
}
