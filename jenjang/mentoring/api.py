"""The mentoring API: mentors, requests, rounds, pairs, sessions, coaching.

Reads go through the scoped selectors (out of reach answers 404, the same as
missing); writes through the services, which check who may act. Session
notes appear only for the two people of the pair.
"""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.mentoring import selectors
from jenjang.mentoring.links import pair_links, session_links
from jenjang.mentoring.models import (
    Goal,
    MatchingRound,
    MenteeRequest,
    MentorProfile,
    Mode,
    PairRule,
    Relationship,
)
from jenjang.mentoring.services import pairs as pair_services
from jenjang.mentoring.services import profiles as profile_services
from jenjang.mentoring.services import rounds as round_services
from jenjang.mentoring.services import sessions as session_services
from jenjang.people.selectors import (
    employee_for_user,
    employee_get_visible_to,
    org_unit_get_visible_to,
)

router = Router(tags=["mentoring"], auth=AUTH)

NO_NUL = r"^[^\x00]*$"


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=min_length,
            max_length=max_length,
            pattern=NO_NUL,
        ),
    ]


Weight = Annotated[int, Field(ge=0, le=100)]
Level = Annotated[int, Field(ge=1, le=5)]
ModeIn = Literal[tuple(Mode.values)]
PAGE = {"cursor": None, "size": 50}

# --- shapes -----------------------------------------------------------------------


class MentoringPersonRef(Schema):
    id: int
    name: str
    unit: str


def _person(employee) -> dict:
    return {"id": employee.pk, "name": employee.name, "unit": employee.org_unit.name}


class StrengthOut(Schema):
    competency_id: int
    competency: str
    level: int


class MentorOut(Schema):
    id: int
    employee: MentoringPersonRef
    source: str
    capacity: int
    live_load: int | None = None
    is_available: bool
    availability: str
    mode: str
    bio: str
    job_field_ids: list[int]
    strengths: list[StrengthOut]


def _mentor(profile: MentorProfile) -> dict:
    return {
        "id": profile.pk,
        "employee": _person(profile.employee),
        "source": profile.source,
        "capacity": profile.capacity,
        "live_load": getattr(profile, "live_load", None),
        "is_available": profile.is_available,
        "availability": profile.availability,
        "mode": profile.mode,
        "bio": profile.bio,
        "job_field_ids": [f.pk for f in profile.job_fields.all()],
        "strengths": [
            {
                "competency_id": s.competency_id,
                "competency": s.competency.name,
                "level": s.level,
            }
            for s in profile.strengths.all()
        ],
    }


class MentorPage(Schema):
    items: list[MentorOut]
    next_cursor: str | None


class MentorIn(Schema):
    capacity: int = Field(2, ge=1, le=20)
    is_available: bool = True
    availability: _text(200) = ""
    mode: ModeIn = Mode.ANY
    bio: _text(2000) = ""
    job_field_ids: list[int] = Field(default_factory=list, max_length=20)


class MentorAppointIn(MentorIn):
    employee_id: int


class NeedIn(Schema):
    competency_id: int
    target_level: Level


class MentoringNeedOut(Schema):
    competency_id: int
    competency: str
    target_level: int


class RequestOut(Schema):
    id: int
    employee: MentoringPersonRef
    goals: str
    unit_preference: str
    mode: str
    status: str
    created_at: dt.datetime
    needs: list[MentoringNeedOut]


def _request(req: MenteeRequest) -> dict:
    return {
        "id": req.pk,
        "employee": _person(req.employee),
        "goals": req.goals,
        "unit_preference": req.unit_preference,
        "mode": req.mode,
        "status": req.status,
        "created_at": req.created_at,
        "needs": [
            {
                "competency_id": n.competency_id,
                "competency": n.competency.name,
                "target_level": n.target_level,
            }
            for n in req.competencies.all()
        ],
    }


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


class RequestIn(Schema):
    goals: _text(2000, 1)
    needs: list[NeedIn] | None = Field(None, max_length=5)
    unit_preference: Literal[tuple(MenteeRequest.UnitPreference.values)] = "any"
    mode: ModeIn = Mode.ANY


