"""Export the scoped employee list in the import format, streamed.

The columns are the import template's, so an exported file imports back
unchanged. Personal columns (NIK, birth date, e-mail, phone) go only to users
who may see personal data (UU 27/2022 on personal data protection).
"""

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook

from jenjang.accounts.roles import has_perm
from jenjang.people.imports.columns import Column, export_columns
from jenjang.people.models import Employee

CHUNK_SIZE = 2000
# Employee lookups that give each column's value.
_LOOKUPS = {"position": "position__code", "rank": "rank__code"}


def export_columns_for(user) -> tuple[Column, ...]:
    return export_columns(personal=has_perm(user, "people.view_personal"))


def employee_export_rows(
    employees: QuerySet[Employee], columns: Iterable[Column]
) -> Iterator[tuple[Any, ...]]:
    """Yield one tuple per employee, in column order, reading in chunks."""
    lookups = [_LOOKUPS.get(c.field, c.field) for c in columns]
    yield from employees.values_list(*lookups).iterator(chunk_size=CHUNK_SIZE)


class _Echo:
    """A file-like that hands back what csv.writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def employee_export_csv(
    employees: QuerySet[Employee], columns: tuple[Column, ...]
) -> Iterator[bytes]:
    """Yield the CSV (UTF-8 with BOM, so Excel reads it right) line by line."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow([c.header for c in columns])).encode()
    for row in employee_export_rows(employees, columns):
        yield writer.writerow(
            [v.isoformat() if isinstance(v, dt.date) else v for v in row]
        ).encode()


def employee_export_xlsx(
    employees: QuerySet[Employee], columns: tuple[Column, ...]
) -> IO[bytes]:
    """Return an open temporary file holding the XLSX, written row by row.

    openpyxl's write-only mode keeps memory flat; the caller streams the file
    and closes it.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    sheet.append([c.header for c in columns])
    for row in employee_export_rows(employees, columns):
        sheet.append(row)
    # Handed to the response, which closes it once sent.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output
