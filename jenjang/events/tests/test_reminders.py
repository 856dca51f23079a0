"""Reminders: in-app and e-mail, each sent once."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from jenjang.events.models import ReminderSent
from jenjang.events.tasks import send_event_reminders
from jenjang.events.tests.factories import make_event, register
from jenjang.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_day_before_and_hour_before_each_once(world):
    world.employee.email = "budi@example.go.id"
    world.employee.save()
    soon = make_event(world, starts_in=dt.timedelta(minutes=50))
    tomorrow = make_event(world, starts_in=dt.timedelta(hours=20), title="Besok")
    later = make_event(world, starts_in=dt.timedelta(days=3), title="Nanti")
    for event in (soon, tomorrow, later):
        register(event, world.employee)

    result = send_event_reminders.enqueue()
    # soon: day-before and hour-before; tomorrow: day-before; later: nothing.
    assert result.return_value == {"sent": 3, "emailed": 3}
    assert ReminderSent.objects.count() == 3
    assert Notification.objects.filter(user=world.employee.user).count() == 3
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == ["budi@example.go.id"]

    again = send_event_reminders.enqueue()
    assert again.return_value == {"sent": 0, "emailed": 0}
    assert len(mail.outbox) == 3

    # Two days on, the third event is within a day: only its day-before goes.
    in_two_days = (timezone.now() + dt.timedelta(days=2, hours=1)).isoformat()
    assert send_event_reminders.enqueue(now=in_two_days).return_value["sent"] == 1
    assert ReminderSent.objects.filter(registration__event=later).count() == 1


def test_the_command_sends_each_reminder_once(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    world.employee.email = "budi@example.go.id"
    world.employee.save()
    register(make_event(world, starts_in=dt.timedelta(minutes=50)), world.employee)
    out = StringIO()
    call_command("events_send_reminders", stdout=out)
    assert out.getvalue().strip() == "2 pengingat dikirim, 2 lewat e-mail."
    again = StringIO()
    call_command("events_send_reminders", stdout=again)
    assert again.getvalue().strip() == "0 pengingat dikirim, 0 lewat e-mail."
    assert ReminderSent.objects.count() == 2
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="--now harus berformat ISO"):
        call_command("events_send_reminders", now="besok")
    assert ReminderSent.objects.count() == 2
