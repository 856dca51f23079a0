"""Builders for events tests: events in the `world` of the root conftest."""

import datetime as dt

from django.utils import timezone

from jenjang.accounts.models import Role, RoleGrant
from jenjang.development.services.ledger import form_by_code
from jenjang.events.models import Event, EventSession, Registration
from jenjang.people.tests.factories import UserFactory


def organiser_for(unit, username="penyelenggara"):
    user = UserFactory(username=username)
    RoleGrant.objects.create(user=user, role=Role.ORGANISER, org_unit=unit)
    return user


def make_event(
    world,
    *,
    kind=Event.Kind.SEMINAR,
    starts_in=dt.timedelta(minutes=30),
    hours=3,
    capacity=None,
    audience=Event.Audience.AGENCY,
    requires_approval=False,
    is_public=False,
    jp=None,
    title="Seminar Pelayanan Publik",
    unit=None,
    status=Event.Status.PUBLISHED,
) -> Event:
    """An event with its one whole-event session, starting `starts_in` from now."""
    start = timezone.now() + starts_in
    unit = unit or world.dinkes
    event = Event.objects.create(
        agency=world.agency,
        organiser_unit=unit,
        kind=kind,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        venue="Aula Dinas Kesehatan",
        capacity=capacity,
        audience=audience,
        development_form=form_by_code(4 if kind == Event.Kind.WORKSHOP else 9),
        jp=jp,
        requires_approval=requires_approval,
        is_public=is_public,
        status=status,
    )
    EventSession.objects.create(
        event=event,
        title="Sesi utama",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    return event


def register(event, employee, status=Registration.Status.REGISTERED) -> Registration:
    return Registration.objects.create(event=event, employee=employee, status=status)
