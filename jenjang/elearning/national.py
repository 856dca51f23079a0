"""National-shape e-learning: agency courses, enrolments and lesson progress.

Each agency publishes a few courses (five, plus one per 5,000 staff) of one
module and four lessons. Each employee is enrolled in about two of their
agency's courses: a little over half completed (every lesson done), a third
in progress, the rest not started.
"""

import datetime as dt
from decimal import Decimal

from jenjang.elearning.models import (
    Course,
    CourseVersion,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
)
from jenjang.people.national import register_national_step

TOPICS = (
    "Orientasi ASN BerAKHLAK",
    "Etika dan Integritas Aparatur",
    "Pelayanan Publik Digital",
    "Manajemen Arsip Elektronik",
    "Penyusunan SKP dan Ekspektasi",
    "Keamanan Informasi untuk ASN",
    "Anti Korupsi untuk Pegawai",
    "Perencanaan dan Penganggaran",
    "Komunikasi Efektif di Tempat Kerja",
    "Pengelolaan Data Kepegawaian",
)
LESSONS = 4


def _courses(ctx, writer, rng, agency_id, root_unit, size):
    courses = []
    published = ctx.moment(
        rng, dt.date(ctx.years()[0], 1, 2), dt.date(ctx.years()[0], 3, 31)
    )
    for n in range(5 + size // 5000):
        version_id = writer.ids(CourseVersion)
        course = writer.new(
            Course,
            agency_id=agency_id,
            owner_unit_id=root_unit,
            code=f"bm-{agency_id}-{n + 1}",
            title=TOPICS[n % len(TOPICS)],
            published_version_id=version_id,
            created_at=published,
        )
        writer.add(
            CourseVersion,
            {
                "id": version_id,
                "course_id": course["id"],
                "number": 1,
                "status": "published",
                "published_at": published,
                "created_at": published,
            },
        )
        module = writer.new(Module, version_id=version_id, title="Materi", order=1)
        lessons = [
            writer.new(
                Lesson,
                module_id=module["id"],
                title=f"Pelajaran {k}",
                order=k,
                kind="text",
                body="Materi pelajaran.",
            )["id"]
            for k in range(1, LESSONS + 1)
        ]
        courses.append((course["id"], version_id, lessons))
    return courses


def build_elearning(ctx, writer) -> None:
    rng = ctx.rng("elearning")
    roots = ctx.root_units()
    start = dt.date(ctx.years()[0], 4, 1)
    bar = ctx.progress("elearning", ctx.employees)
    for people in ctx.people_by_agency():
        courses = _courses(
            ctx,
            writer,
            rng,
            people[0].agency_id,
            roots[people[0].agency_id],
            len(people),
        )
        for person in people:
            for course_id, version_id, lessons in rng.sample(
                courses, rng.choice((1, 2, 2, 3))
            ):
                _enrol(ctx, writer, rng, person, course_id, version_id, lessons, start)
        bar(len(people))


def _enrol(ctx, writer, rng, person, course_id, version_id, lessons, start):
    roll = rng.random()
    done = LESSONS if roll < 0.55 else rng.randint(1, LESSONS - 1) if roll < 0.88 else 0
    enrolled = ctx.moment(rng, start, ctx.today)
    finished = min(ctx.now_day(), enrolled + dt.timedelta(days=rng.randint(1, 30)))
    row = writer.new(
        Enrolment,
        employee_id=person.id,
        course_id=course_id,
        version_id=version_id,
        status="completed"
        if done == LESSONS
        else "in_progress"
        if done
        else "enrolled",
        enrolled_at=enrolled,
        started_at=enrolled if done else None,
        completed_at=finished if done == LESSONS else None,
        jp=Decimal("2.00") if done == LESSONS else None,
        last_lesson_id=lessons[done - 1] if done else None,
    )
    for lesson_id in lessons[:done]:
        writer.new(
            LessonProgress,
            enrolment_id=row["id"],
            lesson_id=lesson_id,
            completed_at=finished,
            updated_at=finished,
        )


register_national_step("elearning", build_elearning, order=70)
