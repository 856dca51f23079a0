"""National-shape public-service surveys (IKM, PermenPANRB 14/2017).

Each agency runs about one service unit per 5,000 staff (at least one), with
three services each; the public answers about once per employee over three
years (online, on paper, or imported), nine unsur rated 1–4, mostly 3.
"""

import datetime as dt

from jenjang.people.models import OrgUnit
from jenjang.people.national import register_national_step
from jenjang.surveys.models import Response, Service, ServiceUnit

SERVICES = ("Layanan Informasi", "Layanan Perizinan", "Layanan Pengaduan")
AGE = ("lt20", "20-29", "30-39", "40-49", "50-59", "60+")
EDUCATION = ("sd", "smp", "sma", "diploma", "s1", "s2", "s3")
OCCUPATION = ("asn", "tni_polri", "private", "self", "student", "other")


def build_surveys(ctx, writer) -> None:
    rng = ctx.rng("surveys")
    first = dt.date(ctx.years()[0], 1, 2)
    bar = ctx.progress("surveys", ctx.employees)
    for people in ctx.people_by_agency():
        agency_id = people[0].agency_id
        units = list(
            OrgUnit.objects.filter(agency_id=agency_id, depth=2)
            .order_by("path")
            .values_list("id", flat=True)
        ) or [people[0].org_unit_id]
        desks = []
        for n in range(max(1, len(people) // 5000)):
            desk = writer.new(
                ServiceUnit,
                org_unit_id=units[n % len(units)],
                code=f"bm-{agency_id}-{n + 1}",
                name=f"Unit Layanan {n + 1}",
                address="Jalan Merdeka No. 1",
            )
            services = [
                writer.new(Service, service_unit_id=desk["id"], name=name)["id"]
                for name in SERVICES
            ]
            desks.append((desk["id"], services))
        for _n in range(len(people)):
            desk_id, services = rng.choice(desks)
            answers = rng.choices((1, 2, 3, 4), (3, 12, 60, 25), k=9)
            submitted = ctx.moment(rng, first, ctx.today)
            row = {f"u{i}": value for i, value in enumerate(answers, start=1)}
            row.update(
                service_unit_id=desk_id,
                service_id=rng.choice(services),
                age_band=rng.choices(AGE, (2, 25, 30, 23, 15, 5))[0],
                sex=rng.choice(("L", "P")),
                education=rng.choices(EDUCATION, (3, 7, 40, 15, 28, 6, 1))[0],
                occupation=rng.choice(OCCUPATION),
                channel=rng.choices(("online", "paper", "import"), (6, 3, 1))[0],
                submitted_at=submitted,
                received_at=submitted,
            )
            writer.new(Response, **row)
        bar(len(people))


register_national_step("surveys", build_surveys, order=120)
