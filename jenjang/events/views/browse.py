"""Calendar and listing, event detail, iCal export, public pages."""

import calendar
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import NotFound
from jenjang.events import selectors as sel
from jenjang.events.models import Event, EventSeries
from jenjang.events.rules import audience_allows, registration_open
from jenjang.people.models import JobField
from jenjang.people.selectors import employee_for_user


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _month(request) -> dt.date:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


def _filters(request) -> dict:
    kind = request.GET.get("kind", "")
    return {
        "kind": kind if kind in Event.Kind.values else "",
        "job_field": _int(request.GET.get("field")),
        "series": _int(request.GET.get("series")),
    }


@login_required
def event_list(request):
    """Listing of the month (calendar grid and list), filterable by kind and field."""
    first = _month(request)
    last_day = calendar.monthrange(first.year, first.month)[1]
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=last_day)
    filters = _filters(request)
    events = list(
        sel.event_list_visible_to(user=request.user, start=start, end=end, **filters)
    )
    weeks = _calendar_weeks(first, events)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=last_day)).replace(day=1)
    query = request.GET.copy()
    query.pop("month", None)
    return render(
        request,
        "events/list.html",
        {
            "events": events,
            "weeks": weeks,
            "month": first,
            "prev_month": prev_month,
            "next_month": next_month,
            "kinds": Event.Kind.choices,
            "fields": JobField.objects.all(),
            "series_list": EventSeries.objects.filter(
                events__in=[e.pk for e in events]
            ).distinct(),
            "filters": filters,
            "query": query.urlencode(),
            "can_manage": has_perm(request.user, sel.MANAGE),
        },
    )


def _calendar_weeks(first: dt.date, events: list[Event]) -> list[list[dict]]:
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        day = timezone.localtime(event.starts_at).date()
        end = timezone.localtime(event.ends_at).date()
        while day <= end:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
        first.year, first.month
    ):
        weeks.append(
            [
                {
                    "day": d,
                    "in_month": d.month == first.month,
                    "events": by_day.get(d, []),
                }
                for d in week
            ]
        )
    return weeks


@login_required
def event_ical(request):
    """The filtered listing (next 12 months by default) as an iCalendar file."""
    from jenjang.events.ical import events_to_ical

    now = timezone.now()
    events = sel.event_list_visible_to(
        user=request.user,
        start=now - dt.timedelta(days=31),
        end=now + dt.timedelta(days=366),
        **_filters(request),
    )
    body = events_to_ical(events[:1000], request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jenjang-kegiatan.ics"'
    return response


@login_required
def event_detail(request, pk: int):
    try:
        event = sel.event_get_visible_to(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    employee = employee_for_user(user=request.user)
    registration = sel.registration_of(event=event, employee=employee)
    sessions = sel.sessions_of(event=event)
    manages = sel.user_manages_event(user=request.user, event=event)
    attendee = sel.is_attendee(registration=registration)
    can_register = bool(
        employee
        and has_perm(request.user, sel.ATTEND)
        and registration_open(event=event)
        and (registration is None or registration.status not in sel.ACTIVE_STATUSES)
        and audience_allows(event=event, employee=employee)
    )
    taken = event.registrations.filter(status="registered").count()
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "sessions": sessions,
            "registration": registration,
            "can_register": can_register,
            "in_audience": bool(
                employee and audience_allows(event=event, employee=employee)
            ),
            "manages": manages,
            "attendee": attendee,
            "materials": sel.materials_of(event=event) if attendee or manages else [],
            "taken": taken,
            "jp": sel.jp_preview(event=event),
            "now": timezone.now(),
            "public_url": _public_url(event),
        },
    )


def _public_url(event: Event) -> str | None:
    from django.conf import settings
    from django.urls import reverse

    if not event.is_public:
        return None
    return settings.JENJANG_PUBLIC_URL + reverse(
        "events:public_detail", args=[event.pk]
    )


# --- Public pages (no login): public information only --------------------------


def public_list(request):
    now = timezone.now()
    events = sel.public_events().filter(ends_at__gte=now - dt.timedelta(days=90))[:100]
    return render(request, "events/public_list.html", {"events": events, "now": now})


def public_detail(request, pk: int):
    try:
        event = sel.public_event_get(pk=pk)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "events/public_detail.html",
        {"event": event, "sessions": sel.sessions_of(event=event)},
    )


def public_speaker(request, pk: int):
    try:
        speaker = sel.public_speaker_get(pk=pk)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "events/public_speaker.html",
        {
            "speaker": speaker,
            "sessions": sel.public_sessions_of_speaker(speaker=speaker),
            "title": _("Narasumber"),
        },
    )
