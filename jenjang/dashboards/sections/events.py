"""Events: held per organising unit and quarter, attendance, satisfaction, JP.

The same figures as `events.selectors.report_for` (events of the user's
reporting scope, `events.view_reports`, started in the year, neither draft
nor cancelled; JP delivered read from the ledger, source
"events.registration"), with the dashboard's unit filter applied to the
organising unit. `report_for` takes no unit, so the queries are repeated here
over the events models (to move down into `events.selectors` as a `unit`
argument of `report_for`).
"""

from decimal import Decimal

from django.db.models import Avg, CharField, Count, Q, Sum
from django.db.models.functions import Cast, ExtractQuarter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.core.scoping import scope_for, unit_scope_q
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
from jenjang.development.models import LedgerEntry
from jenjang.events.models import Event, EventFeedback, Registration
from jenjang.events.selectors import REPORTS
from jenjang.events.services.checkins import SOURCE_TYPE

QUARTERS = (1, 2, 3, 4)


def report(ctx: Context) -> dict:
    """`events.selectors.report_for` with the unit filter; a fixed 5 queries."""
    scope = scope_for(ctx.user, perm=REPORTS)  # empty without the permission
    events = Event.objects.filter(
        unit_scope_q(scope, prefix="organiser_unit__"), starts_at__year=ctx.year
    ).exclude(status__in=[Event.Status.CANCELLED, Event.Status.DRAFT])
    if ctx.unit is not None:
        events = events.filter(organiser_unit__path__startswith=ctx.unit.path)
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
    sat = {
        r["q"]: r["avg"]
        for r in EventFeedback.objects.filter(registration__event__in=events)
        .annotate(q=ExtractQuarter("registration__event__starts_at"))
        .values("q")
        .annotate(avg=Avg("rating"))
        .order_by()
    }
    all_sat = EventFeedback.objects.filter(registration__event__in=events).aggregate(
        avg=Avg("rating")
    )["avg"]
    source_ids = regs.annotate(sid=Cast("pk", CharField())).values("sid")
    jp = {
        r["occurred_on__quarter"]: r["total"] or Decimal("0")
        for r in LedgerEntry.objects.filter(
            source_type=SOURCE_TYPE,
            source_id__in=source_ids,
            occurred_on__year=ctx.year,
        )
        .values("occurred_on__quarter")
        .annotate(total=Sum("jp"))
        .order_by()
    }
    return {
        "held": held,
        "registered": [by_q.get(q, {}).get("registered", 0) for q in QUARTERS],
        "attended": [by_q.get(q, {}).get("attended", 0) for q in QUARTERS],
        "satisfaction": [
            round(float(sat[q]), 2) if sat.get(q) is not None else None
            for q in QUARTERS
        ],
        "satisfaction_all": round(float(all_sat), 2) if all_sat is not None else None,
        "jp": [jp.get(q, Decimal("0")) for q in QUARTERS],
    }


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
