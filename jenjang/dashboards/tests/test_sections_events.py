"""Events section: figures equal the raw computation and the events report."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.development.models import LedgerEntry
from jenjang.development.services.ledger import ledger_reverse
from jenjang.development.tests.test_ledger_support import post, seeded  # noqa: F401
from jenjang.events.models import Event, EventFeedback, Registration
from jenjang.events.selectors import report_for
from jenjang.events.services.checkins import SOURCE_TYPE
from jenjang.events.tests.factories import make_event, register
from jenjang.people.models import Employee
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
RS = Registration.Status


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def figures(section) -> dict:
    return {f.key: f.value for f in section.figures}


def generate(world, rng: random.Random, events: int = 10) -> None:
    """Events of three units over 2025–2026, registrations, attendance, JP, ratings."""
    for unit in (world.puskesmas, world.bpkad):
        position = PositionFactory(org_unit=unit)
        for _ in range(3):
            EmployeeFactory(position=position)
    people = list(Employee.objects.all())
    for _ in range(events):
        start = dt.datetime(
            rng.choice([2025, 2026, 2026]),
            rng.randint(1, 11),
            rng.randint(1, 28),
            2,
            tzinfo=dt.UTC,
        )
        event = make_event(
            world,
            starts_in=start - NOW,
            unit=rng.choice([world.dinkes, world.puskesmas, world.bpkad]),
            status=rng.choice(
                [Event.Status.PUBLISHED] * 3
                + [Event.Status.CANCELLED, Event.Status.DRAFT]
            ),
            title=f"Seminar {rng.randint(1, 10**6)}",
        )
        for person in rng.sample(people, k=rng.randint(1, 6)):
            reg = register(
                event, person, rng.choice([RS.REGISTERED] * 4 + [RS.CANCELLED])
            )
            if reg.status == RS.REGISTERED and rng.random() < 0.7:
                Registration.objects.filter(pk=reg.pk).update(attended_at=start)
                if rng.random() < 0.8:
                    post(
                        person,
                        day=timezone.localdate(start),
                        jp=Decimal(rng.choice(["2", "3.5"])),
                        source_type=SOURCE_TYPE,
                        source_id=str(reg.pk),
                    )
                if rng.random() < 0.6:
                    EventFeedback.objects.create(
                        registration=reg,
                        rating=rng.randint(1, 5),
                        usefulness=rng.randint(1, 5),
                    )


def expected_for(unit_path: str, year: int) -> dict:
    events = [
        e
        for e in Event.objects.select_related("organiser_unit")
        if e.organiser_unit.path.startswith(unit_path)
        and timezone.localtime(e.starts_at).year == year
        and e.status not in (Event.Status.CANCELLED, Event.Status.DRAFT)
    ]
    ids = {e.pk for e in events}
    regs = [
        r
        for r in Registration.objects.all()
        if r.event_id in ids and r.status == RS.REGISTERED
    ]
    ratings = [
        f.rating for f in EventFeedback.objects.all() if f.registration.event_id in ids
    ]
    reg_ids = {str(r.pk) for r in regs}
    jp = sum(
        (
            x.jp
            for x in LedgerEntry.objects.filter(source_type=SOURCE_TYPE)
            if x.source_id in reg_ids and x.occurred_on.year == year
        ),
        Decimal("0"),
    )
    attended = sum(1 for r in regs if r.attended_at)
    return {
        "events_held": len(events),
        "registered": len(regs),
        "attended": attended,
        "attendance_rate": round(attended * 100 / len(regs), 1) if regs else 0.0,
        "satisfaction": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "jp": jp,
    }


@pytest.fixture
def data(world):
    generate(world, random.Random(50))
    # One known attendance with JP in the Dinkes subtree, whatever the dice said.
    start = dt.datetime(2026, 4, 2, 2, tzinfo=dt.UTC)
    event = make_event(world, starts_in=start - NOW, unit=world.puskesmas)
    reg = register(event, world.puskesmas_employee)
    Registration.objects.filter(pk=reg.pk).update(attended_at=start)
    post(
        world.puskesmas_employee,
        day=D(2026, 4, 2),
        jp=Decimal("3"),
        source_type=SOURCE_TYPE,
        source_id=str(reg.pk),
    )
    # Another, reversed in the year: the JP delivered is net of reversals (a
    # reversal shares its posting's source; the ledger's index on the source
    # reads both).
    again = make_event(world, starts_in=start - NOW, unit=world.puskesmas)
    reg = register(again, world.puskesmas_employee)
    Registration.objects.filter(pk=reg.pk).update(attended_at=start)
    entry = post(
        world.puskesmas_employee,
        day=D(2026, 4, 2),
        jp=Decimal("5"),
        source_type=SOURCE_TYPE,
        source_id=str(reg.pk),
    )
    ledger_reverse(entry=entry, reason="Kehadiran dibatalkan", by=None)
    return world


def test_figures_equal_the_raw_computation(hr_admin, data):
    section = section_data(
        key="events", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    want = expected_for(data.dinkes.path, 2026)
    assert want["events_held"] > 0
    assert want["jp"] > 0
    assert LedgerEntry.objects.filter(
        source_type=SOURCE_TYPE, kind=LedgerEntry.Kind.REVERSAL
    ).exists()
    assert figures(section) == want


def test_equals_the_events_report(hr_admin, data):
    """Without a unit the per-quarter rows are the events app's own report."""
    section = section_data(
        key="events", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    report = report_for(user=hr_admin, year=2026)
    units = {row[0]: row[1:5] for row in section.tables[0].rows}
    assert units == report["held"]
    quarters = section.tables[1].rows
    assert [r[1] for r in quarters] == report["registered"]
    assert [r[2] for r in quarters] == report["attended"]
    assert [r[4] for r in quarters] == report["satisfaction"]
    assert [float(r[5]) for r in quarters] == report["jp"]


def test_an_hr_admin_of_another_unit_sees_only_their_own(hr_admin_other, data):
    section = section_data(
        key="events", ctx=dashboard_context(user=hr_admin_other, year=2026)
    )
    assert figures(section) == expected_for(data.bpkad.path, 2026)
    assert {row[0] for row in section.tables[0].rows} <= {"BPKAD"}


def test_unit_filter_narrows_to_the_subtree(hr_admin, data):
    ctx = dashboard_context(user=hr_admin, year=2026, unit_id=data.puskesmas.pk)
    section = section_data(key="events", ctx=ctx)
    assert figures(section) == expected_for(data.puskesmas.path, 2026)
    assert {row[0] for row in section.tables[0].rows} <= {"Puskesmas Sukamaju"}


def test_api_returns_the_same_figures(api_for, hr_admin, data):
    response = api_for("hr_admin", auth="token").get("/api/dashboards/events?year=2026")
    assert response.status_code == 200
    body = {f["key"]: f["value"] for f in response.json()["figures"]}
    want = expected_for(data.dinkes.path, 2026)
    assert body == {**want, "jp": float(want["jp"])}


def test_query_count_does_not_grow_with_rows(hr_admin, world):
    generate(world, random.Random(1), events=2)
    ctx = dashboard_context(user=hr_admin, year=2026)
    section_data(key="events", ctx=ctx)
    with CaptureQueriesContext(connection) as few:
        section_data(key="events", ctx=ctx)
    generate(world, random.Random(2), events=8)
    with CaptureQueriesContext(connection) as many:
        section_data(key="events", ctx=ctx)
    assert len(many) == len(few)
