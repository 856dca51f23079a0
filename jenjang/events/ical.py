"""iCalendar export of events (RFC 5545), with the icalendar library."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as IcalEvent

from jenjang.events.models import Event


def events_to_ical(events: Iterable[Event], *, request=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Jenjang//Kegiatan//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Jenjang")
    base = settings.JENJANG_PUBLIC_URL
    host = base.split("//", 1)[-1].split("/", 1)[0] or "jenjang"
    for event in events:
        item = IcalEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("summary", event.title)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("dtstamp", event.created_at)
        item.add("location", event.venue or event.online_url)
        url = base + reverse("events:detail", args=[event.pk])
        item.add("url", url)
        item.add("description", (event.summary or event.description)[:1000])
        item.add("categories", [event.get_kind_display()])
        if event.status == Event.Status.CANCELLED:
            item.add("status", "CANCELLED")
        cal.add_component(item)
    return cal.to_ical()
