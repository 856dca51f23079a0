import datetime as dt

import pytest

from jenjang.core.exceptions import ApplicationError
from jenjang.surveys.services.periods import (
    Period,
    period_containing,
    period_parse,
    periods_until,
)


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        ("2026-S2", dt.date(2026, 7, 1), dt.date(2027, 1, 1)),
        ("2026-q3", dt.date(2026, 7, 1), dt.date(2026, 10, 1)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
    ],
)
def test_parse(key, start, end):
    period = period_parse(key)
    assert (period.start, period.end) == (start, end)
    assert period.key == key.upper()


@pytest.mark.parametrize("key", ["", "26", "2026-S3", "2026-Q5", "2026-X1", "1999"])
def test_bad_keys(key):
    with pytest.raises(ApplicationError) as caught:
        period_parse(key)
    assert caught.value.code == "bad_period"


def test_containing_and_until():
    assert period_containing(dt.date(2026, 6, 30), "quarter") == Period(
        2026, "quarter", 2
    )
    assert period_containing(dt.date(2026, 7, 1), "semester") == Period(
        2026, "semester", 2
    )
    keys = [p.key for p in periods_until(Period(2026, "semester", 1), 3)]
    assert keys == ["2025-S1", "2025-S2", "2026-S1"]
