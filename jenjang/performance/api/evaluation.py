"""The evaluation API: realisation, feedback, organisation predikat, evaluation,
objections, distribution, history, angka kredit and improvement plans."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.people.models import OrgUnit
from jenjang.people.selectors import employee_for_user, employee_get_visible_to
from jenjang.performance import selectors
from jenjang.performance.api.common import (
    PeriodOut,
    ShortText,
    SkpPersonRef,
    Text,
    period_out,
    person,
)
from jenjang.performance.models import (
    Feedback,
    ImprovementActivity,
    Indicator,
    Objection,
    OrgPredikat,
    Period,
    Rating,
)
from jenjang.performance.permissions import MANAGE, VIEW
from jenjang.performance.services import evaluation as services
from jenjang.performance.services import improvement, peer
from jenjang.performance.services.common import is_evaluator, is_owner

router = Router(tags=["performance"], auth=AUTH)
E = error_responses
WRITE = E(400, 403, 404, 409, 422)
RatingValue = Literal[tuple(Rating.values)]


# --- shapes -------------------------------------------------------------------------


class RealisationIn(Schema):
    period_id: int
    value: ShortText
    notes: Text = ""
    evidence_url: ShortText = ""


class RealisationOut(Schema):
    id: int
    indicator_id: int
    period_id: int
    value: str
    notes: str
    evidence_url: str
    evidence_file: str | None
    recorded_at: dt.datetime


class ActionIn(Schema):
    text: ShortText
    due_date: dt.date | None = None


class ActionOut(ActionIn):
    id: int
    done_at: dt.date | None


class SkpFeedbackIn(Schema):
    kind: Literal[tuple(Feedback.Kind.values)] = "feedback"
    date: dt.date | None = None
    period_id: int | None = None
    strengths: Text = ""
    improvements: Text
    next_steps: Text = ""
    actions: list[ActionIn] = Field(default_factory=list, max_length=20)
    # Record it as the follow-up of this coaching session (the evaluator's own).
    coaching_session_id: int | None = None


class FeedbackOut(Schema):
    id: int
    kind: str
    date: dt.date
    period_id: int | None
    started_by: SkpPersonRef | None
    strengths: str
    improvements: str
    next_steps: str
    actions: list[ActionOut]
    coaching_session_ids: list[int]


class OrgPredikatIn(Schema):
    org_unit_id: int
    period_id: int
    predikat: Literal[tuple(OrgPredikat.values)]
    note: Text = ""


class OrgPredikatOut(Schema):
    org_unit_id: int
    period_id: int
    predikat: str
    note: str


class EvaluationIn(Schema):
    period_id: int
    rating_hasil: RatingValue
    rating_perilaku: RatingValue
    justification_hasil: Text
    justification_perilaku: Text


class EvaluationOut(Schema):
    id: int
    skp_id: int
    employee: SkpPersonRef
    evaluator: SkpPersonRef | None
    period: PeriodOut
    rating_hasil: str
    rating_perilaku: str
    justification_hasil: str
    justification_perilaku: str
    heads_unit: bool
    predikat: str
    final_predikat: str
    predikat_label: str
    status: str
    objection_deadline: dt.date | None
    source: str = "PermenPANRB 6/2022"


class ObjectionIn(Schema):
    reason: Text


class SkpDecisionIn(Schema):
    decision: Literal["confirmed", "changed"]
    note: Text
    rating_hasil: RatingValue | None = None
    rating_perilaku: RatingValue | None = None


class ObjectionOut(Schema):
    id: int
    evaluation_id: int
    employee: SkpPersonRef
    reviewer: SkpPersonRef | None
    reason: str
    decision: str
    decision_note: str
    original_predikat: str
    filed_at: dt.datetime
    decided_at: dt.datetime | None


class WarningOut(Schema):
    predikats: list[str]
    bound: str
    percent: Decimal
    count: int
    share: Decimal
    message: str


class DistributionOut(Schema):
    org_unit_id: int
    period_id: int
    org_predikat: str | None
    total: int
    counts: dict[str, int]
    warnings: list[WarningOut]


class HistoryOut(Schema):
    year: int
    period: str
    is_annual: bool
    predikat: str
    label: str


class CreditOut(Schema):
    year: int
    functional_level: str
    predikat: str
    percent: Decimal
    coefficient: Decimal
    months: int
    amount: Decimal


class SkpActivityOut(Schema):
    id: int
    kind: str
    title: str
    reason: str
    due_date: dt.date | None
    done_on: dt.date | None


class SkpCheckInOut(Schema):
    id: int
    date: dt.date
    notes: str
    on_track: bool


class SkpPlanOut(Schema):
    id: int
    employee: SkpPersonRef
    supervisor: SkpPersonRef | None
    predikat: str
    opened_on: dt.date
    review_due: dt.date
    status: str
    outcome: str
    activities: list[SkpActivityOut]
    checkins: list[SkpCheckInOut]


class SkpCheckInIn(Schema):
    notes: Text
    on_track: bool = True


class PlanActivityIn(Schema):
    title: ShortText
    kind: Literal[tuple(ImprovementActivity.Kind.values)] = "development"
    due_date: dt.date | None = None


class ReviewIn(Schema):
    status: Literal["improved", "not_improved"]
    outcome: Text


class OverdueOut(Schema):
    skp_id: int
    employee: SkpPersonRef
    last_feedback: dt.date | None


# --- helpers ------------------------------------------------------------------------


def evaluation_out(e) -> dict:
    from jenjang.performance.models import Predikat

    return {
        "id": e.pk,
        "skp_id": e.skp_id,
        "employee": person(e.employee),
        "evaluator": person(e.evaluator),
        "period": period_out(e.period),
        "rating_hasil": e.rating_hasil,
        "rating_perilaku": e.rating_perilaku,
        "justification_hasil": e.justification_hasil,
        "justification_perilaku": e.justification_perilaku,
        "heads_unit": e.heads_unit,
        "predikat": e.predikat,
        "final_predikat": e.final_predikat,
        "predikat_label": str(Predikat(e.final_predikat).label),
        "status": e.status,
        "objection_deadline": e.objection_deadline,
    }


def _objection_out(o: Objection) -> dict:
    return {
        "id": o.pk,
        "evaluation_id": o.evaluation_id,
        "employee": person(o.evaluation.employee),
        "reviewer": person(o.reviewer),
        "reason": o.reason,
        "decision": o.decision,
        "decision_note": o.decision_note,
        "original_predikat": o.original_predikat,
        "filed_at": o.filed_at,
        "decided_at": o.decided_at,
    }


def _feedback_out(f: Feedback) -> dict:
    return {
        "id": f.pk,
        "kind": f.kind,
        "date": f.date,
        "period_id": f.period_id,
        "started_by": person(f.started_by),
        "strengths": f.strengths,
        "improvements": f.improvements,
        "next_steps": f.next_steps,
        "actions": [
            {"id": a.pk, "text": a.text, "due_date": a.due_date, "done_at": a.done_at}
            for a in f.actions.all()
        ],
        "coaching_session_ids": [link.session_id for link in f.coaching_links.all()],
    }


def _realisation_out(r) -> dict:
    return {
        "id": r.pk,
        "indicator_id": r.indicator_id,
        "period_id": r.period_id,
        "value": r.value,
        "notes": r.notes,
        "evidence_url": r.evidence_url,
        "evidence_file": r.evidence_file.name or None,
        "recorded_at": r.recorded_at,
    }


def _plan_out(p) -> dict:
    return {
        "id": p.pk,
        "employee": person(p.employee),
        "supervisor": person(p.supervisor),
        "predikat": p.predikat,
        "opened_on": p.opened_on,
        "review_due": p.review_due,
        "status": p.status,
        "outcome": p.outcome,
        "activities": [
            {
                "id": a.pk,
                "kind": a.kind,
                "title": a.title,
                "reason": a.reason,
                "due_date": a.due_date,
                "done_on": a.done_on,
            }
            for a in p.activities.all()
        ],
        "checkins": [
            {"id": c.pk, "date": c.date, "notes": c.notes, "on_track": c.on_track}
            for c in p.checkins.all()
        ],
    }


def _period_for(skp, period_id: int) -> Period:
    period = Period.objects.filter(
        pk=period_id, performance_year=skp.performance_year_id
    ).first()
    if period is None:
        raise NotFound()
    return period


def _evaluation(request, pk: int):
    return selectors.evaluation_get_visible_to(user=request.auth, pk=pk)


def _unit_in_scope(request, org_unit_id: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(
        unit_scope_q(scope_for(request.auth, perm=VIEW)), pk=org_unit_id
    ).first()
    if unit is None:
        raise NotFound()
    return unit


# --- realisation and feedback -----------------------------------------------------


@router.get(
    "/performance/skps/{skp_id}/realisations",
    response={200: list[RealisationOut], **E(404)},
)
def realisation_list(request: HttpRequest, skp_id: int):
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    return [
        _realisation_out(r) for r in selectors.realisations_by_indicator(skp).values()
    ]


@router.post(
    "/performance/indicators/{indicator_id}/realisations",
    response={200: RealisationOut, **WRITE},
)
def realisation_record(request: HttpRequest, indicator_id: int, payload: RealisationIn):
    """Record the realisation of an indicator in a period (evidence as a link)."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("rhk__skp"), pk=indicator_id
    )
    skp = selectors.skp_get_visible_to(user=request.auth, pk=indicator.rhk.skp_id)
    row = services.realisation_record(
        indicator=indicator,
        period=_period_for(skp, payload.period_id),
        value=payload.value,
        notes=payload.notes,
        evidence_url=payload.evidence_url,
        by=request.auth,
    )
    return _realisation_out(row)


