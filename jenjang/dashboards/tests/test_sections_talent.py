"""Talent section: the 9-box, pool, candidates, decisions and remedial pipeline."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.people.models import Employee
from jenjang.people.tests.factories import (
    EmployeeFactory,
    PositionFactory,
    UserFactory,
)
from jenjang.talent.models import (
    KeyPosition,
    Level,
    Performance,
    Placement,
    PromotionDecision,
    RemedialPlan,
    SuccessionCandidate,
    SuccessionPlan,
)
from jenjang.talent.tests.factories import review

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
POOL = {7, 8, 9}
RS = RemedialPlan.Status
PD = PromotionDecision


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def figures(section) -> dict:
    return {f.key: f.value for f in section.figures}


def at(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, 10, 3, tzinfo=dt.UTC)


def generate(world, rng: random.Random, extra: int = 4) -> None:
    """Two reviews (2025, 2026) and one of 2027; decisions, plans and candidates."""
    for unit in (world.puskesmas, world.bpkad):
        position = PositionFactory(org_unit=unit)
        for _ in range(extra):
            EmployeeFactory(position=position)
    hr = UserFactory()
    people = list(Employee.objects.all())
    n = rng.randint(1, 10**6)
    for year in (2025, 2026, 2027):
        r = review(world.agency, year=year, name=f"Pemetaan {year} {n}")
        for person in people:
            override = rng.choice([None, None, None, rng.randint(1, 9)])
            confirmed = rng.random() < 0.8
            Placement.objects.create(
                review=r,
                employee=person,
                potential_level=rng.choice(Level.values),
                performance_level=rng.choice(Performance.values),
                computed_box=rng.randint(1, 9),
                override_box=override,
                override_reason="Hasil rapat tim penilai" if override else "",
                confirmed_by=hr if confirmed else None,
                confirmed_at=at(year, 6) if confirmed else None,
            )
    key = KeyPosition.objects.create(position=PositionFactory(org_unit=world.dinkes))
    for year in (2025, 2026):
        plan = SuccessionPlan.objects.create(key_position=key)
        SuccessionPlan.objects.filter(pk=plan.pk).update(created_at=at(year, 7))
        for order, person in enumerate(rng.sample(people, k=4), start=1):
            SuccessionCandidate.objects.create(
                plan=plan,
                employee=person,
                rank_order=order,
                readiness=Decimal("80.0"),
                box=rng.choice(sorted(POOL)),
            )
    for person in people:
        for _ in range(rng.randint(0, 2)):
            PD.objects.create(
                employee=person,
                kind=rng.choice(PD.Kind.values),
                decision=rng.choice(PD.Decision.values),
                reason="Memenuhi syarat",
                decided_at=at(rng.choice([2025, 2026]), rng.randint(1, 11)),
            )
        if rng.random() < 0.7 and not person.remedial_plans.exists():
            status = rng.choice(RS.values)
            RemedialPlan.objects.create(
                employee=person,
                evaluation_year=2025,
                trigger=RemedialPlan.Trigger.PREDIKAT,
                status=status,
                review_on=D(2026, 12, 1),
                outcome_predikat=rng.choice(["baik", "kurang"])
                if status in (RS.IMPROVED, RS.NOT_IMPROVED)
                else "",
                created_at=at(rng.choice([2025, 2026]), 3),
            )


def expected_for(path: str, year: int) -> dict:
    def inside(e) -> bool:
        return e.org_unit.path.startswith(path)

    confirmed = [
        p
        for p in Placement.objects.select_related("review", "employee__org_unit")
        if p.confirmed_at and p.review.year <= year and inside(p.employee)
    ]
    latest = max((p.review for p in confirmed), key=lambda r: (r.year, r.created_at))
    boxes = [p.box for p in confirmed if p.review_id == latest.pk]
    decisions = [
        d
        for d in PD.objects.select_related("employee__org_unit")
        if inside(d.employee) and d.decided_at.year == year
    ]
    plans = [
        p
        for p in RemedialPlan.objects.select_related("employee__org_unit")
        if inside(p.employee) and p.created_at.year == year
    ]
    improved = sum(1 for p in plans if p.status == RS.IMPROVED)
    closed = improved + sum(1 for p in plans if p.status == RS.NOT_IMPROVED)
    pool = sum(1 for b in boxes if b in POOL)
    return {
        "placed": len(boxes),
        "talent_pool": pool,
        "talent_pool_share": round(pool * 100 / len(boxes), 1) if boxes else 0.0,
        "candidates": len(
            {
                c.employee_id
                for c in SuccessionCandidate.objects.select_related(
                    "plan", "employee__org_unit"
                )
                if inside(c.employee) and c.plan.created_at.year == year
            }
        ),
        "decisions": len(decisions),
        "promoted": sum(1 for d in decisions if d.decision == PD.Decision.PROMOTED),
        "remedial_open": sum(
            1 for p in plans if p.status in (RS.OPENED, RS.IN_PROGRESS)
        ),
        "remedial_improved": round(improved * 100 / closed, 1) if closed else 0.0,
        "boxes": {b: boxes.count(b) for b in range(1, 10)},
    }


def check(section, path: str, year: int) -> None:
    want = expected_for(path, year)
    boxes = want.pop("boxes")
    assert figures(section) == want
    assert {row[0]: row[2] for row in section.tables[0].rows} == boxes
    assert section.charts[0].series[0].values == [float(boxes[b]) for b in range(1, 10)]


@pytest.fixture
def data(world):
    generate(world, random.Random(70))
    return world


def test_figures_equal_the_raw_computation(hr_admin, data):
    section = section_data(
        key="talent", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    assert figures(section)["placed"] > 0
    check(section, data.dinkes.path, 2026)


def test_the_latest_review_of_the_year_or_before(hr_admin, data):
    section = section_data(
        key="talent", ctx=dashboard_context(user=hr_admin, year=2025)
    )
    check(section, data.dinkes.path, 2025)
    assert "2025" in section.notes[0]


def test_an_hr_admin_of_another_unit_sees_only_their_own(hr_admin_other, data):
    section = section_data(
        key="talent", ctx=dashboard_context(user=hr_admin_other, year=2026)
    )
    check(section, data.bpkad.path, 2026)
    assert figures(section)["placed"] < expected_for(data.root.path, 2026)["placed"]


def test_leader_and_unit_filter(leader, data):
    ctx = dashboard_context(user=leader, year=2026, unit_id=data.puskesmas.pk)
    check(section_data(key="talent", ctx=ctx), data.puskesmas.path, 2026)


def test_api_returns_the_same_figures(api_for, hr_admin, data):
    response = api_for("hr_admin", auth="token").get("/api/dashboards/talent?year=2026")
    assert response.status_code == 200
    body = {f["key"]: f["value"] for f in response.json()["figures"]}
    want = expected_for(data.dinkes.path, 2026)
    want.pop("boxes")
    assert body == want


def test_query_count_does_not_grow_with_rows(hr_admin, world):
    generate(world, random.Random(1), extra=1)
    ctx = dashboard_context(user=hr_admin, year=2026)
    section_data(key="talent", ctx=ctx)
    with CaptureQueriesContext(connection) as few:
        section_data(key="talent", ctx=ctx)
    generate(world, random.Random(2), extra=5)
    with CaptureQueriesContext(connection) as many:
        section_data(key="talent", ctx=ctx)
    assert len(many) == len(few)
