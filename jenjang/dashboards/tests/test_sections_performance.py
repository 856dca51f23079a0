"""Performance section: predikat distribution, the curve, periods evaluated on time."""

import datetime as dt
import random
from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.development.tests.test_ledger_support import seeded  # noqa: F401
from jenjang.people.models import Employee, OrgUnit
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory
from jenjang.performance.aggregates import DEFAULT_ON_TIME_DAYS as ON_TIME_DAYS
from jenjang.performance.aggregates import (
    Distribution,
    PeriodOnTime,
    _distribution,
    _ended_periods,
    _on_time,
    _scoped,
    on_time_days,
    performance_figures,
)
from jenjang.performance.models import (
    PREDIKAT_ORDER,
    Evaluation,
    OrgPerformance,
    OrgPredikat,
    Period,
    Predikat,
    Skp,
)
from jenjang.performance.services.rules import distribution_check
from jenjang.performance.tests.factories import RATINGS_FOR, make_rating, make_skp

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)

# The two reads performance_figures replaced, kept as its reference: the
# distribution and the on-time figures each from its own query.


def predikat_distribution(
    *, user, year: int, unit: OrgUnit | None = None
) -> Distribution:
    """Counts per predikat of the latest evaluated period, and per unit vs the curve."""
    evals = _scoped(
        user,
        unit,
        Evaluation.objects.filter(year=year).exclude(status=Evaluation.Status.DRAFT),
        "skp__org_unit__",
    )
    fields = ("period__kind", "period__number", "skp__org_unit__path")
    rows = [
        (r[fields[0]], r[fields[1]], r[fields[2]], r["final_predikat"], r["n"])
        for r in evals.order_by()
        .values(*fields, "final_predikat")
        .annotate(n=Count("pk"))
    ]
    return _distribution(user, unit, year, rows)


def evaluations_on_time(
    *, user, year: int, unit: OrgUnit | None = None, today: dt.date | None = None
) -> list[PeriodOnTime]:
    """Per ended period of the year: approved SKPs, evaluations issued, on time."""
    days_allowed = on_time_days()
    expected, periods = _ended_periods(user, unit, year, today)
    issued: dict[int, list[tuple[dt.date, int]]] = {}
    for period_id, day, n in (
        _scoped(
            user,
            unit,
            Evaluation.objects.filter(
                period__in=periods, skp__status=Skp.Status.APPROVED
            ).exclude(status=Evaluation.Status.DRAFT),
            "skp__org_unit__",
        )
        .order_by()
        .annotate(day=TruncDate("issued_at"))
        .values_list("period_id", "day")
        .annotate(n=Count("pk"))
    ):
        issued.setdefault(period_id, []).append((day, n))
    counts = {}
    for period in periods:
        deadline = period.end + dt.timedelta(days=days_allowed)
        days = issued.get(period.pk, [])
        counts[period.pk] = (
            sum(n for _d, n in days),
            sum(n for d, n in days if d is not None and d <= deadline),
        )
    return _on_time(periods, expected, counts)


TODAY = NOW.date()
ES = Evaluation.Status


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def figures(section) -> dict:
    return {f.key: f.value for f in section.figures}


def generate(world, rng: random.Random, extra: int = 3) -> None:
    """SKPs for 2026 with quarterly evaluations issued early, late or not at all."""
    for unit in (world.puskesmas, world.bpkad):
        position = PositionFactory(org_unit=unit)
        for _ in range(extra):
            EmployeeFactory(position=position)
    for person in Employee.objects.filter(skps__isnull=True):
        make_skp(person, 2026)
        for number in (1, 2, 3):
            if rng.random() < 0.15:
                continue  # never evaluated
            evaluation = make_rating(
                person,
                2026,
                rng.choice(list(RATINGS_FOR)),
                annual=False,
                period_number=number,
                status=rng.choice([ES.ACKNOWLEDGED] * 4 + [ES.ISSUED, ES.DRAFT]),
            )
            end = evaluation.period.end
            day = end + dt.timedelta(days=rng.choice([3, 20, ON_TIME_DAYS, 45]))
            Evaluation.objects.filter(pk=evaluation.pk).update(
                issued_at=dt.datetime.combine(day, dt.time(3), tzinfo=dt.UTC)
            )


