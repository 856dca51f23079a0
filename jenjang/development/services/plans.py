"""Writes to individual development plans (IDP) and their workflow.

draft → submitted (by the employee) → returned with a comment, or approved
(by the supervisor, or an HR admin whose unit reaches the employee). A
returned plan is revised and submitted again; an approved plan is read-only
until its owner opens a revision, which sends it back to draft. Every step
writes a PlanEvent, so both sides see the history. Nobody approves their own
plan.
"""

import dataclasses
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.competencies.models import MAX_LEVEL, MIN_LEVEL, Competency
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_contains, scope_for
from jenjang.development.models import (
    DevelopmentForm,
    DevelopmentPlan,
    LedgerEntry,
    PlanActivity,
    PlanEvent,
    PlanGoal,
)
from jenjang.development.selectors.plans import (
    ACTIVITY_SOURCE,
    OWN_PERM,
    REVIEW_PERM,
    current_level,
    default_target_jp,
    employee_gaps,
)
from jenjang.development.services.ledger import register_posting_listener
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_supervisor

Status = DevelopmentPlan.Status
Action = PlanEvent.Action
EDITABLE = (Status.DRAFT, Status.RETURNED)
MAX_JP = Decimal("999")
MAX_GOALS_PREFILLED = 5
# The event a revision of an approved plan leaves. PlanEvent has no
# "revised" action yet; "edited" with the reason is what it records.
REVISION_ACTION = Action.EDITED


# --- who may do what ------------------------------------------------------------


def is_owner(user, plan: DevelopmentPlan) -> bool:
    return bool(
        getattr(user, "pk", None) and plan.employee.user_id == user.pk
    ) and has_perm(user, OWN_PERM)


def can_edit(user, plan: DevelopmentPlan) -> bool:
    return is_owner(user, plan) and plan.status in EDITABLE


def can_review(user, plan: DevelopmentPlan) -> bool:
    """Tell whether the user may approve or return the plan.

    The plan's supervisor (people.selectors.employee_supervisor), or a user
    whose granted unit or agency reaches the employee through a role with
    `development.approve_plans` (an HR admin). Never the owner.
    """
    if not getattr(user, "pk", None) or plan.employee.user_id == user.pk:
        return False
    if not has_perm(user, REVIEW_PERM):
        return False
    granted = dataclasses.replace(
        scope_for(user, perm=REVIEW_PERM),
        self_employee_id=None,
        supervised_position_id=None,
        own_unit_id=None,
    )
    if scope_contains(granted, plan.employee):
        return True
    supervisor = employee_supervisor(employee=plan.employee)
    return supervisor is not None and supervisor.user_id == user.pk


def _require_owner(by, plan: DevelopmentPlan) -> None:
    if not is_owner(by, plan):
        raise PermissionDenied(_("Hanya pemilik rencana yang dapat mengubahnya."))


def _require_editable(by, plan: DevelopmentPlan) -> None:
    _require_owner(by, plan)
    if plan.status not in EDITABLE:
        raise ApplicationError(
            "plan_not_editable",
            _("Rencana berstatus %(status)s tidak dapat diubah.")
            % {"status": plan.get_status_display()},
            status=409,
        )


def _require_reviewer(by, plan: DevelopmentPlan) -> None:
    if getattr(by, "pk", None) and plan.employee.user_id == by.pk:
        raise PermissionDenied(
            _("Anda tidak dapat menyetujui atau mengembalikan rencana Anda sendiri.")
        )
    if not can_review(by, plan):
        raise PermissionDenied(
            _("Hanya atasan langsung atau admin kepegawaian yang dapat memutuskan.")
        )


def _require_status(plan: DevelopmentPlan, *allowed: str) -> None:
    if plan.status not in allowed:
        raise ApplicationError(
            "plan_wrong_status",
            _("Langkah ini tidak berlaku untuk rencana berstatus %(status)s.")
            % {"status": plan.get_status_display()},
            status=409,
        )


