"""Quizzes: attempts, server-side time limit, grading, item analysis."""

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.elearning.models import Answer, Enrolment, Question, Quiz, QuizAttempt
from jenjang.elearning.services import learning, xapi
from jenjang.elearning.services.learning import employee_of

# A submission a few seconds after the deadline is the network, not the learner.
GRACE = dt.timedelta(seconds=5)
MAX_SHORT_ANSWER = 500


def attempt_start(
    *, enrolment: Enrolment, quiz: Quiz, rng: random.Random | None = None
) -> QuizAttempt:
    """Start an attempt: draw and order the questions, set the deadline.

    An open (unsubmitted, not expired) attempt is returned instead of a new
    one; the attempt limit counts every attempt started.
    """
    rng = rng or random.SystemRandom()
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
        attempts = list(QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment))
        for attempt in attempts:
            if attempt.submitted_at is None and not _expired(attempt, now):
                return attempt
        for attempt in attempts:
            if attempt.submitted_at is None:
                attempt_submit(attempt=attempt, by=None, late_ok=True)
        if any(a.passed for a in attempts):
            raise ApplicationError(
                "quiz_already_passed", _("Anda sudah lulus kuis ini.")
            )
        if quiz.attempt_limit and len(attempts) >= quiz.attempt_limit:
            raise ApplicationError(
                "attempt_limit",
                _("Batas percobaan kuis (%(n)d kali) sudah habis.")
                % {"n": quiz.attempt_limit},
            )
        questions = list(quiz.questions.all())
        if not questions:
            raise ApplicationError("quiz_empty", _("Kuis ini belum memiliki soal."))
        if quiz.shuffle:
            rng.shuffle(questions)
        if quiz.draw_count and quiz.draw_count < len(questions):
            questions = (
                rng.sample(questions, quiz.draw_count)
                if quiz.shuffle
                else questions[: quiz.draw_count]
            )
        order = {}
        for q in questions:
            ids = [c["id"] for c in q.choices]
            if quiz.shuffle and q.kind != Question.Kind.TRUE_FALSE:
                rng.shuffle(ids)
            order[str(q.pk)] = ids
        deadline = (
            now + dt.timedelta(minutes=quiz.time_limit_minutes)
            if quiz.time_limit_minutes
            else None
        )
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    quiz=quiz,
                    enrolment=enrolment,
                    number=len(attempts) + 1,
                    question_ids=[q.pk for q in questions],
                    choice_order=order,
                    started_at=now,
                    deadline_at=deadline,
                )
        except IntegrityError:
            raise ApplicationError(
                "attempt_conflict",
                _("Percobaan lain sedang dimulai. Muat ulang halaman."),
            ) from None
    learning.lesson_open(enrolment=enrolment, lesson=quiz.lesson)
    return attempt


def _expired(attempt: QuizAttempt, now: dt.datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + GRACE


def attempt_get_for(*, user, attempt_id: int) -> QuizAttempt:
    """Return the user's own attempt; another learner's attempt is not found."""
    employee = employee_of(user)
    attempt = (
        QuizAttempt.objects.select_related("quiz__lesson", "enrolment__course")
        .filter(pk=attempt_id, enrolment__employee=employee)
        .first()
        if employee
        else None
    )
    if attempt is None:
        raise NotFound()
    return attempt


def _check_open(attempt: QuizAttempt) -> None:
    if attempt.submitted_at is not None:
        raise ApplicationError("attempt_closed", _("Percobaan ini sudah dikumpulkan."))
    if _expired(attempt, timezone.now()):
        raise ApplicationError(
            "time_limit_passed",
            _("Waktu pengerjaan kuis sudah habis; jawaban tidak diterima."),
        )


def _clean_response(question: Question, response) -> list[str]:
    if isinstance(response, str):
        response = [response]
    if not isinstance(response, list) or not all(isinstance(r, str) for r in response):
        raise ApplicationError("bad_answer", _("Jawaban tidak sah."))
    if question.kind == Question.Kind.SHORT:
        text = (response[0] if response else "").strip()
        if len(text) > MAX_SHORT_ANSWER:
            raise ApplicationError("bad_answer", _("Jawaban terlalu panjang."))
        return [text] if text else []
    valid = {c["id"] for c in question.choices}
    chosen = list(dict.fromkeys(response))
    if any(r not in valid for r in chosen):
        raise ApplicationError("bad_answer", _("Pilihan jawaban tidak dikenal."))
    if question.kind != Question.Kind.MULTIPLE and len(chosen) > 1:
        raise ApplicationError("bad_answer", _("Soal ini hanya menerima satu jawaban."))
    return chosen


def answers_save(*, attempt: QuizAttempt, responses: dict) -> int:
    """Save answers (question id -> list of choice ids or the short text)."""
    _check_open(attempt)
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    clean: dict[int, list[str]] = {}
    for key, response in (responses or {}).items():
        try:
            qid = int(key)
        except (TypeError, ValueError):
            qid = -1
        if qid not in questions:
            raise ApplicationError(
                "unknown_question", _("Soal tidak termasuk dalam percobaan ini.")
            )
        clean[qid] = _clean_response(questions[qid], response)
    with transaction.atomic():
        for qid, response in clean.items():
            Answer.objects.update_or_create(
                attempt=attempt, question_id=qid, defaults={"response": response}
            )
    return len(clean)


def grade_answer(question: Question, response: list[str]) -> bool:
    """Tell whether a response is right: all and only the correct choices, or the text.

    Short answers compare case- and space-insensitively with the exact answer,
    or match the whole text against the pattern (a regular expression).
    """
    if question.kind == Question.Kind.SHORT:
        text = " ".join((response[0] if response else "").split())
        if not text:
            return False
        if question.answer_pattern:
            try:
                return (
                    re.fullmatch(question.answer_pattern, text, re.IGNORECASE)
                    is not None
                )
            except re.error:
                return False
        return text.casefold() == " ".join(question.answer_text.split()).casefold()
    correct = {c["id"] for c in question.choices if c.get("correct")}
    return bool(correct) and set(response) == correct


def attempt_submit(
    *, attempt: QuizAttempt, by, responses: dict | None = None, late_ok: bool = False
) -> QuizAttempt:
    """Grade and close the attempt; a late submission is refused and changes nothing.

    `late_ok` closes an expired attempt with the answers saved before the
    deadline (used when the learner starts again after running out of time).
    """
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if not late_ok:
            _check_open(attempt)
            if responses:
                answers_save(attempt=attempt, responses=responses)
        elif attempt.submitted_at is not None:
            return attempt
        questions = {
            q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)
        }
        answers = {a.question_id: a for a in attempt.answers.all()}
        total = Decimal(sum(q.points for q in questions.values()))
        earned = Decimal(0)
        for qid, question in questions.items():
            answer = answers.get(qid) or Answer(
                attempt=attempt, question=question, response=[]
            )
            answer.correct = grade_answer(question, answer.response)
            answer.points = Decimal(question.points if answer.correct else 0)
            answer.save()
            earned += answer.points
        score = (
            (earned * 100 / total).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if total
            else Decimal(0)
        )
        attempt.score = score
        attempt.passed = score >= attempt.quiz.pass_mark
        attempt.submitted_at = timezone.now()
        attempt.save(update_fields=["score", "passed", "submitted_at"])
        enrolment = attempt.enrolment
        for qid, answer in answers.items():
            xapi.statement_record(
                enrolment=enrolment,
                verb="answered",
                lesson=attempt.quiz.lesson,
                result={
                    "response": ",".join(answer.response)[:500],
                    "success": bool(answer.correct),
                },
                extra_name=f"q{qid}",
            )
        xapi.statement_record(
            enrolment=enrolment,
            verb="passed" if attempt.passed else "failed",
            lesson=attempt.quiz.lesson,
            result={
                "score": {
                    "scaled": float(score / 100),
                    "raw": float(score),
                    "min": 0,
                    "max": 100,
                },
                "success": attempt.passed,
            },
        )
        if attempt.passed:
            learning.quiz_lesson_passed(
                enrolment=enrolment, lesson=attempt.quiz.lesson, by=by
            )
    return attempt


