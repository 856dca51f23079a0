"""Performance: predikat distribution against the curve, periods evaluated on time.

Scoped as `performance.selectors.hr_overview` scopes (`performance.view`,
evaluations whose SKP unit lies in the user's units). The distribution is
that of the latest evaluated period of the year (the annual one once issued,
else the latest periodic one); every unit with a predikat organisasi for that
period is checked against the configured curve with the performance app's
own rule (`distribution_check`, SE MenPANRB 3/2023; warnings, never blocks).

A period counts as evaluated on time when every approved SKP of its year in
scope has an evaluation issued within ON_TIME_DAYS after the period's end.
The regulation sets no deadline (regulations.md §11, UNCERTAIN): 30 days is
this dashboard's yardstick, shown in its note.

Reads the performance models directly where `hr_overview` works per agency and
period (to move down into `performance.selectors`).
"""

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
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
from jenjang.performance.models import (
    PREDIKAT_ORDER,
    Evaluation,
    OrgPerformance,
    Period,
    Predikat,
    Skp,
)
from jenjang.performance.permissions import VIEW
from jenjang.performance.services.rules import distribution_check, distribution_rules

ON_TIME_DAYS = 30


def _scoped(ctx: Context, qs, prefix: str):
    qs = qs.filter(unit_scope_q(scope_for(ctx.user, perm=VIEW), prefix=prefix))
    if ctx.unit is not None:
        qs = qs.filter(**{f"{prefix}path__startswith": ctx.unit.path})
    return qs


def _latest_key(keys: set[tuple[str, int]]) -> tuple[str, int] | None:
    annual = [k for k in keys if k[0] == Period.Kind.ANNUAL]
    if annual:
        return annual[0]
    return max(keys, key=lambda k: k[1], default=None)


def distribution(ctx: Context) -> dict:
    """Counts per predikat of the latest evaluated period, and per unit vs the curve."""
    evals = _scoped(
        ctx,
        Evaluation.objects.filter(year=ctx.year).exclude(
            status=Evaluation.Status.DRAFT
        ),
        "skp__org_unit__",
    )
    fields = ("period__kind", "period__number", "skp__org_unit__path")
    rows = [
        (r[fields[0]], r[fields[1]], r[fields[2]], r["final_predikat"], r["n"])
        for r in evals.order_by()
        .values(*fields, "final_predikat")
        .annotate(n=Count("pk"))
    ]
    key = _latest_key({(kind, number) for kind, number, _p, _f, _n in rows})
    counts: Counter = Counter()
    by_path: dict[str, Counter] = {}
    for kind, number, path, predikat, n in rows:
        if (kind, number) == key:
            counts[predikat] += n
            by_path.setdefault(path, Counter())[predikat] += n
    checks = []
    if key is not None:
        orgs = list(
            _scoped(
                ctx,
                OrgPerformance.objects.filter(
                    period__performance_year__year=ctx.year,
                    period__kind=key[0],
                    period__number=key[1],
                ),
                "org_unit__",
            )
            .select_related("org_unit", "period")
            .order_by("org_unit__path")
        )
        rules = {
            o.predikat: distribution_rules(o.predikat, on=o.period.end) for o in orgs
        }
        for org in orgs:
            sub = Counter()
            for path, c in by_path.items():
                if path.startswith(org.org_unit.path):
                    sub.update(c)
            checks.append(
                (
                    org,
                    distribution_check(
                        org.predikat, sub, on=org.period.end, rules=rules[org.predikat]
                    ),
                )
            )
    return {"key": key, "counts": counts, "checks": checks}


def on_time(ctx: Context) -> list[dict]:
    """Per ended period of the year: approved SKPs, evaluations issued, on time."""
    today = ctx.today or timezone.localdate()
    expected = dict(
        _scoped(
            ctx,
            Skp.objects.filter(
                performance_year__year=ctx.year, status=Skp.Status.APPROVED
            ),
            "org_unit__",
        )
        .order_by()
        .values("performance_year_id")
        .annotate(n=Count("pk"))
        .values_list("performance_year_id", "n")
    )
    periods = list(
        Period.objects.filter(performance_year_id__in=list(expected), end__lt=today)
        .select_related("performance_year__agency")
        .order_by("end", "kind", "number", "pk")
    )
    issued: dict[int, list[tuple[dt.date, int]]] = {}
    for period_id, day, n in (
        _scoped(
            ctx,
            Evaluation.objects.filter(
                period__in=periods, skp__status=Skp.Status.APPROVED
            ).exclude(status=Evaluation.Status.DRAFT),
            "skp__org_unit__",
        )
        .order_by()
        .annotate(day=TruncDate("issued_at"))
        .values_list("period_id", "day")
        .annotate(n=Count("pk"))
    ):
        issued.setdefault(period_id, []).append((day, n))
    result = []
    for period in periods:
        deadline = period.end + dt.timedelta(days=ON_TIME_DAYS)
        days = issued.get(period.pk, [])
        due = expected.get(period.performance_year_id, 0)
        in_time = sum(n for day, n in days if day is not None and day <= deadline)
        result.append(
            {
                "period": period,
                "expected": due,
                "issued": sum(n for _d, n in days),
                "on_time": in_time,
                "complete": due > 0 and in_time >= due,
            }
        )
    return result