def _locked(plan: DevelopmentPlan) -> DevelopmentPlan:
    """Reload the plan under a row lock so two decisions cannot cross."""
    plan.refresh_from_db(from_queryset=DevelopmentPlan.objects.select_for_update())
    return plan


def _event(plan: DevelopmentPlan, action: str, by, comment: str = "") -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan, action=action, actor=by, comment=comment, at=timezone.now()
    )


# --- input checks ----------------------------------------------------------------


def _jp(value, field: str) -> Decimal:
    try:
        jp = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        jp = Decimal("NaN")
    if not jp.is_finite() or jp <= 0 or jp > MAX_JP:
        raise ApplicationError(
            "invalid_jp",
            _("JP harus lebih dari 0 dan paling banyak %(max)s.") % {"max": MAX_JP},
            details=[{"field": field, "message": _("JP tidak sah.")}],
        )
    return jp.quantize(Decimal("0.01"))


def _year_ok(year: int) -> None:
    this_year = timezone.localdate().year
    if year not in (this_year, this_year + 1):
        raise ApplicationError(
            "invalid_year",
            _("Rencana hanya dapat dibuat untuk tahun %(this)s atau %(next)s.")
            % {"this": this_year, "next": this_year + 1},
            details=[{"field": "year", "message": _("Tahun tidak sah.")}],
        )


def _level(value, field: str) -> int:
    if not isinstance(value, int) or not MIN_LEVEL <= value <= MAX_LEVEL:
        raise ApplicationError(
            "invalid_level",
            _("Level harus antara %(min)s dan %(max)s.")
            % {"min": MIN_LEVEL, "max": MAX_LEVEL},
            details=[{"field": field, "message": _("Level tidak sah.")}],
        )
    return value


def _text(value: str, field: str, max_length: int, *, required: bool) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise ApplicationError("invalid_text", _("Teks mengandung karakter tidak sah."))
    if required and not text:
        raise ApplicationError(
            "required",
            _("Isian ini wajib diisi."),
            details=[{"field": field, "message": _("Isian ini wajib diisi.")}],
        )
    if len(text) > max_length:
        raise ApplicationError(
            "too_long",
            _("Paling banyak %(max)s karakter.") % {"max": max_length},
            details=[{"field": field, "message": _("Terlalu panjang.")}],
        )
    return text


# --- create and edit -------------------------------------------------------------


def plan_create(
    *,
    employee: Employee,
    year: int,
    by,
    target_jp=None,
    notes: str = "",
    prefill_goals: bool = True,
) -> DevelopmentPlan:
    """Draft the employee's plan for a year, its goals pre-filled from their gaps.

    One plan per employee per year. The target defaults to the yearly
    minimum in force (PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4): 20 JP).
    """
    if not (employee.user_id and employee.user_id == getattr(by, "pk", None)):
        raise PermissionDenied(_("Rencana disusun oleh pegawai yang bersangkutan."))
    if not has_perm(by, OWN_PERM):
        raise PermissionDenied()
    _year_ok(year)
    target = (
        default_target_jp(employee=employee, year=year)
        if target_jp is None
        else _jp(target_jp, "target_jp")
    )
    notes = _text(notes, "notes", 2000, required=False)
    with acting_as(by), transaction.atomic():
        if DevelopmentPlan.objects.filter(employee=employee, year=year).exists():
            raise _plan_exists(year)
        try:
            with transaction.atomic():
                plan = DevelopmentPlan.objects.create(
                    employee=employee, year=year, target_jp=target, notes=notes
                )
        except IntegrityError:  # a concurrent create won the race
            raise _plan_exists(year) from None
        if prefill_goals:
            PlanGoal.objects.bulk_create(
                PlanGoal(
                    plan=plan,
                    competency=gap.competency,
                    current_level=gap.current_level,
                    target_level=gap.required_level,
                )
                for gap in employee_gaps(employee=employee)[:MAX_GOALS_PREFILLED]
            )
        _event(plan, Action.CREATED, by)
    return plan


def _plan_exists(year: int) -> ApplicationError:
    return ApplicationError(
        "plan_exists",
        _("Rencana tahun %(year)s sudah ada.") % {"year": year},
        status=409,
    )


