"""Reads of individual development plans (IDP), always scoped.

Who sees a plan: its owner; whoever a role granting
`development.view_compliance` or `development.approve_plans` reaches (the
supervisor their direct reports, HR admins and leaders their unit subtree).
Progress is computed on read from the JP ledger, so a plan is never stale.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from jenjang.accounts.roles import has_perm
from jenjang.competencies.models import Competency
from jenjang.competencies.selectors import Gap, current_levels
from jenjang.competencies.selectors import employee_gaps as competency_gaps
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.scoping import people_scope_q, scope_for
from jenjang.development.models import (
    DevelopmentPlan,
    LedgerEntry,
    PlanActivity,
    PlanEvent,
)
from jenjang.development.selectors.compliance import employee_total_jp, target_for
from jenjang.development.services.ledger import source_base_id
from jenjang.people.models import Employee

OWN_PERM = "development.plan_own"
REVIEW_PERM = "development.approve_plans"
VIEW_PERM = "development.view_compliance"
# A ledger entry posted for a planned activity names it as its source.
ACTIVITY_SOURCE = "development.planactivity"
# PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4), when no AnnualTarget row exists.
FALLBACK_TARGET_JP = Decimal("20")
ZERO = Decimal("0.00")

_NOTHING = Q(pk__in=[])


# --- gaps ------------------------------------------------------------------------


def employee_gaps(*, employee: Employee) -> list[Gap]:
    """Return the competencies the employee is assessed below standard in, largest first.

    The gap analysis is the competencies app's (`competencies.selectors`);
    a competency not assessed yet is not known to be a gap, so plans and
    recommendations leave it out.
    """
    return [g for g in competency_gaps(employee) if g.status == "below"]


def gap_next_level(gap: Gap) -> int:
    """Return the level one step up from the current one, at most the required."""
    return min(gap.required_level, (gap.current_level or 0) + 1)


def current_level(*, employee: Employee, competency: Competency) -> int | None:
    """Return the employee's latest assessed level of one competency."""
    row = current_levels(employee).get(competency.pk)
    return row["level"] if row else None


# --- targets and JP from the ledger ---------------------------------------------


def default_target_jp(*, employee: Employee, year: int) -> Decimal:
    """Return the yearly minimum JP for the employee's agency (the plan's default).

    PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4): at least 20 JP a year; the
    rule and its table live in `selectors.compliance.target_for`. Without
    any target row (a fresh database), the regulation's 20 JP.
    """
    try:
        return target_for(agency=employee.agency_id, year=year)
    except ApplicationError:
        return FALLBACK_TARGET_JP


def ledger_jp_for_year(*, employee: Employee, year: int) -> Decimal:
    """Return the JP the ledger holds for the employee in a calendar year.

    The ledger's own sum (`selectors.compliance.employee_total_jp`):
    postings and reversals, by the activity's date.
    """
    return employee_total_jp(employee=employee, year=year)


# --- visibility ------------------------------------------------------------------


def _visible_q(user) -> Q:
    """Return the filter over plans the user may see (own, or a reaching role)."""
    if not getattr(user, "is_authenticated", False):
        return _NOTHING
    q = Q(employee__user_id=user.pk)
    for perm in (VIEW_PERM, REVIEW_PERM):
        if not has_perm(user, perm):
            continue
        scope = scope_for(user, perm=perm)
        if scope.everything:
            return Q()  # OR-ing Q() would drop it: Q() | x is x
        q |= people_scope_q(scope, prefix="employee__")
    return q


def plan_list_visible_to(
    *,
    user,
    year: int | None = None,
    status: str = "",
    employee_id: int | None = None,
) -> QuerySet[DevelopmentPlan]:
    """Return the plans the user may see, newest year first."""
    qs = DevelopmentPlan.objects.filter(_visible_q(user))
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if employee_id is not None:
        qs = qs.filter(employee_id=employee_id)
    return qs.select_related(
        "employee__org_unit", "employee__position", "approved_by"
    ).order_by("-year", "employee__name", "id")


