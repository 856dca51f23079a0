"""Aggregate figures of performance for a reader's scope (the leaders' dashboards).

Scoped as `performance.selectors.hr_overview` scopes (`performance.view`,
evaluations whose SKP unit lies in the user's units). The distribution is
that of the latest evaluated period of the year (the annual one once issued,
else the latest periodic one); every unit with a predikat organisasi for that
period is checked against the configured curve with this app's own rule
(`distribution_check`, SE MenPANRB 3/2023; warnings, never blocks).

A period counts as evaluated on time when every approved SKP of its year in
scope has an evaluation issued within `on_time_days()` after the period's
end. PermenPANRB 6/2022 and SE MenPANRB 3/2023 set no deadline for issuing
the periodic or annual evaluation (regulations.md §1.5 and §11 item 2,
UNCERTAIN), and this app has no such rule (its only deadline is the
objection window, `PerformanceYear.objection_window_days`, which runs from
the issue date). So the yardstick is a setting,
JENJANG_EVALUATION_ON_TIME_DAYS (default 30 days).
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.people.models import OrgUnit
from jenjang.performance.models import (
    PREDIKAT_ORDER,
    Evaluation,
    OrgPerformance,
    Period,
    Predikat,
    Skp,
)
from jenjang.performance.permissions import VIEW
from jenjang.performance.services.rules import distribution_check, distribution_rules

DEFAULT_ON_TIME_DAYS = 30
GOOD_PREDIKAT = (Predikat.SANGAT_BAIK, Predikat.BAIK)


def on_time_days() -> int:
    """Days after a period's end within which its evaluations count as on time."""
    value = getattr(settings, "JENJANG_EVALUATION_ON_TIME_DAYS", DEFAULT_ON_TIME_DAYS)
    return max(int(value), 0)


def predikat_choices() -> list[tuple[str, str]]:
    """(value, label) of every predikat, best to worst."""
    return [(p, str(Predikat(p).label)) for p in PREDIKAT_ORDER]


@dataclass(frozen=True)
class CurveCheck:
    unit_name: str
    org_predikat_label: str
    total: int
    ok: bool
    warnings: list[str]


@dataclass(frozen=True)
class Distribution:
    """Counts per predikat of the latest evaluated period (None: nothing yet)."""

    period_key: tuple[str, int] | None
    counts: Counter
    checks: list[CurveCheck]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def good(self) -> int:
        return sum(self.counts[p] for p in GOOD_PREDIKAT)


@dataclass(frozen=True)
class PeriodOnTime:
    label: str
    end: dt.date
    expected: int
    issued: int
    on_time: int

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.on_time >= self.expected


def _scoped(user, unit: OrgUnit | None, qs, prefix: str):
    qs = qs.filter(unit_scope_q(scope_for(user, perm=VIEW), prefix=prefix))
    if unit is not None:
        qs = qs.filter(**{f"{prefix}path__startswith": unit.path})
    return qs


def _latest_key(keys: set[tuple[str, int]]) -> tuple[str, int] | None:
    annual = [k for k in keys if k[0] == Period.Kind.ANNUAL]
    if annual:
        return annual[0]
    return max(keys, key=lambda k: k[1], default=None)


def _distribution(user, unit, year: int, rows: list[tuple]) -> Distribution:
    """The distribution from (period kind, number, unit path, predikat, count) rows."""
    key = _latest_key({(kind, number) for kind, number, _p, _f, _n in rows})
    counts: Counter = Counter()
    by_path: dict[str, Counter] = {}
    for kind, number, path, predikat, n in rows:
        if (kind, number) == key:
            counts[predikat] += n
            by_path.setdefault(path, Counter())[predikat] += n
    checks = [] if key is None else _curve_checks(user, unit, year, key, by_path)
    return Distribution(period_key=key, counts=counts, checks=checks)


def _curve_checks(user, unit, year, key, by_path) -> list[CurveCheck]:
    orgs = list(
        _scoped(
            user,
            unit,
            OrgPerformance.objects.filter(
                period__performance_year__year=year,
                period__kind=key[0],
                period__number=key[1],
            ),
            "org_unit__",
        )
        .select_related("org_unit", "period")
        .order_by("org_unit__path")
    )
    rules = {o.predikat: distribution_rules(o.predikat, on=o.period.end) for o in orgs}
    checks = []
    for org in orgs:
        sub: Counter = Counter()
        for path, c in by_path.items():
            if path.startswith(org.org_unit.path):
                sub.update(c)
        check = distribution_check(
            org.predikat, sub, on=org.period.end, rules=rules[org.predikat]
        )
        checks.append(
            CurveCheck(
                unit_name=org.org_unit.name,
                org_predikat_label=str(org.get_predikat_display()),
                total=check.total,
                ok=check.ok,
                warnings=[w.message for w in check.warnings],
            )
        )
    return checks