@router.get(
    "/performance/skps/{skp_id}/feedback", response={200: list[FeedbackOut], **E(404)}
)
def feedback_list(request: HttpRequest, skp_id: int):
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    return [_feedback_out(f) for f in selectors.feedback_for(skp)]


@router.post(
    "/performance/skps/{skp_id}/feedback", response={201: FeedbackOut, **WRITE}
)
def feedback_create(request: HttpRequest, skp_id: int, payload: SkpFeedbackIn):
    """Record umpan balik or a dialog kinerja (either side may start one)."""
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    fb = services.feedback_create(
        skp=skp,
        kind=payload.kind,
        date=payload.date,
        period=_period_for(skp, payload.period_id) if payload.period_id else None,
        strengths=payload.strengths,
        improvements=payload.improvements,
        next_steps=payload.next_steps,
        actions=[a.dict() for a in payload.actions],
        coaching_session_id=payload.coaching_session_id,
        by=request.auth,
    )
    return Status(201, _feedback_out(fb))


@router.get("/performance/feedback/overdue", response={200: list[OverdueOut], **E(404)})
def feedback_overdue(request: HttpRequest, year: int = Query(..., ge=2000, le=2100)):
    """Team members without feedback for the configured number of weeks."""
    me = employee_for_user(user=request.auth)
    if me is None:
        raise NotFound()
    return [
        {
            "skp_id": r["skp"].pk,
            "employee": person(r["employee"]),
            "last_feedback": r["last"],
        }
        for r in selectors.feedback_overdue(evaluator=me, year=year)
    ]


