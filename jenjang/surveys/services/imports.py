"""XLSX import of paper responses: every row checked, then all written or none.

The rows go through `response_clean`, the same validation as the form; the
report gives row (as the spreadsheet numbers it), column and reason.
"""

from collections.abc import Iterator
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from jenjang.core.exceptions import ApplicationError
from jenjang.surveys.models import ANSWER_FIELDS, ImportJob, Response, ServiceUnit
from jenjang.surveys.services.responses import response_clean

MAX_ROWS = 20_000
ERROR_CAP = 200
# Spreadsheet header -> field of response_clean.
COLUMNS = {
    "tanggal": "filled_on",
    "layanan": "service",
    **{f.upper(): f for f in ANSWER_FIELDS},
    "usia": "age_band",
    "jenis_kelamin": "sex",
    "pendidikan": "education",
    "pekerjaan": "occupation",
    "saran": "suggestion",
}
REQUIRED = ("tanggal", *(f.upper() for f in ANSWER_FIELDS))
_FIELD_TO_COLUMN = {v: k for k, v in COLUMNS.items()}


def _norm(header: Any) -> str:
    text = str(header or "").strip()
    return text.upper() if text.upper() in COLUMNS else text.lower()


def _unreadable() -> ApplicationError:
    return ApplicationError("bad_file", _("Berkas bukan XLSX yang dapat dibaca."))


def _rows(file: IO[bytes]) -> Iterator[tuple[int, tuple]]:
    # A damaged file can fail in any layer of openpyxl (zip, zlib, XML, cell
    # values), while opening or half-way through the rows; to the user it is
    # all one thing: the file cannot be read.
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:
        raise _unreadable() from None
    try:
        try:
            rows = book.worksheets[0].iter_rows(values_only=True)
        except Exception:
            raise _unreadable() from None
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception:
                raise _unreadable() from None
            number += 1
            yield number, row
    finally:
        book.close()


def import_template() -> Workbook:
    """Return an empty workbook with the import's header row and one example."""
    book = Workbook()
    sheet = book.active
    sheet.title = "tanggapan"
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            timezone.localdate().isoformat(),
            "",
            3,
            3,
            4,
            4,
            3,
            3,
            4,
            3,
            3,
            "30-39",
            "P",
            "sma",
            "self",
            "",
        ]
    )
    return book


def responses_import(
    *, service_unit: ServiceUnit, file: IO[bytes], original_name: str, by
) -> ImportJob:
    """Validate every row of the first sheet; write them all only if none fails."""
    services = list(service_unit.services.filter(is_active=True))
    now = timezone.now()
    header: list[str] = []
    cleaned: list[Any] = []
    errors: list[dict[str, Any]] = []
    error_count = 0
    row_count = 0
    for number, row in _rows(file):
        if number == 1:
            header = [_norm(h) for h in row]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise ApplicationError(
                    "missing_columns",
                    _("Kolom wajib tidak ada: %(cols)s.")
                    % {"cols": ", ".join(missing)},
                )
            continue
        if all(v in (None, "") for v in row):
            continue
        row_count += 1
        if row_count > MAX_ROWS:
            raise ApplicationError(
                "too_many_rows",
                _("Paling banyak %(n)s baris per berkas.") % {"n": MAX_ROWS},
            )
        data = {
            COLUMNS[h]: value
            for h, value in zip(header, row, strict=False)
            if h in COLUMNS
        }
        clean, problems = response_clean(
            service_unit=service_unit,
            data=data,
            channel=Response.Channel.IMPORT,
            services=services,
            now=now,
        )
        for problem in problems:
            error_count += 1
            if len(errors) < ERROR_CAP:
                errors.append(
                    {
                        "row": number,
                        "column": _FIELD_TO_COLUMN.get(problem["field"], ""),
                        "message": problem["message"],
                    }
                )
        if clean is not None:
            cleaned.append(clean)
    if row_count == 0:
        raise ApplicationError("empty_file", _("Berkas tidak berisi baris tanggapan."))
    with transaction.atomic():
        job = ImportJob.objects.create(
            service_unit=service_unit,
            created_by=by,
            original_name=original_name[:255],
            status=ImportJob.Status.INVALID if error_count else ImportJob.Status.DONE,
            row_count=row_count,
            error_count=error_count,
            errors=errors,
        )
        if not error_count:
            Response.objects.bulk_create(
                [
                    Response(
                        service_unit=service_unit,
                        service=c.service,
                        suggestion=c.suggestion,
                        submitted_at=c.submitted_at,
                        channel=Response.Channel.IMPORT,
                        entered_by=by,
                        import_job=job,
                        **c.answers,
                        **c.profile,
                    )
                    for c in cleaned
                ],
                batch_size=1000,
            )
    return job
