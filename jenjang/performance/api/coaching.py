"""The coaching API: the supervisor's coaching sessions beside the feedback.

Sessions live in the mentoring area (read through its selectors); the link
to a feedback entry lives here.
"""

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from jenjang.core.api import AUTH, error_responses
from jenjang.core.exceptions import NotFound
from jenjang.performance import selectors
from jenjang.performance.models import Period
from jenjang.performance.services import coaching as services

router = Router(tags=["performance"], auth=AUTH)
E = error_responses


class CoachingSessionOut(Schema):
    session_id: int
    pair_id: int
    pair_url: str
    held_on: dt.date
    duration_minutes: int
    topics: str
    feedback_id: int | None


class CoachingLinkIn(Schema):
    session_id: int


class CoachingLinkOut(Schema):
    feedback_id: int
    session_id: int
    held_on: dt.date
    topics: str
    linked_at: dt.datetime


def _session_out(session, link) -> dict:
    return {
        "session_id": session.pk,
        "pair_id": session.relationship_id,
        "pair_url": reverse("mentoring:pair_detail", args=[session.relationship_id]),
        "held_on": session.held_on,
        "duration_minutes": session.duration_minutes,
        "topics": session.topics,
        "feedback_id": link.feedback_id if link else None,
    }


@router.get(
    "/performance/skps/{skp_id}/coaching",
    response={200: list[CoachingSessionOut], **E(404)},
    summary="Sesi coaching atasan dengan pegawai (per periode) dan umpan baliknya",
)
def coaching_list(request: HttpRequest, skp_id: int, period_id: int | None = None):
    """The evaluator's held coaching sessions with the employee in the period
    (the whole performance year without `period_id`), each with the feedback
    entry it is tied to. Notes are never included (private to the pair)."""
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    period = None
    if period_id is not None:
        period = Period.objects.filter(
            pk=period_id, performance_year_id=skp.performance_year_id
        ).first()
        if period is None:
            raise NotFound()
    return [
        _session_out(row["session"], row["link"])
        for row in selectors.coaching_sessions_for(skp, period)
    ]


@router.post(
    "/performance/feedback/{feedback_id}/coaching",
    response={201: CoachingLinkOut, **E(400, 403, 404, 409)},
    summary="Tautkan sesi coaching ke umpan balik (pejabat penilai)",
)
def coaching_link(request: HttpRequest, feedback_id: int, payload: CoachingLinkIn):
    feedback = selectors.feedback_get_visible_to(user=request.auth, pk=feedback_id)
    link = services.coaching_link_create(
        feedback=feedback, session_id=payload.session_id, by=request.auth
    )
    return Status(
        201,
        {
            "feedback_id": link.feedback_id,
            "session_id": link.session_id,
            "held_on": link.session.held_on,
            "topics": link.session.topics,
            "linked_at": link.linked_at,
        },
    )


@router.delete(
    "/performance/feedback/{feedback_id}/coaching/{session_id}",
    response={204: None, **E(403, 404)},
    summary="Lepas tautan sesi coaching dari umpan balik (pejabat penilai)",
)
def coaching_unlink(request: HttpRequest, feedback_id: int, session_id: int):
    link = selectors.coaching_link_get_visible_to(
        user=request.auth, feedback_id=feedback_id, session_id=session_id
    )
    services.coaching_link_delete(link=link, by=request.auth)
    return Status(204, None)
