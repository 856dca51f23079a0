"""Generated garbage: every file either imports cleanly or is reported, and a
refused import leaves the registry as it was."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenjang.people.imports.columns import HEADERS
from jenjang.people.imports.engine import ImportAborted
from jenjang.people.imports.readers import ImportFileError
from jenjang.people.models import Employee
from jenjang.people.tests.test_import_helpers import (
    csv_bytes,
    good_row,
    validate,
    write,
)

TRICKY = [
    "",
    " ",
    "PNS",
    "PPPK",
    "L",
    "P",
    "III/a",
    "IX",
    "DK-02",
    "BK-01",
    "2020-02-30",
    "31-12-1999",
    "0000-00-00",
    "1" * 18,
    "19900203201503 1001",
    "=1+1",
    '"',
    "a,b",
    "baris\nbaru",
    "é",
    "\u202e",
]
cell = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=25),
)


@st.composite
def garbage_rows(draw):
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        row = good_row()
        for header in draw(st.sets(st.sampled_from(HEADERS), max_size=4)):
            row[header] = draw(cell)
        rows.append(row)
    return rows


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=garbage_rows())
def test_garbage_rows_import_cleanly_or_are_reported(world, hr_admin, rows):
    data = csv_bytes(rows)
    with transaction.atomic():
        before = Employee.objects.count()
        try:
            summary, errors = validate(data, agency=world.agency, user=hr_admin)
        except ImportFileError as exc:
            file_error = exc.message
            summary = None
        if summary is None:
            assert file_error  # the whole file was refused, with a reason
            transaction.set_rollback(True)
            return
        last_row = len(rows) + 1
        for row, column, reason in errors:
            assert 1 <= row <= max(last_row, 2)
            assert column in HEADERS or column == ""
            assert reason
        assert summary.error_count == len(errors)
        # Row 1 is the header; column "" marks a file without data rows.
        bad_rows = {row for row, column, _ in errors if row > 1 and column}
        assert summary.invalid_rows == len(bad_rows)
        if summary.is_clean:
            written, write_errors = write(data, agency=world.agency, user=hr_admin)
            assert write_errors == []
            assert written.created + written.updated + written.unchanged == len(rows)
            assert Employee.objects.count() == before + written.created
        else:
            assert errors
            with pytest.raises(ImportAborted):
                write(data, agency=world.agency, user=hr_admin)
            assert Employee.objects.count() == before
        transaction.set_rollback(True)
