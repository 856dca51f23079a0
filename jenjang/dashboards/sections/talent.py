"""Talent: the 9-box, the talent pool, promotion candidates and decisions, remedial.

Scoped as the talent app scopes (`talent.selectors.visible_employees`,
`talent.view`): the 9-box counts the confirmed placements of the people in
scope in the latest review of the year or before that has any; the talent
pool is boxes 7, 8 and 9 (PermenPANRB 3/2020, regulations.md §2.3).
Promotion candidates are the people in scope named in a succession plan made
in the year; decisions and remedial plans are those made in the year.
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
from jenjang.talent.aggregates import (
    GRID_ROWS,
    POOL_BOXES,
    box_description,
    decision_choices,
    predikat_choices,
    remedial_choices,
    talent_figures,
)


def build(ctx: Context) -> SectionData:
    found = talent_figures(user=ctx.user, year=ctx.year, unit=ctx.unit)
    boxes = found.boxes
    pool, placed = found.pool, found.placed
    decisions, remedial = found.decisions, found.remedial
    stages = remedial_choices()
    pipeline = {s: found.pipeline(s) for s, _l in stages}
    opened, in_progress, improved, not_improved = (
        pipeline.get(s, 0)
        for s in ("opened", "in_progress", "improved", "not_improved")
    )
    closed = improved + not_improved
    data = SectionData(key="talent", title=str(_("Manajemen talenta")))
    data.figures = [
        Figure("placed", _("Pegawai dipetakan (terkonfirmasi)"), placed),
        Figure("talent_pool", _("Kelompok talenta (kotak 7–9)"), pool),
        Figure("talent_pool_share", _("Kelompok talenta"), percent(pool, placed), "%"),
        Figure("candidates", _("Kandidat suksesi"), found.candidates),
        Figure("decisions", _("Keputusan promosi"), sum(decisions.values())),
        Figure("promoted", _("Dipromosikan"), found.promoted),
        Figure("remedial_open", _("Perbaikan kinerja berjalan"), opened + in_progress),
        Figure(
            "remedial_improved",
            _("Perbaikan kinerja berhasil"),
            percent(improved, closed),
            "%",
        ),
    ]
    if found.review_name is not None:
        data.notes.append(
            str(
                _("Kotak talenta dari pemetaan: %(name)s (%(year)s).")
                % {"name": found.review_name, "year": found.review_year}
            )
        )
    box_labels = [str(_("Kotak %(n)s") % {"n": b}) for b in range(1, 10)]
    decision_kinds, decision_values = decision_choices()
    data.charts = [
        Chart(
            key="nine_box",
            kind="bar",
            title=str(_("Pegawai per kotak talenta")),
            labels=box_labels,
            series=[Series(str(_("Pegawai")), [float(boxes[b]) for b in range(1, 10)])],
        ),
        Chart(
            key="remedial",
            kind="doughnut",
            title=str(_("Rencana perbaikan kinerja per tahap")),
            labels=[label for _v, label in stages],
            series=[
                Series(str(_("Rencana")), [float(pipeline[s]) for s, _l in stages])
            ],
        ),
        Chart(
            key="decisions",
            kind="bar",
            title=str(_("Keputusan promosi per jenis")),
            labels=[str(label) for _v, label in decision_kinds],
            series=[
                Series(
                    str(dlabel),
                    [float(decisions.get((k, d), 0)) for k, _l in decision_kinds],
                )
                for d, dlabel in decision_values
            ],
        ),
    ]
    data.tables = [
        Table(
            key="nine_box",
            title=str(_("Pegawai per kotak talenta")),
            columns=[
                str(_("Kotak")),
                str(_("Keterangan")),
                str(_("Pegawai")),
                str(_("Kelompok talenta")),
            ],
            rows=[
                [
                    b,
                    box_description(b),
                    boxes[b],
                    str(_("Ya")) if b in POOL_BOXES else "",
                ]
                for row in GRID_ROWS
                for b in row
            ],
        ),
        Table(
            key="decisions",
            title=str(_("Keputusan promosi per jenis")),
            columns=[str(_("Jenis")), *(str(label) for _d, label in decision_values)],
            rows=[
                [str(klabel), *(decisions.get((k, d), 0) for d, _l in decision_values)]
                for k, klabel in decision_kinds
            ],
        ),
        Table(
            key="remedial",
            title=str(_("Rencana perbaikan kinerja dan hasilnya")),
            columns=[
                str(_("Tahap")),
                str(_("Rencana")),
                *(label for _p, label in predikat_choices()),
            ],
            rows=[
                [
                    str(label),
                    pipeline[s],
                    *(remedial.get((s, p), 0) for p, _l in predikat_choices()),
                ]
                for s, label in stages
            ],
        ),
    ]
    return data


register(
    Section(
        key="talent",
        title=gettext_lazy("Talenta"),
        icon="bi-grid-3x3",
        build=build,
        order=70,
    )
)
