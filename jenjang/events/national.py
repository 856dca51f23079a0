"""National-shape events: seminars and workshops with their registrations.

Each agency holds about one event per 150 staff over three years (most
past, a few coming), each with one session; an event draws a share of the
agency's staff, so each employee has about 1.5 registrations. Four in five
people registered for a past event attended it.
"""

import datetime as dt
from decimal import Decimal

from jenjang.development.models import DevelopmentForm
from jenjang.events.models import Event, EventSession, Registration
from jenjang.people.national import register_national_step

KINDS = (
    ("seminar", 9, "Seminar"),
    ("workshop", 4, "Workshop"),
    ("webinar", 9, "Webinar"),
)
THEMES = (
    "Transformasi Digital Pelayanan",
    "Manajemen Talenta ASN",
    "Reformasi Birokrasi",
    "Budaya Kerja BerAKHLAK",
    "Inovasi Pelayanan Publik",
    "Perencanaan Berbasis Data",
)


def build_events(ctx, writer) -> None:
    rng = ctx.rng("events")
    forms = dict(DevelopmentForm.objects.values_list("siasn_code", "id"))
    roots = ctx.root_units()
    first = dt.date(ctx.years()[0], 1, 10)
    span = (ctx.today - first).days + 60
    bar = ctx.progress("events", ctx.employees)
    for people in ctx.people_by_agency():
        agency_id = people[0].agency_id
        for n in range(max(2, len(people) // 150)):
            kind, form_code, label = rng.choice(KINDS)
            day = first + dt.timedelta(days=rng.randint(0, span))
            starts = ctx.moment(rng, day, day).replace(hour=9)
            event = writer.new(
                Event,
                agency_id=agency_id,
                organiser_unit_id=roots[agency_id],
                kind=kind,
                title=f"{label} {rng.choice(THEMES)} {n + 1}",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                venue="Aula Utama" if kind != "webinar" else "",
                online_url="https://meet.example/bm" if kind == "webinar" else "",
                capacity=500,
                development_form_id=forms[form_code],
                jp=Decimal("4.00"),
                status="published",
                created_at=starts - dt.timedelta(days=30),
            )
            writer.new(
                EventSession,
                event_id=event["id"],
                title="Sesi utama",
                starts_at=starts,
                ends_at=event["ends_at"],
            )
            past = day < ctx.today
            count = min(len(people), rng.randint(60, 390), 500)
            for person in rng.sample(people, count):
                attended = past and rng.random() < 0.8
                writer.new(
                    Registration,
                    event_id=event["id"],
                    employee_id=person.id,
                    status="registered",
                    queued_at=starts - dt.timedelta(days=7),
                    created_at=starts - dt.timedelta(days=7),
                    attended_at=starts + dt.timedelta(minutes=20) if attended else None,
                )
        bar(len(people))


register_national_step("events", build_events, order=90)
