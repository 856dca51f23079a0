"""Generated employee files beyond CSV text (test_import_property.py has those).

Workbooks with typed cells (numbers, dates, booleans, text), damaged
workbooks and raw bytes: the validation pass reports (or refuses the file
with an ApplicationError), the write pass writes a clean file whole, and a
refused or bad file leaves every table as it was (whole-database
fingerprint, not only the employee count).
"""

import datetime as dt
import functools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from jenjang.core.exceptions import ApplicationError
from jenjang.core.tests.fingerprint import changed_tables, db_fingerprint
from jenjang.people.imports.columns import HEADERS
from jenjang.people.imports.engine import ImportAborted
from jenjang.people.models import Employee
from jenjang.people.tests.test_import_helpers import (
    good_row,
    validate,
    write,
    xlsx_bytes,
)

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
typed_cell = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1)),
    # Spreadsheet cells hold naive date-times.
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),  # noqa: DTZ001
    st.sampled_from(["", "PNS", "PPPK", "III/a", "\x00", "\u202e", "=1+1"]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
)


@st.composite
def typed_workbooks(draw) -> bytes | None:
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        row = good_row()
        for header in draw(st.sets(st.sampled_from(HEADERS), max_size=4)):
            row[header] = draw(typed_cell)
        rows.append(row)
    try:
        return xlsx_bytes(rows)
    except (ValueError, TypeError, IllegalCharacterError):
        return None  # openpyxl itself cannot write such a cell


@functools.cache
def _good_workbook() -> bytes:
    # Built once: a workbook records when it was saved, so its length varies.
    return xlsx_bytes([good_row()])


@st.composite
def damaged_workbooks(draw) -> bytes:
    good = _good_workbook()
    cut = draw(st.integers(min_value=0, max_value=len(good)))
    damaged = bytearray(good[:cut] if draw(st.booleans()) else good)
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        if damaged:
            at = draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[at] = draw(st.integers(min_value=0, max_value=255))
    return bytes(damaged)


def _check(data: bytes, *, agency, user) -> None:
    with transaction.atomic():
        before = db_fingerprint()
        employees = Employee.objects.count()
        try:
            summary, errors = validate(data, agency=agency, user=user)
        except ApplicationError as exc:
            refused = exc
        else:
            refused = None
        if refused is not None:
            assert refused.message.strip()
            assert changed_tables(before, db_fingerprint()) == {}
            transaction.set_rollback(True)
            return
        assert changed_tables(before, db_fingerprint()) == {}  # checking writes nothing
        for _row, _column, reason in errors:
            assert reason.strip()
        if summary.is_clean:
            written, write_errors = write(data, agency=agency, user=user)
            assert write_errors == []
            assert Employee.objects.count() == employees + written.created
        else:
            with pytest.raises(ImportAborted):
                write(data, agency=agency, user=user)
            assert changed_tables(before, db_fingerprint()) == {}
        transaction.set_rollback(True)


@pytest.mark.django_db
@SETTINGS
@given(data=typed_workbooks())
def test_typed_workbooks(world, hr_admin, data):
    if data is not None:
        _check(data, agency=world.agency, user=hr_admin)


@pytest.mark.django_db
@SETTINGS
@given(
    data=st.one_of(
        damaged_workbooks(),
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
    )
)
def test_damaged_workbooks_and_bytes(world, hr_admin, data):
    _check(data, agency=world.agency, user=hr_admin)