def plan_update(
    *,
    plan: DevelopmentPlan,
    by,
    target_jp=None,
    notes: str | None = None,
    goals: list[dict] | None = None,
    activities: list[dict] | None = None,
) -> DevelopmentPlan:
    """Change a draft or returned plan, all or nothing.

    `target_jp` and `notes` when given; `goals` (dicts of competency,
    target_level, description) and `activities` (dicts of form, title,
    planned_start, planned_end, planned_jp and an optional goal_competency,
    a competency among the plan's goals) replace the plan's rows when given.
    """
    changes = {}
    if target_jp is not None:
        changes["target_jp"] = _jp(target_jp, "target_jp")
    if notes is not None:
        changes["notes"] = _text(notes, "notes", 2000, required=False)
    with acting_as(by), transaction.atomic():
        _require_editable(by, _locked(plan))
        for name, value in changes.items():
            setattr(plan, name, value)
        if changes:
            plan.save(update_fields=[*changes, "updated_at"])
        if goals is not None:
            _replace_goals(plan, goals)
        if activities is not None:
            _replace_activities(plan, activities)
    return plan


def _replace_goals(plan: DevelopmentPlan, goals: list[dict]) -> None:
    plan.activities.update(goal=None)
    plan.goals.all().delete()
    for row in goals:
        _goal_add(
            plan,
            row["competency"],
            _level(row["target_level"], "target_level"),
            _text(row.get("description", ""), "description", 300, required=False),
        )


def _replace_activities(plan: DevelopmentPlan, activities: list[dict]) -> None:
    plan.activities.all().delete()
    by_competency = {g.competency_id: g for g in plan.goals.all()}
    for row in activities:
        goal = None
        if row.get("goal_competency") is not None:
            goal = by_competency.get(row["goal_competency"].pk)
            if goal is None:
                raise ApplicationError(
                    "invalid_goal",
                    _("Kegiatan merujuk kompetensi yang bukan sasaran rencana."),
                )
        values = _activity_values(
            plan,
            row["title"],
            row["planned_start"],
            row["planned_end"],
            row["planned_jp"],
            goal,
        )
        PlanActivity.objects.create(plan=plan, form=row["form"], **values)


def goal_add(
    *,
    plan: DevelopmentPlan,
    by,
    competency: Competency,
    target_level: int,
    description: str = "",
) -> PlanGoal:
    """Add a goal: raise one competency to a level. One goal per competency."""
    target_level = _level(target_level, "target_level")
    description = _text(description, "description", 300, required=False)
    with acting_as(by), transaction.atomic():
        _require_editable(by, _locked(plan))
        return _goal_add(plan, competency, target_level, description)


def _goal_add(
    plan: DevelopmentPlan, competency: Competency, target_level: int, description: str
) -> PlanGoal:
    if not competency.is_active:
        raise ApplicationError("competency_inactive", _("Kompetensi tidak aktif."))
    if plan.goals.filter(competency=competency).exists():
        raise ApplicationError(
            "goal_exists",
            _("Sasaran untuk %(competency)s sudah ada.")
            % {"competency": competency.name},
            status=409,
        )
    return PlanGoal.objects.create(
        plan=plan,
        competency=competency,
        current_level=current_level(employee=plan.employee, competency=competency),
        target_level=target_level,
        description=description,
    )


def goal_remove(*, plan: DevelopmentPlan, goal_id: int, by) -> None:
    """Remove a goal; its activities stay, no longer tied to it."""
    with acting_as(by), transaction.atomic():
        _require_editable(by, _locked(plan))
        deleted, _rows = plan.goals.filter(pk=goal_id).delete()
        if not deleted:
            raise ApplicationError(
                "not_found", _("Sasaran tidak ditemukan."), status=404
            )