class RoundIn(Schema):
    name: _text(120, 1)
    org_unit_id: int
    w_coverage: Weight = 40
    w_field: Weight = 20
    w_seniority: Weight = 15
    w_unit: Weight = 10
    w_load: Weight = 15
    min_rank_gap: int = Field(1, ge=0, le=16)
    max_rank_gap: int = Field(8, ge=0, le=16)
    allow_supervisor: bool = False


class RoundOut(Schema):
    id: int
    name: str
    org_unit_id: int
    status: str
    progress: int
    message: str
    weights: dict[str, int]
    min_rank_gap: int
    max_rank_gap: int
    allow_supervisor: bool
    mentee_count: int
    mentor_count: int
    candidate_count: int
    matched_count: int
    total_score: float
    created_at: dt.datetime
    finished_at: dt.datetime | None
    published_at: dt.datetime | None


def _round(r: MatchingRound) -> dict:
    return {
        **{f: getattr(r, f) for f in RoundOut.model_fields if f != "weights"},
        "weights": r.weights,
    }


class ProposalOut(Schema):
    id: int
    request_id: int
    mentee: MentoringPersonRef
    mentor_id: int
    mentor: MentoringPersonRef
    score: float
    breakdown: dict[str, float]
    pinned: bool


class RuleIn(Schema):
    request_id: int
    mentor_id: int
    kind: Literal[tuple(PairRule.Kind.values)]


class RuleOut(Schema):
    id: int
    request_id: int
    mentor_id: int
    kind: str


class PublishOut(Schema):
    published: int
    round: RoundOut


class MentoringGoalOut(Schema):
    id: int
    title: str
    measure: str
    due_on: dt.date
    status: str
    outcome: str


class MentoringGoalIn(Schema):
    title: _text(200, 1)
    measure: _text(300, 1)
    due_on: dt.date


class GoalPatch(Schema):
    status: Literal[tuple(Goal.Status.values)]
    outcome: _text(500) = ""


class ActionItemIn(Schema):
    text: _text(300, 1)
    due_on: dt.date | None = None


class ActionItemOut(Schema):
    id: int
    text: str
    due_on: dt.date | None
    done: bool


class MentoringSessionIn(Schema):
    held_on: dt.date
    duration_minutes: int = Field(ge=1, le=480)
    topics: _text(300, 1)
    notes: _text(10000) = ""
    action_items: list[ActionItemIn] = Field(default_factory=list, max_length=10)


class LinkOut(Schema):
    kind: str
    label: str
    url: str


class MentoringSessionOut(Schema):
    id: int
    held_on: dt.date
    duration_minutes: int
    topics: str
    notes: str | None  # only for the pair
    status: str
    action_items: list[ActionItemOut]
    # Records other areas tie to the session (a coaching session's
    # performance feedback), as far as the reader may see them.
    links: list[LinkOut] = []


def _session(s, *, notes: bool, links=()) -> dict:
    return {
        "links": [
            {"kind": link.kind, "label": link.label, "url": link.url} for link in links
        ],
        "id": s.pk,
        "held_on": s.held_on,
        "duration_minutes": s.duration_minutes,
        "topics": s.topics,
        "notes": s.notes if notes else None,
        "status": s.status,
        "action_items": [
            {"id": a.pk, "text": a.text, "due_on": a.due_on, "done": bool(a.done_at)}
            for a in s.action_items.all()
        ],
    }


class PairOut(Schema):
    id: int
    kind: str
    status: str
    mentor: MentoringPersonRef
    mentee: MentoringPersonRef
    my_side: str | None
    rhythm: str
    started_on: dt.date | None
    closed_on: dt.date | None
    last_session_on: dt.date | None
    mentor_accepted: bool
    mentee_accepted: bool
    score: float | None
    breakdown: dict[str, float] | None
    outcome: str


def _pair(rel: Relationship, side: str | None) -> dict:
    proposal = rel.proposal
    return {
        "id": rel.pk,
        "kind": rel.kind,
        "status": rel.status,
        "mentor": _person(rel.mentor),
        "mentee": _person(rel.mentee),
        "my_side": side,
        "rhythm": rel.rhythm,
        "started_on": rel.started_on,
        "closed_on": rel.closed_on,
        "last_session_on": rel.last_session_on,
        "mentor_accepted": bool(rel.mentor_accepted_at),
        "mentee_accepted": bool(rel.mentee_accepted_at),
        "score": proposal.score if proposal else None,
        "breakdown": proposal.breakdown if proposal else None,
        "outcome": rel.outcome,
    }


