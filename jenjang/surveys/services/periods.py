"""Survey periods: a quarter, a semester or a year, in the local calendar."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError

QUARTER, SEMESTER, YEAR = "quarter", "semester", "year"
KINDS = (QUARTER, SEMESTER, YEAR)
_MONTHS = {QUARTER: 3, SEMESTER: 6, YEAR: 12}
_PATTERN = re.compile(r"^(\d{4})(?:-([QS])([1-4]))?$")
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str
    number: int = 1

    @property
    def key(self) -> str:
        if self.kind == YEAR:
            return str(self.year)
        return f"{self.year}-{'Q' if self.kind == QUARTER else 'S'}{self.number}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * _MONTHS[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        month = self.number * _MONTHS[self.kind] + 1
        if month > 12:
            return dt.date(self.year + 1, 1, 1)
        return dt.date(self.year, month, 1)

    @property
    def label(self) -> str:
        if self.kind == QUARTER:
            return _("Triwulan %(n)s %(year)s") % {"n": self.number, "year": self.year}
        if self.kind == SEMESTER:
            return _("Semester %(n)s %(year)s") % {"n": self.number, "year": self.year}
        return _("Tahun %(year)s") % {"year": self.year}

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Return [start, end) as aware datetimes in the project's time zone."""
        tz = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=tz),
        )

    def previous(self) -> "Period":
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, 12 // _MONTHS[self.kind])


def period_parse(key: str) -> Period:
    """Return the period a key names: "2026", "2026-S1" or "2026-Q3"."""
    match = _PATTERN.match((key or "").strip().upper())
    bad = ApplicationError(
        "bad_period",
        _("Periode tidak sah. Contoh: 2026, 2026-S1 atau 2026-Q3."),
    )
    if not match:
        raise bad
    year, letter, number = int(match[1]), match[2], int(match[3] or 1)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise bad
    if letter == "S" and number > 2:
        raise bad
    kind = YEAR if not letter else QUARTER if letter == "Q" else SEMESTER
    return Period(year, kind, number)


def period_containing(day: dt.date, kind: str) -> Period:
    """Return the period of `kind` that holds `day`."""
    return Period(day.year, kind, (day.month - 1) // _MONTHS[kind] + 1)


def periods_until(last: Period, count: int) -> list[Period]:
    """Return `count` consecutive periods ending with `last`, oldest first."""
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def current_period(kind: str = QUARTER) -> Period:
    return period_containing(timezone.localdate(), kind)
