"""National-shape classical training: programs, batches and enrolments.

A fifth of the employees attend one classical training a year (so about
0.6 enrolments per person over three years), in batches of 20–40 run by
their own agency; finished batches record the result (most pass).
"""

import datetime as dt
from decimal import Decimal

from jenjang.development.models import DevelopmentForm
from jenjang.people.national import register_national_step
from jenjang.training.models import Batch, Enrolment, TrainingProgram

PROGRAMS = (
    (3, "Pelatihan Teknis Pengelolaan Keuangan Daerah", "24"),
    (3, "Pelatihan Teknis Pengadaan Barang/Jasa", "40"),
    (8, "Bimbingan Teknis Penyusunan SKP", "16"),
    (8, "Bimbingan Teknis Arsip Digital", "16"),
    (5, "Pelatihan Kepemimpinan Pengawas", "60"),
    (3, "Pelatihan Pelayanan Prima", "24"),
    (3, "Pelatihan Analisis Data Kebijakan", "32"),
    (11, "Kursus Bahasa Inggris Aparatur", "40"),
)
SHARE_PER_YEAR = 0.2


def build_training(ctx, writer) -> None:
    rng = ctx.rng("training")
    forms = dict(DevelopmentForm.objects.values_list("siasn_code", "id"))
    programs = [
        writer.new(
            TrainingProgram,
            code=f"bm-{n:03d}",
            title=title,
            form_id=forms[code],
            jp=Decimal(jp),
        )
        for n, (code, title, jp) in enumerate(PROGRAMS, start=1)
    ]
    roots = ctx.root_units()
    bar = ctx.progress("training", ctx.employees)
    for people in ctx.people_by_agency():
        agency_id = people[0].agency_id
        for year in ctx.years():
            seats = round(len(people) * SHARE_PER_YEAR)
            batch_no = 0
            while seats > 0:
                size = min(seats, rng.randint(20, 40))
                seats -= size
                batch_no += 1
                _batch(
                    ctx,
                    writer,
                    rng,
                    programs,
                    roots[agency_id],
                    year,
                    batch_no,
                    rng.sample(people, min(size, len(people))),
                    agency_id,
                )
        bar(len(people))


def _batch(ctx, writer, rng, programs, root_unit, year, number, people, agency_id):
    program = rng.choice(programs)
    starts = dt.date(year, 1, 15) + dt.timedelta(days=rng.randint(0, 320))
    ends = starts + dt.timedelta(days=4)
    finished = ends < ctx.today
    batch = writer.new(
        Batch,
        program_id=program["id"],
        name=f"Angkatan {agency_id}-{year}-{number}",
        org_unit_id=root_unit,
        starts_on=starts,
        ends_on=ends,
        venue="Aula Badan Kepegawaian",
        capacity=max(40, len(people)),
        status="finished" if finished else "open",
    )
    requested = ctx.moment(rng, starts - dt.timedelta(days=40), starts)
    for person in people:
        row = {
            "batch_id": batch["id"],
            "employee_id": person.id,
            "route": rng.choices(("self", "nominated", "bulk"), (3, 5, 2))[0],
            "requested_at": requested,
            "decided_at": requested,
            "status": "enrolled",
        }
        if finished:
            passed = rng.random() < 0.92
            score = Decimal(rng.randint(70 if passed else 40, 98 if passed else 69))
            row.update(
                status="passed" if passed else "failed",
                pre_score=Decimal(rng.randint(40, 80)),
                post_score=score,
                final_score=score,
                result_at=ctx.moment(
                    rng, ends, min(ctx.today, ends + dt.timedelta(days=7))
                ),
            )
        writer.new(Enrolment, **row)


register_national_step("training", build_training, order=60)