class PairPage(Schema):
    items: list[PairOut]
    next_cursor: str | None


class PairDetailOut(PairOut):
    goals: list[MentoringGoalOut]
    sessions: list[MentoringSessionOut]
    feedback: list[dict]
    # Records of other areas about the whole pair (a coaching pair: the
    # employee's SKP feedback pages), as far as the reader may see them.
    links: list[LinkOut] = []


class CloseIn(Schema):
    outcome: _text(4000, 1)
    goal_results: dict[int, Literal["achieved", "partly", "missed"]] = Field(
        default_factory=dict
    )


class MentoringFeedbackIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: _text(2000) = ""


class CancelIn(Schema):
    reason: _text(250, 1)


class DoneIn(Schema):
    done: bool


class CoachingIn(Schema):
    member_id: int
    rhythm: Literal[tuple(Relationship.Rhythm.values)] = "biweekly"


class OverviewOut(Schema):
    active: int
    proposed: int
    closed: int
    sessions_90d: int
    sessions_per_pair_month: float
    goals_total: int
    goals_achieved: int
    goal_completion: float | None
    satisfaction: float | None
    feedback_count: int
    quiet_weeks: int
    quiet_pair_ids: list[int]


def _me(request: HttpRequest):
    employee = employee_for_user(user=request.auth)
    if employee is None:
        raise ApplicationError(
            "no_employee_record", _("Akun ini tidak terhubung dengan data pegawai.")
        )
    return employee


# --- mentors --------------------------------------------------------------------


