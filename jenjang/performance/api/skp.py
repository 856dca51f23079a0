"""The SKP API: performance years, SKP drafting and workflow, cascade tree.

Reads go through the scoped selectors (out of reach answers 404, like a
missing row); writes through the services, which decide who may act.
"""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.pagination import MAX_PAGE_SIZE, keyset_page
from jenjang.people.models import Agency
from jenjang.people.selectors import employee_for_user
from jenjang.performance import selectors
from jenjang.performance.api.common import (
    PeriodOut,
    ShortText,
    SkpCommentIn,
    SkpPersonRef,
    Text,
    period_out,
    person,
)
from jenjang.performance.models import (
    Indicator,
    LeaderExpectation,
    PerformanceYear,
    Rhk,
    Skp,
)
from jenjang.performance.permissions import MANAGE, OWN
from jenjang.performance.services import skp as services
from jenjang.performance.services import years
from jenjang.performance.services.common import is_evaluator, is_owner

router = Router(tags=["performance"], auth=AUTH)
E = error_responses


# --- shapes -------------------------------------------------------------------------


class YearOut(Schema):
    id: int
    agency_id: int
    year: int
    rhythm: str
    objection_window_days: int
    feedback_reminder_weeks: int
    improvement_months: int
    periods: list[PeriodOut]


class YearIn(Schema):
    year: int = Field(ge=2000, le=2100)
    agency_id: int | None = Field(None, description="bawaan: instansi Anda")
    rhythm: Literal[tuple(PerformanceYear.Rhythm.values)] = "quarterly"


class YearPatch(Schema):
    rhythm: Literal[tuple(PerformanceYear.Rhythm.values)] | None = None
    objection_window_days: int | None = Field(None, ge=1, le=90)
    feedback_reminder_weeks: int | None = Field(None, ge=1, le=52)
    improvement_months: int | None = Field(None, ge=1, le=12)


class IndicatorOut(Schema):
    id: int
    text: str
    aspect: str
    target: str


class RhkOut(Schema):
    id: int
    kind: str
    text: str
    parent_id: int | None
    parent_text: str
    indicators: list[IndicatorOut]


class ExpectationOut(Schema):
    id: int
    text: str


class SpecificOut(Schema):
    value: str
    text: str


class StepOut(Schema):
    action: str
    from_status: str
    to_status: str
    by: str | None
    comment: str
    at: dt.datetime


class SkpAllowedOut(Schema):
    edit: bool
    submit: bool
    review: bool
    revise: bool
    evaluate: bool


class SkpItemOut(Schema):
    id: int
    year: int
    status: str
    employee: SkpPersonRef
    evaluator: SkpPersonRef | None
    position: str
    org_unit: str


class SkpPage(Schema):
    items: list[SkpItemOut]
    next_cursor: str | None


class SkpOut(SkpItemOut):
    approach: str
    rhks: list[RhkOut]
    expectations: list[ExpectationOut]
    specific_expectations: list[SpecificOut]
    steps: list[StepOut]
    cascade_candidates: list[RhkOut]
    allowed: SkpAllowedOut


class SkpCreateIn(Schema):
    year: int = Field(ge=2000, le=2100)
    copy_last_year: bool = False


class RhkIn(Schema):
    text: Text
    kind: Literal[tuple(Rhk.Kind.values)] = "utama"
    parent_id: int | None = None
    parent_text: ShortText = ""


class IndicatorIn(Schema):
    text: ShortText
    aspect: Literal[tuple(Indicator.Aspect.values)]
    target: ShortText


class ExpectationIn(Schema):
    text: Text


class GuideOut(Schema):
    order: int
    text: str


class ValueOut(Schema):
    code: str
    name: str
    meaning: str
    guides: list[GuideOut]


class CascadeChildOut(Schema):
    id: int
    text: str
    kind: str
    employee: SkpPersonRef


class CascadeNodeOut(Schema):
    rhk: RhkOut | None
    children: list[CascadeChildOut]


# --- helpers ------------------------------------------------------------------------


def _year_out(py: PerformanceYear) -> dict:
    return {
        "id": py.pk,
        "agency_id": py.agency_id,
        "year": py.year,
        "rhythm": py.rhythm,
        "objection_window_days": py.objection_window_days,
        "feedback_reminder_weeks": py.feedback_reminder_weeks,
        "improvement_months": py.improvement_months,
        "periods": [period_out(p) for p in py.periods.order_by("kind", "number")],
    }