# --- organisation predikat and distribution ---------------------------------------


@router.put("/performance/org-predikat", response={200: OrgPredikatOut, **WRITE})
def org_predikat_set(request: HttpRequest, payload: OrgPredikatIn):
    """Set the predikat kinerja organisasi of a unit for a period."""
    require_perm(request, MANAGE)
    unit = OrgUnit.objects.filter(
        unit_scope_q(scope_for(request.auth, perm=MANAGE)), pk=payload.org_unit_id
    ).first()
    period = (
        Period.objects.select_related("performance_year")
        .filter(pk=payload.period_id)
        .first()
    )
    if unit is None or period is None:
        raise NotFound()
    row = services.org_predikat_set(
        org_unit=unit,
        period=period,
        predikat=payload.predikat,
        note=payload.note,
        by=request.auth,
    )
    return {
        "org_unit_id": row.org_unit_id,
        "period_id": row.period_id,
        "predikat": row.predikat,
        "note": row.note,
    }


@router.get("/performance/distribution", response={200: DistributionOut, **E(403, 404)})
def distribution(request: HttpRequest, org_unit_id: int, period_id: int):
    """The unit's employee predikat against the curve: warnings with counts."""
    require_perm(request, VIEW)
    unit = _unit_in_scope(request, org_unit_id)
    period = get_object_or_404(
        Period, pk=period_id, performance_year__agency_id=unit.agency_id
    )
    check, counts = selectors.unit_distribution(org_unit=unit, period=period)
    return {
        "org_unit_id": unit.pk,
        "period_id": period.pk,
        "org_predikat": check.org_predikat if check else None,
        "total": sum(counts.values()),
        "counts": check.counts if check else dict(counts),
        "warnings": [
            {
                "predikats": list(w.predikats),
                "bound": w.bound,
                "percent": w.percent,
                "count": w.count,
                "share": w.share,
                "message": w.message,
            }
            for w in (check.warnings if check else [])
        ],
    }


