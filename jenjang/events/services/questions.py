"""Questions to the speakers, upvotes, moderation, and the discussion thread.

Only registered attendees of the event (status "registered") ask and
upvote; the moderator is the event's organiser (events.manage over the
organising unit). After the session, attendees (checked in) and the
session's speakers continue in the discussion thread.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events import live
from jenjang.events.models import (
    DiscussionPost,
    EventSession,
    Question,
    QuestionVote,
    Registration,
)
from jenjang.events.rules import discussion_open, questions_open
from jenjang.events.services.common import clean_text, require_employee, require_manager
from jenjang.people.models import Employee

MAX_QUESTION = 500
MAX_POST = 4000


def _require_registered(session: EventSession, employee: Employee) -> Registration:
    reg = Registration.objects.filter(
        event_id=session.event_id,
        employee=employee,
        status=Registration.Status.REGISTERED,
    ).first()
    if reg is None:
        raise PermissionDenied(
            _("Hanya peserta terdaftar kegiatan ini yang dapat bertanya.")
        )
    return reg


def question_ask(
    *, session: EventSession, text: str, anonymous: bool = False, by
) -> Question:
    """A registered participant asks a question before or during the session."""
    employee = require_employee(by)
    _require_registered(session, employee)
    if not questions_open(session=session):
        raise ApplicationError(
            "questions_closed",
            _("Sesi sudah selesai; lanjutkan di forum diskusi."),
        )
    text = clean_text(text, field=_("Pertanyaan"), max_length=MAX_QUESTION)
    question = Question.objects.create(
        session=session, author=employee, text=text, is_anonymous=anonymous
    )
    live.room_changed(session_id=session.pk)
    return question


def question_vote(*, question: Question, by) -> Question:
    """Upvote a question once; a second vote by the same person is refused."""
    employee = require_employee(by)
    _require_registered(question.session, employee)
    if question.status == Question.Status.HIDDEN:
        raise ApplicationError("question_hidden", _("Pertanyaan ini disembunyikan."))
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter=employee)
            Question.objects.filter(pk=question.pk).update(
                vote_count=F("vote_count") + 1
            )
    except IntegrityError:
        raise ApplicationError(
            "already_voted", _("Anda sudah mendukung pertanyaan ini."), status=409
        ) from None
    live.room_changed(session_id=question.session_id, voter_user_id=by.pk)
    question.refresh_from_db(fields=["vote_count"])
    return question


def question_unvote(*, question: Question, by) -> Question:
    employee = require_employee(by)
    with transaction.atomic():
        deleted, _rows = QuestionVote.objects.filter(
            question=question, voter=employee
        ).delete()
        if deleted:
            Question.objects.filter(pk=question.pk, vote_count__gt=0).update(
                vote_count=F("vote_count") - 1
            )
            live.room_changed(session_id=question.session_id, voter_user_id=by.pk)
    question.refresh_from_db(fields=["vote_count"])
    return question


def question_moderate(*, question: Question, status: str, by) -> Question:
    """The moderator marks a question answered, hides it, or reopens it."""
    require_manager(by, question.session.event)
    if status not in Question.Status.values:
        raise ApplicationError("bad_status", _("Status pertanyaan tidak dikenal."))
    question.status = status
    question.moderated_at = timezone.now()
    question.moderated_by = by
    question.save(update_fields=["status", "moderated_at", "moderated_by"])
    live.room_changed(session_id=question.session_id)
    return question


def discussion_post(*, session: EventSession, body: str, by) -> DiscussionPost:
    """Attendees (checked in) and the session's speakers write after it starts."""
    from jenjang.events.selectors import (
        is_attendee,
        is_session_speaker,
        registration_of_user,
        user_manages_event,
    )

    speaker = is_session_speaker(user=by, session=session)
    organiser = user_manages_event(user=by, event=session.event)
    attendee = is_attendee(
        registration=registration_of_user(event=session.event, user=by)
    )
    if not (speaker or organiser or attendee):
        raise PermissionDenied(
            _("Forum diskusi hanya untuk peserta yang hadir dan narasumber.")
        )
    if not discussion_open(session=session):
        raise ApplicationError(
            "discussion_not_open", _("Forum diskusi dibuka saat sesi dimulai.")
        )
    body = clean_text(body, field=_("Tulisan"), max_length=MAX_POST)
    label = by.get_full_name() or by.username
    return DiscussionPost.objects.create(
        session=session,
        author=by,
        author_label=label[:200],
        is_speaker=speaker,
        body=body,
    )


def discussion_hide(*, post: DiscussionPost, by) -> DiscussionPost:
    require_manager(by, post.session.event)
    post.is_hidden = True
    post.save(update_fields=["is_hidden"])
    return post
