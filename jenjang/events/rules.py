"""Rules of the events area, one function each, with their source.

Pure or read-only: services call them before writing.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jenjang.events.models import Event, EventSession
from jenjang.people.models import Employee

# Peraturan LAN 10/2018 (domain file §4.1): the SIASN jenis diklat code that
# fits each kind of event. Seminar, konferensi and sarasehan share code 9;
# workshop / lokakarya is code 4. A webinar is a seminar held online.
FORM_FOR_KIND: dict[str, int] = {
    Event.Kind.SEMINAR: 9,
    Event.Kind.CONFERENCE: 9,
    Event.Kind.SARASEHAN: 9,
    Event.Kind.WEBINAR: 9,
    Event.Kind.WORKSHOP: 4,
}
# Forms an event may be recorded under: the classical forms of §4.1 that a
# gathering can be (seminar, workshop, sosialisasi, bimtek, other classical).
EVENT_FORM_CODES = (4, 7, 8, 9, 13)


def default_form_code(kind: str) -> int:
    """Return the SIASN code of the development form for an event kind.

    Peraturan LAN 10/2018, domain file §4.1: "seminar / konferensi /
    sarasehan" and "workshop atau lokakarya" are classical forms (SIASN codes
    9 and 4).
    """
    return FORM_FOR_KIND[kind]


def audience_allows(*, event: Event, employee: Employee) -> bool:
    """Tell whether the employee belongs to the event's audience.

    The organiser's choice (issue 7): everyone; the organising agency; some
    org units (each with its subtree); or some job fields (rumpun jabatan of
    the employee's position). Inactive employees never register.
    """
    if not employee.is_active:
        return False
    audience = event.audience
    if audience == Event.Audience.EVERYONE:
        return True
    if audience == Event.Audience.AGENCY:
        return employee.agency_id == event.agency_id
    if audience == Event.Audience.UNITS:
        path = employee.org_unit.path
        return any(path.startswith(u.path) for u in event.audience_units.all())
    if audience == Event.Audience.JOB_FIELDS:
        field_id = employee.position.job_field_id
        return field_id is not None and any(
            f.pk == field_id for f in event.audience_job_fields.all()
        )
    return False


def registration_open(*, event: Event, now: dt.datetime | None = None) -> bool:
    """Registration is open while the event is published and has not ended."""
    now = now or timezone.now()
    return event.status == Event.Status.PUBLISHED and now < event.ends_at


def has_free_seat(*, capacity: int | None, taken: int) -> bool:
    """A seat is free when there is no capacity or fewer registered than it."""
    return capacity is None or taken < capacity


def event_days(event: Event) -> int:
    """Count the local calendar days the event spans (a one-day event is 1)."""
    start = timezone.localtime(event.starts_at).date()
    end = timezone.localtime(event.ends_at).date()
    return (end - start).days + 1


def attendance_quantity(*, event: Event, sessions: list[EventSession], unit: str):
    """Return how much of the conversion rule's unit one attendance counts for.

    Domain file §4.4 (BPS example, per-agency table): seminar / konferensi /
    sarasehan and workshop count per day of the event; forms counted by
    actual time count the agenda's minutes (1 JP = 45 minutes, §3); per
    session, the sessions; per occasion, one.
    """
    if unit == "day":
        return event_days(event)
    if unit == "minutes":
        spans = sessions or [event]
        total = sum((s.ends_at - s.starts_at).total_seconds() for s in spans)
        return Decimal(int(total // 60))
    if unit == "session":
        return max(len(sessions), 1)
    return 1


def questions_open(*, session: EventSession, now: dt.datetime | None = None) -> bool:
    """Questions may be asked before and during a session, not after it ends."""
    now = now or timezone.now()
    return now < session.ends_at


def discussion_open(*, session: EventSession, now: dt.datetime | None = None) -> bool:
    """The discussion thread opens when the session starts and stays open."""
    now = now or timezone.now()
    return now >= session.starts_at


def checkin_window_open(
    *, session: EventSession, now: dt.datetime | None = None
) -> bool:
    """Check-in runs from one hour before a session until it ends."""
    now = now or timezone.now()
    return session.starts_at - dt.timedelta(hours=1) <= now <= session.ends_at


def feedback_open(*, event: Event, now: dt.datetime | None = None) -> bool:
    """Feedback opens when the event starts (attendees only, see services)."""
    now = now or timezone.now()
    return now >= event.starts_at
