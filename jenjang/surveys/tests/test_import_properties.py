"""Generated XLSX imports of paper forms: a clean result or a clear error.

Any workbook (typed cells, shuffled or missing headers) or any bytes give an
ImportJob or an ApplicationError with a message. A refused file writes
nothing at all; a file with row errors writes only its ImportJob record (the
report the page shows), never a response.
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

from jenjang.core.exceptions import ApplicationError
from jenjang.core.tests.fingerprint import changed_tables, db_fingerprint
from jenjang.surveys.models import ImportJob, Response
from jenjang.surveys.services.imports import COLUMNS, responses_import

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = list(COLUMNS)
GOOD = {
    "tanggal": "2026-01-10",
    "layanan": "Rawat jalan",
    **{f"U{i}": 3 for i in range(1, 10)},
    "usia": "30-39",
    "jenis_kelamin": "P",
    "pendidikan": "sma",
    "pekerjaan": "self",
    "saran": "",
}
TRICKY = [
    "",
    " ",
    "0",
    "4",
    "5",
    "3.5",
    "empat",
    "imunisasi",
    "Tidak ada",
    "2099-01-01",
    "2026-02-30",
    "10-01-2026",
    "L",
    "x",
    "\x00",
    "\u202e",
    "=1+1",
    "s" * 2001,
]
cell = st.one_of(
    st.sampled_from(TRICKY),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1)),
    # Spreadsheet cells hold naive date-times.
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),  # noqa: DTZ001
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
)
headers = st.one_of(
    st.just(HEADER),
    st.permutations(HEADER),
    st.lists(st.sampled_from([*HEADER, "", "lain", "u1", "TANGGAL"]), max_size=18),
)


@st.composite
def workbooks(draw):
    columns = draw(headers)
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        changed = draw(st.sets(st.sampled_from(HEADER), max_size=4))
        rows.append(
            [
                draw(cell) if name in changed else GOOD.get(str(name).strip(), "")
                for name in columns
            ]
        )
    return columns, rows


def _xlsx(columns, rows) -> bytes | None:
    book = Workbook()
    sheet = book.active
    try:
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
    except (ValueError, TypeError, IllegalCharacterError):
        return None  # openpyxl itself cannot write such a cell
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check(unit, by, data: bytes) -> None:
    with transaction.atomic():
        before = db_fingerprint()
        responses = Response.objects.count()
        try:
            job = responses_import(
                service_unit=unit,
                file=io.BytesIO(data),
                original_name="skm.xlsx",
                by=by,
            )
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
        assert job.row_count > 0
        assert job.error_count >= len(job.errors)
        for error in job.errors:
            assert error["row"] >= 2
            assert error["message"].strip()
        if job.error_count:
            assert job.status == ImportJob.Status.INVALID
            changed = changed_tables(before, db_fingerprint())
            # The job is the report the page shows (audited like every record).
            assert set(changed) <= {ImportJob._meta.db_table, "auditlog_logentry"}
            assert ImportJob.objects.count() == before[ImportJob._meta.db_table][0] + 1
        else:
            assert job.status == ImportJob.Status.DONE
            assert Response.objects.count() == responses + job.row_count
        transaction.set_rollback(True)


@pytest.mark.django_db
@SETTINGS
@given(book=workbooks())
def test_generated_workbooks(unit, hr_admin, book):
    data = _xlsx(*book)
    if data is not None:
        _check(unit, hr_admin, data)


@pytest.mark.django_db
@SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
    )
)
def test_generated_bytes(unit, hr_admin, data):
    _check(unit, hr_admin, data)


@functools.cache
def _good_workbook() -> bytes:
    # Built once: a workbook records when it was saved, so its length varies.
    return _xlsx(HEADER, [list(GOOD.values())])


@pytest.mark.django_db
@SETTINGS
@given(data=st.data())
def test_damaged_workbooks(unit, hr_admin, data):
    """A real workbook with a few bytes overwritten or cut short."""
    good = _good_workbook()
    cut = data.draw(st.integers(min_value=0, max_value=len(good)))
    damaged = bytearray(good[:cut] if data.draw(st.booleans()) else good)
    for _ in range(data.draw(st.integers(min_value=0, max_value=5))):
        if damaged:
            at = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[at] = data.draw(st.integers(min_value=0, max_value=255))
    _check(unit, hr_admin, bytes(damaged))
