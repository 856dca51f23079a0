"""Mentoring and coaching: active pairs, sessions of the year, goals, quiet pairs.

Reads `mentoring.aggregates.mentoring_by_unit` (pairs whose mentee lies in
the user's overview scope, as the mentoring overview does, and the mentoring
app's quiet-pair rule). Active and quiet pairs are the
state on the dashboard's day; sessions and goals are those of the year
(sessions held in it, goals due in it). Notes are never read.
"""

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
from jenjang.mentoring.aggregates import mentoring_by_unit


def build(ctx: Context) -> SectionData:
    found = mentoring_by_unit(
        user=ctx.user, year=ctx.year, unit=ctx.unit, today=ctx.today
    )
    units = [u.unit_name for u in found.units]
    rows = [
        [u.unit_name, u.active, u.started, u.sessions, u.quiet] for u in found.units
    ]
    goal_counts = {"total": found.goals, "achieved": found.goals_achieved}
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
            % {"weeks": found.quiet_weeks}
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
