"""The talent API: reviews and the 9-box, placements, succession, promotion, remedial.

Reads go through the scoped selectors (out of reach answers 404, like a
missing row); writes through the services, which check who may act.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.people.models import Agency, OrgUnit, Position, Rank
from jenjang.people.selectors import employee_for_user
from jenjang.talent import rules, services
from jenjang.talent import selectors as sel
from jenjang.talent.models import (
    DisciplinaryRecord,
    Placement,
    PromotionDecision,
    RemedialPlan,
)

router = Router(tags=["talent"], auth=AUTH)

NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
Name = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=150, pattern=NO_NUL
    ),
]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Box = Annotated[int, Field(ge=1, le=9)]
Year = Annotated[int, Field(ge=2000, le=2100)]


# --- shapes -----------------------------------------------------------------------


class TalentPersonRef(Schema):
    id: int
    full_name: str
    unit: str
    position: str
    rank: str


def _person(e) -> dict:
    return {
        "id": e.pk,
        "full_name": e.full_name,
        "unit": e.org_unit.name,
        "position": e.position.title,
        "rank": e.rank.code,
    }


class TalentReviewIn(Schema):
    agency: int | None = None
    org_unit: int | None = None
    name: Name
    year: Year


class TalentReviewOut(Schema):
    id: int
    agency: int
    org_unit: int | None
    name: str
    year: int
    status: str
    run_at: dt.datetime | None
    closed_at: dt.datetime | None
    placed: int
    confirmed: int


def _review(r) -> dict:
    return {
        "id": r.pk,
        "agency": r.agency_id,
        "org_unit": r.org_unit_id,
        "name": r.name,
        "year": r.year,
        "status": r.status,
        "run_at": r.run_at,
        "closed_at": r.closed_at,
        "placed": getattr(r, "placed", 0),
        "confirmed": getattr(r, "confirmed", 0),
    }


class CellOut(Schema):
    box: int
    count: int
    description: str
    actions: list[str]
    pools: list[str]


class GridOut(Schema):
    review: TalentReviewOut
    cells: list[CellOut]


class RunOut(Schema):
    placed: int
    computed: int
    kept: int
    not_placed: int
    remedial_proposed: int
    remedial_closed: int


class PlacementOut(Schema):
    id: int
    review: int
    employee: TalentPersonRef
    computed_box: int
    override_box: int | None
    override_reason: str
    box: int
    description: str
    actions: list[str]
    pools: list[str]
    potential_score: Decimal | None
    potential_level: str
    performance_level: str
    inputs: dict
    confirmed: bool
    confirmed_by: str | None
    confirmed_at: dt.datetime | None


def _placement(p: Placement) -> dict:
    return {
        "id": p.pk,
        "review": p.review_id,
        "employee": _person(p.employee),
        "computed_box": p.computed_box,
        "override_box": p.override_box,
        "override_reason": p.override_reason,
        "box": p.box,
        "description": rules.box_description(p.box),
        "actions": rules.box_actions(p.box),
        "pools": rules.talent_pools(p.box),
        "potential_score": p.potential_score,
        "potential_level": p.potential_level,
        "performance_level": p.performance_level,
        "inputs": p.inputs,
        "confirmed": p.is_confirmed,
        "confirmed_by": p.confirmed_by.username if p.confirmed_by else None,
        "confirmed_at": p.confirmed_at,
    }


class PlacementPage(Schema):
    items: list[PlacementOut]
    next_cursor: str | None


class ConfirmIn(Schema):
    override_box: Box | None = None
    reason: Text = ""


class TransitionOut(Schema):
    previous: int | None
    matrix: dict[int, dict[int, int]]
    moved_up: int
    moved_down: int
    stayed: int
    new: int


class ConfigIn(Schema):
    weight_competency: Score | None = None
    weight_track_record: Score | None = None
    weight_qualification: Score | None = None
    weight_integrity: Score | None = None
    cutoff_middle: Score | None = None
    cutoff_high: Score | None = None


class ConfigOut(ConfigIn):
    agency: int
    needs_verification: bool


class TalentRuleIn(Schema):
    progress_window_years: Annotated[int, Field(ge=1, le=10)] | None = None
    progress_min_competencies: Annotated[int, Field(ge=1, le=20)] | None = None
    progress_min_level_gain: Annotated[int, Field(ge=1, le=4)] | None = None
    progress_min_score_gain: Score | None = None
    progress_min_predikat: Literal["sangat_baik", "baik"] | None = None
    min_years_in_grade: Annotated[int, Field(ge=1, le=10)] | None = None
    kp_months: list[Annotated[int, Field(ge=1, le=12)]] | None = Field(
        None, min_length=1, max_length=12
    )


class TalentRuleOut(Schema):
    agency: int
    progress_window_years: int
    progress_min_competencies: int
    progress_min_level_gain: int
    progress_min_score_gain: Decimal
    progress_min_predikat: str
    min_years_in_grade: int
    kp_months: list[int]
    education_ceiling: dict[str, str]
    needs_verification: bool


class PotentialIn(Schema):
    recorded_on: dt.date
    assessment_score: Score | None = None
    track_record_score: Score
    qualification_score: Score
    integrity_score: Score
    note: Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)] = ""


class PotentialOut(Schema):
    id: int
    recorded_on: dt.date
    assessment_score: Decimal | None
    track_record_score: Decimal
    qualification_score: Decimal
    integrity_score: Decimal


class DisciplineIn(Schema):
    severity: Literal["ringan", "sedang", "berat"]
    decided_on: dt.date
    ends_on: dt.date | None = None
    note: Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)] = ""


class DisciplineOut(Schema):
    id: int
    severity: str
    decided_on: dt.date
    ends_on: dt.date | None


class KeyPositionIn(Schema):
    position: int
    min_rank: int | None = None
    note: Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)] = ""


class KeyPositionOut(Schema):
    id: int
    position: int
    title: str
    unit: str
    kind: str
    min_rank: str | None
    leadership_training: str | None


def _key(k) -> dict:
    return {
        "id": k.pk,
        "position": k.position_id,
        "title": k.position.title,
        "unit": k.position.org_unit.name,
        "kind": k.position.kind,
        "min_rank": k.min_rank.code if k.min_rank else None,
        "leadership_training": rules.required_leadership_training(k.position.kind),
    }


class TalentCandidateOut(Schema):
    employee: TalentPersonRef
    box: int
    readiness: Decimal
    fit: Decimal | None
    eligible: bool
    reasons: list[str]


class SuccessionPlanOut(Schema):
    id: int
    key_position: int
    created_at: dt.datetime
    candidates: list[dict]


class TalentProgressOut(Schema):
    employee: TalentPersonRef
    matches: bool
    predikat: str | None
    evidence: list[dict]
    missing: list[str]


class EligibilityOut(Schema):
    employee: TalentPersonRef
    next_rank: str | None
    eligible: bool
    missing: list[str]


class EligibilityList(Schema):
    period: dt.date
    eligible_count: int
    total: int
    next_cursor: str | None
    items: list[EligibilityOut]


class TalentDecisionIn(Schema):
    kind: Literal[tuple(PromotionDecision.Kind.values)]
    decision: Literal[tuple(PromotionDecision.Decision.values)]
    reason: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=2000, pattern=NO_NUL
        ),
    ]
    evidence: dict = {}


class DecisionOut(Schema):
    id: int
    employee: int
    kind: str
    decision: str
    reason: str
    evidence: dict
    decided_by: str | None
    decided_at: dt.datetime


def _decision(d) -> dict:
    return {
        "id": d.pk,
        "employee": d.employee_id,
        "kind": d.kind,
        "decision": d.decision,
        "reason": d.reason,
        "evidence": d.evidence,
        "decided_by": d.decided_by.username if d.decided_by else None,
        "decided_at": d.decided_at,
    }


class TalentActivityOut(Schema):
    id: int
    title: str
    form: str
    competency: str | None
    jp: Decimal
    reason: str
    added_to_plan: bool


class RemedialOut(Schema):
    id: int
    employee: int
    employee_name: str
    evaluation_year: int
    trigger: str
    trigger_predikat: str
    status: str
    coaching: str
    review_on: dt.date
    development_plan: int | None
    confirmed_by: str | None
    outcome_predikat: str
    activities: list[TalentActivityOut]


def _remedial(p: RemedialPlan) -> dict:
    return {
        "id": p.pk,
        "employee": p.employee_id,
        "employee_name": p.employee.full_name,
        "evaluation_year": p.evaluation_year,
        "trigger": p.trigger,
        "trigger_predikat": p.trigger_predikat,
        "status": p.status,
        "coaching": p.coaching,
        "review_on": p.review_on,
        "development_plan": p.development_plan_id,
        "confirmed_by": p.confirmed_by.username if p.confirmed_by else None,
        "outcome_predikat": p.outcome_predikat,
        "activities": [
            {
                "id": a.pk,
                "title": a.title,
                "form": a.form.name,
                "competency": a.competency.name if a.competency else None,
                "jp": a.jp,
                "reason": a.reason,
                "added_to_plan": a.added_to_plan,
            }
            for a in p.activities.all()
        ],
    }


class RemedialPage(Schema):
    items: list[RemedialOut]
    next_cursor: str | None


class RemedialConfirmIn(Schema):
    coaching: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=2000, pattern=NO_NUL
        ),
    ]
    review_on: dt.date | None = None
    remove_activities: list[int] = []


class PipelineOut(Schema):
    opened: int
    in_progress: int
    improved: int
    not_improved: int


class CareerGapOut(Schema):
    competency: str
    required: int
    current: int | None


class CareerStepOut(Schema):
    position: int
    title: str
    unit: str
    move: str
    fit: Decimal | None
    gaps: list[CareerGapOut]
    steps: list[str]


class OwnOut(Schema):
    placement: PlacementOut | None


# --- helpers ----------------------------------------------------------------------------


def _agency(request, agency_id: int | None) -> Agency:
    agencies = sel.agencies_for(request.auth)
    found = (
        agencies.filter(pk=agency_id).first()
        if agency_id
        else agencies.order_by("pk").first()
    )
    if found is None:
        raise NotFound()
    return found


def _employee(request, employee_id: int):
    return sel.employee_get_for_talent(user=request.auth, pk=employee_id)


def _managed_employee(request, employee_id: int):
    require_perm(request, sel.MANAGE)
    employee = _employee(request, employee_id)
    if not sel.can_manage(request.auth, employee):
        raise NotFound()
    return employee


# --- reviews and placements ------------------------------------------------------------


@router.get(
    "/talent/reviews",
    response={200: list[TalentReviewOut], **error_responses(401, 403)},
    summary="Pemetaan talenta dalam cakupan Anda",
)
def review_list(request: HttpRequest):
    require_perm(request, sel.VIEW)
    return [_review(r) for r in sel.review_list_visible_to(user=request.auth)[:200]]


@router.post(
    "/talent/reviews",
    response={201: TalentReviewOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Buka pemetaan talenta",
)
def review_create(request: HttpRequest, payload: TalentReviewIn):
    require_perm(request, sel.MANAGE)
    agency = _agency(request, payload.agency)
    unit = None
    if payload.org_unit:
        unit = OrgUnit.objects.filter(pk=payload.org_unit, agency=agency).first()
        if unit is None:
            raise NotFound()
    review = services.review_create(
        agency=agency,
        by=request.auth,
        name=payload.name,
        year=payload.year,
        org_unit=unit,
    )
    return Status(201, _review(review))


def _filters(unit, position_kind, rank, box=None, status="") -> sel.Filters:
    return sel.Filters(
        unit=unit, position_kind=position_kind or "", rank=rank, box=box, status=status
    )


@router.get(
    "/talent/reviews/{review_id}",
    response={200: GridOut, **error_responses(401, 403, 404, 422)},
    summary="Kotak talenta: jumlah per kotak (sesuai filter)",
)
def review_grid(
    request: HttpRequest,
    review_id: int,
    unit: int | None = None,
    position_kind: Literal[tuple(Position.Kind.values)] | None = None,
    rank: int | None = None,
):
    require_perm(request, sel.VIEW)
    review = sel.review_get_visible_to(user=request.auth, pk=review_id)
    qs = sel.placements_visible_to(
        user=request.auth, review=review, filters=_filters(unit, position_kind, rank)
    )
    counts = sel.box_counts(qs)
    cells = [
        {
            "box": box,
            "count": counts[box],
            "description": rules.box_description(box),
            "actions": rules.box_actions(box),
            "pools": rules.talent_pools(box),
        }
        for box in range(1, 10)
    ]
    return {"review": _review(review), "cells": cells}


@router.post(
    "/talent/reviews/{review_id}/run",
    response={200: RunOut, **error_responses(401, 403, 404, 409)},
    summary="Hitung penempatan (belum berlaku sampai dikonfirmasi)",
)
def review_run(request: HttpRequest, review_id: int):
    require_perm(request, sel.MANAGE)
    review = sel.review_get_visible_to(user=request.auth, pk=review_id)
    return services.review_run(review=review, by=request.auth)


@router.post(
    "/talent/reviews/{review_id}/close",
    response={200: TalentReviewOut, **error_responses(401, 403, 404, 409)},
    summary="Tutup pemetaan (penempatan tidak dapat diubah lagi)",
)
def review_close(request: HttpRequest, review_id: int):
    require_perm(request, sel.MANAGE)
    review = sel.review_get_visible_to(user=request.auth, pk=review_id)
    closed = services.review_close(review=review, by=request.auth)
    closed.placed, closed.confirmed = review.placed, review.confirmed
    return _review(closed)


@router.get(
    "/talent/reviews/{review_id}/placements",
    response={200: PlacementPage, **error_responses(400, 401, 403, 404, 422)},
    summary="Penempatan per kotak (drill-down)",
)
def placement_list(
    request: HttpRequest,
    review_id: int,
    box: Box | None = None,
    unit: int | None = None,
    position_kind: Literal[tuple(Position.Kind.values)] | None = None,
    rank: int | None = None,
    status: Literal["confirmed", "unconfirmed"] | None = None,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, sel.VIEW)
    review = sel.review_get_visible_to(user=request.auth, pk=review_id)
    qs = sel.placements_visible_to(
        user=request.auth,
        review=review,
        filters=_filters(unit, position_kind, rank, box, status or ""),
    )
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {
        "items": [_placement(p) for p in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/talent/reviews/{review_id}/transitions",
    response={200: TransitionOut, **error_responses(401, 403, 404)},
    summary="Perpindahan kotak sejak pemetaan sebelumnya",
)
def review_transitions(request: HttpRequest, review_id: int):
    require_perm(request, sel.VIEW)
    review = sel.review_get_visible_to(user=request.auth, pk=review_id)
    t = sel.transitions(user=request.auth, review=review)
    return {
        "previous": t.previous.pk if t.previous else None,
        "matrix": t.matrix,
        "moved_up": t.moved_up,
        "moved_down": t.moved_down,
        "stayed": t.stayed,
        "new": t.new,
    }


@router.get(
    "/talent/placements/{placement_id}",
    response={200: PlacementOut, **error_responses(401, 404)},
    summary="Satu penempatan: data masukan, kotak, koreksi, konfirmasi",
)
def placement_detail(request: HttpRequest, placement_id: int):
    return _placement(sel.placement_get_visible_to(user=request.auth, pk=placement_id))


@router.post(
    "/talent/placements/{placement_id}/confirm",
    response={200: PlacementOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Konfirmasi penempatan (dengan koreksi dan alasannya)",
)
def placement_confirm(request: HttpRequest, placement_id: int, payload: ConfirmIn):
    require_perm(request, sel.MANAGE)
    placement = sel.placement_get_visible_to(user=request.auth, pk=placement_id)
    done = services.placement_confirm(
        placement=placement,
        by=request.auth,
        override_box=payload.override_box,
        reason=payload.reason,
    )
    return _placement(sel.placement_get_visible_to(user=request.auth, pk=done.pk))


@router.get(
    "/talent/me",
    response={200: OwnOut, **error_responses(401, 403)},
    summary="Kotak talenta saya (yang sudah dikonfirmasi) dan alasannya",
)
def own_box(request: HttpRequest):
    require_perm(request, sel.VIEW_OWN)
    employee = employee_for_user(user=request.auth)
    if employee is None:
        return {"placement": None}
    placement = (
        sel.own_placements(employee=employee)
        .select_related(
            "employee__org_unit", "employee__position", "employee__rank", "confirmed_by"
        )
        .first()
    )
    return {"placement": _placement(placement) if placement else None}


# --- configuration -------------------------------------------------------------------


def _config(c) -> dict:
    return {
        "agency": c.agency_id,
        "weight_competency": c.weight_competency,
        "weight_track_record": c.weight_track_record,
        "weight_qualification": c.weight_qualification,
        "weight_integrity": c.weight_integrity,
        "cutoff_middle": c.cutoff_middle,
        "cutoff_high": c.cutoff_high,
        "needs_verification": c.needs_verification,
    }


@router.get(
    "/talent/config",
    response={200: ConfigOut, **error_responses(401, 403, 404)},
    summary="Bobot dan batas potensial instansi",
)
def config_get(request: HttpRequest, agency: int | None = None):
    require_perm(request, sel.VIEW)
    return _config(sel.config_for(_agency(request, agency)))


@router.put(
    "/talent/config",
    response={200: ConfigOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah bobot dan batas potensial",
)
def config_put(request: HttpRequest, payload: ConfigIn, agency: int | None = None):
    require_perm(request, sel.MANAGE)
    config = services.config_update(
        agency=_agency(request, agency), by=request.auth, **payload.model_dump()
    )
    return _config(config)


def _rule(r) -> dict:
    return {
        "agency": r.agency_id,
        "progress_window_years": r.progress_window_years,
        "progress_min_competencies": r.progress_min_competencies,
        "progress_min_level_gain": r.progress_min_level_gain,
        "progress_min_score_gain": r.progress_min_score_gain,
        "progress_min_predikat": r.progress_min_predikat,
        "min_years_in_grade": r.min_years_in_grade,
        "kp_months": r.kp_months,
        "education_ceiling": r.education_ceiling,
        "needs_verification": r.needs_verification,
    }


@router.get(
    "/talent/promotion-rule",
    response={200: TalentRuleOut, **error_responses(401, 403, 404)},
    summary="Aturan kemajuan manajerial dan kenaikan pangkat",
)
def rule_get(request: HttpRequest, agency: int | None = None):
    require_perm(request, sel.VIEW)
    return _rule(sel.promotion_rule_for(_agency(request, agency)))


@router.put(
    "/talent/promotion-rule",
    response={200: TalentRuleOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah aturan promosi",
)
def rule_put(request: HttpRequest, payload: TalentRuleIn, agency: int | None = None):
    require_perm(request, sel.MANAGE)
    rule = services.promotion_rule_update(
        agency=_agency(request, agency), by=request.auth, **payload.model_dump()
    )
    return _rule(rule)


# --- inputs per employee -----------------------------------------------------------


@router.post(
    "/talent/employees/{employee_id}/potential",
    response={201: PotentialOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Catat data potensial pegawai",
)
def potential_record(request: HttpRequest, employee_id: int, payload: PotentialIn):
    employee = _managed_employee(request, employee_id)
    row = services.potential_input_record(
        employee=employee, by=request.auth, **payload.model_dump()
    )
    return Status(201, row)


@router.post(
    "/talent/employees/{employee_id}/discipline",
    response={201: DisciplineOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Catat hukuman disiplin",
)
def discipline_add(request: HttpRequest, employee_id: int, payload: DisciplineIn):
    employee = _managed_employee(request, employee_id)
    row = services.discipline_record(
        employee=employee, by=request.auth, **payload.model_dump()
    )
    return Status(201, row)


@router.get(
    "/talent/employees/{employee_id}/discipline",
    response={200: list[DisciplineOut], **error_responses(401, 403, 404)},
    summary="Riwayat hukuman disiplin",
)
def discipline_list(request: HttpRequest, employee_id: int):
    employee = _managed_employee(request, employee_id)
    return list(DisciplinaryRecord.objects.filter(employee=employee))


@router.get(
    "/talent/employees/{employee_id}/placements",
    response={200: list[PlacementOut], **error_responses(401, 404)},
    summary="Riwayat kotak talenta pegawai",
)
def employee_placements(request: HttpRequest, employee_id: int):
    employee = _employee(request, employee_id)
    qs = Placement.objects.filter(employee=employee).select_related(
        "employee__org_unit", "employee__position", "employee__rank", "confirmed_by"
    )
    if sel.is_self(request.auth, employee):
        qs = qs.filter(confirmed_at__isnull=False)
    return [_placement(p) for p in qs.order_by("-review__year", "-id")[:50]]


@router.get(
    "/talent/employees/{employee_id}/career-path",
    response={200: list[CareerStepOut], **error_responses(401, 404)},
    summary="Jalur karier: jabatan berikutnya, gap, dan langkah pengembangan",
)
def career_path(request: HttpRequest, employee_id: int):
    employee = _employee(request, employee_id)
    return [
        {
            "position": s.position.pk,
            "title": s.position.title,
            "unit": s.position.org_unit.name,
            "move": s.move,
            "fit": s.fit,
            "gaps": [
                {
                    "competency": g.competency.name,
                    "required": g.required,
                    "current": g.current,
                }
                for g in s.gaps
            ],
            "steps": [r.title for r in s.steps],
        }
        for s in sel.career_paths(employee=employee)
    ]


# --- succession -------------------------------------------------------------------------


@router.get(
    "/talent/key-positions",
    response={200: list[KeyPositionOut], **error_responses(401, 403)},
    summary="Jabatan target",
)
def key_position_list(request: HttpRequest):
    require_perm(request, sel.VIEW)
    return [_key(k) for k in sel.key_positions_visible_to(user=request.auth)[:500]]


@router.post(
    "/talent/key-positions",
    response={201: KeyPositionOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Tetapkan jabatan target",
)
def key_position_add(request: HttpRequest, payload: KeyPositionIn):
    require_perm(request, sel.MANAGE)
    position = (
        Position.objects.filter(
            pk=payload.position, agency__in=sel.agencies_for(request.auth)
        )
        .select_related("org_unit", "agency")
        .first()
    )
    if position is None:
        raise NotFound()
    min_rank = (
        Rank.objects.filter(pk=payload.min_rank).first() if payload.min_rank else None
    )
    key = services.key_position_add(
        position=position, by=request.auth, min_rank=min_rank, note=payload.note
    )
    return Status(201, _key(key))


def _candidate(c) -> dict:
    return {
        "employee": _person(c.employee),
        "box": c.placement.box,
        "readiness": c.readiness.score,
        "fit": c.fit,
        "eligible": c.readiness.eligible,
        "reasons": [str(r) for r in c.readiness.reasons],
    }


@router.get(
    "/talent/key-positions/{key_id}/candidates",
    response={200: list[TalentCandidateOut], **error_responses(401, 403, 404)},
    summary="Kandidat jabatan target menurut kesiapan, dengan alasannya",
)
def candidate_list(request: HttpRequest, key_id: int):
    require_perm(request, sel.VIEW)
    key = sel.key_position_get(user=request.auth, pk=key_id)
    return [
        _candidate(c)
        for c in sel.succession_candidates(user=request.auth, key_position=key)
    ]


@router.post(
    "/talent/key-positions/{key_id}/succession-plans",
    response={201: SuccessionPlanOut, **error_responses(401, 403, 404)},
    summary="Simpan kelompok rencana suksesi dari peringkat saat ini",
)
def succession_plan_create(request: HttpRequest, key_id: int):
    require_perm(request, sel.MANAGE)
    key = sel.key_position_get(user=request.auth, pk=key_id)
    plan = services.succession_plan_build(key_position=key, by=request.auth)
    return Status(
        201,
        {
            "id": plan.pk,
            "key_position": key.pk,
            "created_at": plan.created_at,
            "candidates": [
                {
                    "employee": c.employee_id,
                    "rank_order": c.rank_order,
                    "readiness": str(c.readiness),
                    "box": c.box,
                    "reasons": c.reasons,
                }
                for c in plan.candidates.all()
            ],
        },
    )


# --- promotion ------------------------------------------------------------------------


@router.get(
    "/talent/promotion/progress",
    response={200: list[TalentProgressOut], **error_responses(400, 401, 403, 404, 422)},
    summary="Kandidat dengan kemajuan manajerial signifikan, dengan bukti",
)
def progress_list(
    request: HttpRequest,
    response: HttpResponse,
    agency: int | None = None,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    """One page, most evidence first, then by name; the rule runs in the database.

    The next page's cursor is in the `X-Next-Cursor` header (absent on the
    last page), the number of candidates in `X-Total-Count`.
    """
    require_perm(request, sel.VIEW)
    page = sel.progress_page(
        user=request.auth, agency=_agency(request, agency), cursor=cursor, size=size
    )
    response.headers["X-Total-Count"] = str(page.total)
    if page.next_cursor:
        response.headers["X-Next-Cursor"] = page.next_cursor
    return [
        {
            "employee": _person(r.employee),
            "matches": r.result.matches,
            "predikat": r.predikat,
            "evidence": r.result.evidence,
            "missing": [str(m) for m in r.result.missing],
        }
        for r in page.rows
    ]


@router.get(
    "/talent/promotion/rank-eligibility",
    response={200: EligibilityList, **error_responses(400, 401, 403, 404, 422)},
    summary="Kenaikan pangkat reguler periode berikutnya: yang memenuhi dan yang kurang",
)
def eligibility_list(
    request: HttpRequest,
    agency: int | None = None,
    eligible: bool = True,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, sel.VIEW)
    page = sel.rank_eligibility(
        user=request.auth,
        agency=_agency(request, agency),
        eligible=eligible,
        cursor=cursor,
        size=size,
    )
    return {
        "period": page.period,
        "eligible_count": page.eligible_count,
        "total": page.total,
        "next_cursor": page.next_cursor,
        "items": [
            {
                "employee": _person(r.employee),
                "next_rank": r.next_rank.code if r.next_rank else None,
                "eligible": r.result.eligible,
                "missing": [str(m) for m in r.result.missing],
            }
            for r in page.rows
        ],
    }


@router.post(
    "/talent/employees/{employee_id}/decisions",
    response={201: DecisionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Catat keputusan atas kandidat (dipromosikan, penugasan, ditunda)",
)
def decision_add(request: HttpRequest, employee_id: int, payload: TalentDecisionIn):
    employee = _managed_employee(request, employee_id)
    decision = services.promotion_decision_record(
        employee=employee, by=request.auth, **payload.model_dump()
    )
    return Status(201, _decision(decision))


@router.get(
    "/talent/employees/{employee_id}/decisions",
    response={200: list[DecisionOut], **error_responses(401, 403, 404)},
    summary="Riwayat keputusan promosi",
)
def decision_list(request: HttpRequest, employee_id: int):
    require_perm(request, sel.VIEW)
    employee = _employee(request, employee_id)
    if not sel.can_view(request.auth, employee):
        raise NotFound()
    return [
        _decision(d)
        for d in sel.decisions_visible_to(user=request.auth, employee=employee)
    ]


# --- remedial ------------------------------------------------------------------------------


@router.get(
    "/talent/remedial",
    response={200: RemedialPage, **error_responses(400, 401, 403, 422)},
    summary="Rencana perbaikan kinerja dalam cakupan Anda",
)
def remedial_list(
    request: HttpRequest,
    status: Literal[tuple(RemedialPlan.Status.values)] | None = None,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, sel.VIEW)
    qs = sel.remedial_visible_to(
        user=request.auth, status=status or ""
    ).prefetch_related("activities__form", "activities__competency")
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {
        "items": [_remedial(p) for p in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/talent/remedial/pipeline",
    response={200: PipelineOut, **error_responses(401, 403)},
    summary="Jumlah rencana perbaikan per tahap",
)
def remedial_pipeline(request: HttpRequest):
    require_perm(request, sel.VIEW)
    return sel.remedial_pipeline(user=request.auth)


class PerformancePlanOut(Schema):
    id: int
    employee: int
    employee_name: str
    evaluation_year: int
    predikat: str
    opened_on: dt.date
    review_due: dt.date
    status: str
    stage: str | None
    url: str


class PerformancePlanPage(Schema):
    items: list[PerformancePlanOut]
    next_cursor: str | None


@router.get(
    "/talent/remedial/performance-plans",
    response={200: PerformancePlanPage, **error_responses(400, 401, 403, 422)},
    summary="Rencana perbaikan dari modul kinerja (satu per evaluasi)",
)
def performance_plan_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    from django.urls import reverse

    require_perm(request, sel.VIEW)
    qs = sel.performance_plans_visible_to(user=request.auth)
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {
        "items": [
            {
                "id": p.pk,
                "employee": p.employee_id,
                "employee_name": p.employee.full_name,
                "evaluation_year": p.evaluation.year,
                "predikat": p.predikat,
                "opened_on": p.opened_on,
                "review_due": p.review_due,
                "status": p.status,
                "stage": sel.PERFORMANCE_STAGE.get(p.status),
                "url": reverse("performance:plan_detail", args=[p.pk]),
            }
            for p in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/talent/remedial/{plan_id}",
    response={200: RemedialOut, **error_responses(401, 404)},
    summary="Satu rencana perbaikan kinerja",
)
def remedial_detail(request: HttpRequest, plan_id: int):
    return _remedial(sel.remedial_get(user=request.auth, pk=plan_id))


@router.post(
    "/talent/remedial/{plan_id}/confirm",
    response={200: RemedialOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Atasan mengonfirmasi (atau mengubah) rencana perbaikan",
)
def remedial_confirm(request: HttpRequest, plan_id: int, payload: RemedialConfirmIn):
    plan = sel.remedial_get(user=request.auth, pk=plan_id)
    done = services.remedial_confirm(
        plan=plan,
        by=request.auth,
        coaching=payload.coaching,
        review_on=payload.review_on,
        remove_activity_ids=payload.remove_activities,
    )
    return _remedial(sel.remedial_get(user=request.auth, pk=done.pk))


class AddedOut(Schema):
    added: int


@router.post(
    "/talent/remedial/{plan_id}/add-to-idp",
    response={200: AddedOut, **error_responses(401, 403, 404, 409)},
    summary="Tambahkan kegiatan rencana perbaikan ke IDP pegawai",
)
def remedial_add_to_idp(request: HttpRequest, plan_id: int):
    plan = sel.remedial_get(user=request.auth, pk=plan_id)
    return {"added": services.remedial_add_to_plan(plan=plan, by=request.auth)}
