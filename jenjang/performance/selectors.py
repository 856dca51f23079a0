"""Reads of the performance area, always scoped through core.scoping.

Contract for other apps (talent): `annual_predikat` and
`improvement_plans_for` take ids and return plain values; they do not scope
(the caller has already scoped its employees).
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.mentoring.links import PairLink, SessionLink
from jenjang.mentoring.selectors import coaching_sessions
from jenjang.people.models import Employee, OrgUnit
from jenjang.performance.models import (
    PREDIKAT_ORDER,
    BehaviourValue,
    CoachingLink,
    CreditAward,
    Evaluation,
    Feedback,
    ImprovementCheckIn,
    ImprovementPlan,
    Objection,
    OrgPerformance,
    OrgPredikat,
    PeerInvite,
    PerformanceYear,
    Period,
    Predikat,
    Realisation,
    Rhk,
    Skp,
    SkpStep,
    SpecificExpectation,
)
from jenjang.performance.permissions import MANAGE, VIEW
from jenjang.performance.services.coaching import coaching_window
from jenjang.performance.services.common import user_employee


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


def annual_predikat_subquery(*, year: int, employee: str = "pk") -> Subquery:
    """Return the final yearly predikat of OuterRef(`employee`) in `year`, in SQL.

    The same ratings as `annual_predikat`, for annotating a large queryset
    without loading it (talent's rank-promotion list). Today's date decides
    which issued evaluations are final, as there.
    """
    return Subquery(
        Evaluation.objects.filter(
            final_evaluations_q(),
            is_annual=True,
            year=year,
            employee_id=OuterRef(employee),
        )
        .order_by("-pk")
        .values("final_predikat")[:1]
    )


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


# --- visibility ---------------------------------------------------------------------


def _skp_visible_q(user) -> Q:
    """SKP the user may read: own, as evaluator or objection reviewer, or in scope.

    Scope comes from core.scoping with `performance.view`: a supervisor reaches
    their direct reports, an HR admin or leader their unit subtree.
    """
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(employee__user=user) | Q(evaluator__user=user)
    q |= Q(
        pk__in=Objection.objects.filter(reviewer__user=user).values(
            "evaluation__skp_id"
        )
    )
    if has_perm(user, VIEW):
        scope = scope_for(user, perm=VIEW)
        if scope.everything:  # an empty Q() would vanish from the OR below
            return Q()
        q |= people_scope_q(scope, prefix="employee__")
    return q


def skp_list_visible_to(
    *,
    user,
    year: int | None = None,
    status: str = "",
    employee_id: int | None = None,
    org_unit: OrgUnit | None = None,
) -> QuerySet[Skp]:
    qs = Skp.objects.filter(_skp_visible_q(user))
    if year:
        qs = qs.filter(performance_year__year=year)
    if status:
        qs = qs.filter(status=status)
    if employee_id:
        qs = qs.filter(employee_id=employee_id)
    if org_unit is not None:
        qs = qs.filter(org_unit__path__startswith=org_unit.path)
    return qs.select_related(
        "employee", "evaluator", "performance_year", "position", "org_unit"
    ).order_by("-performance_year__year", "employee__name", "id")


def skp_get_visible_to(*, user, pk) -> Skp:
    """Return one visible SKP, or raise NotFound (never 403: no leak)."""
    try:
        return skp_list_visible_to(user=user).get(pk=pk)
    except (Skp.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def skp_own(*, user, year: int) -> Skp | None:
    return (
        Skp.objects.filter(employee__user=user, performance_year__year=year)
        .select_related("employee", "evaluator", "performance_year", "position")
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )


def skp_detail(skp: Skp) -> Skp:
    """Load what an SKP page or document shows, in a fixed number of queries."""
    return (
        Skp.objects.select_related(
            "employee__rank",
            "employee__position",
            "evaluator__rank",
            "evaluator__position",
            "evaluator__org_unit",
            "performance_year__agency",
            "position",
            "org_unit",
        )
        .prefetch_related(
            Prefetch(
                "rhks",
                queryset=Rhk.objects.select_related("parent").prefetch_related(
                    "indicators"
                ),
            ),
            "expectations",
            Prefetch(
                "specific_expectations",
                queryset=SpecificExpectation.objects.select_related("value"),
            ),
            Prefetch("steps", queryset=SkpStep.objects.select_related("by")),
        )
        .get(pk=skp.pk)
    )


def skp_inbox_for(*, user) -> QuerySet[Skp]:
    """SKP submitted to the user as pejabat penilai."""
    return (
        Skp.objects.filter(evaluator__user=user, status=Skp.Status.SUBMITTED)
        .select_related("employee", "performance_year", "position")
        .order_by("submitted_at", "id")
    )


def behaviour_values() -> list[BehaviourValue]:
    return list(BehaviourValue.objects.prefetch_related("guides"))


def periods_of(skp: Skp) -> list[Period]:
    return list(skp.performance_year.periods.order_by("kind", "number"))


def realisations_by_indicator(skp: Skp) -> dict[tuple[int, int], Realisation]:
    rows = Realisation.objects.filter(indicator__rhk__skp=skp)
    return {(r.indicator_id, r.period_id): r for r in rows}


def feedback_for(skp: Skp) -> QuerySet[Feedback]:
    """The SKP's feedback, each with its actions and linked coaching sessions."""
    links = CoachingLink.objects.select_related("session__relationship").defer(
        "session__notes"
    )
    return (
        Feedback.objects.filter(skp=skp)
        .select_related("started_by", "period")
        .prefetch_related("actions", Prefetch("coaching_links", queryset=links))
        .order_by("-date", "-id")
    )


def feedback_get_visible_to(*, user, pk) -> Feedback:
    """One feedback entry of an SKP the user may read, or NotFound."""
    try:
        return Feedback.objects.select_related(
            "skp__employee", "skp__evaluator", "skp__performance_year", "period"
        ).get(pk=pk, skp__in=skp_list_visible_to(user=user))
    except (Feedback.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# --- coaching (sessions of the mentoring area) ------------------------------------


def coaching_sessions_for(skp: Skp, period: Period | None = None) -> list[dict]:
    """The evaluator's held coaching sessions with the employee in the period
    (the performance year without one), each with the feedback it is tied to.

    [{"session": Session (no notes), "link": CoachingLink | None}], oldest first.
    """
    if skp.evaluator_id is None:
        return []
    start, end = coaching_window(skp, period)
    sessions = list(
        coaching_sessions(
            coach_id=skp.evaluator_id,
            member_id=skp.employee_id,
            start=start,
            end=end,
        )
    )
    links = {
        link.session_id: link
        for link in CoachingLink.objects.filter(
            session_id__in=[s.pk for s in sessions]
        ).select_related("feedback__period")
    }
    return [{"session": s, "link": links.get(s.pk)} for s in sessions]


def coaching_link_get_visible_to(*, user, feedback_id, session_id) -> CoachingLink:
    try:
        return CoachingLink.objects.select_related(
            "feedback__skp__employee", "feedback__skp__evaluator"
        ).get(
            feedback_id=feedback_id,
            session_id=session_id,
            feedback__skp__in=skp_list_visible_to(user=user),
        )
    except (CoachingLink.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def coaching_feedback_links(*, user, session_ids):
    """The feedback tied to these sessions, for mentoring's pair page and API.

    Registered with `jenjang.mentoring.links` (performance.apps); only entries
    of SKP the user may read.
    """
    rows = CoachingLink.objects.filter(
        session_id__in=list(session_ids),
        feedback__skp__in=skp_list_visible_to(user=user),
    ).select_related("feedback__period", "feedback__skp__performance_year")
    found = []
    for link in rows:
        fb = link.feedback
        url = reverse("performance:realisation", args=[fb.skp_id])
        if fb.period_id:
            url = f"{url}?period={fb.period_id}"
        label = _("%(kind)s %(date)s · SKP %(year)s") % {
            "kind": fb.get_kind_display(),
            "date": date_format(fb.date, "j M Y"),
            "year": fb.skp.performance_year.year,
        }
        found.append(
            SessionLink(
                session_id=link.session_id,
                kind="performance.feedback",
                label=label,
                url=f"{url}#feedback-{fb.pk}",
            )
        )
    return found


# --- cascade tree -------------------------------------------------------------------


def team_cascade(*, evaluator: Employee, year: int) -> list[dict]:
    """Return the evaluator's RHK with the team's RHK that intervene each.

    [{"rhk": Rhk, "children": [Rhk (with skp.employee)], ...}] plus one entry
    with rhk None for the team's RHK not cascaded yet.
    """
    own = list(
        Rhk.objects.filter(skp__employee=evaluator, skp__performance_year__year=year)
        .prefetch_related("indicators")
        .order_by("kind", "order", "id")
    )
    team = list(
        Rhk.objects.filter(skp__evaluator=evaluator, skp__performance_year__year=year)
        .select_related("skp__employee")
        .prefetch_related("indicators")
        .order_by("skp__employee__name", "kind", "order", "id")
    )
    by_parent: dict[int | None, list[Rhk]] = {}
    for rhk in team:
        by_parent.setdefault(rhk.parent_id, []).append(rhk)
    tree = [{"rhk": r, "children": by_parent.get(r.pk, [])} for r in own]
    if by_parent.get(None):
        tree.append({"rhk": None, "children": by_parent[None]})
    return tree


# --- evaluations --------------------------------------------------------------------


def evaluation_get_visible_to(*, user, pk) -> Evaluation:
    try:
        return (
            Evaluation.objects.filter(skp__in=Skp.objects.filter(_skp_visible_q(user)))
            .select_related(
                "skp__employee__rank",
                "skp__evaluator__rank",
                "skp__performance_year__agency",
                "skp__position",
                "skp__org_unit",
                "period",
                "employee",
                "evaluator",
            )
            .get(pk=pk)
        )
    except (Evaluation.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def evaluations_of(skp: Skp) -> dict[int, Evaluation]:
    rows = Evaluation.objects.filter(skp=skp).select_related("period")
    return {e.period_id: e for e in rows}


def objection_inbox_for(*, user) -> QuerySet[Objection]:
    """Pending objections the user decides (as atasan pejabat penilai, or HR)."""
    q = Q(reviewer__user=user)
    if has_perm(user, MANAGE):
        scope = scope_for(user, perm=MANAGE)
        q |= Q(reviewer__isnull=True) & (
            Q(pk__isnull=False)
            if scope.everything
            else people_scope_q(scope, prefix="evaluation__employee__")
        )
    return (
        Objection.objects.filter(q, decision=Objection.Decision.PENDING)
        .exclude(evaluation__employee__user=user)
        .select_related(
            "evaluation__employee",
            "evaluation__evaluator",
            "evaluation__period",
            "reviewer",
        )
        .order_by("filed_at", "id")
    )


def objection_get_for(*, user, pk) -> Objection:
    try:
        return (
            Objection.objects.filter(
                evaluation__skp__in=Skp.objects.filter(_skp_visible_q(user))
            )
            .select_related(
                "evaluation__employee",
                "evaluation__evaluator",
                "evaluation__period",
                "evaluation__skp",
                "reviewer",
            )
            .get(pk=pk)
        )
    except (Objection.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def predikat_history(*, employee_id: int) -> list[dict]:
    """Return the employee's final predikat by year and period, oldest first."""
    rows = (
        Evaluation.objects.filter(final_evaluations_q(), employee_id=employee_id)
        .select_related("period")
        .order_by("year", "-is_annual", "period__number")
    )
    return [
        {
            "year": e.year,
            "period": str(e.period),
            "is_annual": e.is_annual,
            "predikat": e.final_predikat,
            "label": str(Predikat(e.final_predikat).label),
            "rank": len(PREDIKAT_ORDER) - PREDIKAT_ORDER.index(e.final_predikat),
        }
        for e in rows
    ]


# --- feedback reminders -------------------------------------------------------------


def feedback_overdue(*, evaluator: Employee, year: int, today=None) -> list[dict]:
    """Team members with no feedback for the configured number of weeks."""
    today = today or timezone.localdate()
    skps = (
        Skp.objects.filter(evaluator=evaluator, performance_year__year=year)
        .select_related("employee", "performance_year")
        .annotate(last=Max("feedback__date"))
        .order_by("employee__name")
    )
    found = []
    for skp in skps:
        weeks = skp.performance_year.feedback_reminder_weeks
        since = skp.last or skp.approved_at and skp.approved_at.date()
        if since is None or (today - since).days >= weeks * 7:
            found.append({"skp": skp, "employee": skp.employee, "last": skp.last})
    return found


# --- HR overview and distribution ---------------------------------------------------


def unit_distribution(*, org_unit: OrgUnit, period: Period, on=None):
    """Check the final predikat of the unit's employees against the curve.

    The unit's employees: SKP of the period's year whose unit lies in the
    unit's subtree. Returns None when no predikat organisasi is set.
    """
    from jenjang.performance.services.rules import distribution_check

    org = OrgPerformance.objects.filter(org_unit=org_unit, period=period).first()
    rows = (
        Evaluation.objects.filter(
            period=period, skp__org_unit__path__startswith=org_unit.path
        )
        .exclude(status=Evaluation.Status.DRAFT)
        .values("final_predikat")
        .annotate(n=Count("id"))
    )
    counts = Counter({r["final_predikat"]: r["n"] for r in rows})
    if org is None:
        return None, counts
    return distribution_check(org.predikat, counts, on=period.end), counts


def hr_overview(*, user, performance_year: PerformanceYear, period: Period) -> list:
    """Per visible unit: predikat organisasi, employee counts, curve warnings."""
    from jenjang.performance.services.rules import (
        distribution_check,
        distribution_rules,
    )

    units = list(
        OrgUnit.objects.filter(
            unit_scope_q(scope_for(user, perm=VIEW)),
            agency_id=performance_year.agency_id,
        ).order_by("path")
    )
    orgs = {
        o.org_unit_id: o
        for o in OrgPerformance.objects.filter(period=period, org_unit__in=units)
    }
    counts_by_unit: dict[int, Counter] = {}
    for unit_id, predikat, n in (
        Evaluation.objects.filter(period=period, skp__org_unit__in=units)
        .exclude(status=Evaluation.Status.DRAFT)
        .values_list("skp__org_unit_id", "final_predikat")
        .annotate(n=Count("id"))
    ):
        counts_by_unit.setdefault(unit_id, Counter())[predikat] = n
    rules = {o: distribution_rules(o, on=period.end) for o in OrgPredikat.values}
    # Subtree totals: add each unit's own counts to every ancestor shown.
    paths = {u.path: u.pk for u in units}
    totals: dict[int, Counter] = {u.pk: Counter() for u in units}
    for unit in units:
        own = counts_by_unit.get(unit.pk)
        if not own:
            continue
        for depth in range(len(unit.path), 0, -OrgUnit.steplen):
            ancestor = paths.get(unit.path[:depth])
            if ancestor is not None:
                totals[ancestor].update(own)
    result = []
    for unit in units:
        org = orgs.get(unit.pk)
        counts = totals[unit.pk]
        check = (
            distribution_check(
                org.predikat, counts, on=period.end, rules=rules[org.predikat]
            )
            if org
            else None
        )
        result.append(
            {
                "unit": unit,
                "org": org,
                "counts": [counts.get(p, 0) for p in PREDIKAT_ORDER],
                "total": sum(counts.values()),
                "check": check,
            }
        )
    return result


def agency_ids_for(*, user) -> set[int] | None:
    """Agencies the user's roles reach (None: all of them, for a superadmin)."""
    scope = scope_for(user)
    if scope.everything:
        return None
    agencies = set(scope.agency_ids)
    me = user_employee(user)
    if me is not None:
        agencies.add(me.agency_id)
    if scope.unit_paths:
        agencies.update(
            OrgUnit.objects.filter(path__in=scope.unit_paths).values_list(
                "agency_id", flat=True
            )
        )
    return agencies


def years_visible_to(*, user) -> QuerySet[PerformanceYear]:
    agencies = agency_ids_for(user=user)
    qs = PerformanceYear.objects.all()
    if agencies is not None:
        qs = qs.filter(agency_id__in=agencies)
    return qs.select_related("agency").order_by("-year", "agency__name")


def credits_for(*, employee_id: int) -> QuerySet[CreditAward]:
    return CreditAward.objects.filter(employee_id=employee_id).order_by("year")


def improvement_plans_visible_to(*, user) -> QuerySet[ImprovementPlan]:
    q = Q(employee__user=user) | Q(supervisor__user=user)
    if has_perm(user, MANAGE):
        scope = scope_for(user, perm=MANAGE)
        if scope.everything:
            q = Q(pk__isnull=False)
        else:
            q |= people_scope_q(scope, prefix="employee__")
    return (
        ImprovementPlan.objects.filter(q)
        .select_related("employee", "supervisor", "evaluation__period")
        .order_by("-opened_on", "-id")
    )


def improvement_plan_get_visible_to(*, user, pk) -> ImprovementPlan:
    try:
        return (
            improvement_plans_visible_to(user=user)
            .prefetch_related(
                "activities",
                Prefetch(
                    "checkins", queryset=ImprovementCheckIn.objects.select_related("by")
                ),
            )
            .get(pk=pk)
        )
    except (ImprovementPlan.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def peer_invites_for(*, user, pending: bool = True) -> QuerySet[PeerInvite]:
    """Invitations to give 360 input addressed to the user (pending ones first)."""
    qs = PeerInvite.objects.filter(reviewer__user=user)
    if pending:
        qs = qs.filter(answered_at__isnull=True)
    return qs.select_related("skp__employee", "period").order_by("-invited_at", "id")


def coaching_pair_links(*, user, relationship):
    """The coached employee's SKP feedback pages, for mentoring's pair page.

    Registered with `jenjang.mentoring.links` (performance.apps): for a
    coaching pair, each SKP of the employee evaluated by the coach that the
    user may read, newest year first.
    """
    if relationship.kind != "coaching":
        return []
    skps = skp_list_visible_to(user=user).filter(
        employee_id=relationship.mentee_id, evaluator_id=relationship.mentor_id
    )[:3]
    return [
        PairLink(
            kind="performance.skp",
            label=_("Realisasi & umpan balik SKP %(year)s")
            % {"year": skp.performance_year.year},
            url=reverse("performance:realisation", args=[skp.pk]),
        )
        for skp in skps
    ]
