"""Performance improvement plans (PP 30/2019 Pasal 56–58, domain 1.7).

A final predikat Butuh Perbaikan, Kurang/Misconduct or Sangat Kurang opens a
plan with a review clock (six months by default, configurable per
performance year): targeted development activities from the employee's
competency gaps, coaching by the supervisor, and check-ins.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.performance.models import (
    POOR_PREDIKAT,
    Evaluation,
    ImprovementActivity,
    ImprovementCheckIn,
    ImprovementPlan,
)
from jenjang.performance.services.common import clean_text, manages, user_employee
from jenjang.performance.services.rules import improvement_review_due

logger = logging.getLogger(__name__)
MAX_DEVELOPMENT_ACTIVITIES = 3


def improvement_plan_open(*, evaluation: Evaluation, by=None) -> ImprovementPlan | None:
    """Open a plan when a final predikat is poor and none is open for the employee."""
    if evaluation.final_predikat not in POOR_PREDIKAT:
        return None
    if ImprovementPlan.objects.filter(
        employee_id=evaluation.employee_id, status=ImprovementPlan.Status.OPEN
    ).exists():
        return None
    if ImprovementPlan.objects.filter(evaluation=evaluation).exists():
        return None
    opened = timezone.localdate()
    months = evaluation.skp.performance_year.improvement_months
    plan = ImprovementPlan.objects.create(
        employee_id=evaluation.employee_id,
        evaluation=evaluation,
        supervisor_id=evaluation.evaluator_id,
        predikat=evaluation.final_predikat,
        opened_on=opened,
        review_due=improvement_review_due(opened, months),
    )
    rows = _development_activities(plan, evaluation, opened)
    rows.append(
        ImprovementActivity(
            plan=plan,
            kind=ImprovementActivity.Kind.COACHING,
            title=_("Bimbingan dan konseling kinerja oleh atasan langsung"),
            reason=_("PP 30/2019: pembinaan pegawai yang tidak mencapai target"),
            due_date=opened + dt.timedelta(days=30),
        )
    )
    ImprovementActivity.objects.bulk_create(rows)
    return plan


def _development_activities(plan, evaluation, opened) -> list[ImprovementActivity]:
    """Targeted activities from the development recommendations for the gaps."""
    try:
        from jenjang.development.recommendations import recommend_for

        found = recommend_for(evaluation.employee)
    except Exception:  # one failing provider must not block the evaluation
        logger.exception("recommendations failed for improvement plan %s", plan.pk)
        found = []
    rows, seen = [], set()
    for rec in found:
        key = rec.competency.pk if rec.competency else rec.title
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            ImprovementActivity(
                plan=plan,
                kind=ImprovementActivity.Kind.DEVELOPMENT,
                title=rec.title[:300],
                reason=rec.reason[:300],
                competency=rec.competency,
                due_date=plan.review_due - dt.timedelta(days=30),
            )
        )
        if len(rows) >= MAX_DEVELOPMENT_ACTIVITIES:
            break
    return rows


def _can_coach(user, plan: ImprovementPlan) -> bool:
    me = user_employee(user)
    if me is not None and plan.supervisor_id == me.pk:
        return True
    return manages(user, plan.employee)


def _can_follow(user, plan: ImprovementPlan) -> bool:
    me = user_employee(user)
    return (me is not None and plan.employee_id == me.pk) or _can_coach(user, plan)


def _require_open(plan: ImprovementPlan) -> None:
    if plan.status != ImprovementPlan.Status.OPEN:
        raise ApplicationError(
            "plan_closed", _("Rencana perbaikan ini sudah ditutup."), status=409
        )


@transaction.atomic
def improvement_checkin_add(
    *, plan: ImprovementPlan, notes: str, on_track: bool = True, by
) -> ImprovementCheckIn:
    """Record a check-in (employee or supervisor)."""
    if not _can_follow(by, plan):
        raise PermissionDenied()
    _require_open(plan)
    notes = clean_text(notes, _("Catatan"))
    with acting_as(by):
        return ImprovementCheckIn.objects.create(
            plan=plan, date=timezone.localdate(), by=by, notes=notes, on_track=on_track
        )


@transaction.atomic
def improvement_activity_add(
    *, plan: ImprovementPlan, title: str, kind: str, due_date=None, by
) -> ImprovementActivity:
    if not _can_coach(by, plan):
        raise PermissionDenied()
    _require_open(plan)
    if kind not in ImprovementActivity.Kind.values:
        raise ApplicationError("invalid_choice", _("Jenis kegiatan tidak dikenal."))
    title = clean_text(title, _("Kegiatan"), max_length=300)
    with acting_as(by):
        return ImprovementActivity.objects.create(
            plan=plan, kind=kind, title=title, due_date=due_date
        )


@transaction.atomic
def improvement_activity_done(
    *, activity: ImprovementActivity, by
) -> ImprovementActivity:
    if not _can_follow(by, activity.plan):
        raise PermissionDenied()
    _require_open(activity.plan)
    activity.done_on = timezone.localdate()
    with acting_as(by):
        activity.save(update_fields=["done_on"])
    return activity


@transaction.atomic
def improvement_plan_review(
    *, plan: ImprovementPlan, status: str, outcome: str, by
) -> ImprovementPlan:
    """Close the plan at review: improved, not improved (PP 30/2019 Pasal 57–58)."""
    if not _can_coach(by, plan):
        raise PermissionDenied()
    _require_open(plan)
    allowed = (ImprovementPlan.Status.IMPROVED, ImprovementPlan.Status.NOT_IMPROVED)
    if status not in allowed:
        raise ApplicationError("invalid_choice", _("Hasil tinjauan tidak dikenal."))
    plan.outcome = clean_text(outcome, _("Hasil tinjauan"))
    plan.status = status
    plan.closed_on = timezone.localdate()
    with acting_as(by):
        plan.save()
    return plan
