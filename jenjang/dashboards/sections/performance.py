"""Performance: predikat distribution against the curve, periods evaluated on time.

Scoped as `performance.selectors.hr_overview` scopes (`performance.view`,
evaluations whose SKP unit lies in the user's units). The distribution is
that of the latest evaluated period of the year (the annual one once issued,
else the latest periodic one); every unit with a predikat organisasi for that
period is checked against the configured curve with the performance app's
own rule (`distribution_check`, SE MenPANRB 3/2023; warnings, never blocks).

A period counts as evaluated on time when every approved SKP of its year in
scope has an evaluation issued within `performance.aggregates.on_time_days()`
after the period's end. No regulation sets that deadline (regulations.md
§1.5, §11 item 2) and the performance app has no rule of its own, so it is
the setting JENJANG_EVALUATION_ON_TIME_DAYS (default 30), shown in the note.

The figures come from `performance.aggregates`.
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
from jenjang.performance.aggregates import (
    on_time_days,
    performance_figures,
    predikat_choices,
)


def build(ctx: Context) -> SectionData:
    # The predikat distribution and the on-time figures, the evaluations read once.
    dist, periods = performance_figures(
        user=ctx.user, year=ctx.year, unit=ctx.unit, today=ctx.today
    )
    counts = dist.counts
    total = dist.total
    choices = predikat_choices()
    labels = [label for _p, label in choices]
    data = SectionData(key="performance", title=str(_("Kinerja pegawai")))
    data.figures = [
        Figure("evaluated", _("Pegawai dinilai (periode terakhir)"), total),
        Figure(
            "share_good", _("Predikat Baik ke atas"), percent(dist.good, total), "%"
        ),
        Figure(
            "curve_warnings",
            _("Unit menyimpang dari kurva"),
            sum(1 for check in dist.checks if not check.ok),
        ),
        Figure("periods_ended", _("Periode berakhir"), len(periods)),
        Figure(
            "periods_on_time",
            _("Periode dinilai tepat waktu"),
            sum(1 for p in periods if p.complete),
        ),
        Figure(
            "evaluations_on_time",
            _("Penilaian tepat waktu"),
            percent(sum(p.on_time for p in periods), sum(p.expected for p in periods)),
            "%",
        ),
    ]
    data.charts = [
        Chart(
            key="predikat",
            kind="doughnut",
            title=str(_("Sebaran predikat pegawai")),
            labels=labels,
            series=[Series(str(_("Pegawai")), [float(counts[p]) for p, _l in choices])],
        ),
        Chart(
            key="on_time",
            kind="bar",
            title=str(_("Penilaian tepat waktu per periode (%)")),
            labels=[p.label for p in periods],
            series=[
                Series(
                    str(_("Persen tepat waktu")),
                    [percent(p.on_time, p.expected) for p in periods],
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
                [label, counts[p], percent(counts[p], total)] for p, label in choices
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
                    check.unit_name,
                    check.org_predikat_label,
                    check.total,
                    str(_("Ya")) if check.ok else str(_("Tidak")),
                    " ".join(check.warnings),
                ]
                for check in dist.checks
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
                    p.label,
                    p.end,
                    p.expected,
                    p.issued,
                    p.on_time,
                    percent(p.on_time, p.expected),
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
            % {"days": on_time_days()}
        )
    ]
    return data


register(
    Section(
        key="performance",
        title=gettext_lazy("Kinerja"),
        icon="bi-graph-up",
        build=build,
        order=60,
    )
)