def _item(skp: Skp) -> dict:
    return {
        "id": skp.pk,
        "year": skp.performance_year.year,
        "status": skp.status,
        "employee": person(skp.employee),
        "evaluator": person(skp.evaluator),
        "position": skp.position.title,
        "org_unit": skp.org_unit.name,
    }


def _rhk(rhk: Rhk) -> dict:
    return {
        "id": rhk.pk,
        "kind": rhk.kind,
        "text": rhk.text,
        "parent_id": rhk.parent_id,
        "parent_text": rhk.parent_text,
        "indicators": [
            {"id": i.pk, "text": i.text, "aspect": i.aspect, "target": i.target}
            for i in rhk.indicators.all()
        ],
    }


def skp_out(user, skp: Skp) -> dict:
    skp = selectors.skp_detail(skp)
    owner, evaluator = is_owner(user, skp), is_evaluator(user, skp)
    editable = owner and skp.status in services.EDITABLE
    return _item(skp) | {
        "approach": skp.approach,
        "rhks": [_rhk(r) for r in skp.rhks.all()],
        "expectations": [{"id": e.pk, "text": e.text} for e in skp.expectations.all()],
        "specific_expectations": [
            {"value": s.value.code, "text": s.text}
            for s in skp.specific_expectations.all()
        ],
        "steps": [
            {
                "action": s.action,
                "from_status": s.from_status,
                "to_status": s.to_status,
                "by": s.by.get_full_name() or s.by.username if s.by else None,
                "comment": s.comment,
                "at": s.at,
            }
            for s in skp.steps.all()
        ],
        "cascade_candidates": [
            _rhk(r)
            for r in services.cascade_candidates(skp=skp).prefetch_related("indicators")
        ],
        "allowed": {
            "edit": editable,
            "submit": editable,
            "review": evaluator and skp.status == Skp.Status.SUBMITTED,
            "revise": evaluator and skp.status == Skp.Status.APPROVED,
            "evaluate": evaluator and skp.status == Skp.Status.APPROVED,
        },
    }


def _skp(request, skp_id: int) -> Skp:
    return selectors.skp_get_visible_to(user=request.auth, pk=skp_id)


def _rhk_of(request, rhk_id: int) -> Rhk:
    rhk = Rhk.objects.select_related("skp").filter(pk=rhk_id).first()
    if rhk is None:
        raise NotFound()
    _skp(request, rhk.skp_id)
    return rhk


# --- years --------------------------------------------------------------------------


@router.get("/performance/years", response=list[YearOut])
def year_list(request: HttpRequest):
    """Performance years the user's agencies hold, newest first."""
    return [
        _year_out(py)
        for py in selectors.years_visible_to(user=request.auth).prefetch_related(
            "periods"
        )
    ]


@router.post("/performance/years", response={201: YearOut, **E(400, 403, 404, 422)})
def year_create(request: HttpRequest, payload: YearIn):
    """Open a performance year for an agency in reach, with its rhythm."""
    require_perm(request, MANAGE)
    agencies = selectors.agency_ids_for(user=request.auth)
    agency_id = payload.agency_id
    if agency_id is None and agencies:
        agency_id = min(agencies)
    if agency_id is None or (agencies is not None and agency_id not in agencies):
        raise NotFound()
    agency = get_object_or_404(Agency, pk=agency_id)
    py = years.performance_year_ensure(
        agency=agency, year=payload.year, rhythm=payload.rhythm
    )
    return Status(201, _year_out(py))


@router.patch(
    "/performance/years/{year_id}",
    response={200: YearOut, **E(400, 403, 404, 409, 422)},
)
def year_update(request: HttpRequest, year_id: int, payload: YearPatch):
    """Change the rhythm and windows of a performance year."""
    require_perm(request, MANAGE)
    py = get_object_or_404(selectors.years_visible_to(user=request.auth), pk=year_id)
    if payload.rhythm and payload.rhythm != py.rhythm:
        years.performance_year_set_rhythm(performance_year=py, rhythm=payload.rhythm)
    changed = []
    for field in (
        "objection_window_days",
        "feedback_reminder_weeks",
        "improvement_months",
    ):
        value = getattr(payload, field)
        if value is not None:
            setattr(py, field, value)
            changed.append(field)
    if changed:
        py.save(update_fields=changed)
    return _year_out(py)


