"""Background jobs of the events area. Thin: parse, call a service."""

import datetime as dt

from django_tasks import task

from jenjang.events.services.reminders import reminders_send


@task()
def send_event_reminders(now: str | None = None) -> dict:
    """Send the reminders due now (day before, hour before), each once.

    `now` is an ISO datetime (default: the current time); arguments stay
    JSON-serialisable for every task backend.
    """
    run = reminders_send(now=dt.datetime.fromisoformat(now) if now else None)
    return {"sent": run.sent, "emailed": run.emailed}
