"""Reads of the mentoring area, always scoped.

HR sees mentors, requests and rounds inside its org-unit subtree
(`mentoring.manage`); HR and leaders see the pairs of mentees in their scope
(`mentoring.view_overview`) but never the session notes, which only the pair
reads. Everyone sees their own pairs.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.mentoring.models import (
    Goal,
    MatchingRound,
    MenteeRequest,
    MentorProfile,
    PairRule,
    ProposedPair,
    Relationship,
    Session,
)
from jenjang.mentoring.services.pairs import side_of
from jenjang.mentoring.services.reminders import quiet_pairs, quiet_weeks

MANAGE = "mentoring.manage"
OVERVIEW = "mentoring.view_overview"
TAKE_PART = "mentoring.take_part"
COACH = "mentoring.coach"


def _manage_q(user, prefix: str) -> Q:
    return people_scope_q(scope_for(user, perm=MANAGE), prefix)


def mentor_list_visible_to(*, user, search: str = "") -> QuerySet[MentorProfile]:
    """Mentor profiles in the HR admin's scope, with their live load."""
    if not has_perm(user, MANAGE):
        return MentorProfile.objects.none()
    qs = MentorProfile.objects.filter(_manage_q(user, "employee__"))
    if search.strip():
        qs = qs.filter(employee__name__icontains=search.strip())
    return (
        qs.annotate(
            live_load=Count(
                "relationships",
                filter=Q(relationships__status__in=Relationship.LIVE_STATUSES),
            )
        )
        .select_related("employee__org_unit", "employee__position", "employee__rank")
        .prefetch_related("job_fields", "strengths__competency")
        .order_by("employee__name", "pk")
    )


