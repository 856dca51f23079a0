"""The rules of events, against the domain tables (regulations.md §4.1, §4.4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jenjang.development.services.ledger import form_by_code
from jenjang.events.models import Event
from jenjang.events.rules import (
    attendance_quantity,
    audience_allows,
    default_form_code,
    event_days,
    has_free_seat,
)
from jenjang.events.services.checkins import attendance_jp
from jenjang.events.tests.factories import make_event
from jenjang.people.models import JobField
from jenjang.people.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    make_unit,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "code", "name"),
    [
        (Event.Kind.SEMINAR, 9, "Seminar"),
        (Event.Kind.CONFERENCE, 9, "Seminar"),
        (Event.Kind.SARASEHAN, 9, "Seminar"),
        (Event.Kind.WEBINAR, 9, "Seminar"),
        (Event.Kind.WORKSHOP, 4, "Workshop"),
    ],
)
def test_kind_maps_to_the_siasn_form_of_the_lan_table(kind, code, name):
    assert default_form_code(kind) == code
    assert form_by_code(code).name == name


def test_audience_everyone_agency_units_and_job_fields(world):
    event = make_event(world, audience=Event.Audience.EVERYONE)
    other_agency = AgencyFactory(code="9999", name="Kota Lain")
    outsider = EmployeeFactory(
        position=PositionFactory(
            org_unit=make_unit("Dinas X", agency=other_agency, code="DX")
        )
    )
    assert audience_allows(event=event, employee=outsider)

    event.audience = Event.Audience.AGENCY
    assert not audience_allows(event=event, employee=outsider)
    assert audience_allows(event=event, employee=world.bpkad_employee)

    event.audience = Event.Audience.UNITS
    event.save()
    event.audience_units.set([world.dinkes])
    # The unit's subtree counts: the puskesmas lies under Dinas Kesehatan.
    assert audience_allows(event=event, employee=world.puskesmas_employee)
    assert audience_allows(event=event, employee=world.employee)
    assert not audience_allows(event=event, employee=world.bpkad_employee)

    health = JobField.objects.create(code="kesehatan", name="Kesehatan")
    world.puskesmas_position.job_field = health
    world.puskesmas_position.save()
    event.audience = Event.Audience.JOB_FIELDS
    event.audience_job_fields.set([health])
    world.puskesmas_employee.refresh_from_db()
    assert audience_allows(event=event, employee=world.puskesmas_employee)
    assert not audience_allows(event=event, employee=world.employee)


def test_inactive_employee_is_never_in_the_audience(world):
    event = make_event(world, audience=Event.Audience.EVERYONE)
    world.employee.is_active = False
    assert not audience_allows(event=event, employee=world.employee)


@pytest.mark.parametrize(
    ("capacity", "taken", "free"),
    [(None, 10_000, True), (2, 1, True), (2, 2, False), (1, 0, True)],
)
def test_free_seat(capacity, taken, free):
    assert has_free_seat(capacity=capacity, taken=taken) is free


def test_event_days_counts_local_calendar_days(world):
    event = make_event(world, hours=2)
    local = timezone.localtime(event.starts_at).replace(hour=8, minute=0)
    event.starts_at = local
    event.ends_at = local + dt.timedelta(days=2, hours=8)
    assert event_days(event) == 3


def test_attendance_jp_follows_the_bps_table_per_day(world):
    # Domain file §4.4: seminar/konferensi/sarasehan 4 JP a day, workshop 5.
    seminar = make_event(world, kind=Event.Kind.SEMINAR, hours=2)
    start = timezone.localtime(seminar.starts_at).replace(hour=8, minute=0)
    seminar.starts_at, seminar.ends_at = start, start + dt.timedelta(days=1, hours=8)
    assert attendance_jp(event=seminar) == Decimal("8.00")
    workshop = make_event(world, kind=Event.Kind.WORKSHOP, hours=2)
    start = timezone.localtime(workshop.starts_at).replace(hour=8, minute=0)
    workshop.starts_at, workshop.ends_at = start, start + dt.timedelta(hours=6)
    assert attendance_jp(event=workshop) == Decimal("5.00")


def test_organiser_jp_overrides_the_table(world):
    event = make_event(world, jp=Decimal("3"))
    assert attendance_jp(event=event) == Decimal("3")


def test_quantity_in_minutes_sums_the_agenda(world):
    event = make_event(world, hours=3)
    assert attendance_quantity(
        event=event, sessions=list(event.sessions.all()), unit="minutes"
    ) == Decimal("180")
    assert attendance_quantity(event=event, sessions=[], unit="occasion") == 1
