"""Registration: audience, capacity and waitlist, approval, cancellation."""

import pytest

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events.models import Event, Registration
from jenjang.events.services.registrations import (
    registration_cancel,
    registration_create,
    registration_decide,
)
from jenjang.events.tests.factories import make_event
from jenjang.notifications.models import Notification
from jenjang.people.tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


def test_outside_the_audience_is_refused_and_nothing_written(world):
    event = make_event(world, audience=Event.Audience.UNITS)
    event.audience_units.set([world.puskesmas])
    with pytest.raises(ApplicationError) as err:
        registration_create(
            event=event, employee=world.employee, by=world.employee.user
        )
    assert err.value.code == "not_in_audience"
    assert err.value.message == (
        "Kegiatan ini tidak terbuka untuk unit atau jabatan Anda."
    )
    assert not Registration.objects.exists()


def test_capacity_then_waitlist_then_promotion_on_cancel(world):
    event = make_event(world, capacity=2)
    a = registration_create(event=event, employee=world.employee, by=None)
    b = registration_create(event=event, employee=world.mentor, by=None)
    c = registration_create(event=event, employee=world.puskesmas_employee, by=None)
    d = registration_create(event=event, employee=world.bpkad_employee, by=None)
    assert [a.status, b.status, c.status, d.status] == [
        S.REGISTERED,
        S.REGISTERED,
        S.WAITLISTED,
        S.WAITLISTED,
    ]
    registration_cancel(registration=a, by=world.employee.user)
    a.refresh_from_db()
    c.refresh_from_db()
    d.refresh_from_db()
    assert a.status == S.CANCELLED
    assert c.status == S.REGISTERED  # first in the queue
    assert d.status == S.WAITLISTED
    assert Registration.objects.filter(event=event, status=S.REGISTERED).count() == 2


def test_cancelling_a_waitlisted_registration_promotes_nobody(world):
    event = make_event(world, capacity=1)
    registration_create(event=event, employee=world.employee, by=None)
    waiting = registration_create(event=event, employee=world.mentor, by=None)
    third = registration_create(event=event, employee=world.bpkad_employee, by=None)
    registration_cancel(registration=waiting, by=world.mentor.user)
    third.refresh_from_db()
    assert third.status == S.WAITLISTED


def test_registering_twice_is_refused(world):
    event = make_event(world)
    registration_create(event=event, employee=world.employee, by=None)
    with pytest.raises(ApplicationError) as err:
        registration_create(event=event, employee=world.employee, by=None)
    assert err.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_register_again_after_cancel_gets_a_new_ticket_at_the_end_of_the_queue(world):
    event = make_event(world, capacity=1)
    first = registration_create(event=event, employee=world.employee, by=None)
    old_code = first.ticket_code
    registration_cancel(registration=first, by=world.employee.user)
    registration_create(event=event, employee=world.mentor, by=None)
    again = registration_create(event=event, employee=world.employee, by=None)
    assert again.pk == first.pk
    assert again.ticket_code != old_code
    assert again.status == S.WAITLISTED


def test_closed_or_draft_event_refuses(world):
    event = make_event(world, status=Event.Status.DRAFT)
    with pytest.raises(ApplicationError) as err:
        registration_create(event=event, employee=world.employee, by=None)
    assert err.value.code == "registration_closed"


def test_someone_else_cannot_cancel(world):
    event = make_event(world)
    reg = registration_create(event=event, employee=world.employee, by=None)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=reg, by=world.mentor.user)
    reg.refresh_from_db()
    assert reg.status == S.REGISTERED


def test_supervisor_approval_flow(world):
    event = make_event(world, capacity=1, requires_approval=True)
    reg = registration_create(event=event, employee=world.employee, by=None)
    assert reg.status == S.PENDING_APPROVAL
    assert reg.approver == world.supervisor
    assert Notification.objects.filter(user=world.supervisor.user).count() == 1
    # Only the direct supervisor decides.
    with pytest.raises(PermissionDenied):
        registration_decide(registration=reg, approve=True, by=world.mentor.user)
    reg = registration_decide(registration=reg, approve=True, by=world.supervisor.user)
    assert reg.status == S.REGISTERED
    # The second approved registration finds the seat taken: waitlist.
    other = registration_create(event=event, employee=world.mentor, by=None)
    other = registration_decide(
        registration=other, approve=True, by=world.supervisor.user
    )
    assert other.status == S.WAITLISTED


def test_rejection_needs_a_reason(world):
    event = make_event(world, requires_approval=True)
    reg = registration_create(event=event, employee=world.employee, by=None)
    with pytest.raises(ApplicationError) as err:
        registration_decide(registration=reg, approve=False, by=world.supervisor.user)
    assert err.value.code == "reason_required"
    reg = registration_decide(
        registration=reg,
        approve=False,
        note="Jadwal pelayanan",
        by=world.supervisor.user,
    )
    assert reg.status == S.REJECTED
    assert reg.decision_note == "Jadwal pelayanan"


def test_no_seat_is_oversold_across_many_registrants(world):
    event = make_event(world, capacity=3, audience=Event.Audience.EVERYONE)
    people = [
        EmployeeFactory(position=world.staff_position, user=UserFactory())
        for _ in range(6)
    ]
    for person in people:
        registration_create(event=event, employee=person, by=None)
    assert Registration.objects.filter(event=event, status=S.REGISTERED).count() == 3
    assert Registration.objects.filter(event=event, status=S.WAITLISTED).count() == 3