@router.get(
    "/mentoring/mentors",
    response={200: MentorPage, **error_responses(401, 403, 422)},
    summary="Mentor dalam cakupan Anda (admin kepegawaian)",
)
def mentor_list(
    request: HttpRequest,
    search: str = Query("", max_length=100),
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, selectors.MANAGE)
    qs = selectors.mentor_list_visible_to(user=request.auth, search=search)
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {"items": [_mentor(p) for p in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/mentoring/mentors",
    response={201: MentorOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Tunjuk pegawai sebagai mentor",
)
def mentor_appoint(request: HttpRequest, payload: MentorAppointIn):
    require_perm(request, selectors.MANAGE)
    employee = employee_get_visible_to(
        user=request.auth, pk=payload.employee_id, perm=selectors.MANAGE
    )
    data = payload.dict(exclude={"employee_id"})
    profile = profile_services.mentor_profile_save(
        employee=employee,
        by=request.auth,
        source=MentorProfile.Source.APPOINTED,
        **data,
    )
    return Status(
        201, _mentor(selectors.mentor_get_visible_to(user=request.auth, pk=profile.pk))
    )


@router.get(
    "/mentoring/mentors/me",
    response={200: MentorOut, **error_responses(401, 403, 404)},
    summary="Profil mentor saya",
)
def mentor_me(request: HttpRequest):
    require_perm(request, selectors.TAKE_PART)
    profile = selectors.own_mentor_profile(employee=_me(request))
    if profile is None:
        raise NotFound()
    return _mentor(profile)


@router.put(
    "/mentoring/mentors/me",
    response={200: MentorOut, **error_responses(400, 401, 403, 422)},
    summary="Bersedia menjadi mentor (atau ubah profil mentor saya)",
)
def mentor_volunteer(request: HttpRequest, payload: MentorIn):
    require_perm(request, selectors.TAKE_PART)
    employee = _me(request)
    existing = selectors.own_mentor_profile(employee=employee)
    source = existing.source if existing else MentorProfile.Source.VOLUNTEER
    profile_services.mentor_profile_save(
        employee=employee, by=request.auth, source=source, **payload.dict()
    )
    return _mentor(selectors.own_mentor_profile(employee=employee))


@router.get(
    "/mentoring/mentors/{mentor_id}",
    response={200: MentorOut, **error_responses(401, 403, 404)},
    summary="Satu mentor",
)
def mentor_get(request: HttpRequest, mentor_id: int):
    require_perm(request, selectors.MANAGE)
    return _mentor(selectors.mentor_get_visible_to(user=request.auth, pk=mentor_id))


@router.put(
    "/mentoring/mentors/{mentor_id}",
    response={200: MentorOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah profil mentor",
)
def mentor_update(request: HttpRequest, mentor_id: int, payload: MentorIn):
    require_perm(request, selectors.MANAGE)
    profile = selectors.mentor_get_visible_to(user=request.auth, pk=mentor_id)
    profile_services.mentor_profile_save(
        employee=profile.employee,
        by=request.auth,
        source=profile.source,
        **payload.dict(),
    )
    return _mentor(selectors.mentor_get_visible_to(user=request.auth, pk=mentor_id))


# --- requests --------------------------------------------------------------------


@router.get(
    "/mentoring/requests",
    response={200: RequestPage, **error_responses(401, 403, 422)},
    summary="Permintaan mentor: milik saya, atau dalam cakupan Anda (admin)",
)
def request_list(
    request: HttpRequest,
    mine: bool = Query(False),
    status: Literal[tuple(MenteeRequest.Status.values)] | None = None,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    if mine:
        require_perm(request, selectors.TAKE_PART)
        qs = selectors.own_requests(employee=_me(request))
        if status:
            qs = qs.filter(status=status)
    else:
        require_perm(request, selectors.MANAGE)
        qs = selectors.request_list_visible_to(user=request.auth, status=status or "")
    qs = qs.select_related("employee__org_unit").prefetch_related(
        "competencies__competency"
    )
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {"items": [_request(r) for r in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/mentoring/requests",
    response={201: RequestOut, **error_responses(400, 401, 403, 422)},
    summary="Minta mentor (tanpa kompetensi: diisi dari kesenjangan terbesar)",
)
def request_create(request: HttpRequest, payload: RequestIn):
    require_perm(request, selectors.TAKE_PART)
    employee = _me(request)
    needs = (
        None
        if payload.needs is None
        else {n.competency_id: n.target_level for n in payload.needs}
    )
    created = profile_services.mentee_request_create(
        employee=employee,
        by=request.auth,
        goals=payload.goals,
        needs=needs,
        unit_preference=payload.unit_preference,
        mode=payload.mode,
    )
    return Status(
        201, _request(selectors.own_request_get(employee=employee, pk=created.pk))
    )


@router.post(
    "/mentoring/requests/{request_id}/withdraw",
    response={200: RequestOut, **error_responses(400, 401, 403, 404)},
    summary="Tarik permintaan saya",
)
def request_withdraw(request: HttpRequest, request_id: int):
    require_perm(request, selectors.TAKE_PART)
    employee = _me(request)
    found = selectors.own_request_get(employee=employee, pk=request_id)
    profile_services.mentee_request_withdraw(request=found, by=request.auth)
    return _request(selectors.own_request_get(employee=employee, pk=request_id))


# --- rounds ------------------------------------------------------------------------


def _weights(payload) -> dict:
    return {k: getattr(payload, k) for k in round_services.WEIGHT_FIELDS}


@router.get(
    "/mentoring/rounds",
    response={200: list[RoundOut], **error_responses(401, 403)},
    summary="Putaran pencocokan dalam cakupan Anda",
)
def round_list(request: HttpRequest):
    require_perm(request, selectors.MANAGE)
    return [_round(r) for r in selectors.round_list_visible_to(user=request.auth)[:200]]


@router.post(
    "/mentoring/rounds",
    response={201: RoundOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Buat putaran pencocokan atas satu unit kerja",
)
def round_create(request: HttpRequest, payload: RoundIn):
    require_perm(request, selectors.MANAGE)
    unit = org_unit_get_visible_to(user=request.auth, pk=payload.org_unit_id)
    if not selectors.unit_managed_by(user=request.auth, unit=unit):
        raise NotFound()
    created = round_services.round_create(
        name=payload.name,
        org_unit=unit,
        by=request.auth,
        weights=_weights(payload),
        min_rank_gap=payload.min_rank_gap,
        max_rank_gap=payload.max_rank_gap,
        allow_supervisor=payload.allow_supervisor,
    )
    return Status(201, _round(created))


@router.get(
    "/mentoring/rounds/{round_id}",
    response={200: RoundOut, **error_responses(401, 403, 404)},
    summary="Satu putaran, dengan kemajuan perhitungan",
)
def round_get(request: HttpRequest, round_id: int):
    require_perm(request, selectors.MANAGE)
    return _round(selectors.round_get_visible_to(user=request.auth, pk=round_id))


@router.put(
    "/mentoring/rounds/{round_id}",
    response={200: RoundOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah bobot dan rentang putaran (sebelum diumumkan)",
)
def round_update(request: HttpRequest, round_id: int, payload: RoundIn):
    require_perm(request, selectors.MANAGE)
    found = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    round_services.round_update(
        round=found,
        by=request.auth,
        weights=_weights(payload),
        min_rank_gap=payload.min_rank_gap,
        max_rank_gap=payload.max_rank_gap,
        allow_supervisor=payload.allow_supervisor,
    )
    return _round(selectors.round_get_visible_to(user=request.auth, pk=round_id))


@router.post(
    "/mentoring/rounds/{round_id}/run",
    response={202: RoundOut, **error_responses(400, 401, 403, 404)},
    summary="Hitung (ulang) pasangan optimal di latar belakang",
)
def round_run(request: HttpRequest, round_id: int):
    require_perm(request, selectors.MANAGE)
    found = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    round_services.round_enqueue(round=found, by=request.auth)
    return Status(
        202, _round(selectors.round_get_visible_to(user=request.auth, pk=round_id))
    )


@router.get(
    "/mentoring/rounds/{round_id}/proposals",
    response={200: list[ProposalOut], **error_responses(401, 403, 404)},
    summary="Usulan pasangan dengan rincian skor",
)
def round_proposals(request: HttpRequest, round_id: int):
    require_perm(request, selectors.MANAGE)
    found = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    return [
        {
            "id": p.pk,
            "request_id": p.request_id,
            "mentee": _person(p.request.employee),
            "mentor_id": p.mentor_id,
            "mentor": _person(p.mentor.employee),
            "score": p.score,
            "breakdown": p.breakdown,
            "pinned": p.pinned,
        }
        for p in selectors.round_proposals(round=found)
    ]


@router.get(
    "/mentoring/rounds/{round_id}/rules",
    response={200: list[RuleOut], **error_responses(401, 403, 404)},
    summary="Pasangan yang dikunci atau dilarang",
)
def rule_list(request: HttpRequest, round_id: int):
    require_perm(request, selectors.MANAGE)
    found = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    return [
        {
            "id": r.pk,
            "request_id": r.request_id,
            "mentor_id": r.mentor_id,
            "kind": r.kind,
        }
        for r in selectors.round_rules(round=found)
    ]


@router.post(
    "/mentoring/rounds/{round_id}/rules",
    response={201: RuleOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Kunci atau larang satu pasangan",
)
def rule_set(request: HttpRequest, round_id: int, payload: RuleIn):
    require_perm(request, selectors.MANAGE)
    found = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    req = selectors.request_get_visible_to(user=request.auth, pk=payload.request_id)
    mentor = selectors.mentor_get_visible_to(user=request.auth, pk=payload.mentor_id)
    rule = round_services.pair_rule_set(
        round=found, request=req, mentor=mentor, kind=payload.kind, by=request.auth
    )
    return Status(
        201,
        {
            "id": rule.pk,
            "request_id": req.pk,
            "mentor_id": mentor.pk,
            "kind": rule.kind,
        },
    )


@router.delete(
    "/mentoring/rounds/{round_id}/rules/{rule_id}",
    response={204: None, **error_responses(400, 401, 403, 404)},
    summary="Hapus kunci/larangan",
)
def rule_delete(request: HttpRequest, round_id: int, rule_id: int):
    require_perm(request, selectors.MANAGE)
    found = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    rule = found.rules.filter(pk=rule_id).first()
    if rule is None:
        raise NotFound()
    round_services.pair_rule_delete(rule=rule, by=request.auth)
    return Status(204, None)


@router.post(
    "/mentoring/rounds/{round_id}/publish",
    response={200: PublishOut, **error_responses(400, 401, 403, 404)},
    summary="Umumkan usulan: mentor dan mentee diminta menjawab",
)
def round_publish(request: HttpRequest, round_id: int):
    require_perm(request, selectors.MANAGE)
    found = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    count = round_services.round_publish(round=found, by=request.auth)
    fresh = selectors.round_get_visible_to(user=request.auth, pk=round_id)
    return {"published": count, "round": _round(fresh)}


# --- pairs -------------------------------------------------------------------------


@router.get(
    "/mentoring/pairs",
    response={200: PairPage, **error_responses(401, 403, 422)},
    summary="Pasangan saya, atau pasangan dalam cakupan Anda (scope=all)",
)
def pair_list(
    request: HttpRequest,
    scope: Literal["mine", "all"] = "mine",
    status: Literal[tuple(Relationship.Status.values)] | None = None,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    statuses = [status] if status else None
    if scope == "all":
        require_perm(request, selectors.OVERVIEW)
        qs = selectors.pairs_in_scope(user=request.auth, statuses=statuses)
    else:
        qs = selectors.pairs_of(user=request.auth, statuses=statuses)
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    items = [_pair(r, pair_services.side_of(r, request.auth)) for r in page.items]
    return {"items": items, "next_cursor": page.next_cursor}


def _pair_detail(request: HttpRequest, pair_id: int) -> dict:
    view = selectors.pair_get_for(user=request.auth, pk=pair_id)
    rel = view.relationship
    sessions = list(selectors.pair_sessions(relationship=rel))
    links = session_links(user=request.auth, session_ids=[s.pk for s in sessions])
    return {
        **_pair(rel, view.side),
        "goals": [
            {f: getattr(g, f) for f in MentoringGoalOut.model_fields}
            for g in selectors.pair_goals(relationship=rel)
        ],
        "sessions": [
            _session(s, notes=view.can_see_notes, links=links.get(s.pk, ()))
            for s in sessions
        ],
        "feedback": [
            {"side": f.side, "rating": f.rating, "comment": f.comment}
            for f in rel.feedback.all()
        ],
        "links": [
            {"kind": link.kind, "label": link.label, "url": link.url}
            for link in pair_links(user=request.auth, relationship=rel)
        ],
    }


@router.get(
    "/mentoring/pairs/{pair_id}",
    response={200: PairDetailOut, **error_responses(401, 404)},
    summary="Satu pasangan: tujuan, sesi (catatan hanya untuk pasangan), umpan balik",
)
def pair_get(request: HttpRequest, pair_id: int):
    return _pair_detail(request, pair_id)


def _own_pair(request: HttpRequest, pair_id: int) -> Relationship:
    view = selectors.pair_get_for(user=request.auth, pk=pair_id)
    if view.side is None:
        raise NotFound()
    return view.relationship


@router.post(
    "/mentoring/pairs/{pair_id}/accept",
    response={200: PairDetailOut, **error_responses(400, 401, 403, 404)},
    summary="Terima usulan pasangan",
)
def pair_accept(request: HttpRequest, pair_id: int):
    pair_services.relationship_accept(
        relationship=_own_pair(request, pair_id), by=request.auth
    )
    return _pair_detail(request, pair_id)


@router.post(
    "/mentoring/pairs/{pair_id}/decline",
    response={200: PairDetailOut, **error_responses(400, 401, 403, 404)},
    summary="Tolak usulan pasangan (permintaan kembali ke putaran berikutnya)",
)
def pair_decline(request: HttpRequest, pair_id: int):
    pair_services.relationship_decline(
        relationship=_own_pair(request, pair_id), by=request.auth
    )
    return _pair_detail(request, pair_id)


@router.post(
    "/mentoring/pairs/{pair_id}/close",
    response={200: PairDetailOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Akhiri pasangan dengan hasil terhadap tujuan",
)
def pair_close(request: HttpRequest, pair_id: int, payload: CloseIn):
    pair_services.relationship_close(
        relationship=_own_pair(request, pair_id),
        by=request.auth,
        outcome=payload.outcome,
        goal_results=payload.goal_results,
    )
    return _pair_detail(request, pair_id)


@router.post(
    "/mentoring/pairs/{pair_id}/goals",
    response={201: MentoringGoalOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Tambah tujuan (spesifik, terukur, bertenggat)",
)
def goal_add(request: HttpRequest, pair_id: int, payload: MentoringGoalIn):
    goal = pair_services.goal_add(
        relationship=_own_pair(request, pair_id), by=request.auth, **payload.dict()
    )
    return Status(201, {f: getattr(goal, f) for f in MentoringGoalOut.model_fields})


@router.patch(
    "/mentoring/goals/{goal_id}",
    response={200: MentoringGoalOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Perbarui status tujuan",
)
def goal_update(request: HttpRequest, goal_id: int, payload: GoalPatch):
    goal = selectors.goal_get_for(user=request.auth, pk=goal_id)
    pair_services.goal_update(
        goal=goal, by=request.auth, status=payload.status, outcome=payload.outcome
    )
    return {f: getattr(goal, f) for f in MentoringGoalOut.model_fields}


@router.post(
    "/mentoring/pairs/{pair_id}/sessions",
    response={201: MentoringSessionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Catat sesi (JP masuk ke buku besar mentee)",
)
def session_create(request: HttpRequest, pair_id: int, payload: MentoringSessionIn):
    session = session_services.session_log(
        relationship=_own_pair(request, pair_id),
        by=request.auth,
        held_on=payload.held_on,
        duration_minutes=payload.duration_minutes,
        topics=payload.topics,
        notes=payload.notes,
        action_items=[(a.text, a.due_on) for a in payload.action_items],
    )
    return Status(201, _session(session, notes=True))


@router.post(
    "/mentoring/sessions/{session_id}/cancel",
    response={200: MentoringSessionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Batalkan sesi (JP-nya dibatalkan dengan entri pembalik)",
)
def session_cancel(request: HttpRequest, session_id: int, payload: CancelIn):
    session = selectors.session_get_for(user=request.auth, pk=session_id)
    done = session_services.session_cancel(
        session=session, by=request.auth, reason=payload.reason
    )
    return _session(done, notes=True)


@router.post(
    "/mentoring/action-items/{item_id}/done",
    response={200: ActionItemOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Tandai tindak lanjut selesai (atau belum)",
)
def action_item_done(request: HttpRequest, item_id: int, payload: DoneIn):
    item = selectors.action_item_get_for(user=request.auth, pk=item_id)
    session_services.action_item_toggle(item=item, by=request.auth, done=payload.done)
    return {
        "id": item.pk,
        "text": item.text,
        "due_on": item.due_on,
        "done": payload.done,
    }


@router.put(
    "/mentoring/pairs/{pair_id}/feedback",
    response={200: dict, **error_responses(400, 401, 403, 404, 422)},
    summary="Beri umpan balik (1–5) dari sisi saya",
)
def feedback_give(request: HttpRequest, pair_id: int, payload: MentoringFeedbackIn):
    found = pair_services.feedback_give(
        relationship=_own_pair(request, pair_id),
        by=request.auth,
        rating=payload.rating,
        comment=payload.comment,
    )
    return {"side": found.side, "rating": found.rating, "comment": found.comment}


@router.post(
    "/mentoring/coaching",
    response={201: PairOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Mulai coaching dengan anggota tim saya",
)
def coaching_start(request: HttpRequest, payload: CoachingIn):
    require_perm(request, selectors.COACH)
    coach = _me(request)
    member = employee_get_visible_to(
        user=request.auth, pk=payload.member_id, perm=selectors.COACH
    )
    rel = pair_services.coaching_start(
        coach=coach, member=member, by=request.auth, rhythm=payload.rhythm
    )
    view = selectors.pair_get_for(user=request.auth, pk=rel.pk)
    return Status(201, _pair(view.relationship, view.side))


@router.get(
    "/mentoring/overview",
    response={200: OverviewOut, **error_responses(401, 403, 422)},
    summary="Ringkasan: pasangan aktif, frekuensi sesi, tujuan, kepuasan, pasangan sepi",
)
def overview(request: HttpRequest, weeks: int | None = Query(None, ge=1, le=52)):
    require_perm(request, selectors.OVERVIEW)
    data = selectors.overview(user=request.auth, weeks=weeks)
    return {
        **{
            f: getattr(data, f)
            for f in OverviewOut.model_fields
            if f != "quiet_pair_ids"
        },
        "quiet_pair_ids": [r.pk for r in data.quiet],
    }