def in_scope(path: str):
    return [
        e
        for e in Evaluation.objects.select_related("skp__org_unit", "period")
        if e.skp.org_unit.path.startswith(path) and e.status != ES.DRAFT
    ]


def expected_distribution(path: str, year: int) -> tuple[tuple, Counter]:
    evals = [e for e in in_scope(path) if e.year == year]
    annual = [e for e in evals if e.period.kind == Period.Kind.ANNUAL]
    if annual:
        chosen = annual
        key = (Period.Kind.ANNUAL, 1)
    else:
        number = max(e.period.number for e in evals)
        chosen = [e for e in evals if e.period.number == number]
        key = (Period.Kind.PERIODIC, number)
    return key, Counter(e.final_predikat for e in chosen)


def expected_periods(path: str, year: int) -> list[tuple[int, int, int]]:
    """(expected, issued, on time) per ended period of the year, in end order."""
    skps = [
        s
        for s in Skp.objects.select_related("org_unit")
        if s.org_unit.path.startswith(path)
        and s.status == Skp.Status.APPROVED
        and s.performance_year.year == year
    ]
    years = {s.performance_year_id for s in skps}
    periods = sorted(
        (
            p
            for p in Period.objects.filter(performance_year_id__in=years)
            if p.end < TODAY
        ),
        key=lambda p: (p.end, p.kind, p.number, p.pk),
    )
    rows = []
    for p in periods:
        evals = [e for e in in_scope(path) if e.period_id == p.pk]
        deadline = p.end + dt.timedelta(days=ON_TIME_DAYS)
        on_time = [e for e in evals if timezone.localdate(e.issued_at) <= deadline]
        due = sum(1 for s in skps if s.performance_year_id == p.performance_year_id)
        rows.append((due, len(evals), len(on_time)))
    return rows


@pytest.fixture
def data(world):
    generate(world, random.Random(60))
    return world


def check(section, path: str, year: int) -> None:
    got = figures(section)
    _key, counts = expected_distribution(path, year)
    total = sum(counts.values())
    assert got["evaluated"] == total > 0
    good = counts[Predikat.SANGAT_BAIK] + counts[Predikat.BAIK]
    assert got["share_good"] == round(good * 100 / total, 1)
    assert [row[1] for row in section.tables[0].rows] == [
        counts[p] for p in PREDIKAT_ORDER
    ]
    periods = expected_periods(path, year)
    assert got["periods_ended"] == len(periods) == 3
    assert got["periods_on_time"] == sum(1 for d, _i, t in periods if d and t >= d)
    assert [row[2:5] for row in section.tables[2].rows] == [list(p) for p in periods]
    due = sum(d for d, _i, _t in periods)
    assert got["evaluations_on_time"] == round(
        sum(t for _d, _i, t in periods) * 100 / due, 1
    )


