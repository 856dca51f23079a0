"""Reads of the performance area, always scoped through core.scoping.

Contract for other apps (talent): `annual_predikat` and
`improvement_plans_for` take ids and return plain values; they do not scope
(the caller has already scoped its employees).
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from jenjang.performance.models import Evaluation, ImprovementPlan


def final_evaluations_q(*, today: dt.date | None = None) -> Q:
    """Return a filter for evaluations whose predikat stands.

    Final: acknowledged by the employee, an objection decided, or issued and
    the objection window closed without an objection.
    """
    today = today or timezone.localdate()
    return Q(status__in=Evaluation.SETTLED) | Q(
        status=Evaluation.Status.ISSUED, objection_deadline__lt=today
    )


def annual_predikat(
    employee_ids: Iterable[int], years: Iterable[int]
) -> dict[tuple[int, int], str]:
    """Return the final yearly predikat per (employee_id, year).

    Only annual evaluations that are final (see `final_evaluations_q`); the
    value is the predikat after any objection (a `Predikat` value).
    """
    ids = list(employee_ids)
    years = list(years)
    if not ids or not years:
        return {}
    rows = Evaluation.objects.filter(
        final_evaluations_q(),
        is_annual=True,
        employee_id__in=ids,
        year__in=years,
    ).values_list("employee_id", "year", "final_predikat")
    return {(emp, year): predikat for emp, year, predikat in rows}


def improvement_plans_for(
    employee_ids: Iterable[int], *, open_only: bool = False
) -> list[ImprovementPlan]:
    """Return the improvement plans of these employees, newest first.

    Each plan carries `employee_id`, `predikat`, `opened_on`, `review_due`,
    `status`, with its activities and check-ins prefetched.
    """
    qs = ImprovementPlan.objects.filter(employee_id__in=list(employee_ids))
    if open_only:
        qs = qs.filter(status=ImprovementPlan.Status.OPEN)
    return list(
        qs.select_related("evaluation__period", "supervisor")
        .prefetch_related("activities", "checkins")
        .order_by("employee_id", "-opened_on", "-id")
    )