# --- evaluations --------------------------------------------------------------------


@router.get(
    "/performance/skps/{skp_id}/evaluations",
    response={200: list[EvaluationOut], **E(404)},
)
def evaluation_list(request: HttpRequest, skp_id: int):
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    owner = is_owner(request.auth, skp)
    rows = skp.evaluations.select_related("employee", "evaluator", "period")
    # The employee sees a result once it is issued, not the evaluator's draft.
    return [evaluation_out(e) for e in rows if not (owner and e.status == "draft")]


@router.post(
    "/performance/skps/{skp_id}/evaluations", response={200: EvaluationOut, **WRITE}
)
def evaluation_save(request: HttpRequest, skp_id: int, payload: EvaluationIn):
    """Rate hasil and perilaku kerja; the predikat follows from the matrix."""
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    e = services.evaluation_save(
        skp=skp,
        period=_period_for(skp, payload.period_id),
        rating_hasil=payload.rating_hasil,
        rating_perilaku=payload.rating_perilaku,
        justification_hasil=payload.justification_hasil,
        justification_perilaku=payload.justification_perilaku,
        by=request.auth,
    )
    return evaluation_out(_evaluation(request, e.pk))


@router.get(
    "/performance/evaluations/{evaluation_id}", response={200: EvaluationOut, **E(404)}
)
def evaluation_get(request: HttpRequest, evaluation_id: int):
    e = _evaluation(request, evaluation_id)
    if e.status == "draft" and not is_evaluator(request.auth, e.skp):
        raise NotFound()
    return evaluation_out(e)


@router.post(
    "/performance/evaluations/{evaluation_id}/issue",
    response={200: EvaluationOut, **WRITE},
)
def evaluation_issue(request: HttpRequest, evaluation_id: int):
    """Send the result to the employee; the objection window starts."""
    services.evaluation_issue(
        evaluation=_evaluation(request, evaluation_id), by=request.auth
    )
    return evaluation_out(_evaluation(request, evaluation_id))


@router.post(
    "/performance/evaluations/{evaluation_id}/acknowledge",
    response={200: EvaluationOut, **WRITE},
)
def evaluation_acknowledge(request: HttpRequest, evaluation_id: int):
    """The employee accepts the result."""
    services.evaluation_acknowledge(
        evaluation=_evaluation(request, evaluation_id), by=request.auth
    )
    return evaluation_out(_evaluation(request, evaluation_id))


