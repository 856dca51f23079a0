"""Mentoring and coaching: active pairs, sessions of the year, goals, quiet pairs.

Reads `mentoring.selectors.pairs_in_scope` (pairs whose mentee lies in the
user's overview scope, as the mentoring overview does) and the quiet-pair rule
`mentoring.services.reminders.quiet_pairs`. Active and quiet pairs are the
state on the dashboard's day; sessions and goals are those of the year
(sessions held in it, goals due in it). Notes are never read.
"""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.dashboards.sections import (
    Chart,
    Context,
    Figure,
    Section,
    SectionData,
    Series,
    Table,
    percent,
    register,
)
from jenjang.mentoring.models import Goal, Relationship, Session
from jenjang.mentoring.selectors import pairs_in_scope
from jenjang.mentoring.services.reminders import quiet_pairs, quiet_weeks

UNIT = "mentee__org_unit__name"
ACTIVE = Relationship.Status.ACTIVE


def _per_unit(qs, key: str = UNIT, **annotations) -> dict[str, dict]:
    """Group by the mentee's org unit name (one query)."""
    return {r[key]: r for r in qs.order_by().values(key).annotate(**annotations)}


def build(ctx: Context) -> SectionData:
    today = ctx.today or timezone.localdate()
    pairs = pairs_in_scope(user=ctx.user)
    if ctx.unit is not None:
        pairs = pairs.filter(mentee__org_unit__path__startswith=ctx.unit.path)
    pair_ids = pairs.values("pk")
    by_pairs = _per_unit(
        pairs,
        active=Count("pk", filter=Q(status=ACTIVE)),
        started=Count("pk", filter=Q(started_on__year=ctx.year)),
    )
    quiet = _per_unit(
        quiet_pairs(on=today).filter(pk__in=pair_ids), n=Count("pk", distinct=True)
    )
    sessions = _per_unit(
        Session.objects.filter(
            relationship__in=pair_ids,
            status=Session.Status.HELD,
            held_on__year=ctx.year,
        ),
        key=f"relationship__{UNIT}",
        n=Count("pk"),
    )
    goals = Goal.objects.filter(relationship__in=pair_ids, due_on__year=ctx.year)
    goal_counts = goals.aggregate(
        total=Count("pk"), achieved=Count("pk", filter=Q(status=Goal.Status.ACHIEVED))
    )
    units = sorted({*by_pairs, *quiet, *sessions})
    rows = [
        [
            unit,
            by_pairs.get(unit, {}).get("active", 0),
            by_pairs.get(unit, {}).get("started", 0),
            sessions.get(unit, {}).get("n", 0),
            quiet.get(unit, {}).get("n", 0),
        ]
        for unit in units
    ]
    active = sum(r[1] for r in rows)
    held = sum(r[3] for r in rows)
    data = SectionData(key="mentoring", title=str(_("Mentoring dan coaching")))
    data.figures = [
        Figure("active_pairs", _("Pasangan aktif"), active),
        Figure(
            "started_pairs", _("Pasangan dimulai tahun ini"), sum(r[2] for r in rows)
        ),
        Figure("sessions", _("Sesi terlaksana"), held),
        Figure(
            "goal_completion",
            _("Tujuan tercapai"),
            percent(goal_counts["achieved"], goal_counts["total"]),
            "%",
        ),
        Figure("goals", _("Tujuan bertenggat tahun ini"), goal_counts["total"]),
        Figure("quiet_pairs", _("Pasangan tanpa sesi"), sum(r[4] for r in rows)),
    ]
    data.charts = [
        Chart(
            key="by_unit",
            kind="bar",
            title=str(_("Pasangan aktif dan sesi per unit mentee")),
            labels=units,
            series=[
                Series(str(_("Pasangan aktif")), [float(r[1]) for r in rows]),
                Series(str(_("Sesi terlaksana")), [float(r[3]) for r in rows]),
                Series(str(_("Pasangan tanpa sesi")), [float(r[4]) for r in rows]),
            ],
        )
    ]
    data.tables = [
        Table(
            key="units",
            title=str(_("Per unit mentee")),
            columns=[
                str(_("Unit")),
                str(_("Pasangan aktif")),
                str(_("Dimulai tahun ini")),
                str(_("Sesi terlaksana")),
                str(_("Pasangan tanpa sesi")),
            ],
            rows=rows,
        )
    ]
    data.notes = [
        str(
            _(
                "Pasangan aktif dan pasangan tanpa sesi (tidak ada sesi dalam "
                "%(weeks)s minggu) dihitung per hari ini; sesi dan tujuan per tahun."
            )
            % {"weeks": quiet_weeks()}
        )
    ]
    return data


register(
    Section(
        key="mentoring",
        title=gettext_lazy("Mentoring"),
        icon="bi-people",
        build=build,
        order=40,
    )
)