def plan_get_visible_to(*, user, pk) -> DevelopmentPlan:
    """Return one plan the user may see, or raise NotFound (never 403: no leak)."""
    try:
        return (
            DevelopmentPlan.objects.filter(_visible_q(user))
            .select_related(
                "employee__org_unit",
                "employee__position__reports_to",
                "employee__agency",
                "employee__user",
                "approved_by",
            )
            .get(pk=pk)
        )
    except (DevelopmentPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def plan_list_own(*, user) -> QuerySet[DevelopmentPlan]:
    """Return the user's own plans, newest year first."""
    if not getattr(user, "is_authenticated", False):
        return DevelopmentPlan.objects.none()
    return DevelopmentPlan.objects.filter(employee__user_id=user.pk).order_by("-year")


def plan_inbox_for(*, user) -> QuerySet[DevelopmentPlan]:
    """Return the submitted plans awaiting the user's decision, oldest first.

    A supervisor's reach is their direct reports, an HR admin's their unit
    subtree; the user's own plan is never in their inbox.
    """
    if not has_perm(user, REVIEW_PERM):
        return DevelopmentPlan.objects.none()
    scope = scope_for(user, perm=REVIEW_PERM)
    submitted_at = (
        PlanEvent.objects.filter(plan=OuterRef("pk"), action=PlanEvent.Action.SUBMITTED)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        DevelopmentPlan.objects.filter(
            people_scope_q(scope, prefix="employee__"),
            status=DevelopmentPlan.Status.SUBMITTED,
        )
        .exclude(employee__user_id=user.pk)
        .annotate(
            submitted_at=Subquery(submitted_at),
            planned_jp=_planned_jp_subquery(),
        )
        .select_related("employee__org_unit", "employee__position")
        .order_by("submitted_at", "id")
    )


def _planned_jp_subquery() -> Coalesce:
    total = (
        PlanActivity.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(total=Sum("planned_jp"))
        .values("total")
    )
    return Coalesce(
        Subquery(total),
        ZERO,
        output_field=DecimalField(max_digits=8, decimal_places=2),
    )


def plan_history(*, plan: DevelopmentPlan) -> QuerySet[PlanEvent]:
    """Return the plan's events, oldest first, with who acted."""
    return plan.events.select_related("actor__employee").order_by("at", "id")


def plan_for_year(*, employee: Employee, year: int) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.filter(employee=employee, year=year).first()


# --- progress --------------------------------------------------------------------


class State:
    DONE = "done"
    OVERDUE = "overdue"
    PLANNED = "planned"


@dataclass
class ActivityProgress:
    activity: PlanActivity
    entry: LedgerEntry | None
    state: str


@dataclass
class PlanProgress:
    """What the plan shows: planned, done and overdue, and JP toward the target."""

    target_jp: Decimal
    ledger_jp: Decimal
    activities: list[ActivityProgress] = field(default_factory=list)

    def _count(self, state: str) -> int:
        return sum(1 for a in self.activities if a.state == state)

    @property
    def done(self) -> int:
        return self._count(State.DONE)

    @property
    def overdue(self) -> int:
        return self._count(State.OVERDUE)

    @property
    def planned(self) -> int:
        return self._count(State.PLANNED)

    @property
    def planned_jp(self) -> Decimal:
        return sum((a.activity.planned_jp for a in self.activities), ZERO)

    @property
    def done_jp(self) -> Decimal:
        return sum((a.entry.jp for a in self.activities if a.entry is not None), ZERO)

    @property
    def target_percent(self) -> int:
        if self.target_jp <= 0:
            return 100
        return max(0, min(100, int(self.ledger_jp * 100 / self.target_jp)))

    @property
    def activity_percent(self) -> int:
        if not self.activities:
            return 0
        return int(self.done * 100 / len(self.activities))


def plan_progress(
    *, plan: DevelopmentPlan, today: dt.date | None = None
) -> PlanProgress:
    """Return the plan's progress, matching its activities with ledger entries.

    An activity is done when a ledger entry of the same employee completes
    it: the entry linked to it, an entry whose source is the activity, or
    else an entry of the same development form within the planned window.
    Each entry completes one activity; a reversed entry completes none. Not
    done and past its planned end, an activity is overdue.
    """
    today = today or timezone.localdate()
    activities = list(plan.activities.select_related("form", "goal__competency"))
    entries = _candidate_entries(plan, activities)
    matched = _match(activities, entries)
    rows = []
    for activity in activities:
        entry = matched.get(activity.pk)
        if entry is not None:
            state = State.DONE
        elif activity.planned_end < today:
            state = State.OVERDUE
        else:
            state = State.PLANNED
        rows.append(ActivityProgress(activity, entry, state))
    return PlanProgress(
        target_jp=plan.target_jp,
        ledger_jp=ledger_jp_for_year(employee=plan.employee, year=plan.year),
        activities=rows,
    )


def _candidate_entries(
    plan: DevelopmentPlan, activities: list[PlanActivity]
) -> list[LedgerEntry]:
    if not activities:
        return []
    q = Q(pk__in=[a.ledger_entry_id for a in activities if a.ledger_entry_id])
    # Any posting sourced from an activity of this employee: the ledger may
    # have suffixed its id with a revision ("42#2").
    q |= Q(source_type=ACTIVITY_SOURCE)
    q |= Q(
        form_id__in={a.form_id for a in activities},
        occurred_on__gte=min(a.planned_start for a in activities),
        occurred_on__lte=max(a.planned_end for a in activities),
    )
    return list(
        LedgerEntry.objects.filter(
            q,
            employee_id=plan.employee_id,
            kind=LedgerEntry.Kind.POSTING,
            reversal__isnull=True,
        ).order_by("occurred_on", "id")
    )


def _match(
    activities: list[PlanActivity], entries: list[LedgerEntry]
) -> dict[int, LedgerEntry]:
    """Pair activities with entries: explicit links first, then form and window."""
    by_id = {e.pk: e for e in entries}
    by_source = {
        source_base_id(e.source_id): e
        for e in entries
        if e.source_type == ACTIVITY_SOURCE
    }
    matched: dict[int, LedgerEntry] = {}
    used: set[int] = set()
    for activity in activities:
        entry = by_id.get(activity.ledger_entry_id) or by_source.get(str(activity.pk))
        if entry is not None and entry.pk not in used:
            matched[activity.pk] = entry
            used.add(entry.pk)
    # An entry linked to another activity, even outside this pass, stays its own.
    used |= {a.ledger_entry_id for a in activities if a.ledger_entry_id}
    for activity in activities:
        if activity.pk in matched:
            continue
        for entry in entries:
            if (
                entry.pk not in used
                and entry.form_id == activity.form_id
                and activity.planned_start <= entry.occurred_on <= activity.planned_end
                and entry.source_type != ACTIVITY_SOURCE
            ):
                matched[activity.pk] = entry
                used.add(entry.pk)
                break
    return matched