@router.post(
    "/performance/evaluations/{evaluation_id}/objection",
    response={201: ObjectionOut, **WRITE},
)
def evaluation_object(request: HttpRequest, evaluation_id: int, payload: ObjectionIn):
    """Object within the window; the atasan pejabat penilai decides."""
    o = services.evaluation_object(
        evaluation=_evaluation(request, evaluation_id),
        reason=payload.reason,
        by=request.auth,
    )
    return Status(
        201, _objection_out(selectors.objection_get_for(user=request.auth, pk=o.pk))
    )


@router.get("/performance/objections", response=list[ObjectionOut])
def objection_inbox(request: HttpRequest):
    """Pending objections the caller decides."""
    return [_objection_out(o) for o in selectors.objection_inbox_for(user=request.auth)]


@router.post(
    "/performance/objections/{objection_id}/decide",
    response={200: ObjectionOut, **WRITE},
)
def objection_decide(request: HttpRequest, objection_id: int, payload: SkpDecisionIn):
    """Confirm or change the evaluation; the record of both is kept."""
    o = selectors.objection_get_for(user=request.auth, pk=objection_id)
    services.objection_decide(
        objection=o,
        decision=payload.decision,
        note=payload.note,
        rating_hasil=payload.rating_hasil,
        rating_perilaku=payload.rating_perilaku,
        by=request.auth,
    )
    return _objection_out(
        selectors.objection_get_for(user=request.auth, pk=objection_id)
    )


# --- history, angka kredit, improvement ---------------------------------------------


@router.get(
    "/performance/employees/{employee_id}/history",
    response={200: list[HistoryOut], **E(404)},
)
def history(request: HttpRequest, employee_id: int):
    """Final predikat by year and period."""
    employee = _employee_visible(request, employee_id)
    return selectors.predikat_history(employee_id=employee.pk)


@router.get(
    "/performance/employees/{employee_id}/credits",
    response={200: list[CreditOut], **E(404)},
)
def credits(request: HttpRequest, employee_id: int):
    """Angka kredit earned per year (jabatan fungsional)."""
    employee = _employee_visible(request, employee_id)
    return list(selectors.credits_for(employee_id=employee.pk))


def _employee_visible(request, employee_id: int):
    me = employee_for_user(user=request.auth)
    if me is not None and me.pk == employee_id:
        return me
    return employee_get_visible_to(user=request.auth, pk=employee_id, perm=VIEW)


@router.get("/performance/improvement-plans", response=list[SkpPlanOut])
def plan_list(request: HttpRequest, status: str = ""):
    qs = selectors.improvement_plans_visible_to(user=request.auth).prefetch_related(
        "activities", "checkins"
    )
    if status:
        qs = qs.filter(status=status)
    return [_plan_out(p) for p in qs[:200]]


@router.get(
    "/performance/improvement-plans/{plan_id}", response={200: SkpPlanOut, **E(404)}
)
def plan_get(request: HttpRequest, plan_id: int):
    return _plan_out(
        selectors.improvement_plan_get_visible_to(user=request.auth, pk=plan_id)
    )


@router.post(
    "/performance/improvement-plans/{plan_id}/checkins",
    response={201: SkpPlanOut, **WRITE},
)
def plan_checkin(request: HttpRequest, plan_id: int, payload: SkpCheckInIn):
    plan = selectors.improvement_plan_get_visible_to(user=request.auth, pk=plan_id)
    improvement.improvement_checkin_add(
        plan=plan, notes=payload.notes, on_track=payload.on_track, by=request.auth
    )
    return Status(
        201,
        _plan_out(
            selectors.improvement_plan_get_visible_to(user=request.auth, pk=plan_id)
        ),
    )


@router.post(
    "/performance/improvement-plans/{plan_id}/activities",
    response={201: SkpPlanOut, **WRITE},
)
def plan_activity(request: HttpRequest, plan_id: int, payload: PlanActivityIn):
    plan = selectors.improvement_plan_get_visible_to(user=request.auth, pk=plan_id)
    improvement.improvement_activity_add(
        plan=plan,
        title=payload.title,
        kind=payload.kind,
        due_date=payload.due_date,
        by=request.auth,
    )
    return Status(
        201,
        _plan_out(
            selectors.improvement_plan_get_visible_to(user=request.auth, pk=plan_id)
        ),
    )