def build(ctx: Context) -> SectionData:
    dist = distribution(ctx)
    periods = on_time(ctx)
    counts = dist["counts"]
    total = sum(counts.values())
    labels = [str(Predikat(p).label) for p in PREDIKAT_ORDER]
    data = SectionData(key="performance", title=str(_("Kinerja pegawai")))
    data.figures = [
        Figure("evaluated", _("Pegawai dinilai (periode terakhir)"), total),
        Figure(
            "share_good",
            _("Predikat Baik ke atas"),
            percent(counts[Predikat.SANGAT_BAIK] + counts[Predikat.BAIK], total),
            "%",
        ),
        Figure(
            "curve_warnings",
            _("Unit menyimpang dari kurva"),
            sum(1 for _o, check in dist["checks"] if not check.ok),
        ),
        Figure("periods_ended", _("Periode berakhir"), len(periods)),
        Figure(
            "periods_on_time",
            _("Periode dinilai tepat waktu"),
            sum(1 for p in periods if p["complete"]),
        ),
        Figure(
            "evaluations_on_time",
            _("Penilaian tepat waktu"),
            percent(
                sum(p["on_time"] for p in periods), sum(p["expected"] for p in periods)
            ),
            "%",
        ),
    ]
    data.charts = [
        Chart(
            key="predikat",
            kind="doughnut",
            title=str(_("Sebaran predikat pegawai")),
            labels=labels,
            series=[
                Series(str(_("Pegawai")), [float(counts[p]) for p in PREDIKAT_ORDER])
            ],
        ),
        Chart(
            key="on_time",
            kind="bar",
            title=str(_("Penilaian tepat waktu per periode (%)")),
            labels=[_period_label(p["period"]) for p in periods],
            series=[
                Series(
                    str(_("Persen tepat waktu")),
                    [percent(p["on_time"], p["expected"]) for p in periods],
                )
            ],
        ),
    ]
    data.tables = [
        Table(
            key="predikat",
            title=str(_("Sebaran predikat pegawai")),
            columns=[str(_("Predikat")), str(_("Pegawai")), "%"],
            rows=[
                [label, counts[p], percent(counts[p], total)]
                for label, p in zip(labels, PREDIKAT_ORDER, strict=True)
            ],
        ),
        Table(
            key="curve",
            title=str(_("Unit dengan predikat organisasi, terhadap kurva distribusi")),
            columns=[
                str(_("Unit")),
                str(_("Predikat organisasi")),
                str(_("Pegawai dinilai")),
                str(_("Sesuai kurva")),
                str(_("Catatan")),
            ],
            rows=[
                [
                    org.org_unit.name,
                    org.get_predikat_display(),
                    check.total,
                    str(_("Ya")) if check.ok else str(_("Tidak")),
                    " ".join(w.message for w in check.warnings),
                ]
                for org, check in dist["checks"]
            ],
        ),
        Table(
            key="periods",
            title=str(_("Ketepatan waktu penilaian per periode")),
            columns=[
                str(_("Periode")),
                str(_("Selesai")),
                str(_("SKP disetujui")),
                str(_("Dinilai")),
                str(_("Tepat waktu")),
                str(_("Persen tepat waktu")),
            ],
            rows=[
                [
                    _period_label(p["period"]),
                    p["period"].end,
                    p["expected"],
                    p["issued"],
                    p["on_time"],
                    percent(p["on_time"], p["expected"]),
                ]
                for p in periods
            ],
        ),
    ]
    data.notes = [
        str(
            _(
                "Tepat waktu: evaluasi disampaikan paling lambat %(days)s hari setelah "
                "periode berakhir (patokan dasbor; regulasi belum menetapkan)."
            )
            % {"days": ON_TIME_DAYS}
        )
    ]
    return data


def _period_label(period: Period) -> str:
    agency = period.performance_year.agency
    return f"{agency.code} {period}"


register(
    Section(
        key="performance",
        title=gettext_lazy("Kinerja"),
        icon="bi-graph-up",
        build=build,
        order=60,
    )
)
