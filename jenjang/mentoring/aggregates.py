"""Aggregate figures of mentoring and coaching for a reader's scope (dashboards).

Pairs whose mentee lies in the user's overview scope (`pairs_in_scope`, as the
mentoring overview), grouped by the mentee's org unit. Active and quiet pairs
are the state on `today` (the quiet-pair rule of `quiet_pairs`, as the filter
`quiet_q`); sessions and goals are those of the year (sessions held in it,
goals due in it). Notes are never read.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from jenjang.mentoring.models import Goal, Relationship, Session
from jenjang.mentoring.selectors import pairs_in_scope
from jenjang.mentoring.services.reminders import quiet_q, quiet_weeks
from jenjang.people.models import OrgUnit

UNIT = "mentee__org_unit__name"
ACTIVE = Relationship.Status.ACTIVE


@dataclass(frozen=True)
class UnitPairs:
    unit_name: str
    active: int
    started: int
    sessions: int
    quiet: int


@dataclass(frozen=True)
class MentoringTotals:
    units: list[UnitPairs]
    goals: int
    goals_achieved: int
    quiet_weeks: int


def _per_unit(qs, key: str = UNIT, **annotations) -> dict[str, dict]:
    """Group by the mentee's org unit name (one query)."""
    return {r[key]: r for r in qs.order_by().values(key).annotate(**annotations)}


def mentoring_by_unit(
    *, user, year: int, unit: OrgUnit | None = None, today: dt.date | None = None
) -> MentoringTotals:
    """Per mentee unit: active, started, sessions held, quiet pairs; goals of the year.

    A fixed three queries (pairs with their active, started and quiet counts;
    sessions; goals).
    """
    today = today or timezone.localdate()
    pairs = pairs_in_scope(user=user)
    if unit is not None:
        pairs = pairs.filter(mentee__org_unit__path__startswith=unit.path)
    pair_ids = pairs.values("pk")
    by_pairs = _per_unit(
        pairs,
        active=Count("pk", filter=Q(status=ACTIVE)),
        started=Count("pk", filter=Q(started_on__year=year)),
        quiet=Count("pk", filter=quiet_q(on=today)),
    )
    sessions = _per_unit(
        Session.objects.filter(
            relationship__in=pair_ids, status=Session.Status.HELD, held_on__year=year
        ),
        key=f"relationship__{UNIT}",
        n=Count("pk"),
    )
    goals = Goal.objects.filter(relationship__in=pair_ids, due_on__year=year).aggregate(
        total=Count("pk"), achieved=Count("pk", filter=Q(status=Goal.Status.ACHIEVED))
    )
    units = [
        UnitPairs(
            unit_name=name,
            active=by_pairs.get(name, {}).get("active", 0),
            started=by_pairs.get(name, {}).get("started", 0),
            sessions=sessions.get(name, {}).get("n", 0),
            quiet=by_pairs.get(name, {}).get("quiet", 0),
        )
        for name in sorted({*by_pairs, *sessions})
    ]
    return MentoringTotals(
        units=units,
        goals=goals["total"],
        goals_achieved=goals["achieved"],
        quiet_weeks=quiet_weeks(),
    )
