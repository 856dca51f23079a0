"""Fixtures of the e-learning tests: a published course with text and quiz lessons."""

import shutil

import pytest

from jenjang.elearning.models import Lesson, Question
from jenjang.elearning.services import courses, learning


@pytest.fixture(autouse=True)
def _clean_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


def build_course(*, organiser, unit, title="Kepemimpinan Pelayanan", minutes=(90, 45)):
    """A course: one text lesson and one quiz lesson with four questions."""
    course = courses.course_create(title=title, owner_unit=unit, by=organiser)
    module = courses.module_create(course=course, title="Modul 1")
    courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="Bacaan",
        kind=Lesson.Kind.TEXT,
        body="# Judul\n\nIsi **penting**.<script>alert(1)</script>",
        estimated_minutes=minutes[0],
    )
    quiz_lesson = courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="Kuis",
        kind=Lesson.Kind.QUIZ,
        estimated_minutes=minutes[1],
    )
    courses.quiz_update(
        course=course, lesson_id=quiz_lesson.pk, pass_mark=75, shuffle=False
    )
    courses.question_create(
        course=course,
        lesson_id=quiz_lesson.pk,
        kind=Question.Kind.SINGLE,
        text="Ibu kota Indonesia saat ini?",
        choices=[{"text": "Jakarta", "correct": True}, {"text": "Bandung"}],
    )
    courses.question_create(
        course=course,
        lesson_id=quiz_lesson.pk,
        kind=Question.Kind.MULTIPLE,
        text="Nilai dasar BerAKHLAK?",
        choices=[
            {"text": "Berorientasi pelayanan", "correct": True},
            {"text": "Akuntabel", "correct": True},
            {"text": "Birokratis"},
        ],
    )
    courses.question_create(
        course=course,
        lesson_id=quiz_lesson.pk,
        kind=Question.Kind.TRUE_FALSE,
        text="1 JP sama dengan 45 menit.",
        choices=[{"id": "true", "correct": True}],
    )
    courses.question_create(
        course=course,
        lesson_id=quiz_lesson.pk,
        kind=Question.Kind.SHORT,
        text="Singkatan Sasaran Kinerja Pegawai?",
        answer_pattern=r"skp|sasaran kinerja pegawai",
    )
    courses.course_publish(course=course, by=organiser)
    course.refresh_from_db()
    return course


RIGHT = {0: ["a"], 1: ["a", "b"], 2: ["true"], 3: ["SKP"]}


def right_answers(attempt):
    """Answer every question of the attempt correctly, by its place in the bank."""
    qs = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    bank = list(attempt.quiz.questions.order_by("order").values_list("pk", flat=True))
    return {str(pk): RIGHT[bank.index(pk)] for pk in qs}


@pytest.fixture
def course(world, organiser):
    return build_course(organiser=organiser, unit=world.dinkes)


@pytest.fixture
def enrolment(course, world, employee):
    return learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )


def lessons(enrolment):
    items = Lesson.objects.filter(module__version=enrolment.version).order_by("order")
    found = {}
    for lesson in items:
        found.setdefault(lesson.kind, lesson)
    return found
