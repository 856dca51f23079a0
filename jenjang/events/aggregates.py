"""Aggregate figures of events for a reader's scope (the leaders' dashboards).

The figures of `events.selectors.report_for` (events of the user's reporting
scope, `events.view_reports`, started in the year, neither draft nor
cancelled; JP delivered read from the ledger, source "events.registration"),
with an optional unit subtree applied to the organising unit.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, CharField, Count, Q
from django.db.models.functions import Cast, ExtractQuarter

from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.development.aggregates import jp_by_quarter_for_sources
from jenjang.events.models import Event, EventFeedback, Registration
from jenjang.events.selectors import REPORTS
from jenjang.events.services.checkins import SOURCE_TYPE
from jenjang.people.models import OrgUnit

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class EventsReport:
    """Per quarter lists have four items (Q1..Q4); `held` is per organising unit."""

    held: dict[str, list[int]]
    registered: list[int]
    attended: list[int]
    satisfaction: list[float | None]
    satisfaction_all: float | None
    jp: list[Decimal]


def _round(value) -> float | None:
    return round(float(value), 2) if value is not None else None


def events_report(*, user, year: int, unit: OrgUnit | None = None) -> EventsReport:
    """Events held, registrations, attendance, satisfaction and JP, per quarter.

    A fixed five queries.
    """
    scope = scope_for(user, perm=REPORTS)  # empty without the permission
    events = Event.objects.filter(
        unit_scope_q(scope, prefix="organiser_unit__"), starts_at__year=year
    ).exclude(status__in=[Event.Status.CANCELLED, Event.Status.DRAFT])
    if unit is not None:
        events = events.filter(organiser_unit__path__startswith=unit.path)
    held: dict[str, list[int]] = {}
    for r in (
        events.annotate(q=ExtractQuarter("starts_at"))
        .values("organiser_unit__name", "q")
        .annotate(n=Count("id"))
        .order_by("organiser_unit__name", "q")
    ):
        held.setdefault(r["organiser_unit__name"], [0, 0, 0, 0])[r["q"] - 1] = r["n"]
    regs = Registration.objects.filter(
        event__in=events, status=Registration.Status.REGISTERED
    )
    by_q = {
        r["q"]: r
        for r in regs.annotate(q=ExtractQuarter("event__starts_at"))
        .values("q")
        .annotate(
            registered=Count("id"),
            attended=Count("id", filter=Q(attended_at__isnull=False)),
        )
        .order_by()
    }
    feedback = EventFeedback.objects.filter(registration__event__in=events)
    sat = {
        r["q"]: r["avg"]
        for r in feedback.annotate(q=ExtractQuarter("registration__event__starts_at"))
        .values("q")
        .annotate(avg=Avg("rating"))
        .order_by()
    }
    all_sat = feedback.aggregate(avg=Avg("rating"))["avg"]
    jp = jp_by_quarter_for_sources(
        source_type=SOURCE_TYPE,
        source_ids=regs.annotate(sid=Cast("pk", CharField())).values("sid"),
        year=year,
    )
    return EventsReport(
        held=held,
        registered=[by_q.get(q, {}).get("registered", 0) for q in QUARTERS],
        attended=[by_q.get(q, {}).get("attended", 0) for q in QUARTERS],
        satisfaction=[_round(sat.get(q)) for q in QUARTERS],
        satisfaction_all=_round(all_sat),
        jp=[jp.get(q, Decimal("0")) for q in QUARTERS],
    )
