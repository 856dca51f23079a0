"""National-shape competency assessments.

About 60 % of employees were assessed in the last three years (assessment
centre or test), a fifth of those twice; each assessment rates every
managerial and sociocultural competency, around the level their position
asks for (higher posts, higher levels).
"""

import datetime as dt

from jenjang.competencies.models import Assessment, Competency
from jenjang.people.national import register_national_step

# The usual required level by position kind (PermenPANRB 38/2017 standards).
LEVEL_BY_KIND = {
    "jpt_utama": 5,
    "jpt_madya": 5,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 2,
    "fungsional": 2,
    "pelaksana": 1,
}


def build_assessments(ctx, writer) -> None:
    rng = ctx.rng("competencies")
    competencies = list(
        Competency.objects.filter(kind__in=("managerial", "sociocultural"))
        .order_by("id")
        .values_list("id", flat=True)
    )
    start = dt.date(ctx.years()[0], 1, 1)
    span = (ctx.today - start).days
    bar = ctx.progress("competencies", ctx.employees)
    for chunk in ctx.employee_chunks():
        for person in chunk:
            roll = rng.random()
            if roll >= 0.6:
                continue
            dates = {start + dt.timedelta(days=rng.randint(0, span))}
            if roll < 0.12:
                dates.add(start + dt.timedelta(days=rng.randint(0, span)))
            base = LEVEL_BY_KIND.get(person.position_kind, 2)
            for day in sorted(dates):
                source = "assessment_centre" if rng.random() < 0.7 else "test"
                for competency_id in competencies:
                    level = min(5, max(1, base + rng.choice((-1, 0, 0, 0, 1))))
                    writer.new(
                        Assessment,
                        employee_id=person.id,
                        competency_id=competency_id,
                        level=level,
                        assessed_on=day,
                        source=source,
                    )
        bar(len(chunk))


register_national_step("competencies", build_assessments, order=30)
