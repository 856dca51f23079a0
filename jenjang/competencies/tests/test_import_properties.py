"""Generated assessment files: a clean result or a clear error, never a crash.

Any file (CSV text, raw bytes, XLSX with typed cells) in any mode gives an
ImportResult or an ApplicationError with a message; a refused file, a check,
and a file with errors in "all" mode leave every table as it was.
"""

import datetime as dt
import functools
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from jenjang.competencies.imports import (
    HEADERS,
    MODE_ALL,
    MODE_CHECK,
    MODES,
    assessment_import,
)
from jenjang.competencies.models import Assessment
from jenjang.competencies.tests.factories import managerial
from jenjang.core.exceptions import ApplicationError
from jenjang.core.tests.fingerprint import changed_tables, db_fingerprint

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRICKY = [
    "",
    " ",
    "integritas",
    "INTEGRITAS",
    "kerjasama",
    "tidak-ada",
    "0",
    "3",
    "6",
    "-1",
    "3.0",
    "3.5",
    "٣",
    "2025-01-10",
    "10-02-2025",
    "2099-01-01",
    "2025-02-30",
    "0000-00-00",
    "assessment_centre",
    "Penilaian 360",
    "atasan langsung",
    "360°",
    "1" * 18,
    "19900203201503 1001",
    "=1+1",
    '"',
    "a,b",
    "baris\nbaru",
    "\x00",
    "\u202e",
    "x" * 301,
]
text_cell = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
)
typed_cell = st.one_of(
    text_cell,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1)),
    # Spreadsheet cells hold naive date-times.
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),  # noqa: DTZ001
)
header = st.one_of(
    st.just(list(HEADERS)),
    st.permutations(list(HEADERS)),
    st.lists(st.sampled_from([*HEADERS, "", "NIP", "lain"]), max_size=8),
)


@st.composite
def tables(draw, cell):
    """A header and rows: mostly good values with a few cells replaced."""
    columns = draw(header)
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        row = {}
        for name in columns:
            row[name] = draw(st.one_of(st.just(None), cell))
        rows.append(row)
    return columns, rows


def _csv(columns, rows, world) -> bytes:
    lines = [",".join(f'"{c}"' for c in columns)]
    for row in rows:
        values = []
        for name in columns:
            value = row.get(name)
            if value is None:
                value = {
                    "nip": world.employee.nip,
                    "kode_kompetensi": "integritas",
                    "level": "3",
                    "tanggal_asesmen": "2025-01-10",
                    "sumber": "360",
                }.get(name, "")
            values.append('"' + str(value).replace('"', '""') + '"')
        lines.append(",".join(values))
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _xlsx(columns, rows, world) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append(
            [
                row.get(name)
                if row.get(name) is not None
                else {"nip": world.employee.nip, "level": 2}.get(name)
                for name in columns
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    upload.size = len(data)
    return upload


def _check(by, data: bytes, name: str, mode: str) -> None:
    """Run one import inside a rolled-back transaction and check the invariants."""
    with transaction.atomic():
        before = db_fingerprint()
        assessments = Assessment.objects.count()
        try:
            result = assessment_import(by=by, upload=_upload(data, name), mode=mode)
        except ApplicationError as exc:
            refused = exc
        else:
            refused = None
        if refused is not None:
            assert refused.code
            assert refused.message.strip()
            assert changed_tables(before, db_fingerprint()) == {}
            transaction.set_rollback(True)
            return
        assert result.error_count >= len(result.errors)
        for error in result.errors:
            assert error.row >= 1
            assert isinstance(error.column, str)
            assert str(error.message).strip()
        if mode == MODE_CHECK or (mode == MODE_ALL and result.error_count):
            assert not result.written
            assert changed_tables(before, db_fingerprint()) == {}
        if result.written:
            assert Assessment.objects.count() == assessments + result.created
            written = result.created + result.updated + result.unchanged
            assert written == result.valid_rows or mode != MODE_ALL
        else:
            assert Assessment.objects.count() == assessments
        transaction.set_rollback(True)


@pytest.fixture
def dictionary(db):
    return {code: managerial(code) for code in ("integritas", "kerjasama")}


@pytest.mark.django_db
@SETTINGS
@given(table=tables(text_cell), mode=st.sampled_from(MODES))
def test_generated_csv(world, hr_admin, dictionary, table, mode):
    columns, rows = table
    _check(hr_admin, _csv(columns, rows, world), "asesmen.csv", mode)


@pytest.mark.django_db
@SETTINGS
@given(table=tables(typed_cell), mode=st.sampled_from(MODES))
def test_generated_xlsx(world, hr_admin, dictionary, table, mode):
    columns, rows = table
    try:
        data = _xlsx(columns, rows, world)
    except (ValueError, TypeError, IllegalCharacterError):
        return  # openpyxl itself refuses to write the cell (e.g. control chars)
    _check(hr_admin, data, "asesmen.xlsx", mode)


@pytest.mark.django_db
@SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=200).map(lambda b: b"\xd0\xcf\x11\xe0" + b),
        st.binary(max_size=200).map(lambda b: ",".join(HEADERS).encode() + b"\n" + b),
    ),
    mode=st.sampled_from(MODES),
)
def test_generated_bytes(hr_admin, dictionary, data, mode):
    _check(hr_admin, data, "asesmen.csv", mode)


@functools.cache
def _good_workbook(nip: str) -> bytes:
    # Built once: a workbook records when it was saved, so its length varies.
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADERS))
    sheet.append([nip, "integritas", 3, "2025-01-10", "360", "catatan"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
@SETTINGS
@given(data=st.data(), mode=st.sampled_from(MODES))
def test_damaged_workbooks(world, hr_admin, dictionary, data, mode):
    """A real workbook cut short or with a few bytes overwritten."""
    good = _good_workbook(world.employee.nip)
    cut = data.draw(st.integers(min_value=0, max_value=len(good)))
    damaged = bytearray(good[:cut] if data.draw(st.booleans()) else good)
    for _ in range(data.draw(st.integers(min_value=0, max_value=5))):
        if damaged:
            at = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[at] = data.draw(st.integers(min_value=0, max_value=255))
    _check(hr_admin, bytes(damaged), "asesmen.xlsx", mode)
