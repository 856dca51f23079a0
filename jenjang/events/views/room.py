"""The live question room, the discussion thread and materials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
)
from django.shortcuts import redirect, render
from django.utils.http import parse_etags
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError
from jenjang.events import live
from jenjang.events import selectors as sel
from jenjang.events.models import DiscussionPost, Material, Question
from jenjang.events.rules import discussion_open, questions_open
from jenjang.events.services import questions as svc
from jenjang.events.views.common import app_errors_to_messages, not_found_as_404

ATTEND = "events.attend"
POLL_SECONDS = 5


def _room_context(request, session) -> dict:
    poll = live.poll_start(user=request.user, session_id=session.pk)
    return {
        "session": session,
        "event": session.event,
        "question_list": live.question_list_html(poll),
        "manages": poll.viewer.manages,
        "registered": poll.viewer.registered,
        "open": questions_open(session=session),
        "poll_seconds": POLL_SECONDS,
    }


@perm_required(ATTEND)
@not_found_as_404
def room(request, pk: int):
    session = sel.session_get_visible_to(user=request.user, pk=pk)
    return render(request, "events/room.html", _room_context(request, session))


def _question_list_response(request, session_id: int) -> HttpResponse:
    """The list alone, with an ETag: unchanged since the last poll is a 304."""
    poll = live.poll_start(user=request.user, session_id=session_id)
    if not poll.viewer.may_attend:
        raise PermissionDenied
    if request.method == "GET" and poll.etag in parse_etags(
        request.headers.get("If-None-Match", "")
    ):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(live.question_list_html(poll))
    response["ETag"] = poll.etag
    # The browser keeps the list and asks again with If-None-Match each time.
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@not_found_as_404
def room_questions(request, pk: int):
    """The part of the room that htmx polls every few seconds.

    The role check is the cached one of live.poll_start: a warm poll reads
    no table of its own.
    """
    return _question_list_response(request, pk)


def _back_to_room(request, session):
    if request.headers.get("HX-Request"):
        return _question_list_response(request, session.pk)
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
