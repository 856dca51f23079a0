"""Events: held per organising unit and quarter, attendance, satisfaction, JP.

The same figures as `events.selectors.report_for` (events of the user's
reporting scope, `events.view_reports`, started in the year, neither draft
nor cancelled; JP delivered read from the ledger, source
"events.registration"), with the dashboard's unit filter applied to the
organising unit: read from `events.aggregates.events_report`.
"""

from dataclasses import asdict
from decimal import Decimal

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
from jenjang.events.aggregates import QUARTERS, events_report


def report(ctx: Context) -> dict:
    """`events.aggregates.events_report` for the dashboard's scope, year and unit."""
    return asdict(events_report(user=ctx.user, year=ctx.year, unit=ctx.unit))


def build(ctx: Context) -> SectionData:
    r = report(ctx)
    held = r["held"]
    registered, attended = sum(r["registered"]), sum(r["attended"])
    labels = [f"T{q}" for q in QUARTERS]
    data = SectionData(key="events", title=str(_("Acara dan seminar")))
    data.figures = [
        Figure("events_held", _("Acara terselenggara"), sum(map(sum, held.values()))),
        Figure("registered", _("Peserta terdaftar"), registered),
        Figure("attended", _("Peserta hadir"), attended),
        Figure(
            "attendance_rate",
            _("Tingkat kehadiran"),
            percent(attended, registered),
            "%",
        ),
        Figure("satisfaction", _("Kepuasan peserta (1–5)"), r["satisfaction_all"]),
        Figure("jp", _("JP tersalurkan"), sum(r["jp"], Decimal("0")), "JP"),
    ]
    units = sorted(held)
    data.charts = [
        Chart(
            key="held",
            kind="bar",
            title=str(_("Acara per unit penyelenggara dan triwulan")),
            labels=labels,
            series=[Series(u, [float(n) for n in held[u]]) for u in units],
        ),
        Chart(
            key="attendance",
            kind="line",
            title=str(_("Tingkat kehadiran (%) per triwulan")),
            labels=labels,
            series=[
                Series(
                    str(_("Tingkat kehadiran")),
                    [
                        percent(a, n) if n else None
                        for a, n in zip(r["attended"], r["registered"], strict=True)
                    ],
                )
            ],
        ),
    ]
    data.tables = [
        Table(
            key="units",
            title=str(_("Acara per unit penyelenggara dan triwulan")),
            columns=[str(_("Unit penyelenggara")), *labels, str(_("Jumlah"))],
            rows=[[u, *held[u], sum(held[u])] for u in units],
        ),
        Table(
            key="quarters",
            title=str(_("Kehadiran, kepuasan dan JP per triwulan")),
            columns=[
                str(_("Triwulan")),
                str(_("Terdaftar")),
                str(_("Hadir")),
                str(_("Persen hadir")),
                str(_("Kepuasan (1–5)")),
                str(_("JP")),
            ],
            rows=[
                [
                    labels[i],
                    r["registered"][i],
                    r["attended"][i],
                    percent(r["attended"][i], r["registered"][i])
                    if r["registered"][i]
                    else None,
                    r["satisfaction"][i],
                    r["jp"][i],
                ]
                for i in range(4)
            ],
        ),
    ]
    return data


register(
    Section(
        key="events",
        title=gettext_lazy("Acara"),
        icon="bi-calendar-event",
        build=build,
        order=50,
    )
)
