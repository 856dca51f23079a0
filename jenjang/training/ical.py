"""iCalendar export of batches (RFC 5545), with the icalendar library."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event


def batches_ical(batches) -> bytes:
    """One all-day event per batch, from its first to its last day."""
    cal = Calendar()
    cal.add("prodid", "-//Jenjang//Pelatihan//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Jadwal pelatihan")
    base = settings.JENJANG_PUBLIC_URL
    for batch in batches:
        event = Event()
        event.add("uid", f"training-batch-{batch.pk}@jenjang")
        event.add("summary", f"{batch.program.title} — {batch.name}")
        event.add("dtstart", batch.starts_on)
        event.add("dtend", batch.ends_on + dt.timedelta(days=1))
        event.add("dtstamp", batch.created_at)
        if batch.venue:
            event.add("location", batch.venue)
        url = base + reverse("training:program_detail", args=[batch.program_id])
        event.add("url", url)
        event.add("description", f"{batch.program.jp} JP. {batch.online_url}".strip())
        cal.add_component(event)
    return cal.to_ical()
