"""National-shape mentoring: mentor profiles, requests and mentoring pairs.

About 3 % of an agency's staff are mentors (senior posts first), each taking
two to four mentees; about 6 % of the staff have been mentored in the last
three years (a third of the pairs closed, the rest active), with a request,
the competency asked for and a few sessions each.
"""

import datetime as dt

from jenjang.competencies.models import Competency
from jenjang.mentoring.models import (
    MenteeRequest,
    MentorProfile,
    MentorStrength,
    Relationship,
    RequestedCompetency,
    Session,
)
from jenjang.people.national import register_national_step

SENIOR = frozenset({"jpt_madya", "jpt_pratama", "administrator", "pengawas"})
TOPICS = ("Rencana pengembangan", "Penyusunan SKP", "Kepemimpinan tim", "Karier")


def build_mentoring(ctx, writer) -> None:
    rng = ctx.rng("mentoring")
    competencies = list(Competency.objects.order_by("id").values_list("id", flat=True))
    start = dt.date(ctx.years()[0], 1, 2)
    bar = ctx.progress("mentoring", ctx.employees)
    for people in ctx.people_by_agency():
        senior = [p for p in people if p.position_kind in SENIOR]
        mentors = rng.sample(
            senior or people,
            max(1, min(len(senior or people), round(len(people) * 0.03))),
        )
        mentor_ids = {m.id for m in mentors}
        slots = []
        for mentor in mentors:
            profile = writer.new(
                MentorProfile,
                employee_id=mentor.id,
                source=rng.choice(("volunteer", "appointed")),
                capacity=rng.randint(2, 4),
                created_at=ctx.moment(rng, start, start + dt.timedelta(days=60)),
            )
            for competency_id in rng.sample(competencies, 2):
                writer.new(
                    MentorStrength,
                    mentor_id=profile["id"],
                    competency_id=competency_id,
                    level=rng.randint(3, 5),
                )
            slots += [(mentor.id, profile["id"])] * profile["capacity"]
        others = [p for p in people if p.id not in mentor_ids]
        mentees = rng.sample(
            others, min(len(slots), len(others), round(len(people) * 0.06))
        )
        for mentee, (mentor_id, profile_id) in zip(
            mentees, rng.sample(slots, len(mentees)), strict=False
        ):
            _pair(ctx, writer, rng, competencies, mentee, mentor_id, profile_id, start)
        bar(len(people))


def _pair(ctx, writer, rng, competencies, mentee, mentor_id, profile_id, start):
    closed = rng.random() < 0.35
    began = start + dt.timedelta(
        days=rng.randint(60, max(61, (ctx.today - start).days - 30))
    )
    request = writer.new(
        MenteeRequest,
        employee_id=mentee.id,
        goals="Meningkatkan kompetensi sesuai rencana pengembangan.",
        status="closed" if closed else "matched",
        created_at=ctx.moment(rng, began - dt.timedelta(days=30), began),
    )
    writer.new(
        RequestedCompetency,
        request_id=request["id"],
        competency_id=rng.choice(competencies),
        target_level=rng.randint(2, 4),
    )
    sessions = rng.randint(2, 6)
    last = began + dt.timedelta(days=14 * (sessions - 1))
    last = min(last, ctx.today)
    pair = writer.new(
        Relationship,
        mentor_id=mentor_id,
        mentee_id=mentee.id,
        mentor_profile_id=profile_id,
        request_id=request["id"],
        status="closed" if closed else "active",
        mentor_accepted_at=ctx.moment(rng, began, began),
        mentee_accepted_at=ctx.moment(rng, began, began),
        started_on=began,
        closed_on=last if closed else None,
        outcome="Tujuan tercapai." if closed else "",
        last_session_on=last,
        created_at=ctx.moment(rng, began, began),
    )
    for n in range(sessions):
        held = min(began + dt.timedelta(days=14 * n), ctx.today)
        writer.new(
            Session,
            relationship_id=pair["id"],
            held_on=held,
            duration_minutes=rng.choice((45, 60, 90)),
            topics=rng.choice(TOPICS),
            notes="Catatan sesi.",
            created_at=ctx.moment(rng, held, held),
        )


register_national_step("mentoring", build_mentoring, order=80)
