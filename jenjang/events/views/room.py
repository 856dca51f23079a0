"""The live question room, the discussion thread and materials."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError
from jenjang.events import selectors as sel
from jenjang.events.models import DiscussionPost, Material, Question, Registration
from jenjang.events.rules import discussion_open, questions_open
from jenjang.events.services import questions as svc
from jenjang.events.views.common import app_errors_to_messages, not_found_as_404
from jenjang.people.selectors import employee_for_user

ATTEND = "events.attend"
POLL_SECONDS = 5


def _room_context(request, session) -> dict:
    user = request.user
    employee = employee_for_user(user=user)
    manages = sel.user_manages_event(user=user, event=session.event)
    registered = bool(
        employee
        and Registration.objects.filter(
            event_id=session.event_id,
            employee=employee,
            status=Registration.Status.REGISTERED,
        ).exists()
    )
    return {
        "session": session,
        "event": session.event,
        "questions": sel.top_questions(session=session, include_hidden=manages),
        "voted": sel.voted_question_ids(session=session, employee=employee),
        "manages": manages,
        "registered": registered,
        "open": questions_open(session=session),
        "poll_seconds": POLL_SECONDS,
        "me": employee.pk if employee else None,
    }


@perm_required(ATTEND)
@not_found_as_404
def room(request, pk: int):
    session = sel.session_get_visible_to(user=request.user, pk=pk)
    return render(request, "events/room.html", _room_context(request, session))


@perm_required(ATTEND)
@not_found_as_404
def room_questions(request, pk: int):
    """The part of the room that htmx polls every few seconds."""
    session = sel.session_get_visible_to(user=request.user, pk=pk)
    return render(request, "events/_questions.html", _room_context(request, session))


def _back_to_room(request, session):
    if request.headers.get("HX-Request"):
        return render(
            request, "events/_questions.html", _room_context(request, session)
        )
    return redirect("events:room", pk=session.pk)


@require_POST
@perm_required(ATTEND)
@not_found_as_404
@app_errors_to_messages
def ask(request, pk: int):
    session = sel.session_get_visible_to(user=request.user, pk=pk)
    svc.question_ask(
        session=session,
        text=request.POST.get("text", ""),
        anonymous=request.POST.get("anonymous") == "on",
        by=request.user,
    )
    return redirect("events:room", pk=session.pk)


def _question(request, pk: int) -> Question:
    question = Question.objects.select_related("session__event").filter(pk=pk).first()
    if question is None:
        raise Http404
    sel.session_get_visible_to(user=request.user, pk=question.session_id)
    return question


@require_POST
@perm_required(ATTEND)
@not_found_as_404
def vote(request, pk: int):
    question = _question(request, pk)
    try:
        if request.POST.get("undo"):
            svc.question_unvote(question=question, by=request.user)
        else:
            svc.question_vote(question=question, by=request.user)
    except ApplicationError as exc:
        if exc.status == 403:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied from None
        messages.error(request, exc.message)
    return _back_to_room(request, question.session)


@require_POST
@perm_required(ATTEND)
@not_found_as_404
def moderate(request, pk: int):
    question = _question(request, pk)
    try:
        svc.question_moderate(
            question=question, status=request.POST.get("status", ""), by=request.user
        )
    except ApplicationError as exc:
        if exc.status == 403:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied from None
        messages.error(request, exc.message)
    return _back_to_room(request, question.session)


@perm_required(ATTEND)
@not_found_as_404
def discussion(request, pk: int):
    session = sel.session_get_visible_to(user=request.user, pk=pk)
    event = session.event
    manages = sel.user_manages_event(user=request.user, event=event)
    reg = sel.registration_of_user(event=event, user=request.user)
    may_read = (
        manages
        or sel.is_attendee(registration=reg)
        or sel.is_session_speaker(user=request.user, session=session)
    )
    if request.method == "POST":
        try:
            svc.discussion_post(
                session=session, body=request.POST.get("body", ""), by=request.user
            )
        except ApplicationError as exc:
            if exc.status == 403:
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied from None
            messages.error(request, exc.message)
        return redirect("events:discussion", pk=pk)
    return render(
        request,
        "events/discussion.html",
        {
            "session": session,
            "event": event,
            "may_read": may_read,
            "manages": manages,
            "open": discussion_open(session=session),
            "posts": sel.discussion_of(session=session, include_hidden=manages)
            if may_read
            else [],
            "materials": session.materials.all() if may_read else [],
        },
    )


@require_POST
@perm_required("events.manage")
@app_errors_to_messages
def hide_post(request, pk: int):
    post = DiscussionPost.objects.select_related("session__event").filter(pk=pk).first()
    if post is None:
        raise Http404
    svc.discussion_hide(post=post, by=request.user)
    return redirect("events:discussion", pk=post.session_id)


@perm_required(ATTEND)
def material_download(request, pk: int):
    """Stream a material to attendees, speakers and organisers only."""
    material = Material.objects.select_related("event").filter(pk=pk).first()
    if material is None:
        raise Http404
    event = material.event
    manages = sel.user_manages_event(user=request.user, event=event)
    reg = sel.registration_of_user(event=event, user=request.user)
    speaker = material.session_id and sel.is_session_speaker(
        user=request.user, session=material.session
    )
    if not (manages or speaker or sel.is_attendee(registration=reg)):
        raise Http404
    return FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.original_name
    )
