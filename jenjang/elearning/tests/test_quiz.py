"""Quiz rules: grading per kind, time limit on the server, attempt limit, draw."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from jenjang.core.exceptions import ApplicationError
from jenjang.elearning.models import Answer, Question, QuizAttempt
from jenjang.elearning.services import courses, quiz
from jenjang.elearning.tests.conftest import lessons, right_answers

pytestmark = pytest.mark.django_db


def _quiz(enrolment):
    return lessons(enrolment)["quiz"].quiz


def test_grading_each_kind():
    single = Question(
        kind="single", choices=[{"id": "a", "correct": True}, {"id": "b"}]
    )
    assert quiz.grade_answer(single, ["a"]) is True
    assert quiz.grade_answer(single, ["b"]) is False
    multi = Question(
        kind="multiple",
        choices=[
            {"id": "a", "correct": True},
            {"id": "b", "correct": True},
            {"id": "c"},
        ],
    )
    assert quiz.grade_answer(multi, ["b", "a"]) is True
    assert quiz.grade_answer(multi, ["a"]) is False  # all and only the right ones
    assert quiz.grade_answer(multi, ["a", "b", "c"]) is False
    exact = Question(kind="short", answer_text="Kabupaten  Contoh")
    assert quiz.grade_answer(exact, [" kabupaten contoh "]) is True
    assert quiz.grade_answer(exact, ["kota contoh"]) is False
    pattern = Question(kind="short", answer_pattern=r"20\s*jp")
    assert quiz.grade_answer(pattern, ["20 JP"]) is True
    assert quiz.grade_answer(pattern, ["minimal 20 JP"]) is False  # whole text


def test_partial_score_and_pass_mark(enrolment, employee):
    q = _quiz(enrolment)
    attempt = quiz.attempt_start(enrolment=enrolment, quiz=q)
    answers = right_answers(attempt)
    wrong_key = next(k for k, v in answers.items() if v == ["SKP"])
    answers[wrong_key] = ["SPK"]
    done = quiz.attempt_submit(attempt=attempt, by=employee, responses=answers)
    assert done.score == Decimal("75.00")  # 3 of 4 points, pass mark 75
    assert done.passed is True
    assert Answer.objects.get(attempt=done, question_id=int(wrong_key)).correct is False


def test_late_submission_refused_and_nothing_changes(
    enrolment, employee, course, organiser
):
    draft = courses.draft_version(course)
    assert draft  # editing the draft does not touch the enrolled version
    q = _quiz(enrolment)
    q.time_limit_minutes = 10
    q.save()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = quiz.attempt_start(enrolment=enrolment, quiz=q)
    assert attempt.deadline_at == start + dt.timedelta(minutes=10)
    with time_machine.travel(start + dt.timedelta(minutes=11), tick=False):
        with pytest.raises(ApplicationError) as err:
            quiz.attempt_submit(
                attempt=attempt, by=employee, responses=right_answers(attempt)
            )
        assert err.value.code == "time_limit_passed"
        assert (
            err.value.message
            == "Waktu pengerjaan kuis sudah habis; jawaban tidak diterima."
        )
        with pytest.raises(ApplicationError):
            quiz.answers_save(attempt=attempt, responses=right_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert attempt.score is None
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_attempt_limit(enrolment, employee):
    q = _quiz(enrolment)
    q.attempt_limit = 2
    q.save()
    for _ in range(2):
        attempt = quiz.attempt_start(enrolment=enrolment, quiz=q)
        quiz.attempt_submit(attempt=attempt, by=employee, responses={})
    with pytest.raises(ApplicationError) as err:
        quiz.attempt_start(enrolment=enrolment, quiz=q)
    assert err.value.message == "Batas percobaan kuis (2 kali) sudah habis."
    assert QuizAttempt.objects.filter(quiz=q).count() == 2


def test_open_attempt_is_resumed(enrolment):
    q = _quiz(enrolment)
    first = quiz.attempt_start(enrolment=enrolment, quiz=q)
    assert quiz.attempt_start(enrolment=enrolment, quiz=q).pk == first.pk


def test_random_draw_and_order(enrolment):
    q = _quiz(enrolment)
    q.draw_count = 2
    q.shuffle = True
    q.save()
    attempt = quiz.attempt_start(enrolment=enrolment, quiz=q, rng=random.Random(7))
    bank = set(q.questions.values_list("pk", flat=True))
    assert len(attempt.question_ids) == 2
    assert set(attempt.question_ids) <= bank


def test_answer_outside_attempt_refused(enrolment):
    q = _quiz(enrolment)
    attempt = quiz.attempt_start(enrolment=enrolment, quiz=q)
    with pytest.raises(ApplicationError) as err:
        quiz.answers_save(attempt=attempt, responses={"999999": ["a"]})
    assert err.value.code == "unknown_question"
    single = next(
        pk
        for pk in attempt.question_ids
        if Question.objects.get(pk=pk).kind == "single"
    )
    with pytest.raises(ApplicationError) as err:
        quiz.answers_save(attempt=attempt, responses={str(single): ["a", "b"]})
    assert err.value.code == "bad_answer"
    assert not Answer.objects.exists()


def test_item_analysis(world, course, employee, organiser):
    from jenjang.elearning.services import learning
    from jenjang.people.tests.factories import EmployeeFactory

    q = lessons(
        learning.enrolment_create(course=course, employee=world.employee, by=employee)
    )["quiz"].quiz
    people = [world.employee] + [
        EmployeeFactory(position=world.staff_position) for _ in range(3)
    ]
    # Learner i answers the first i+1 questions of the bank right.
    bank = list(q.questions.order_by("order"))
    from jenjang.elearning.tests.conftest import RIGHT

    for i, person in enumerate(people):
        enrolment = learning.enrolment_create(
            course=course, employee=person, by=employee
        )
        attempt = quiz.attempt_start(enrolment=enrolment, quiz=q)
        responses = {str(b.pk): RIGHT[j] for j, b in enumerate(bank) if j <= i}
        quiz.attempt_submit(attempt=attempt, by=employee, responses=responses)
    stats = {s.question.pk: s for s in quiz.item_analysis(q)}
    assert stats[bank[0].pk].difficulty == 1.0  # everyone right
    assert stats[bank[0].pk].discrimination is None  # no variance
    assert stats[bank[3].pk].difficulty == 0.25
    assert stats[bank[1].pk].difficulty == 0.75
    assert stats[bank[1].pk].discrimination > 0.5
    assert all(s.responses == 4 for s in stats.values())