def _ended_periods(user, unit, year: int, today: dt.date | None):
    """({performance year id: approved SKPs in scope}, the ended periods of those
    years, in end order)."""
    today = today or timezone.localdate()
    expected = dict(
        _scoped(
            user,
            unit,
            Skp.objects.filter(performance_year__year=year, status=Skp.Status.APPROVED),
            "org_unit__",
        )
        .order_by()
        .values("performance_year_id")
        .annotate(n=Count("pk"))
        .values_list("performance_year_id", "n")
    )
    periods = list(
        Period.objects.filter(performance_year_id__in=list(expected), end__lt=today)
        .select_related("performance_year__agency")
        .order_by("end", "kind", "number", "pk")
    )
    return expected, periods


def _on_time(
    periods: list[Period], expected: dict[int, int], counts: dict[int, tuple[int, int]]
) -> list[PeriodOnTime]:
    """PeriodOnTime rows from {period id: (issued, on time)}."""
    return [
        PeriodOnTime(
            label=f"{period.performance_year.agency.code} {period}",
            end=period.end,
            expected=expected.get(period.performance_year_id, 0),
            issued=counts.get(period.pk, (0, 0))[0],
            on_time=counts.get(period.pk, (0, 0))[1],
        )
        for period in periods
    ]


def performance_figures(
    *, user, year: int, unit: OrgUnit | None = None, today: dt.date | None = None
) -> tuple[Distribution, list[PeriodOnTime]]:
    """The predikat distribution of the year's latest evaluated period and, per
    ended period, the evaluations issued on time; the evaluations read once.

    One grouped query over the evaluations either function reads (not draft,
    in scope; of the year, or of an ended period of the year), each group
    flagged with what tells the two apart: of the year or not, SKP approved
    or not, issued by its period's deadline or not.
    """
    days_allowed = on_time_days()
    expected, periods = _ended_periods(user, unit, year, today)
    deadlines = {p.pk: p.end + dt.timedelta(days=days_allowed) for p in periods}
    flag = {"default": Value(False), "output_field": BooleanField()}
    # Every period's deadline is its end plus the same days, so one column
    # expression, not one WHEN per period (1,920 of them for the nation).
    deadline = ExpressionWrapper(
        F("period__end") + dt.timedelta(days=days_allowed), output_field=DateField()
    )
    on_time = Case(
        When(period_id__in=list(deadlines), issued_day__lte=deadline, then=Value(True)),
        **flag,
    )
    evals = _scoped(
        user,
        unit,
        Evaluation.objects.filter(
            Q(year=year) | Q(period_id__in=list(deadlines))
        ).exclude(status=Evaluation.Status.DRAFT),
        "skp__org_unit__",
    )
    fields = ("period_id", "period__kind", "period__number", "skp__org_unit__path")
    rows = (
        evals.order_by()
        .annotate(
            issued_day=TruncDate("issued_at"),
            of_year=Case(When(year=year, then=Value(True)), **flag),
            approved=Case(
                When(skp__status=Skp.Status.APPROVED, then=Value(True)), **flag
            ),
            on_time=on_time,
        )
        .values(*fields, "final_predikat", "of_year", "approved", "on_time")
        .annotate(n=Count("pk"))
    )
    distribution_rows = []
    counts: dict[int, tuple[int, int]] = {}
    for r in rows:
        n = r["n"]
        if r["of_year"]:
            distribution_rows.append(
                (r[fields[1]], r[fields[2]], r[fields[3]], r["final_predikat"], n)
            )
        if r["approved"] and r["period_id"] in deadlines:
            issued, in_time = counts.get(r["period_id"], (0, 0))
            counts[r["period_id"]] = (issued + n, in_time + (n if r["on_time"] else 0))
    return (
        _distribution(user, unit, year, distribution_rows),
        _on_time(periods, expected, counts),
    )