def test_figures_equal_the_raw_computation(hr_admin, data):
    section = section_data(
        key="performance", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    check(section, data.dinkes.path, 2026)


def reads_of_evaluations(captured) -> int:
    return sum(
        'FROM "performance_evaluation"' in q["sql"] for q in captured.captured_queries
    )


@pytest.mark.parametrize("year", [2026, 2025])
def test_one_read_equals_the_two_figures(hr_admin, hr_admin_other, data, year):
    # A draft-SKP evaluation and an annual one: told apart by the flags.
    make_rating(data.employee, 2026, Predikat.SANGAT_BAIK)
    Skp.objects.filter(employee=data.mentor).update(status=Skp.Status.DRAFT)
    reads = set()  # the two functions: 2, or 1 when no period has ended
    for user in (hr_admin, hr_admin_other):
        for unit in (None, data.puskesmas):
            kw = {"user": user, "year": year, "unit": unit, "today": TODAY}
            with CaptureQueriesContext(connection) as one:
                got = performance_figures(**kw)
            with CaptureQueriesContext(connection) as two:
                want = (
                    predikat_distribution(
                        **{k: v for k, v in kw.items() if k != "today"}
                    ),
                    evaluations_on_time(**kw),
                )
            assert got == want
            assert reads_of_evaluations(one) == 1
            reads.add(reads_of_evaluations(two))
    assert max(reads) == (2 if year == 2026 else 1)
    dist, periods = performance_figures(user=hr_admin, year=2026, today=TODAY)
    assert dist.total > 0
    assert [p.on_time for p in periods] != [0] * len(periods)


def test_annual_evaluations_win_over_periodic_ones(hr_admin, data):
    make_rating(data.employee, 2026, Predikat.SANGAT_BAIK)
    make_rating(data.mentor, 2026, Predikat.BUTUH_PERBAIKAN)
    got = figures(
        section_data(key="performance", ctx=dashboard_context(user=hr_admin, year=2026))
    )
    assert got["evaluated"] == 2
    assert got["share_good"] == 50.0


def test_every_period_on_time_counts(hr_admin, world):
    for person in (world.employee, world.mentor):
        make_skp(person, 2026)
        for number in (1, 2, 3):
            make_rating(person, 2026, Predikat.BAIK, annual=False, period_number=number)
    Evaluation.objects.filter(period__number=2).update(
        issued_at=dt.datetime(2026, 7, 1, 3, tzinfo=dt.UTC)
    )  # Q2 ends 30 June: on time
    Evaluation.objects.filter(period__number__in=(1, 3)).update(
        issued_at=dt.datetime(2026, 11, 1, 3, tzinfo=dt.UTC)
    )  # Q1 and Q3: late
    got = figures(
        section_data(key="performance", ctx=dashboard_context(user=hr_admin, year=2026))
    )
    assert got["periods_ended"] == 3
    assert got["periods_on_time"] == 1
    assert got["evaluations_on_time"] == round(2 * 100 / 6, 1)


def test_units_are_checked_against_the_curve(hr_admin, data):
    period = Period.objects.get(
        performance_year__agency=data.agency,
        performance_year__year=2026,
        kind=Period.Kind.PERIODIC,
        number=3,
    )
    OrgPerformance.objects.create(
        org_unit=data.dinkes, period=period, predikat=OrgPredikat.BAIK
    )
    OrgPerformance.objects.create(
        org_unit=data.bpkad, period=period, predikat=OrgPredikat.BAIK
    )
    section = section_data(
        key="performance", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    rows = section.tables[1].rows
    assert [r[0] for r in rows] == ["Dinas Kesehatan"]  # BPKAD is out of scope
    _key, counts = expected_distribution(data.dinkes.path, 2026)
    check_ = distribution_check(OrgPredikat.BAIK, counts, on=period.end)
    assert rows[0][2] == sum(counts.values())
    assert rows[0][3] == ("Ya" if check_.ok else "Tidak")
    assert rows[0][4] == " ".join(w.message for w in check_.warnings)
    assert figures(section)["curve_warnings"] == (0 if check_.ok else 1)


def test_an_hr_admin_of_another_unit_sees_only_their_own(hr_admin_other, data):
    section = section_data(
        key="performance", ctx=dashboard_context(user=hr_admin_other, year=2026)
    )
    check(section, data.bpkad.path, 2026)
    _k, everyone = expected_distribution(data.root.path, 2026)
    assert figures(section)["evaluated"] < sum(everyone.values())


def test_unit_filter_narrows_to_the_subtree(hr_admin, data):
    ctx = dashboard_context(user=hr_admin, year=2026, unit_id=data.puskesmas.pk)
    check(section_data(key="performance", ctx=ctx), data.puskesmas.path, 2026)


def test_api_returns_the_same_figures(api_for, hr_admin, data):
    response = api_for("hr_admin", auth="token").get(
        "/api/dashboards/performance?year=2026"
    )
    assert response.status_code == 200
    body = {f["key"]: f["value"] for f in response.json()["figures"]}
    assert body == figures(
        section_data(key="performance", ctx=dashboard_context(user=hr_admin, year=2026))
    )
    assert body["evaluated"] == sum(
        expected_distribution(data.dinkes.path, 2026)[1].values()
    )


def test_query_count_does_not_grow_with_rows(hr_admin, world):
    generate(world, random.Random(1), extra=1)
    ctx = dashboard_context(user=hr_admin, year=2026)
    section_data(key="performance", ctx=ctx)
    with CaptureQueriesContext(connection) as few:
        section_data(key="performance", ctx=ctx)
    generate(world, random.Random(2), extra=4)
    with CaptureQueriesContext(connection) as many:
        section_data(key="performance", ctx=ctx)
    assert len(many) == len(few)
