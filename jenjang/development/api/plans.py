"""The IDP API: plans, their workflow and history, and recommendations.

Reads go through the scoped selectors (a plan out of reach answers 404, the
same as one that does not exist); writes through the services, which decide
who may edit (the owner, while draft or returned) and who may decide (the
supervisor or an HR admin in scope, never the owner).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from jenjang.competencies.models import MAX_LEVEL, MIN_LEVEL, Competency
from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.development.models import DevelopmentForm, DevelopmentPlan
from jenjang.development.recommendations import recommend_for
from jenjang.development.selectors import plans as selectors
from jenjang.development.services import plans as services
from jenjang.people.selectors import employee_for_user, employee_get_visible_to

router = Router(tags=["development"], auth=AUTH)

NO_NUL = r"^[^\x00]*$"
Comment = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
Title = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=250, pattern=NO_NUL
    ),
]
Description = Annotated[str, StringConstraints(max_length=300, pattern=NO_NUL)]
Notes = Annotated[str, StringConstraints(max_length=2000, pattern=NO_NUL)]
Jp = Annotated[Decimal, Field(gt=0, le=999, max_digits=6, decimal_places=2)]
Level = Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL)]
PlanStatus = Literal[tuple(DevelopmentPlan.Status.values)]


# --- shapes ----------------------------------------------------------------------


class PlanPersonRef(Schema):
    id: int
    full_name: str


class PlanCompetencyRef(Schema):
    id: int
    code: str
    name: str
    kind: str


class PlanFormRef(Schema):
    id: int
    siasn_code: int
    name: str


class GoalOut(Schema):
    id: int
    competency: PlanCompetencyRef
    current_level: int | None
    target_level: int
    description: str


class ActivityOut(Schema):
    id: int
    title: str
    form: PlanFormRef
    goal_id: int | None
    planned_start: dt.date
    planned_end: dt.date
    planned_jp: Decimal
    state: Literal["done", "overdue", "planned"]
    ledger_entry_id: int | None = Field(
        None, description="entri buku besar JP yang menyelesaikan kegiatan ini"
    )


class ProgressOut(Schema):
    target_jp: Decimal
    ledger_jp: Decimal = Field(description="JP tahun ini menurut buku besar")
    planned_jp: Decimal
    done_jp: Decimal
    done: int
    overdue: int
    planned: int


class AllowedOut(Schema):
    edit: bool
    submit: bool
    review: bool
    revise: bool


class PlanItemOut(Schema):
    id: int
    year: int
    status: str
    target_jp: Decimal
    employee: PlanPersonRef
    approved_at: dt.datetime | None
    updated_at: dt.datetime


class PlanPage(Schema):
    items: list[PlanItemOut]
    next_cursor: str | None


class PlanOut(PlanItemOut):
    notes: str
    goals: list[GoalOut]
    activities: list[ActivityOut]
    progress: ProgressOut
    allowed: AllowedOut


class PlanEventOut(Schema):
    id: int
    action: str
    actor: str | None
    comment: str
    at: dt.datetime


class PlanCreateIn(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="bawaan: tahun ini")
    target_jp: Jp | None = Field(None, description="bawaan: target JP tahunan (20)")
    notes: Notes = ""


class GoalIn(Schema):
    competency_id: int
    target_level: Level
    description: Description = ""


class ActivityIn(Schema):
    form_id: int = Field(description="id bentuk pengembangan (daftar SIASN)")
    title: Title
    planned_start: dt.date
    planned_end: dt.date
    planned_jp: Jp
    goal_competency_id: int | None = Field(
        None, description="kompetensi sasaran yang dituju kegiatan ini"
    )


class PlanPatch(Schema):
    target_jp: Jp | None = None
    notes: Notes | None = None
    goals: list[GoalIn] | None = Field(
        None, max_length=50, description="mengganti seluruh sasaran"
    )
    activities: list[ActivityIn] | None = Field(
        None, max_length=100, description="mengganti seluruh kegiatan"
    )


class CommentIn(Schema):
    comment: Comment = ""


class RequiredCommentIn(Schema):
    comment: Comment


class RecommendationOut(Schema):
    title: str
    form: PlanFormRef | None
    reason: str
    url: str
    source: str
    competency: PlanCompetencyRef | None
    target_level: int | None
    gap_size: int
    jp: Decimal


# --- helpers ---------------------------------------------------------------------


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(
        "invalid_input",
        _("Masukan tidak sah."),
        details=[{"field": field, "message": message}],
        status=422,
    )


def _plan(request: HttpRequest, plan_id: int) -> DevelopmentPlan:
    return selectors.plan_get_visible_to(user=request.auth, pk=plan_id)


def _person(employee) -> dict:
    return {"id": employee.pk, "full_name": employee.full_name}


def _item(plan: DevelopmentPlan) -> dict:
    return {
        "id": plan.pk,
        "year": plan.year,
        "status": plan.status,
        "target_jp": plan.target_jp,
        "employee": _person(plan.employee),
        "approved_at": plan.approved_at,
        "updated_at": plan.updated_at,
    }


def _detail(request: HttpRequest, plan_id: int) -> dict:
    user = request.auth
    plan = _plan(request, plan_id)
    progress = selectors.plan_progress(plan=plan)
    owner = services.is_owner(user, plan)
    Status_ = DevelopmentPlan.Status
    return _item(plan) | {
        "notes": plan.notes,
        "goals": plan.goals.select_related("competency").order_by("id"),
        "activities": [
            {
                "id": row.activity.pk,
                "title": row.activity.title,
                "form": row.activity.form,
                "goal_id": row.activity.goal_id,
                "planned_start": row.activity.planned_start,
                "planned_end": row.activity.planned_end,
                "planned_jp": row.activity.planned_jp,
                "state": row.state,
                "ledger_entry_id": row.entry.pk if row.entry else None,
            }
            for row in progress.activities
        ],
        "progress": {
            "target_jp": progress.target_jp,
            "ledger_jp": progress.ledger_jp,
            "planned_jp": progress.planned_jp,
            "done_jp": progress.done_jp,
            "done": progress.done,
            "overdue": progress.overdue,
            "planned": progress.planned,
        },
        "allowed": {
            "edit": services.can_edit(user, plan),
            "submit": services.can_edit(user, plan),
            "review": plan.status == Status_.SUBMITTED
            and services.can_review(user, plan),
            "revise": owner and plan.status == Status_.APPROVED,
        },
    }


def _competency(pk: int, field: str) -> Competency:
    found = Competency.objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise _invalid(field, _("Kompetensi tidak ditemukan."))
    return found


def _form(pk: int, field: str) -> DevelopmentForm:
    found = DevelopmentForm.objects.filter(pk=pk).first()
    if found is None:
        raise _invalid(field, _("Bentuk pengembangan tidak ditemukan."))
    return found


# --- plans -----------------------------------------------------------------------


@router.get(
    "/plans",
    response={200: PlanPage, **error_responses(400, 401, 422)},
    summary="Rencana pengembangan individu (IDP) dalam cakupan Anda",
)
def plan_list(
    request: HttpRequest,
    year: int | None = Query(None, ge=2000, le=2100),
    status: PlanStatus | None = None,
    employee: int | None = Query(None, description="id pegawai"),
    mine: bool = Query(False, description="hanya rencana saya"),
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    if mine:
        qs = selectors.plan_list_own(user=request.auth)
        if year is not None:
            qs = qs.filter(year=year)
        if status:
            qs = qs.filter(status=status)
    else:
        qs = selectors.plan_list_visible_to(
            user=request.auth, year=year, status=status or "", employee_id=employee
        )
    page = keyset_page(
        qs.select_related("employee"), order=("id", "id"), cursor=cursor, size=size
    )
    return {"items": [_item(p) for p in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/plans",
    response={201: PlanOut, **error_responses(400, 401, 403, 409, 422)},
    summary="Susun rencana saya untuk satu tahun",
)
def plan_create(request: HttpRequest, payload: PlanCreateIn):
    require_perm(request, selectors.OWN_PERM)
    employee = employee_for_user(user=request.auth)
    if employee is None:
        raise ApplicationError(
            "no_employee_record",
            _("Akun Anda belum terhubung dengan data pegawai."),
            status=403,
        )
    plan = services.plan_create(
        employee=employee,
        year=payload.year or timezone.localdate().year,
        by=request.auth,
        target_jp=payload.target_jp,
        notes=payload.notes,
    )
    return Status(201, _detail(request, plan.pk))


@router.get(
    "/plans/{plan_id}",
    response={200: PlanOut, **error_responses(401, 404, 422)},
    summary="Satu rencana: sasaran, kegiatan, dan kemajuan",
)
def plan_detail(request: HttpRequest, plan_id: int):
    return _detail(request, plan_id)


@router.patch(
    "/plans/{plan_id}",
    response={200: PlanOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Ubah rencana draf atau yang dikembalikan",
)
def plan_update(request: HttpRequest, plan_id: int, payload: PlanPatch):
    plan = _plan(request, plan_id)
    data = payload.model_dump(exclude_unset=True)
    goals = activities = None
    if payload.goals is not None:
        goals = [
            {
                "competency": _competency(g.competency_id, f"goals.{i}.competency_id"),
                "target_level": g.target_level,
                "description": g.description,
            }
            for i, g in enumerate(payload.goals)
        ]
    if payload.activities is not None:
        activities = [_activity_row(i, a) for i, a in enumerate(payload.activities)]
    services.plan_update(
        plan=plan,
        by=request.auth,
        target_jp=data.get("target_jp"),
        notes=data.get("notes"),
        goals=goals,
        activities=activities,
    )
    return _detail(request, plan_id)


def _activity_row(i: int, a: ActivityIn) -> dict:
    goal = None
    if a.goal_competency_id is not None:
        goal = _competency(a.goal_competency_id, f"activities.{i}.goal_competency_id")
    return {
        "form": _form(a.form_id, f"activities.{i}.form_id"),
        "title": a.title,
        "planned_start": a.planned_start,
        "planned_end": a.planned_end,
        "planned_jp": a.planned_jp,
        "goal_competency": goal,
    }


@router.post(
    "/plans/{plan_id}/submit",
    response={200: PlanOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Ajukan rencana kepada atasan",
)
def plan_submit(request: HttpRequest, plan_id: int, payload: CommentIn | None = None):
    services.plan_submit(
        plan=_plan(request, plan_id),
        by=request.auth,
        comment=payload.comment if payload else "",
    )
    return _detail(request, plan_id)


@router.post(
    "/plans/{plan_id}/return",
    response={200: PlanOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Kembalikan rencana dengan komentar (wajib)",
)
def plan_return(request: HttpRequest, plan_id: int, payload: RequiredCommentIn):
    services.plan_return(
        plan=_plan(request, plan_id), by=request.auth, comment=payload.comment
    )
    return _detail(request, plan_id)


@router.post(
    "/plans/{plan_id}/approve",
    response={200: PlanOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Setujui rencana",
)
def plan_approve(request: HttpRequest, plan_id: int, payload: CommentIn | None = None):
    services.plan_approve(
        plan=_plan(request, plan_id),
        by=request.auth,
        comment=payload.comment if payload else "",
    )
    return _detail(request, plan_id)


@router.post(
    "/plans/{plan_id}/revise",
    response={200: PlanOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Buka kembali rencana yang disetujui untuk direvisi",
)
def plan_revise(request: HttpRequest, plan_id: int, payload: CommentIn | None = None):
    services.plan_revise(
        plan=_plan(request, plan_id),
        by=request.auth,
        comment=payload.comment if payload else "",
    )
    return _detail(request, plan_id)


@router.get(
    "/plans/{plan_id}/history",
    response={200: list[PlanEventOut], **error_responses(401, 404, 422)},
    summary="Riwayat rencana: diajukan, dikembalikan, disetujui",
)
def plan_history(request: HttpRequest, plan_id: int):
    events = selectors.plan_history(plan=_plan(request, plan_id))
    return [
        {
            "id": e.pk,
            "action": e.action,
            "actor": _actor_name(e.actor),
            "comment": e.comment,
            "at": e.at,
        }
        for e in events
    ]


def _actor_name(user) -> str | None:
    if user is None:
        return None
    employee = getattr(user, "employee", None)
    if employee is not None:
        return employee.full_name
    return user.get_full_name() or user.username


# --- recommendations ------------------------------------------------------------


@router.get(
    "/employees/{employee_id}/recommendations",
    response={200: list[RecommendationOut], **error_responses(401, 404, 422)},
    summary="Rekomendasi pengembangan yang menutup gap kompetensi terbesar",
)
def employee_recommendations(request: HttpRequest, employee_id: int):
    user = request.auth
    own = employee_for_user(user=user)
    if own is not None and own.pk == employee_id:
        employee = own
    else:
        try:
            require_perm(request, "competencies.view")
        except ApplicationError:
            raise NotFound() from None
        employee = employee_get_visible_to(
            user=user, pk=employee_id, perm="competencies.view"
        )
    return recommend_for(employee)
