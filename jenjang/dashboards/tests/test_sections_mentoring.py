"""Mentoring section: figures equal the raw computation; scope and unit filter hold."""

import datetime as dt
import itertools
import random

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.mentoring.models import Goal, Relationship, Session
from jenjang.people.models import Employee
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
QUIET_WEEKS = 4
R = Relationship.Status


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.JENJANG_MENTORING_QUIET_WEEKS = QUIET_WEEKS
    with time_machine.travel(NOW, tick=False):
        yield


def figures(section) -> dict:
    return {f.key: f.value for f in section.figures}


def random_day(rng: random.Random) -> dt.date:
    return D(2025, 6, 1) + dt.timedelta(
        days=rng.randint(0, (TODAY - D(2025, 6, 1)).days)
    )


def generate(world, rng: random.Random, pairs: int = 14) -> None:
    """Coaching pairs over the agency; sessions and goals in 2025 and 2026."""
    for unit in (world.puskesmas, world.bpkad):
        position = PositionFactory(org_unit=unit)
        for _ in range(3):
            EmployeeFactory(position=position)
    people = list(Employee.objects.all())
    taken = set(Relationship.objects.values_list("mentor_id", "mentee_id"))
    combos = [
        (a, b)
        for a, b in itertools.permutations(people, 2)
        if (a.pk, b.pk) not in taken
    ]
    for mentor, mentee in rng.sample(combos, k=pairs):
        status = rng.choice([R.ACTIVE, R.ACTIVE, R.ACTIVE, R.CLOSED, R.PROPOSED])
        started = None if status == R.PROPOSED else random_day(rng)
        rel = Relationship.objects.create(
            kind=Relationship.Kind.COACHING,
            mentor=mentor,
            mentee=mentee,
            status=status,
            started_on=started,
        )
        held = []
        for _ in range(rng.randint(0, 4) if started else 0):
            day = started + dt.timedelta(days=rng.randint(0, (TODAY - started).days))
            st = rng.choice([Session.Status.HELD] * 3 + [Session.Status.CANCELLED])
            Session.objects.create(
                relationship=rel,
                held_on=day,
                duration_minutes=60,
                topics="Perencanaan kinerja",
                status=st,
            )
            if st == Session.Status.HELD:
                held.append(day)
        Relationship.objects.filter(pk=rel.pk).update(
            last_session_on=max(held) if held else None
        )
        for _ in range(rng.randint(0, 3)):
            Goal.objects.create(
                relationship=rel,
                title="Menyusun SKP",
                measure="SKP disetujui",
                due_on=rng.choice([D(2025, 12, 1), D(2026, 3, 1), D(2026, 9, 1)]),
                status=rng.choice(Goal.Status.values),
            )


def expected_for(unit_path: str, year: int) -> dict:
    rels = [
        r
        for r in Relationship.objects.select_related("mentee__org_unit")
        if r.mentee.org_unit.path.startswith(unit_path)
    ]
    since = TODAY - dt.timedelta(weeks=QUIET_WEEKS)
    active = [r for r in rels if r.status == R.ACTIVE]
    ids = {r.pk for r in rels}
    sessions = [
        s
        for s in Session.objects.all()
        if s.relationship_id in ids
        and s.status == Session.Status.HELD
        and s.held_on.year == year
    ]
    goals = [
        g
        for g in Goal.objects.all()
        if g.relationship_id in ids and g.due_on.year == year
    ]
    achieved = sum(1 for g in goals if g.status == Goal.Status.ACHIEVED)
    return {
        "active_pairs": len(active),
        "started_pairs": sum(
            1 for r in rels if r.started_on and r.started_on.year == year
        ),
        "sessions": len(sessions),
        "goals": len(goals),
        "goal_completion": round(achieved * 100 / len(goals), 1) if goals else 0.0,
        "quiet_pairs": sum(
            1
            for r in active
            if (r.last_session_on and r.last_session_on < since)
            or (r.last_session_on is None and r.started_on < since)
        ),
    }


@pytest.fixture
def data(world):
    generate(world, random.Random(40))
    return world


def test_figures_equal_the_raw_computation(hr_admin, data):
    got = figures(
        section_data(key="mentoring", ctx=dashboard_context(user=hr_admin, year=2026))
    )
    want = expected_for(data.dinkes.path, 2026)
    assert want["active_pairs"] > 0
    assert want["sessions"] > 0
    assert got == {k: want[k] for k in got}


def test_leader_sees_the_same_as_hr_of_the_same_unit(leader, hr_admin, data):
    ctx = dashboard_context(user=leader, year=2026)
    assert figures(section_data(key="mentoring", ctx=ctx)) == expected_for(
        data.dinkes.path, 2026
    )


def test_an_hr_admin_of_another_unit_sees_only_their_own(hr_admin_other, data):
    got = figures(
        section_data(
            key="mentoring", ctx=dashboard_context(user=hr_admin_other, year=2026)
        )
    )
    want = expected_for(data.bpkad.path, 2026)
    assert got == want
    assert got != expected_for(data.root.path, 2026)


def test_unit_filter_and_past_year(hr_admin, data):
    ctx = dashboard_context(user=hr_admin, year=2025, unit_id=data.puskesmas.pk)
    got = figures(section_data(key="mentoring", ctx=ctx))
    assert got == expected_for(data.puskesmas.path, 2025)


def test_api_returns_the_same_figures(api_for, hr_admin, data):
    response = api_for("hr_admin", auth="token").get(
        "/api/dashboards/mentoring?year=2026"
    )
    assert response.status_code == 200
    body = {f["key"]: f["value"] for f in response.json()["figures"]}
    assert body == expected_for(data.dinkes.path, 2026)


def test_query_count_does_not_grow_with_rows(hr_admin, world):
    generate(world, random.Random(1), pairs=2)
    ctx = dashboard_context(user=hr_admin, year=2026)
    section_data(key="mentoring", ctx=ctx)
    with CaptureQueriesContext(connection) as few:
        section_data(key="mentoring", ctx=ctx)
    generate(world, random.Random(2), pairs=20)
    with CaptureQueriesContext(connection) as many:
        section_data(key="mentoring", ctx=ctx)
    assert len(many) == len(few)
