"""Performance years and their evaluation periods."""

import calendar
import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.people.models import Agency
from jenjang.performance.models import PerformanceYear, Period

# Months per periodic evaluation for each rhythm (PermenPANRB 6/2022 leaves
# the frequency to the instansi; domain 1.5, UNCERTAIN).
RHYTHM_MONTHS = {
    PerformanceYear.Rhythm.MONTHLY: 1,
    PerformanceYear.Rhythm.QUARTERLY: 3,
    PerformanceYear.Rhythm.SEMESTER: 6,
}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(year: int, rhythm: str) -> list[tuple[dt.date, dt.date]]:
    """Return the (start, end) of each periodic evaluation of a year."""
    step = RHYTHM_MONTHS[PerformanceYear.Rhythm(rhythm)]
    return [
        (dt.date(year, m, 1), _month_end(year, m + step - 1))
        for m in range(1, 13, step)
    ]


@transaction.atomic
def performance_year_ensure(
    *, agency: Agency, year: int, rhythm: str | None = None
) -> PerformanceYear:
    """Return the agency's performance year, creating it and its periods if new."""
    if not 2000 <= int(year) <= 2100:
        raise ApplicationError("invalid_year", _("Tahun tidak sah."))
    defaults = {"rhythm": rhythm} if rhythm else {}
    py, created = PerformanceYear.objects.get_or_create(
        agency=agency, year=year, defaults=defaults
    )
    if created or not py.periods.exists():
        _make_periods(py)
    return py


def _make_periods(py: PerformanceYear) -> None:
    rows = [
        Period(
            performance_year=py,
            kind=Period.Kind.PERIODIC,
            number=i,
            start=start,
            end=end,
        )
        for i, (start, end) in enumerate(period_bounds(py.year, py.rhythm), start=1)
    ]
    rows.append(
        Period(
            performance_year=py,
            kind=Period.Kind.ANNUAL,
            number=1,
            start=dt.date(py.year, 1, 1),
            end=dt.date(py.year, 12, 31),
        )
    )
    Period.objects.bulk_create(rows)


@transaction.atomic
def performance_year_set_rhythm(
    *, performance_year: PerformanceYear, rhythm: str
) -> PerformanceYear:
    """Change the rhythm while no periodic evaluation exists yet."""
    from jenjang.performance.models import Evaluation, Realisation

    if rhythm not in PerformanceYear.Rhythm.values:
        raise ApplicationError("invalid_rhythm", _("Ritme evaluasi tidak dikenal."))
    if (
        Evaluation.objects.filter(
            period__performance_year=performance_year, is_annual=False
        ).exists()
        or Realisation.objects.filter(
            period__performance_year=performance_year
        ).exists()
    ):
        raise ApplicationError(
            "rhythm_locked",
            _("Ritme tidak dapat diubah setelah ada realisasi atau evaluasi periodik."),
        )
    performance_year.rhythm = rhythm
    performance_year.save(update_fields=["rhythm"])
    performance_year.periods.filter(kind=Period.Kind.PERIODIC).delete()
    periodic = [
        Period(
            performance_year=performance_year,
            kind=Period.Kind.PERIODIC,
            number=i,
            start=s,
            end=e,
        )
        for i, (s, e) in enumerate(period_bounds(performance_year.year, rhythm), 1)
    ]
    Period.objects.bulk_create(periodic)
    return performance_year
