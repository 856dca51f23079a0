"""Aggregate figures of the public satisfaction survey for the leaders' dashboards."""

import datetime as dt

from jenjang.surveys.services.periods import QUARTER, Period


def quarters_begun(*, year: int, today: dt.date) -> list[Period]:
    """The quarters of `year` that have begun by `today` (IKM is read per quarter)."""
    return [
        Period(year, QUARTER, n)
        for n in range(1, 5)
        if Period(year, QUARTER, n).start <= today
    ]
