"""Build import files in tests: valid rows for the `world` positions, CSV and XLSX."""

import contextlib
import csv
import datetime as dt
import io
import itertools

from openpyxl import Workbook

from jenjang.people.imports.columns import HEADERS
from jenjang.people.imports.engine import EmployeeImport
from jenjang.people.imports.readers import Table, sniff
from jenjang.people.nip import build_nip

_sequence = itertools.count(500)


def good_row(**changes) -> dict:
    """Return one valid PNS row for position DK-02 (Dinas Kesehatan)."""
    birth = changes.pop("birth", dt.date(1990, 2, 3))
    gender = changes.get("jenis_kelamin", "L")
    nip = build_nip(
        birth_date=birth,
        tmt_year=2015,
        tmt_month=3,
        gender=gender,
        sequence=next(_sequence) % 999 + 1,
    )
    row = {
        "nip": nip,
        "nama": "Andi Wijaya",
        "gelar_depan": "",
        "gelar_belakang": "S.Kom.",
        "jenis_pegawai": "PNS",
        "jenis_kelamin": gender,
        "tempat_lahir": "Bandung",
        "tanggal_lahir": birth.isoformat(),
        "tmt_cpns": "2015-03-01",
        "kode_jabatan": "DK-02",
        "tmt_jabatan": "2020-01-01",
        "golongan": "III/a",
        "tmt_golongan": "2019-04-01",
        "pendidikan": "S1",
        "jurusan": "Informatika",
        "email": "andi@contoh.go.id",
        "telepon": "081234567890",
        "nik": "3273010302900001",
    }
    row.update(changes)
    return row


def csv_bytes(rows: list[dict], header=HEADERS, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict], header=HEADERS, dates_as_cells=False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        cells = []
        for h in header:
            value = row.get(h, "")
            if dates_as_cells and h.startswith(("tanggal", "tmt")) and value:
                with contextlib.suppress(TypeError, ValueError):
                    value = dt.date.fromisoformat(value)
            cells.append(value if value != "" else None)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def engine_for(data: bytes, *, agency, user=None) -> EmployeeImport:
    sniffed = sniff(io.BytesIO(data))
    return EmployeeImport(
        open_table=lambda: Table(io.BytesIO(data), sniffed), agency=agency, user=user
    )


def validate(data: bytes, *, agency, user=None):
    """Return (summary, [(row, column, reason), ...])."""
    errors = []
    summary = engine_for(data, agency=agency, user=user).validate(
        on_error=lambda e: errors.append((e.row, e.column, e.message))
    )
    return summary, errors


def write(data: bytes, *, agency, user=None, valid_only=False):
    errors = []
    summary = engine_for(data, agency=agency, user=user).write(
        valid_only=valid_only,
        on_error=lambda e: errors.append((e.row, e.column, e.message)),
    )
    return summary, errors