def activity_add(
    *,
    plan: DevelopmentPlan,
    by,
    form: DevelopmentForm,
    title: str,
    planned_start: dt.date,
    planned_end: dt.date,
    planned_jp,
    goal: PlanGoal | None = None,
) -> PlanActivity:
    """Plan one development activity within the plan's year."""
    values = _activity_values(plan, title, planned_start, planned_end, planned_jp, goal)
    with acting_as(by), transaction.atomic():
        _require_editable(by, _locked(plan))
        return PlanActivity.objects.create(plan=plan, form=form, **values)


def _activity_values(plan, title, planned_start, planned_end, planned_jp, goal) -> dict:
    title = _text(title, "title", 250, required=True)
    jp = _jp(planned_jp, "planned_jp")
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    if not (first <= planned_start <= last and first <= planned_end <= last):
        raise ApplicationError(
            "dates_outside_year",
            _("Tanggal kegiatan harus di dalam tahun %(year)s.") % {"year": plan.year},
            details=[
                {"field": "planned_start", "message": _("Di luar tahun rencana.")}
            ],
        )
    if planned_end < planned_start:
        raise ApplicationError(
            "dates_reversed",
            _("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            details=[{"field": "planned_end", "message": _("Sebelum tanggal mulai.")}],
        )
    if goal is not None and goal.plan_id != plan.pk:
        raise ApplicationError("invalid_goal", _("Sasaran bukan milik rencana ini."))
    return {
        "title": title,
        "planned_start": planned_start,
        "planned_end": planned_end,
        "planned_jp": jp,
        "goal": goal,
    }


def activity_remove(*, plan: DevelopmentPlan, activity_id: int, by) -> None:
    with acting_as(by), transaction.atomic():
        _require_editable(by, _locked(plan))
        deleted, _rows = plan.activities.filter(pk=activity_id).delete()
        if not deleted:
            raise ApplicationError(
                "not_found", _("Kegiatan tidak ditemukan."), status=404
            )


def plan_add_recommendation(
    *,
    plan: DevelopmentPlan,
    by,
    competency: Competency,
    form: DevelopmentForm,
    title: str,
    target_level: int,
    planned_jp,
    today: dt.date | None = None,
) -> PlanActivity:
    """Add a recommended activity, with a goal for its competency if none exists.

    It is planned from today (or 1 January) to the end of the plan's year;
    the employee adjusts the dates afterwards.
    """
    today = today or timezone.localdate()
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    start = min(max(today, first), last)
    title = (title or "").strip()[:250]
    target_level = _level(target_level, "target_level")
    with acting_as(by), transaction.atomic():
        _require_editable(by, _locked(plan))
        goal = plan.goals.filter(competency=competency).first()
        if goal is None:
            goal = _goal_add(plan, competency, target_level, "")
        values = _activity_values(plan, title, start, last, planned_jp, goal)
        return PlanActivity.objects.create(plan=plan, form=form, **values)


def plan_add_assigned_activity(
    *,
    plan: DevelopmentPlan,
    by,
    competency: Competency,
    form: DevelopmentForm,
    title: str,
    target_level: int,
    planned_jp,
    reason: str,
    today: dt.date | None = None,
) -> PlanActivity:
    """The supervisor (or HR) adds an activity they assign, such as a remedial one.

    Only a reviewer of the plan (`can_review`), in any status: the plan's
    history records it as an edit with the reason, so the employee sees who
    added what and why (a remedial plan, PP 30/2019 Pasal 57).
    """
    today = today or timezone.localdate()
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    start = min(max(today, first), last)
    title = (title or "").strip()[:250]
    target_level = _level(target_level, "target_level")
    reason = _text(reason, "reason", 2000, required=True)
    with acting_as(by), transaction.atomic():
        _require_reviewer(by, _locked(plan))
        goal = plan.goals.filter(competency=competency).first()
        if goal is None:
            goal = _goal_add(plan, competency, target_level, "")
        values = _activity_values(plan, title, start, last, planned_jp, goal)
        activity = PlanActivity.objects.create(plan=plan, form=form, **values)
        _event(plan, REVISION_ACTION, by, reason)
    return activity


# --- the workflow ----------------------------------------------------------------


def plan_submit(*, plan: DevelopmentPlan, by, comment: str = "") -> DevelopmentPlan:
    """Send a draft or returned plan to the supervisor. It needs an activity."""
    comment = _text(comment, "comment", 2000, required=False)
    with acting_as(by), transaction.atomic():
        _require_owner(by, _locked(plan))
        _require_status(plan, *EDITABLE)
        if not plan.activities.exists():
            raise ApplicationError(
                "plan_empty",
                _("Tambahkan paling sedikit satu kegiatan sebelum mengajukan."),
            )
        _transition(plan, Status.SUBMITTED, Action.SUBMITTED, by, comment)
    return plan


def plan_return(*, plan: DevelopmentPlan, by, comment: str) -> DevelopmentPlan:
    """Return a submitted plan to its owner; the comment says what to revise."""
    with acting_as(by), transaction.atomic():
        _require_reviewer(by, _locked(plan))
        _require_status(plan, Status.SUBMITTED)
        if not (comment or "").strip():
            raise ApplicationError(
                "comment_required",
                _("Tuliskan komentar: apa yang perlu diperbaiki."),
                details=[{"field": "comment", "message": _("Komentar wajib diisi.")}],
            )
        comment = _text(comment, "comment", 2000, required=True)
        _transition(plan, Status.RETURNED, Action.RETURNED, by, comment)
    return plan


def plan_approve(*, plan: DevelopmentPlan, by, comment: str = "") -> DevelopmentPlan:
    """Approve a submitted plan. Nobody approves their own."""
    comment = _text(comment, "comment", 2000, required=False)
    with acting_as(by), transaction.atomic():
        _require_reviewer(by, _locked(plan))
        _require_status(plan, Status.SUBMITTED)
        plan.approved_by = by
        plan.approved_at = timezone.now()
        _transition(plan, Status.APPROVED, Action.APPROVED, by, comment)
    return plan


def plan_revise(*, plan: DevelopmentPlan, by, comment: str = "") -> DevelopmentPlan:
    """Open an approved plan for revision: back to draft, recorded in the history."""
    comment = _text(comment, "comment", 2000, required=False)
    with acting_as(by), transaction.atomic():
        _require_owner(by, _locked(plan))
        _require_status(plan, Status.APPROVED)
        plan.approved_by = None
        plan.approved_at = None
        note = _("Dibuka kembali untuk revisi.")
        _transition(
            plan,
            Status.DRAFT,
            REVISION_ACTION,
            by,
            f"{note} {comment}".strip() if comment else note,
        )
    return plan


def _transition(plan, status: str, action: str, by, comment: str) -> None:
    plan.status = status
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(plan, action, by, comment)


# --- the ledger's side -----------------------------------------------------------


def activity_link_ledger_entry(*, entry: LedgerEntry) -> PlanActivity | None:
    """Mark the planned activity a new ledger posting completes, if any.

    The activity named as the entry's source, else the first open activity
    of the same form whose planned window holds the entry's date, in the
    employee's plan for that year. Registered as the ledger's posting
    listener (below); `selectors.plans.plan_progress` finds the same match on
    read, so a posting made while the listener was not registered still
    shows as done.
    """
    if entry.kind != LedgerEntry.Kind.POSTING:
        return None
    open_activities = PlanActivity.objects.filter(
        plan__employee_id=entry.employee_id,
        plan__year=entry.occurred_on.year,
        ledger_entry__isnull=True,
    )
    activity = None
    if entry.source_type == ACTIVITY_SOURCE:
        activity = open_activities.filter(pk=_int_or_none(entry.source_id)).first()
    if activity is None:
        activity = (
            open_activities.filter(
                form_id=entry.form_id,
                planned_start__lte=entry.occurred_on,
                planned_end__gte=entry.occurred_on,
            )
            .order_by("planned_start", "id")
            .first()
        )
    if activity is not None:
        activity.ledger_entry = entry
        activity.save(update_fields=["ledger_entry"])
    return activity


def _int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# The ledger calls this after each new posting, inside its transaction.
register_posting_listener(activity_link_ledger_entry)
