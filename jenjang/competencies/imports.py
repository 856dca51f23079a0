"""Import assessment results from CSV or XLSX: validate every row, then write.

The same rules as the employee import (DESIGN.md, "Bad input"): the whole
file is checked first and every problem reported with its row, column and
reason; nothing is written unless the file is clean, or the user asks to
write the valid rows only. A row with the same employee, competency, date
and source as a stored result updates it (so a corrected file can be
imported again). The file readers, date parsing and row-error shape are the
employee import's (`jenjang.people.imports`).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.accounts.roles import has_perm
from jenjang.competencies.models import MAX_LEVEL, MIN_LEVEL, Assessment, Competency
from jenjang.competencies.services import Messages as RuleMessages
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import people_scope_q, scope_for
from jenjang.people.imports.readers import ImportFileError, Table, sniff
from jenjang.people.imports.rows import Messages, RowError, parse_date
from jenjang.people.imports.services import max_upload_bytes
from jenjang.people.models import Employee

MODE_CHECK, MODE_ALL, MODE_VALID_ONLY = "check", "all", "valid_only"
MODES = (MODE_CHECK, MODE_ALL, MODE_VALID_ONLY)
DEFAULT_MAX_ROWS = 20_000
CHUNK = 1000
ERROR_CAP = 1000

# (header, required, help for the template and the page)
COLUMNS: tuple[tuple[str, bool, Any], ...] = (
    (
        "nip",
        True,
        gettext_lazy("NIP 18 digit pegawai yang dinilai; ketik sebagai teks."),
    ),
    (
        "kode_kompetensi",
        True,
        gettext_lazy("Kode kompetensi di kamus, misalnya integritas."),
    ),
    ("level", True, gettext_lazy("Level hasil asesmen, 1 sampai 5.")),
    (
        "tanggal_asesmen",
        True,
        gettext_lazy("Tanggal asesmen: YYYY-MM-DD atau DD-MM-YYYY."),
    ),
    (
        "sumber",
        True,
        gettext_lazy(
            "assessment_centre, test (uji kompetensi), 360, atau supervisor "
            "(atasan langsung)."
        ),
    ),
    ("catatan", False, gettext_lazy("Catatan singkat (paling banyak 300 karakter).")),
)
HEADERS = tuple(c[0] for c in COLUMNS)
REQUIRED = tuple(c[0] for c in COLUMNS if c[1])
_ORDER = {h: i for i, h in enumerate(HEADERS)}
NOTE_MAX = 300
# How people write the source, normalised (lower case, no spaces, dashes, dots).
_SOURCES = {
    "assessmentcentre": Assessment.Source.ASSESSMENT_CENTRE,
    "assessmentcenter": Assessment.Source.ASSESSMENT_CENTRE,
    "assessment_centre": Assessment.Source.ASSESSMENT_CENTRE,
    "ac": Assessment.Source.ASSESSMENT_CENTRE,
    "test": Assessment.Source.TEST,
    "tes": Assessment.Source.TEST,
    "ujikompetensi": Assessment.Source.TEST,
    "360": Assessment.Source.THREE_SIXTY,
    "360°": Assessment.Source.THREE_SIXTY,
    "penilaian360": Assessment.Source.THREE_SIXTY,
    "penilaian360°": Assessment.Source.THREE_SIXTY,
    "supervisor": Assessment.Source.SUPERVISOR,
    "atasan": Assessment.Source.SUPERVISOR,
    "atasanlangsung": Assessment.Source.SUPERVISOR,
}


class ImportMessages:
    @staticmethod
    def bad_nip() -> str:
        return _("NIP harus 18 digit angka.")

    @staticmethod
    def unknown_employee() -> str:
        return _("NIP tidak ditemukan dalam cakupan Anda.")

    @staticmethod
    def inactive_employee() -> str:
        return _("Pegawai sudah tidak aktif.")

    @staticmethod
    def unknown_competency() -> str:
        return _("Kode kompetensi tidak dikenal.")

    @staticmethod
    def bad_source() -> str:
        return _(
            "Sumber tidak dikenal; gunakan assessment_centre, test, 360 atau supervisor."
        )

    @staticmethod
    def duplicate_row(first: int) -> str:
        return _(
            "Sama dengan baris %(row)s (pegawai, kompetensi, tanggal, sumber)."
        ) % {"row": first}

    @staticmethod
    def too_many_rows(limit: int) -> str:
        return _(
            "Berkas berisi lebih dari %(n)s baris data; pecah menjadi beberapa berkas."
        ) % {"n": f"{limit:,}".replace(",", ".")}


@dataclass
class ImportResult:
    mode: str
    total_rows: int = 0
    invalid_rows: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.invalid_rows

    @property
    def is_clean(self) -> bool:
        return self.error_count == 0 and self.total_rows > 0

    @property
    def more_errors(self) -> int:
        return max(self.error_count - len(self.errors), 0)


def max_rows() -> int:
    return int(
        getattr(settings, "JENJANG_ASSESSMENT_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    )


def template_csv() -> bytes:
    """Return the empty CSV template with one example row."""
    example = ["198503142010011001", "integritas", "3", "2025-03-14", "360", ""]
    return ("\ufeff" + ",".join(HEADERS) + "\r\n" + ",".join(example) + "\r\n").encode()


def assessment_import(*, by, upload: IO[bytes], mode: str) -> ImportResult:
    """Check an uploaded file and, unless `mode` is "check", write it.

    "all" writes only a clean file (otherwise nothing); "valid_only" writes
    the valid rows and reports the others. Raises ImportFileError when the
    file as a whole cannot be read.
    """
    if not has_perm(by, "competencies.assess"):
        raise PermissionDenied()
    if mode not in MODES:
        raise ApplicationError("import_mode", _("Pilihan impor tidak dikenal."))
    size = getattr(upload, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise ImportFileError(
            "import_too_large",
            _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": limit >> 20},
        )
    result = ImportResult(mode=mode)
    records = _validate(by, upload, result)
    if mode == MODE_CHECK or not records:
        return result
    if mode == MODE_ALL and result.error_count:
        return result
    _write(by, records, result)
    return result


# --- reading and checking ------------------------------------------------------


def _header(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    index: dict[str, int] = {}
    errors: list[RowError] = []
    for i, name in enumerate(header):
        if not name:
            continue
        if name not in _ORDER:
            errors.append(RowError(1, name, Messages.unknown_header()))
        elif name in index:
            errors.append(RowError(1, name, Messages.duplicate_header()))
        else:
            index[name] = i
    errors += [
        RowError(1, name, Messages.missing_header())
        for name in REQUIRED
        if name not in index
    ]
    return index, errors


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _level(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(raw)
        raw = int(raw)
    if isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit():
        raise ValueError(raw)
    return int(text)


@dataclass
class _Row:
    number: int
    nip: str
    code: str
    level: int | None
    assessed_on: dt.date | None
    source: str
    note: str
    errors: list[RowError]


def _parse(number: int, cells: tuple, index: dict[str, int]) -> _Row:
    def cell(name: str) -> Any:
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    values = {name: cell(name) for name in HEADERS}
    for name in REQUIRED:
        if _text(values[name]) == "":
            fail(name, Messages.required())
    nip = _text(values["nip"])
    if isinstance(values["nip"], float):
        # Excel keeps 15 significant digits: an 18-digit NIP typed as a
        # number has already lost its last ones.
        fail("nip", Messages.number_cell())
        nip = ""
    elif nip and (len(nip) != 18 or not nip.isascii() or not nip.isdigit()):
        fail("nip", ImportMessages.bad_nip())
    level = None
    if _text(values["level"]):
        try:
            level = _level(values["level"])
        except (ValueError, TypeError):
            fail("level", RuleMessages.level_range())
        else:
            if not MIN_LEVEL <= level <= MAX_LEVEL:
                fail("level", RuleMessages.level_range())
    assessed_on = None
    if _text(values["tanggal_asesmen"]):
        try:
            assessed_on = parse_date(values["tanggal_asesmen"])
        except (ValueError, TypeError, OverflowError):
            fail("tanggal_asesmen", Messages.bad_date())
    source = ""
    raw_source = _text(values["sumber"]).lower()
    if raw_source:
        key = raw_source.replace(" ", "").replace("-", "").replace(".", "")
        source = _SOURCES.get(key) or _SOURCES.get(raw_source, "")
        if not source:
            fail("sumber", ImportMessages.bad_source())
    note = _text(values["catatan"])
    if len(note) > NOTE_MAX:
        fail("catatan", Messages.too_long(NOTE_MAX))
    code = _text(values["kode_kompetensi"])
    return _Row(number, nip, code, level, assessed_on, source, note, errors)


def _validate(by, upload: IO[bytes], result: ImportResult) -> list[dict[str, Any]]:
    """Check every row; return the valid ones as Assessment values."""
    sniffed = sniff(upload)
    with Table(upload, sniffed) as table:
        index, problems = _header(table.header)
        if problems:
            _report(result, problems)
            return []
        rows: list[_Row] = []
        limit = max_rows()
        for number, cells in table.rows():
            if len(rows) >= limit:
                _report(
                    result, [RowError(number, "", ImportMessages.too_many_rows(limit))]
                )
                result.total_rows = len(rows)
                return []
            rows.append(_parse(number, cells, index))
    result.total_rows = len(rows)
    if not rows:
        _report(result, [RowError(2, "", Messages.no_rows())])
        return []
    records = _check_references(by, rows)
    for row in rows:
        if row.errors:
            result.invalid_rows += 1
            _report(result, sorted(row.errors, key=lambda e: _ORDER.get(e.column, -1)))
    return records


def _report(result: ImportResult, errors: list[RowError]) -> None:
    result.error_count += len(errors)
    room = ERROR_CAP - len(result.errors)
    if room > 0:
        result.errors += errors[:room]


def _check_references(by, rows: list[_Row]) -> list[dict[str, Any]]:
    """Resolve NIPs and codes in bulk, check the rules, return the valid records."""
    scope = scope_for(by, perm="competencies.assess")
    competencies = {c.code: c for c in Competency.objects.all()}
    competencies_ci = {code.lower(): c for code, c in competencies.items()}
    employees: dict[str, Employee] = {}
    nips = sorted({r.nip for r in rows if len(r.nip) == 18})
    for start in range(0, len(nips), CHUNK):
        for employee in Employee.objects.filter(
            people_scope_q(scope), nip__in=nips[start : start + CHUNK]
        ).only("id", "nip", "name", "user_id", "is_active"):
            employees[employee.nip] = employee
    seen: dict[tuple, int] = {}
    records = []
    today = timezone.localdate()
    for row in rows:
        employee = employees.get(row.nip) if row.nip else None
        competency = None
        if row.nip and len(row.nip) == 18 and not _has(row, "nip"):
            if employee is None:
                row.errors.append(
                    RowError(row.number, "nip", ImportMessages.unknown_employee())
                )
            elif not employee.is_active:
                row.errors.append(
                    RowError(row.number, "nip", ImportMessages.inactive_employee())
                )
            elif employee.user_id and employee.user_id == by.pk:
                row.errors.append(
                    RowError(row.number, "nip", RuleMessages.self_assessment())
                )
        if row.code:
            competency = competencies.get(row.code) or competencies_ci.get(
                row.code.lower()
            )
            if competency is None:
                row.errors.append(
                    RowError(
                        row.number,
                        "kode_kompetensi",
                        ImportMessages.unknown_competency(),
                    )
                )
            elif not competency.is_active:
                row.errors.append(
                    RowError(
                        row.number,
                        "kode_kompetensi",
                        RuleMessages.inactive_competency(),
                    )
                )
        if row.assessed_on and row.assessed_on > today:
            row.errors.append(
                RowError(row.number, "tanggal_asesmen", RuleMessages.future_date())
            )
        if row.errors or employee is None or competency is None:
            continue
        key = (employee.pk, competency.pk, row.assessed_on, row.source)
        if key in seen:
            row.errors.append(
                RowError(row.number, "nip", ImportMessages.duplicate_row(seen[key]))
            )
            continue
        seen[key] = row.number
        records.append(
            {
                "employee_id": employee.pk,
                "competency_id": competency.pk,
                "level": row.level,
                "assessed_on": row.assessed_on,
                "source": row.source,
                "note": row.note,
                # As Assessment.__str__ has it, for the audit log.
                "label": f"{employee.name} · {competency.name}: {row.level} "
                f"({row.assessed_on})",
            }
        )
    return records


def _has(row: _Row, column: str) -> bool:
    return any(e.column == column for e in row.errors)


# --- writing -------------------------------------------------------------------


def _write(by, records: list[dict[str, Any]], result: ImportResult) -> None:
    """Upsert the records in chunks inside one transaction, with audit entries."""
    content_type = ContentType.objects.get_for_model(Assessment)
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            entries = _write_chunk(by, chunk, result)
            LogEntry.objects.bulk_create(
                [
                    LogEntry(
                        content_type=content_type,
                        object_pk=str(pk),
                        object_id=pk,
                        object_repr=repr_,
                        action=action,
                        changes=changes,
                        changes_text="",
                        actor=by,
                        timestamp=now,
                        additional_data={"import": "assessments"},
                    )
                    for pk, repr_, action, changes in entries
                ]
            )
    result.written = True


_AUDITED = (
    ("employee", "employee_id"),
    ("competency", "competency_id"),
    ("level", "level"),
    ("assessed_on", "assessed_on"),
    ("source", "source"),
    ("note", "note"),
)


def _write_chunk(by, chunk: list[dict[str, Any]], result: ImportResult) -> list[tuple]:
    existing = {
        (a.employee_id, a.competency_id, a.assessed_on, a.source): a
        for a in Assessment.objects.filter(
            employee_id__in={r["employee_id"] for r in chunk},
            competency_id__in={r["competency_id"] for r in chunk},
            assessed_on__in={r["assessed_on"] for r in chunk},
        )
    }
    new, changed, entries = [], [], []
    labels: dict[int, str] = {}
    for record in chunk:
        key = (
            record["employee_id"],
            record["competency_id"],
            record["assessed_on"],
            record["source"],
        )
        old = existing.get(key)
        values = {k: v for k, v in record.items() if k != "label"}
        if old is None:
            assessment = Assessment(**values, assessor=by)
            labels[id(assessment)] = record["label"]
            new.append(assessment)
            continue
        changes = {
            name: [str(getattr(old, name)), str(record[name])]
            for name in ("level", "note")
            if getattr(old, name) != record[name]
        }
        if not changes:
            result.unchanged += 1
            continue
        old.level, old.note, old.assessor = record["level"], record["note"], by
        changed.append(old)
        entries.append((old.pk, record["label"], LogEntry.Action.UPDATE, changes))
    Assessment.objects.bulk_create(new)
    Assessment.objects.bulk_update(changed, ["level", "note", "assessor"])
    for a in new:
        changes = {
            name: ["None", str(getattr(a, attname))] for name, attname in _AUDITED
        }
        entries.append((a.pk, labels[id(a)], LogEntry.Action.CREATE, changes))
    result.created += len(new)
    result.updated += len(changed)
    return entries
