"""Development: JP per head and the share of staff at their yearly target, per unit."""

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
    register,
)
from jenjang.development.selectors.compliance import compliance_summary_visible_to


def build(ctx: Context) -> SectionData:
    """Read the ledger's compliance summary (the one place that sums JP)."""
    summary = compliance_summary_visible_to(user=ctx.user, year=ctx.year, unit=ctx.unit)
    total = summary.total
    target = summary.target_jp
    data = SectionData(key="development", title=str(_("Pengembangan kompetensi")))
    data.figures = [
        Figure("headcount", _("Pegawai"), total.headcount),
        Figure("total_jp", _("Total JP"), total.total_jp, "JP"),
        Figure("jp_per_head", _("JP per pegawai"), total.average_jp, "JP"),
        Figure(
            "share_at_target", _("Mencapai target JP"), total.percent_compliant, "%"
        ),
        Figure("target_jp", _("Target JP setahun"), target, "JP"),
    ]
    units = summary.units
    data.charts = [
        Chart(
            key="jp_per_unit",
            kind="bar",
            title=str(_("JP per pegawai dan persentase mencapai target, per unit")),
            labels=[u.name for u in units],
            series=[
                Series(str(_("JP per pegawai")), [float(u.average_jp) for u in units]),
                Series(
                    str(_("% mencapai target")),
                    [float(u.percent_compliant) for u in units],
                ),
            ],
        )
    ]
    data.tables = [
        Table(
            key="units",
            title=str(_("Per unit")),
            columns=[
                str(_("Unit")),
                str(_("Pegawai")),
                str(_("Mencapai target")),
                str(_("Di bawah target")),
                str(_("% mencapai target")),
                str(_("JP per pegawai")),
            ],
            rows=[
                [
                    u.name,
                    u.headcount,
                    u.compliant,
                    u.below,
                    u.percent_compliant,
                    u.average_jp,
                ]
                for u in [*units, total]
            ],
        )
    ]
    return data


register(
    Section(
        key="development",
        title=gettext_lazy("Pengembangan"),
        icon="bi-mortarboard",
        build=build,
        order=10,
    )
)
