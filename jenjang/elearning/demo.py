"""Demo data of e-learning: three real courses, a learning path, learners under way.

Idempotent: a course that exists (by code) is left as it is.
"""

import datetime as dt

from django.utils import timezone

from jenjang.accounts.models import Role, RoleGrant, User
from jenjang.competencies.models import Competency
from jenjang.elearning.demo_content import COURSES
from jenjang.elearning.models import (
    Course,
    Enrolment,
    Lesson,
    Quiz,
)
from jenjang.elearning.services import courses, learning
from jenjang.elearning.services.community import path_create
from jenjang.people.models import OrgUnit, Position

PATH_TITLE = "Persiapan jabatan pengawas"


def _organiser(agency) -> tuple[User | None, OrgUnit]:
    root = OrgUnit.objects.filter(agency=agency, depth=1).first()
    grant = (
        RoleGrant.objects.filter(role=Role.ORGANISER, org_unit__agency=agency)
        .select_related("user", "org_unit")
        .first()
    )
    if grant is not None:
        return grant.user, grant.org_unit
    su = User.objects.filter(role_grants__role=Role.SUPERADMIN).first()
    return su, root


def _build_course(spec, *, agency, unit, by) -> Course:
    code, title, summary, competencies, modules = spec
    course = Course.objects.create(
        agency=agency, owner_unit=unit, code=code, title=title, summary=summary
    )
    course.competencies.set(Competency.objects.filter(code__in=competencies))
    from jenjang.elearning.models import CourseVersion

    CourseVersion.objects.create(course=course, number=1)
    for module_title, lessons in modules:
        module = courses.module_create(course=course, title=module_title)
        for lesson in lessons:
            if lesson[0] == "text":
                _kind, ltitle, minutes, body = lesson
                courses.lesson_create(
                    course=course,
                    module_id=module.pk,
                    title=ltitle,
                    kind="text",
                    body=body,
                    estimated_minutes=minutes,
                )
                continue
            _kind, ltitle, minutes, pass_mark, questions = lesson
            row = courses.lesson_create(
                course=course,
                module_id=module.pk,
                title=ltitle,
                kind="quiz",
                estimated_minutes=minutes,
            )
            Quiz.objects.filter(lesson=row).update(
                pass_mark=pass_mark, attempt_limit=3, time_limit_minutes=20
            )
            for kind, text, key, explanation in questions:
                _add_question(row.quiz, kind, text, key, explanation)
    courses.course_publish(course=course, by=by)
    course.refresh_from_db()
    return course


def _add_question(quiz, kind, text, key, explanation) -> None:
    if kind in ("single", "multiple"):
        choices = [{"text": c.lstrip("*"), "correct": c.startswith("*")} for c in key]
        courses.question_add(
            quiz=quiz, kind=kind, text=text, choices=choices, explanation=explanation
        )
    elif kind == "true_false":
        courses.question_add(
            quiz=quiz,
            kind=kind,
            text=text,
            choices=[{"id": "true", "correct": key == "true"}],
            explanation=explanation,
        )
    elif kind == "short" and any(ch in key for ch in "\\[]()|"):
        courses.question_add(
            quiz=quiz, kind=kind, text=text, answer_pattern=key, explanation=explanation
        )
    else:
        courses.question_add(
            quiz=quiz, kind=kind, text=text, answer_text=key, explanation=explanation
        )


def build(*, agency, rng, stdout) -> None:
    if Course.objects.filter(code=COURSES[0][0]).exists():
        stdout("e-learning: already present")
        return
    by, unit = _organiser(agency)
    if unit is None:
        return
    built = [_build_course(spec, agency=agency, unit=unit, by=by) for spec in COURSES]
    lead, project, innovation = built
    project.prerequisites.add(lead)
    path_create(
        agency=agency,
        title=PATH_TITLE,
        description=(
            "Untuk pelaksana yang disiapkan menduduki jabatan pengawas: "
            "kepemimpinan, manajemen proyek, lalu inovasi pelayanan."
        ),
        position_kind=Position.Kind.PELAKSANA,
        target_position_kind=Position.Kind.PENGAWAS,
        items=[{"course": lead}, {"course": project}, {"course": innovation}],
    )
    _learners(agency=agency, lead=lead, innovation=innovation, rng=rng, by=by)
    stdout(f"e-learning: {len(built)} courses, 1 learning path")


def _learners(*, agency, lead, innovation, rng, by) -> None:
    """The demo employee half-way through the leadership course; an HR assignment."""
    pegawai = User.objects.filter(username="pegawai").select_related("employee").first()
    employee = getattr(pegawai, "employee", None) if pegawai else None
    if employee is not None:
        enrolment = learning.enrolment_create(
            course=lead, employee=employee, by=pegawai
        )
        first = (
            Lesson.objects.filter(module__version=enrolment.version, kind="text")
            .order_by("module__order", "order")
            .first()
        )
        learning.lesson_complete(enrolment=enrolment, lesson=first, by=pegawai)
    # HR assigned the innovation course to the staff of one department.
    unit = OrgUnit.objects.filter(agency=agency, depth=2).order_by("path").first()
    if unit is None:
        return
    due = timezone.localdate() + dt.timedelta(days=30)
    from jenjang.people.models import Employee

    staff = list(
        Employee.objects.filter(org_unit__path__startswith=unit.path).order_by("pk")[
            :40
        ]
    )
    objs = [
        Enrolment(
            employee=e,
            course=innovation,
            version_id=innovation.published_version_id,
            # About one in four missed the due date: the report shows overdue.
            due_on=due
            if rng.random() > 0.25
            else timezone.localdate() - dt.timedelta(days=3),
        )
        for e in staff
        if not Enrolment.objects.filter(employee=e, course=innovation).exists()
    ]
    Enrolment.objects.bulk_create(objs)