@router.get("/performance/behaviour-values", response=list[ValueOut])
def value_list(request: HttpRequest):
    """The seven BerAKHLAK values with their panduan perilaku."""
    return [
        {
            "code": v.code,
            "name": v.name,
            "meaning": v.meaning,
            "guides": [{"order": g.order, "text": g.text} for g in v.guides.all()],
        }
        for v in selectors.behaviour_values()
    ]


# --- SKP ----------------------------------------------------------------------------


@router.get("/performance/skps", response={200: SkpPage, **E(400)})
def skp_list(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    status: Literal[tuple(Skp.Status.values)] | None = None,
    employee_id: int | None = None,
    cursor: str | None = Query(None, max_length=1024),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    """SKP the caller may see: own, their team's, or their subtree's."""
    qs = selectors.skp_list_visible_to(
        user=request.auth, year=year, status=status or "", employee_id=employee_id
    )
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {"items": [_item(s) for s in page.items], "next_cursor": page.next_cursor}


@router.get("/performance/skps/inbox", response=list[SkpItemOut])
def skp_inbox(request: HttpRequest):
    """SKP submitted to the caller as pejabat penilai kinerja."""
    return [
        _item(s)
        for s in selectors.skp_inbox_for(user=request.auth).select_related("org_unit")
    ]


@router.post("/performance/skps", response={201: SkpOut, **E(400, 403, 409, 422)})
def skp_create(request: HttpRequest, payload: SkpCreateIn):
    """Start the caller's SKP for a year (optionally copying last year's)."""
    require_perm(request, OWN)
    me = employee_for_user(user=request.auth)
    if me is None:
        raise NotFound()
    fn = services.skp_copy_last_year if payload.copy_last_year else services.skp_create
    skp = fn(employee=me, year=payload.year, by=request.auth)
    return Status(201, skp_out(request.auth, skp))


@router.get("/performance/skps/{skp_id}", response={200: SkpOut, **E(404)})
def skp_get(request: HttpRequest, skp_id: int):
    return skp_out(request.auth, _skp(request, skp_id))


@router.post(
    "/performance/skps/{skp_id}/rhks",
    response={201: RhkOut, **E(400, 403, 404, 409, 422)},
)
def rhk_add(request: HttpRequest, skp_id: int, payload: RhkIn):
    """Add an RHK cascaded (intervensi) from one of the evaluator's RHK."""
    rhk = services.rhk_add(
        skp=_skp(request, skp_id),
        text=payload.text,
        kind=payload.kind,
        parent_id=payload.parent_id,
        parent_text=payload.parent_text,
        by=request.auth,
    )
    return Status(201, _rhk(rhk))


@router.put(
    "/performance/rhks/{rhk_id}", response={200: RhkOut, **E(400, 403, 404, 409, 422)}
)
def rhk_update(request: HttpRequest, rhk_id: int, payload: RhkIn):
    rhk = services.rhk_update(
        rhk=_rhk_of(request, rhk_id),
        text=payload.text,
        kind=payload.kind,
        parent_id=payload.parent_id,
        parent_text=payload.parent_text,
        by=request.auth,
    )
    return _rhk(rhk)


@router.delete("/performance/rhks/{rhk_id}", response={204: None, **E(403, 404, 409)})
def rhk_delete(request: HttpRequest, rhk_id: int):
    services.rhk_remove(rhk=_rhk_of(request, rhk_id), by=request.auth)
    return Status(204, None)


@router.post(
    "/performance/rhks/{rhk_id}/indicators",
    response={201: IndicatorOut, **E(400, 403, 404, 409, 422)},
)
def indicator_add(request: HttpRequest, rhk_id: int, payload: IndicatorIn):
    """Add an Indikator Kinerja Individu with its aspect and target."""
    i = services.indicator_add(
        rhk=_rhk_of(request, rhk_id),
        text=payload.text,
        aspect=payload.aspect,
        target=payload.target,
        by=request.auth,
    )
    return Status(
        201, {"id": i.pk, "text": i.text, "aspect": i.aspect, "target": i.target}
    )


@router.delete(
    "/performance/indicators/{indicator_id}", response={204: None, **E(403, 404, 409)}
)
def indicator_delete(request: HttpRequest, indicator_id: int):
    indicator = get_object_or_404(
        Indicator.objects.select_related("rhk"), pk=indicator_id
    )
    _skp(request, indicator.rhk.skp_id)
    services.indicator_remove(indicator=indicator, by=request.auth)
    return Status(204, None)


@router.post(
    "/performance/skps/{skp_id}/expectations",
    response={201: ExpectationOut, **E(400, 403, 404, 409, 422)},
)
def expectation_add(request: HttpRequest, skp_id: int, payload: ExpectationIn):
    """Record an ekspektasi pimpinan."""
    e = services.expectation_add(
        skp=_skp(request, skp_id), text=payload.text, by=request.auth
    )
    return Status(201, {"id": e.pk, "text": e.text})


@router.delete(
    "/performance/expectations/{expectation_id}",
    response={204: None, **E(403, 404, 409)},
)
def expectation_delete(request: HttpRequest, expectation_id: int):
    e = get_object_or_404(LeaderExpectation, pk=expectation_id)
    _skp(request, e.skp_id)
    services.expectation_remove(expectation=e, by=request.auth)
    return Status(204, None)


@router.put(
    "/performance/skps/{skp_id}/specific-expectations/{value_code}",
    response={204: None, **E(400, 403, 404, 409, 422)},
)
def specific_set(
    request: HttpRequest, skp_id: int, value_code: str, payload: ExpectationIn
):
    """Set (empty text clears) the ekspektasi khusus for one BerAKHLAK value."""
    services.specific_expectation_set(
        skp=_skp(request, skp_id),
        value_code=value_code,
        text=payload.text,
        by=request.auth,
    )
    return Status(204, None)


def _transition(request, skp_id: int, fn, comment: str) -> dict:
    skp = fn(skp=_skp(request, skp_id), by=request.auth, comment=comment)
    return skp_out(request.auth, skp)


WORKFLOW = E(400, 403, 404, 409, 422)


@router.post("/performance/skps/{skp_id}/submit", response={200: SkpOut, **WORKFLOW})
def skp_submit(request: HttpRequest, skp_id: int, payload: SkpCommentIn):
    """Submit the SKP to the evaluator."""
    return _transition(request, skp_id, services.skp_submit, payload.comment)


@router.post("/performance/skps/{skp_id}/return", response={200: SkpOut, **WORKFLOW})
def skp_return(request: HttpRequest, skp_id: int, payload: SkpCommentIn):
    """Return the SKP to the employee with a comment (required)."""
    return _transition(request, skp_id, services.skp_return, payload.comment)


@router.post("/performance/skps/{skp_id}/approve", response={200: SkpOut, **WORKFLOW})
def skp_approve(request: HttpRequest, skp_id: int, payload: SkpCommentIn):
    """Approve the SKP (pejabat penilai kinerja)."""
    return _transition(request, skp_id, services.skp_approve, payload.comment)


@router.post("/performance/skps/{skp_id}/revise", response={200: SkpOut, **WORKFLOW})
def skp_revise(request: HttpRequest, skp_id: int, payload: SkpCommentIn):
    """Reopen an approved SKP for revision, with a reason."""
    return _transition(request, skp_id, services.skp_revise, payload.comment)


@router.get("/performance/cascade", response={200: list[CascadeNodeOut], **E(404)})
def cascade(request: HttpRequest, year: int = Query(..., ge=2000, le=2100)):
    """The caller's RHK with their team's RHK that intervene each."""
    me = employee_for_user(user=request.auth)
    if me is None:
        raise NotFound()
    tree = selectors.team_cascade(evaluator=me, year=year)
    return [
        {
            "rhk": _rhk(node["rhk"]) if node["rhk"] else None,
            "children": [
                {
                    "id": c.pk,
                    "text": c.text,
                    "kind": c.kind,
                    "employee": person(c.skp.employee),
                }
                for c in node["children"]
            ],
        }
        for node in tree
    ]


class YearEndOut(Schema):
    task_id: str
    status: str


@router.post(
    "/performance/years/{year_id}/yearend",
    response={202: YearEndOut, **E(403, 404)},
)
def year_end(request: HttpRequest, year_id: int):
    """Start the year-end job: annual predikat from the matrix, curve per unit."""
    from jenjang.performance.tasks import performance_yearend

    require_perm(request, MANAGE)
    py = get_object_or_404(selectors.years_visible_to(user=request.auth), pk=year_id)
    result = performance_yearend.enqueue(py.pk)
    return Status(202, {"task_id": str(result.id), "status": str(result.status)})
