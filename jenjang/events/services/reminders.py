"""Reminders before an event, in-app and by e-mail, each sent once.

Run by the `send_event_reminders` task (cron every 15 minutes): the day
before (within 24 hours of the start) and one hour before. ReminderSent's
unique (registration, kind) makes a second run send nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jenjang.events.models import Event, Registration, ReminderSent
from jenjang.events.services.notify import email, notify

WINDOWS = (
    (ReminderSent.Kind.DAY_BEFORE, dt.timedelta(hours=24)),
    (ReminderSent.Kind.HOUR_BEFORE, dt.timedelta(hours=1)),
)


@dataclass
class ReminderRun:
    sent: int = 0
    emailed: int = 0


def reminders_send(*, now: dt.datetime | None = None) -> ReminderRun:
    """Send every reminder due now that was not sent before."""
    now = now or timezone.now()
    run = ReminderRun()
    for kind, ahead in WINDOWS:
        due = (
            Registration.objects.filter(
                status=Registration.Status.REGISTERED,
                event__status=Event.Status.PUBLISHED,
                event__starts_at__gt=now,
                event__starts_at__lte=now + ahead,
            )
            .exclude(reminders__kind=kind)
            .select_related("event", "employee__user")
        )
        for reg in due.iterator(chunk_size=500):
            if _send_one(reg, kind):
                run.sent += 1
                run.emailed += int(_email_one(reg, kind))
    return run


def _send_one(reg: Registration, kind: str) -> bool:
    event = reg.event
    when = formats.date_format(timezone.localtime(event.starts_at), "j F Y H:i")
    try:
        with transaction.atomic():
            ReminderSent.objects.create(registration=reg, kind=kind)
            notify(
                user=reg.employee.user,
                key=f"events.reminder:{reg.pk}:{kind}",
                title=_("Pengingat: %(title)s") % {"title": event.title},
                body=_("Mulai %(when)s di %(where)s.")
                % {"when": when, "where": event.venue or event.online_url},
                url=reverse("events:ticket", args=[reg.pk]),
            )
    except IntegrityError:  # another worker sent it
        return False
    return True


def _email_one(reg: Registration, kind: str) -> bool:
    event = reg.event
    address = reg.employee.email or getattr(reg.employee.user, "email", "")
    when = formats.date_format(timezone.localtime(event.starts_at), "j F Y H:i")
    sent = email(
        to=address,
        subject=_("Pengingat kegiatan: %(title)s") % {"title": event.title},
        body=_(
            "Yth. %(name)s,\n\n%(title)s dimulai %(when)s di %(where)s.\n"
            "Kode tiket Anda: %(code)s.\n"
        )
        % {
            "name": reg.employee.full_name,
            "title": event.title,
            "when": when,
            "where": event.venue or event.online_url,
            "code": reg.ticket_code,
        },
    )
    if sent:
        ReminderSent.objects.filter(registration=reg, kind=kind).update(emailed=True)
    return sent