def review_for(attempt: QuizAttempt) -> dict:
    """What the learner may see after submission, as the organiser allows."""
    policy = attempt.quiz.review
    data: dict = {"policy": policy, "score": None, "passed": None, "items": []}
    if attempt.submitted_at is None or policy == Quiz.Review.NONE:
        return data
    data["score"] = attempt.score
    data["passed"] = attempt.passed
    if policy == Quiz.Review.SCORE:
        return data
    answers = {a.question_id: a for a in attempt.answers.all()}
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    for qid in attempt.question_ids:
        q = questions.get(qid)
        if q is None:
            continue
        a = answers.get(qid)
        item = {
            "question": q,
            "response": a.response if a else [],
            "correct": a.correct if a else False,
        }
        if policy == Quiz.Review.FULL:
            item["key"] = (
                [q.answer_text or q.answer_pattern]
                if q.kind == Question.Kind.SHORT
                else [c["id"] for c in q.choices if c.get("correct")]
            )
            item["explanation"] = q.explanation
        data["items"].append(item)
    return data


# --- Item analysis ------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStat:
    question: Question
    responses: int
    difficulty: float | None  # share answering right (p-value)
    discrimination: float | None  # point-biserial with the rest-of-test score


def item_analysis(quiz: Quiz) -> list[ItemStat]:
    """Difficulty (p) and discrimination (corrected point-biserial) per question.

    Over each learner's submitted attempts; the rest-score excludes the item
    itself so an item does not correlate with itself.
    """
    attempts = list(
        QuizAttempt.objects.filter(quiz=quiz, submitted_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    questions = list(quiz.questions.all())
    if not attempts or not questions:
        return [ItemStat(q, 0, None, None) for q in questions]
    index = {pk: i for i, pk in enumerate(attempts)}
    qindex = {q.pk: j for j, q in enumerate(questions)}
    matrix = np.full((len(attempts), len(questions)), np.nan)
    for attempt_id, qid, correct in Answer.objects.filter(
        attempt_id__in=attempts, question__quiz=quiz
    ).values_list("attempt_id", "question_id", "correct"):
        matrix[index[attempt_id], qindex[qid]] = 1.0 if correct else 0.0
    stats = []
    totals = np.nansum(matrix, axis=1)
    for j, q in enumerate(questions):
        column = matrix[:, j]
        seen = ~np.isnan(column)
        n = int(seen.sum())
        if n == 0:
            stats.append(ItemStat(q, 0, None, None))
            continue
        item = column[seen]
        rest = totals[seen] - item
        difficulty = float(item.mean())
        if n < 2 or item.std() == 0 or rest.std() == 0:
            discrimination = None
        else:
            discrimination = float(np.corrcoef(item, rest)[0, 1])
        stats.append(
            ItemStat(
                q,
                n,
                round(difficulty, 3),
                None if discrimination is None else round(discrimination, 3),
            )
        )
    return stats
