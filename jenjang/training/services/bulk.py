"""Bulk nomination: HR uploads a CSV/XLSX of NIPs for a batch.

DESIGN.md "Bad input": the whole file is validated and every bad row
reported (row number, NIP, reason) before anything is written; then all
rows are written in one transaction, or none.
"""

import contextlib
import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_contains, scope_for
from jenjang.people.models import Employee
from jenjang.training.models import Batch, Enrolment
from jenjang.training.services.enrolments import (
    can_reach,
    check_batch_open,
    enrolment_nominate,
    join_problems,
)

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024


@dataclass
class Row:
    number: int
    nip: str
    name: str = ""
    errors: list[str] = field(default_factory=list)
    employee_id: int | None = None


@dataclass
class Report:
    rows: list[Row]
    written: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[Row]:
        return [r for r in self.rows if r.errors]


def read_nips(*, name: str, content: bytes) -> list[tuple[int, str]]:
    """Read (row number, NIP) pairs from the first column named NIP (or the first)."""
    if len(content) > MAX_BYTES:
        raise ApplicationError(
            "file_too_large", _("Berkas terlalu besar (maks. 2 MB).")
        )
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        table = _xlsx_rows(content)
    elif lower.endswith(".csv") or lower.endswith(".txt"):
        table = _csv_rows(content)
    else:
        raise ApplicationError("bad_format", _("Format berkas harus .xlsx atau .csv."))
    if not table:
        raise ApplicationError("empty_file", _("Berkas kosong."))
    header = [str(c or "").strip().lower() for c in table[0]]
    column = header.index("nip") if "nip" in header else None
    start = 1 if column is not None else 0
    column = column or 0
    pairs = []
    for number, row in enumerate(table[start:], start=start + 1):
        value = row[column] if column < len(row) else ""
        text = _cell_text(value)
        if text:
            pairs.append((number, text))
    if not pairs:
        raise ApplicationError("empty_file", _("Tidak ada NIP di berkas."))
    if len(pairs) > MAX_ROWS:
        raise ApplicationError(
            "too_many_rows",
            _("Paling banyak %(n)d baris per unggahan.") % {"n": MAX_ROWS},
        )
    return pairs


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip().replace(" ", "").lstrip("'")


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            "bad_encoding", _("Berkas CSV harus berenkode UTF-8.")
        ) from None
    dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error:
        raise ApplicationError("bad_csv", _("Berkas CSV tidak dapat dibaca.")) from None


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ApplicationError(
            "bad_xlsx", _("Berkas XLSX tidak dapat dibaca.")
        ) from None
    try:
        sheet = book.worksheets[0]
        return [
            list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
        ]
    except Exception:
        # A damaged file may fail only half-way through its rows.
        raise ApplicationError(
            "bad_xlsx", _("Berkas XLSX tidak dapat dibaca.")
        ) from None
    finally:
        book.close()


def bulk_validate(*, batch: Batch, pairs: list[tuple[int, str]], by) -> Report:
    """Check every row: unknown NIP, out of scope, duplicate, prerequisites,
    already enrolled, overlap. Writes nothing."""
    if not can_bulk(by):
        raise PermissionDenied()
    check_batch_open(batch)
    scope = scope_for(by, perm="training.bulk_nominate")
    found = {
        e.nip: e
        for e in Employee.objects.filter(
            # Only what can be a NIP: the rest is unknown anyway (and a NUL
            # character cannot even be sent to PostgreSQL).
            nip__in=[nip for _n, nip in pairs if nip.isdigit() and len(nip) == 18]
        ).select_related("position", "org_unit", "rank", "position__reports_to")
    }
    seen: dict[str, int] = {}
    rows = []
    for number, nip in pairs:
        row = Row(number, nip)
        rows.append(row)
        if nip in seen:
            row.errors.append(
                _("NIP ganda (sama dengan baris %(row)d).") % {"row": seen[nip]}
            )
            continue
        seen[nip] = number
        employee = found.get(nip)
        if employee is None or not employee.is_active:
            row.errors.append(_("NIP tidak dikenal."))
            continue
        if not scope_contains(scope, employee):
            # Same words as an unknown NIP: no hint that the person exists.
            row.errors.append(_("NIP di luar lingkup Anda."))
            continue
        row.name = employee.full_name
        row.employee_id = employee.pk
        if employee.user_id and employee.user_id == by.pk:
            row.errors.append(_("Tidak dapat menugaskan diri sendiri."))
            continue
        row.errors.extend(message for _code, message in join_problems(batch, employee))
    return Report(rows)


def can_bulk(user) -> bool:
    from jenjang.accounts.roles import has_perm

    return has_perm(user, "training.bulk_nominate") and has_perm(
        user, "training.nominate"
    )


def bulk_nominate(*, batch: Batch, pairs: list[tuple[int, str]], by) -> Report:
    """Validate every row, then nominate all of them in one transaction (or none)."""
    report = bulk_validate(batch=batch, pairs=pairs, by=by)
    if not report.ok:
        return report
    employees = Employee.objects.in_bulk([r.employee_id for r in report.rows])
    with transaction.atomic():
        for row in report.rows:
            employee = employees[row.employee_id]
            if not can_reach(by, "training.nominate", employee):
                raise PermissionDenied()
            enrolment_nominate(
                batch=batch, employee=employee, by=by, route=Enrolment.Route.BULK
            )
            report.written += 1
    return report
