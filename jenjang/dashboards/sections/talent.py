"""Talent: the 9-box, the talent pool, promotion candidates and decisions, remedial.

Scoped as the talent app scopes (`talent.selectors.visible_employees`,
`talent.view`): the 9-box counts the confirmed placements of the people in
scope in the latest review of the year or before that has any; the talent
pool is boxes 7, 8 and 9 (PermenPANRB 3/2020, regulations.md §2.3).
Promotion candidates are the people in scope named in a succession plan made
in the year; decisions and remedial plans are those made in the year.
"""

from django.db.models import Count
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
from jenjang.performance.models import Predikat
from jenjang.talent.models import (
    Placement,
    PromotionDecision,
    RemedialPlan,
    SuccessionCandidate,
)
from jenjang.talent.rules import GRID_ROWS, POOL_BOXES, box_description
from jenjang.talent.selectors import (
    annotate_final_box,
    box_counts,
    decisions_visible_to,
    remedial_visible_to,
    review_list_visible_to,
    visible_employees,
)

RS = RemedialPlan.Status


def _employees(ctx: Context):
    qs = visible_employees(ctx.user)
    if ctx.unit is not None:
        qs = qs.filter(org_unit__path__startswith=ctx.unit.path)
    return qs


def nine_box(ctx: Context):
    """Return (review, {box: count}) of the latest review with confirmed placements."""
    employees = _employees(ctx)
    confirmed = Placement.objects.filter(
        employee__in=employees,
        confirmed_at__isnull=False,
        review__in=review_list_visible_to(user=ctx.user)
        .filter(year__lte=ctx.year)
        .values("pk"),
    )
    latest = (
        confirmed.select_related("review")
        .order_by("-review__year", "-review__created_at", "-review_id")
        .first()
    )
    if latest is None:
        return None, dict.fromkeys(range(1, 10), 0)
    return latest.review, box_counts(
        annotate_final_box(confirmed.filter(review=latest.review))
    )


def build(ctx: Context) -> SectionData:
    employees = _employees(ctx)
    review, boxes = nine_box(ctx)
    pool = sum(boxes[b] for b in POOL_BOXES)
    placed = sum(boxes.values())
    candidates = (
        SuccessionCandidate.objects.filter(
            employee__in=employees, plan__created_at__year=ctx.year
        )
        .values("employee")
        .distinct()
        .count()
    )
    decisions = {
        (r["kind"], r["decision"]): r["n"]
        for r in decisions_visible_to(user=ctx.user)
        .filter(employee__in=employees, decided_at__year=ctx.year)
        .order_by()
        .values("kind", "decision")
        .annotate(n=Count("pk"))
    }
    remedial = {
        (r["status"], r["outcome_predikat"]): r["n"]
        for r in remedial_visible_to(user=ctx.user)
        .prefetch_related(None)
        .filter(employee__in=employees, created_at__year=ctx.year)
        .order_by()
        .values("status", "outcome_predikat")
        .annotate(n=Count("pk"))
    }
    pipeline = {
        s: sum(n for (status, _o), n in remedial.items() if status == s)
        for s in RS.values
    }
    closed = pipeline[RS.IMPROVED] + pipeline[RS.NOT_IMPROVED]
    data = SectionData(key="talent", title=str(_("Manajemen talenta")))
    data.figures = [
        Figure("placed", _("Pegawai dipetakan (terkonfirmasi)"), placed),
        Figure("talent_pool", _("Kelompok talenta (kotak 7–9)"), pool),
        Figure("talent_pool_share", _("Kelompok talenta"), percent(pool, placed), "%"),
        Figure("candidates", _("Kandidat suksesi"), candidates),
        Figure("decisions", _("Keputusan promosi"), sum(decisions.values())),
        Figure(
            "promoted",
            _("Dipromosikan"),
            sum(
                n
                for (_k, d), n in decisions.items()
                if d == PromotionDecision.Decision.PROMOTED
            ),
        ),
        Figure(
            "remedial_open",
            _("Perbaikan kinerja berjalan"),
            pipeline[RS.OPENED] + pipeline[RS.IN_PROGRESS],
        ),
        Figure(
            "remedial_improved",
            _("Perbaikan kinerja berhasil"),
            percent(pipeline[RS.IMPROVED], closed),
            "%",
        ),
    ]
    if review is not None:
        data.notes.append(
            str(
                _("Kotak talenta dari pemetaan: %(name)s (%(year)s).")
                % {"name": review.name, "year": review.year}
            )
        )
    box_labels = [str(_("Kotak %(n)s") % {"n": b}) for b in range(1, 10)]
    decision_kinds = PromotionDecision.Kind.choices
    decision_values = PromotionDecision.Decision.choices
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
            labels=[str(label) for _v, label in RS.choices],
            series=[Series(str(_("Rencana")), [float(pipeline[s]) for s in RS.values])],
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
                *(str(label) for _p, label in Predikat.choices),
            ],
            rows=[
                [
                    str(label),
                    pipeline[s],
                    *(remedial.get((s, p), 0) for p, _l in Predikat.choices),
                ]
                for s, label in RS.choices
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