@router.post(
    "/performance/improvement-plans/{plan_id}/review",
    response={200: SkpPlanOut, **WRITE},
)
def plan_review(request: HttpRequest, plan_id: int, payload: ReviewIn):
    """Close the plan at its review (PP 30/2019 Pasal 57)."""
    plan = selectors.improvement_plan_get_visible_to(user=request.auth, pk=plan_id)
    improvement.improvement_plan_review(
        plan=plan, status=payload.status, outcome=payload.outcome, by=request.auth
    )
    return _plan_out(
        selectors.improvement_plan_get_visible_to(user=request.auth, pk=plan_id)
    )


# --- 360 input ----------------------------------------------------------------------


class PeerInviteIn(Schema):
    period_id: int
    reviewer_ids: list[int] = Field(min_length=1, max_length=15)


class PeerInviteOut(Schema):
    id: int
    skp_id: int
    period_id: int
    employee: SkpPersonRef
    relation: str
    answered: bool


class PeerAnswerItem(Schema):
    value: str
    rating: RatingValue
    comment: Text = ""


class PeerAnswerIn(Schema):
    answers: list[PeerAnswerItem] = Field(min_length=7, max_length=7)


class PeerSummaryOut(Schema):
    invited: int
    answered: int
    shown: bool
    ratings: dict[str, dict[str, int]]
    comments: dict[str, list[str]]


def _invite_out(i) -> dict:
    return {
        "id": i.pk,
        "skp_id": i.skp_id,
        "period_id": i.period_id,
        "employee": person(i.skp.employee),
        "relation": i.relation,
        "answered": i.answered_at is not None,
    }


@router.post(
    "/performance/skps/{skp_id}/peer-invites",
    response={201: list[PeerInviteOut], **WRITE},
)
def peer_invite(request: HttpRequest, skp_id: int, payload: PeerInviteIn):
    """Invite colleagues and direct reports to rate the BerAKHLAK behaviours."""
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    made = peer.peer_invite(
        skp=skp,
        period=_period_for(skp, payload.period_id),
        reviewer_ids=payload.reviewer_ids,
        by=request.auth,
    )
    return Status(201, [_invite_out(i) for i in made])


@router.get("/performance/peer-invites", response=list[PeerInviteOut])
def peer_invites_mine(request: HttpRequest):
    """Invitations to give 360 input addressed to the caller."""
    return [_invite_out(i) for i in selectors.peer_invites_for(user=request.auth)]


@router.post(
    "/performance/peer-invites/{invite_id}/answer",
    response={200: PeerInviteOut, **WRITE},
)
def peer_answer(request: HttpRequest, invite_id: int, payload: PeerAnswerIn):
    """Answer once, rating each of the seven values (anonymous to the employee)."""
    invite = (
        selectors.peer_invites_for(user=request.auth, pending=False)
        .filter(pk=invite_id)
        .first()
    )
    if invite is None:
        raise NotFound()
    answers = {a.value: (a.rating, a.comment) for a in payload.answers}
    invite = peer.peer_answer(invite=invite, answers=answers, by=request.auth)
    return _invite_out(invite)


@router.get(
    "/performance/skps/{skp_id}/peer-summary", response={200: PeerSummaryOut, **E(404)}
)
def peer_summary(request: HttpRequest, skp_id: int, period_id: int):
    """The aggregate of 360 answers (empty until three have answered)."""
    skp = selectors.skp_get_visible_to(user=request.auth, pk=skp_id)
    s = peer.peer_summary(skp=skp, period=_period_for(skp, period_id))
    return {
        "invited": s.invited,
        "answered": s.answered,
        "shown": s.shown,
        "ratings": {k: dict(v) for k, v in s.ratings.items()},
        "comments": s.comments,
    }
