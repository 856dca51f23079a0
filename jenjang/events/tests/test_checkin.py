"""Check-in: duplicate and wrong-event scans refused; JP and certificate once."""

import datetime as dt
from decimal import Decimal

import pytest

from jenjang.certificates.models import Certificate
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.development.models import LedgerEntry
from jenjang.events.models import CheckIn, EventSession, Registration
from jenjang.events.rules import event_days
from jenjang.events.services.checkins import (
    SOURCE_TYPE,
    checkin_record,
    normalise_ticket,
)
from jenjang.events.tests.factories import make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world, organiser):
    event = make_event(world, jp=Decimal("4"))
    session = event.sessions.get()
    second = EventSession.objects.create(
        event=event,
        title="Sesi 2",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    reg = register(event, world.employee)
    return event, session, second, reg


def test_first_checkin_posts_jp_and_issues_the_certificate(world, organiser, setup):
    event, session, second, reg = setup
    result = checkin_record(
        event=event, session=session, code=reg.ticket_code, by=organiser
    )
    assert result.first_attendance
    entry = LedgerEntry.objects.get(source_type=SOURCE_TYPE)
    assert entry.source_id == str(reg.pk)
    assert entry.jp == Decimal("4.00")
    assert entry.employee == world.employee
    assert entry.form.siasn_code == 9
    cert = Certificate.objects.get(source_type=SOURCE_TYPE, source_id=str(reg.pk))
    assert cert.jp == Decimal("4.00")
    # A second session's check-in records presence but posts nothing new.
    checkin_record(event=event, session=second, code=reg.ticket_code, by=organiser)
    assert CheckIn.objects.filter(registration=reg).count() == 2
    assert LedgerEntry.objects.filter(source_type=SOURCE_TYPE).count() == 1
    assert Certificate.objects.filter(source_type=SOURCE_TYPE).count() == 1


def test_duplicate_scan_is_refused_with_a_clear_message(world, organiser, setup):
    event, session, _second, reg = setup
    checkin_record(event=event, session=session, code=reg.ticket_code, by=organiser)
    with pytest.raises(ApplicationError) as err:
        checkin_record(event=event, session=session, code=reg.ticket_code, by=organiser)
    assert err.value.code == "already_checked_in"
    assert err.value.message.startswith(
        f"{world.employee.full_name} sudah tercatat hadir di sesi ini pukul "
    )
    assert CheckIn.objects.count() == 1


def test_wrong_event_scan_is_refused(world, organiser, setup):
    event, session, _second, _reg = setup
    other = make_event(world, title="Lokakarya lain")
    foreign = register(other, world.mentor)
    with pytest.raises(ApplicationError) as err:
        checkin_record(
            event=event, session=session, code=foreign.ticket_code, by=organiser
        )
    assert err.value.code == "wrong_event"
    assert err.value.message == (
        "Tiket ini untuk kegiatan lain, bukan untuk kegiatan ini."
    )
    assert not CheckIn.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_unknown_and_inactive_tickets(world, organiser, setup):
    event, session, _second, reg = setup
    with pytest.raises(ApplicationError) as err:
        checkin_record(event=event, session=session, code="XXXX", by=organiser)
    assert err.value.code == "ticket_unknown"
    waiting = register(event, world.mentor, status=Registration.Status.WAITLISTED)
    with pytest.raises(ApplicationError) as err:
        checkin_record(
            event=event, session=session, code=waiting.ticket_code, by=organiser
        )
    assert err.value.code == "ticket_inactive"
    assert not CheckIn.objects.exists()


def test_typed_code_is_forgiving(world, organiser, setup):
    event, session, _second, reg = setup
    typed = reg.ticket_code.lower().replace("-", " ").replace("0", "o")
    assert normalise_ticket(typed) == reg.ticket_code
    assert normalise_ticket(f"https://x/events/t/{reg.ticket_code}/") == reg.ticket_code
    checkin_record(event=event, session=session, code=typed, by=organiser)
    assert CheckIn.objects.filter(registration=reg).count() == 1


def test_only_the_organiser_in_scope_checks_in(world, setup, hr_admin_other):
    event, session, _second, reg = setup
    for user in (world.employee.user, hr_admin_other):
        with pytest.raises(PermissionDenied):
            checkin_record(event=event, session=session, code=reg.ticket_code, by=user)
    assert not CheckIn.objects.exists()


def test_checkin_outside_the_window_is_refused(world, organiser):
    event = make_event(world, starts_in=dt.timedelta(days=2))
    reg = register(event, world.employee)
    with pytest.raises(ApplicationError) as err:
        checkin_record(
            event=event,
            session=event.sessions.get(),
            code=reg.ticket_code,
            by=organiser,
        )
    assert err.value.code == "outside_window"


def test_jp_from_the_conversion_table_when_organiser_leaves_it_blank(world, organiser):
    event = make_event(world, jp=None, hours=3)  # seminar, one day: 4 JP (§4.4)
    reg = register(event, world.employee)
    checkin_record(
        event=event, session=event.sessions.get(), code=reg.ticket_code, by=organiser
    )
    # 4 JP per local calendar day the event spans (late events cross midnight).
    expected = Decimal(4 * event_days(event))
    assert LedgerEntry.objects.get(source_type=SOURCE_TYPE).jp == expected