def mentor_get_visible_to(*, user, pk) -> MentorProfile:
    try:
        return mentor_list_visible_to(user=user).get(pk=pk)
    except (MentorProfile.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def own_mentor_profile(*, employee) -> MentorProfile | None:
    if employee is None:
        return None
    return (
        MentorProfile.objects.filter(employee=employee)
        .prefetch_related("job_fields", "strengths__competency")
        .first()
    )


def request_list_visible_to(*, user, status: str = "") -> QuerySet[MenteeRequest]:
    """Mentee requests in the HR admin's scope."""
    if not has_perm(user, MANAGE):
        return MenteeRequest.objects.none()
    qs = MenteeRequest.objects.filter(_manage_q(user, "employee__"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "employee__org_unit", "employee__position", "employee__rank"
    ).prefetch_related("competencies__competency")


def request_get_visible_to(*, user, pk) -> MenteeRequest:
    try:
        return request_list_visible_to(user=user).get(pk=pk)
    except (MenteeRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def own_requests(*, employee) -> QuerySet[MenteeRequest]:
    return (
        MenteeRequest.objects.filter(employee=employee)
        .prefetch_related("competencies__competency")
        .order_by("-created_at", "-pk")
    )


def own_request_get(*, employee, pk) -> MenteeRequest:
    try:
        return own_requests(employee=employee).get(pk=pk)
    except (MenteeRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def round_list_visible_to(*, user) -> QuerySet[MatchingRound]:
    """Rounds over units inside the HR admin's scope."""
    if not has_perm(user, MANAGE):
        return MatchingRound.objects.none()
    scope = scope_for(user, perm=MANAGE)
    return MatchingRound.objects.filter(
        unit_scope_q(scope, "org_unit__")
    ).select_related("org_unit")


def round_get_visible_to(*, user, pk) -> MatchingRound:
    try:
        return round_list_visible_to(user=user).get(pk=pk)
    except (MatchingRound.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def round_proposals(*, round: MatchingRound) -> QuerySet[ProposedPair]:
    return round.pairs.select_related(
        "request__employee__org_unit",
        "request__employee__position",
        "request__employee__rank",
        "mentor__employee__org_unit",
        "mentor__employee__position",
        "mentor__employee__rank",
    ).order_by("-pinned", "-score", "pk")


def round_rules(*, round: MatchingRound) -> QuerySet[PairRule]:
    return round.rules.select_related("request__employee", "mentor__employee")


def round_unmatched(*, round: MatchingRound) -> QuerySet[MenteeRequest]:
    from jenjang.mentoring.services.rounds import open_requests

    return (
        open_requests(round)
        .exclude(proposals__round=round)
        .select_related("employee__org_unit")
    )


# --- pairs ------------------------------------------------------------------------

_PAIR_RELATED = (
    "mentor__org_unit",
    "mentor__position",
    "mentee__org_unit",
    "mentee__position",
    "proposal",
)


def pairs_of(*, user, statuses=None) -> QuerySet[Relationship]:
    """The user's own pairs, as mentor/coach or mentee."""
    if not getattr(user, "is_authenticated", False):
        return Relationship.objects.none()
    qs = Relationship.objects.filter(Q(mentor__user=user) | Q(mentee__user=user))
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.select_related(*_PAIR_RELATED).annotate(
        held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD))
    )


def pairs_in_scope(*, user, statuses=None, kind: str = "") -> QuerySet[Relationship]:
    """Pairs whose mentee lies in the user's overview scope (HR, leaders)."""
    if not has_perm(user, OVERVIEW):
        return Relationship.objects.none()
    qs = Relationship.objects.filter(
        people_scope_q(scope_for(user, perm=OVERVIEW), "mentee__")
    )
    if statuses:
        qs = qs.filter(status__in=statuses)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related(*_PAIR_RELATED)


@dataclass
class PairView:
    relationship: Relationship
    side: str | None  # "mentor", "mentee", or None for HR/leaders
    can_see_notes: bool


def pair_get_for(*, user, pk) -> PairView:
    """One pair, for one of its two people or an overview reader in scope."""
    try:
        rel = Relationship.objects.select_related(*_PAIR_RELATED).get(pk=pk)
    except (Relationship.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    side = side_of(rel, user)
    if side is None and not pairs_in_scope(user=user).filter(pk=rel.pk).exists():
        raise NotFound()
    return PairView(rel, side, can_see_notes=side is not None)


def pair_sessions(*, relationship: Relationship) -> QuerySet[Session]:
    return relationship.sessions.prefetch_related("action_items").order_by(
        "-held_on", "-pk"
    )


def pair_goals(*, relationship: Relationship) -> QuerySet[Goal]:
    return relationship.goals.all()


def session_get_for(*, user, pk) -> Session:
    """A session for one of its pair (HR never edits sessions)."""
    try:
        session = Session.objects.select_related(
            "relationship__mentor", "relationship__mentee"
        ).get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if side_of(session.relationship, user) is None:
        raise NotFound()
    return session


def coaching_sessions(
    *,
    coach_id: int,
    member_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Session]:
    """Held coaching sessions of a coach with one team member, oldest first.

    For the areas above mentoring (performance shows them beside the
    employee's feedback). The notes stay out: they are private to the pair.
    """
    qs = Session.objects.filter(
        relationship__kind=Relationship.Kind.COACHING,
        relationship__mentor_id=coach_id,
        relationship__mentee_id=member_id,
        status=Session.Status.HELD,
    )
    if start is not None:
        qs = qs.filter(held_on__gte=start)
    if end is not None:
        qs = qs.filter(held_on__lte=end)
    return qs.defer("notes").order_by("held_on", "pk")


def coaching_session_get(*, pk, coach_id: int, member_id: int) -> Session:
    """One held coaching session of that coach with that member, or NotFound."""
    try:
        return coaching_sessions(coach_id=coach_id, member_id=member_id).get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def goal_get_for(*, user, pk) -> Goal:
    try:
        goal = Goal.objects.select_related(
            "relationship__mentor", "relationship__mentee"
        ).get(pk=pk)
    except (Goal.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if side_of(goal.relationship, user) is None:
        raise NotFound()
    return goal


# --- overview ---------------------------------------------------------------------


@dataclass
class Overview:
    active: int
    proposed: int
    closed: int
    sessions_90d: int
    sessions_per_pair_month: float
    goals_total: int
    goals_achieved: int
    satisfaction: float | None
    feedback_count: int
    quiet_weeks: int
    quiet: list[Relationship]

    @property
    def goal_completion(self) -> float | None:
        if not self.goals_total:
            return None
        return round(100.0 * self.goals_achieved / self.goals_total, 1)


def overview(*, user, on: dt.date | None = None, weeks: int | None = None) -> Overview:
    """Active pairs, session frequency, goal completion, satisfaction, quiet pairs."""
    on = on or timezone.localdate()
    pairs = pairs_in_scope(user=user)
    counts = dict(
        pairs.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    active = pairs.filter(status=Relationship.Status.ACTIVE)
    since = on - dt.timedelta(days=90)
    sessions = Session.objects.filter(
        relationship__in=active.values("pk"),
        status=Session.Status.HELD,
        held_on__gte=since,
    ).count()
    n_active = counts.get(Relationship.Status.ACTIVE, 0)
    goals = Goal.objects.filter(relationship__in=pairs.values("pk")).aggregate(
        total=Count("pk"), achieved=Count("pk", filter=Q(status=Goal.Status.ACHIEVED))
    )
    fb = pairs.aggregate(avg=Avg("feedback__rating"), n=Count("feedback"))
    quiet = list(
        quiet_pairs(on=on, weeks=weeks)
        .filter(pk__in=active.values("pk"))
        .select_related(*_PAIR_RELATED)
        .annotate(reminded=Max("reminders__sent_at"))
        .order_by("last_session_on", "started_on", "pk")[:200]
    )
    return Overview(
        active=n_active,
        proposed=counts.get(Relationship.Status.PROPOSED, 0),
        closed=counts.get(Relationship.Status.CLOSED, 0),
        sessions_90d=sessions,
        sessions_per_pair_month=round(sessions / n_active / 3, 2) if n_active else 0,
        goals_total=goals["total"],
        goals_achieved=goals["achieved"],
        satisfaction=round(fb["avg"], 2) if fb["avg"] is not None else None,
        feedback_count=fb["n"],
        quiet_weeks=quiet_weeks(weeks),
        quiet=quiet,
    )


def prefetch_sessions() -> Prefetch:
    return Prefetch("sessions", queryset=Session.objects.order_by("-held_on"))


def action_item_get_for(*, user, pk):
    from jenjang.mentoring.models import ActionItem

    try:
        item = ActionItem.objects.select_related(
            "session__relationship__mentor", "session__relationship__mentee"
        ).get(pk=pk)
    except (ActionItem.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if side_of(item.session.relationship, user) is None:
        raise NotFound()
    return item


def unit_managed_by(*, user, unit) -> bool:
    """Tell whether the unit lies inside the reach of the user's `manage` roles."""
    scope = scope_for(user, perm=MANAGE)
    from jenjang.people.models import OrgUnit

    return OrgUnit.objects.filter(unit_scope_q(scope), pk=unit.pk).exists()


def managed_units(*, user):
    from jenjang.people.models import OrgUnit

    if not has_perm(user, MANAGE):
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        unit_scope_q(scope_for(user, perm=MANAGE)), is_active=True
    ).order_by("path")


def home_panel_context(request) -> dict | None:
    """The home card: proposals awaiting the user's answer and active pairs."""
    if not has_perm(request.user, TAKE_PART):
        return None
    pairs = list(
        pairs_of(
            user=request.user,
            statuses=[Relationship.Status.PROPOSED, Relationship.Status.ACTIVE],
        )
    )
    if not pairs:
        return None
    waiting = [
        r
        for r in pairs
        if r.status == Relationship.Status.PROPOSED
        and (
            (r.mentor.user_id == request.user.pk and not r.mentor_accepted_at)
            or (r.mentee.user_id == request.user.pk and not r.mentee_accepted_at)
        )
    ]
    active = sum(1 for r in pairs if r.status == Relationship.Status.ACTIVE)
    return {"waiting": len(waiting), "active": active}
