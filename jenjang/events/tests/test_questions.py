"""Q&A: only registered attendees ask and upvote; the organiser moderates."""

import datetime as dt

import pytest
from django.utils import timezone

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events.models import DiscussionPost, Question, QuestionVote, Registration
from jenjang.events.selectors import top_questions
from jenjang.events.services.questions import (
    discussion_post,
    question_ask,
    question_moderate,
    question_unvote,
    question_vote,
)
from jenjang.events.tests.factories import make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(world):
    event = make_event(world)
    register(event, world.employee)
    register(event, world.mentor)
    return event, event.sessions.get()


def test_registered_attendee_asks_others_are_refused(world, room, hr_admin):
    event, session = room
    q = question_ask(
        session=session, text="  Bagaimana SOP baru? ", by=world.employee.user
    )
    assert q.text == "Bagaimana SOP baru?"
    register(event, world.supervisor, status=Registration.Status.WAITLISTED)
    for user in (world.supervisor.user, hr_admin):
        with pytest.raises(ApplicationError):
            question_ask(session=session, text="Boleh bertanya?", by=user)
    assert Question.objects.count() == 1


def test_upvote_once_per_person_and_top_order(world, room):
    _event, session = room
    first = question_ask(session=session, text="Pertama", by=world.employee.user)
    second = question_ask(session=session, text="Kedua", by=world.employee.user)
    question_vote(question=second, by=world.mentor.user)
    with pytest.raises(ApplicationError) as err:
        question_vote(question=second, by=world.mentor.user)
    assert err.value.code == "already_voted"
    second.refresh_from_db()
    assert second.vote_count == 1
    assert QuestionVote.objects.count() == 1
    assert [q.pk for q in top_questions(session=session)] == [second.pk, first.pk]
    question_unvote(question=second, by=world.mentor.user)
    second.refresh_from_db()
    assert second.vote_count == 0


def test_non_attendee_cannot_upvote(world, room):
    _event, session = room
    q = question_ask(session=session, text="Pertanyaan", by=world.employee.user)
    with pytest.raises(PermissionDenied):
        question_vote(question=q, by=world.supervisor.user)
    q.refresh_from_db()
    assert q.vote_count == 0


def test_moderator_marks_answered_and_hides(world, room, organiser, hr_admin_other):
    _event, session = room
    q = question_ask(session=session, text="Pertanyaan", by=world.employee.user)
    for outsider in (world.employee.user, hr_admin_other):
        with pytest.raises(PermissionDenied):
            question_moderate(question=q, status=Question.Status.ANSWERED, by=outsider)
    q.refresh_from_db()
    assert q.status == Question.Status.OPEN
    question_moderate(question=q, status=Question.Status.ANSWERED, by=organiser)
    assert Question.objects.get().status == Question.Status.ANSWERED
    question_moderate(question=q, status=Question.Status.HIDDEN, by=organiser)
    assert top_questions(session=session) == []
    assert len(top_questions(session=session, include_hidden=True)) == 1
    with pytest.raises(ApplicationError) as err:
        question_vote(question=q, by=world.mentor.user)
    assert err.value.code == "question_hidden"


def test_questions_close_when_the_session_ends(world, room):
    _event, session = room
    session.starts_at = timezone.now() - dt.timedelta(hours=2)
    session.ends_at = timezone.now() - dt.timedelta(minutes=1)
    session.save()
    with pytest.raises(ApplicationError) as err:
        question_ask(session=session, text="Terlambat", by=world.employee.user)
    assert err.value.code == "questions_closed"


def test_discussion_for_attendees_who_came(world, room, organiser):
    event, session = room
    session.starts_at = timezone.now() - dt.timedelta(hours=2)
    session.save()
    # Registered but never checked in: not an attendee.
    with pytest.raises(PermissionDenied):
        discussion_post(session=session, body="Halo", by=world.employee.user)
    Registration.objects.filter(event=event, employee=world.employee).update(
        attended_at=timezone.now()
    )
    post = discussion_post(session=session, body="Terima kasih", by=world.employee.user)
    assert post.is_speaker is False
    assert DiscussionPost.objects.count() == 1
