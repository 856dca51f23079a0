"""The year-end job: annual predikat from the matrix, then the curve per unit.

Runs as one background task (`tasks.performance_yearend`) over an agency of
any size: one UPDATE per matrix cell sets the predikat in the database, unit
heads are updated in groups, the matrix and the curve are read once, and the
unit counts come from one GROUP BY.
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone

from jenjang.people.models import OrgUnit
from jenjang.performance.models import (
    Evaluation,
    OrgPerformance,
    OrgPredikat,
    PerformanceYear,
    Period,
    YearEndRun,
)
from jenjang.performance.services.rules import (
    distribution_check,
    distribution_rules,
    head_of_unit_rating,
    predikat_matrix,
)

CHUNK = 2000


def yearend_run(*, performance_year: PerformanceYear) -> YearEndRun:
    """Compute every draft annual predikat of the year and check the curve.

    Draft annual evaluations get their predikat from the configured matrix
    (PermenPANRB 6/2022), a unit head's rating hasil kerja from the unit's
    predikat organisasi (SE MenPANRB 3/2023). Issued or final results are
    left as they are. Set-based: one UPDATE per matrix cell for everyone
    else, so the work stays in the database whatever the agency's size.
    Then each unit's distribution (its subtree) is checked against the curve
    (SE MenPANRB 3/2023; warnings only).
    """
    annual = performance_year.periods.get(kind=Period.Kind.ANNUAL)
    run = YearEndRun.objects.create(performance_year=performance_year)
    matrix = predikat_matrix(annual.end)
    org = dict(
        OrgPerformance.objects.filter(period=annual).values_list(
            "org_unit_id", "predikat"
        )
    )
    drafts = Evaluation.objects.filter(period=annual, status=Evaluation.Status.DRAFT)
    total = drafts.count()
    changed = 0
    with transaction.atomic():
        for (hasil, perilaku), predikat in matrix.items():
            changed += (
                drafts.filter(
                    heads_unit=False, rating_hasil=hasil, rating_perilaku=perilaku
                )
                .exclude(predikat=predikat, final_predikat=predikat)
                .update(predikat=predikat, final_predikat=predikat)
            )
        changed += _unit_heads(drafts, matrix, org)
    run.evaluations, run.changed = total, changed
    run.warnings, run.units_checked = _check_units(performance_year, annual, org)
    run.finished_at = timezone.now()
    run.save()
    return run


def _unit_heads(drafts, matrix: dict, org: dict) -> int:
    """Unit heads: rating hasil kerja from the unit's predikat, then the matrix."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, old_hasil, perilaku, unit_id, old in drafts.filter(
        heads_unit=True
    ).values_list(
        "pk", "rating_hasil", "rating_perilaku", "skp__org_unit_id", "predikat"
    ):
        hasil = old_hasil
        if unit_id in org:
            hasil = head_of_unit_rating(org[unit_id])
        predikat = matrix[(hasil, perilaku)]
        if (hasil, predikat) != (old_hasil, old):
            groups[(hasil, predikat)].append(pk)
    changed = 0
    for (hasil, predikat), ids in groups.items():
        for start in range(0, len(ids), CHUNK):
            changed += Evaluation.objects.filter(
                pk__in=ids[start : start + CHUNK]
            ).update(rating_hasil=hasil, predikat=predikat, final_predikat=predikat)
    return changed


def _check_units(py: PerformanceYear, annual: Period, org: dict) -> tuple[list, int]:
    """Return the distribution warnings of every unit with a predikat organisasi."""
    own: dict[int, Counter] = defaultdict(Counter)
    for unit_id, predikat, n in (
        Evaluation.objects.filter(period=annual)
        .values_list("skp__org_unit_id", "final_predikat")
        .order_by()
        .annotate(n=_count())
    ):
        own[unit_id][predikat] += n
    paths = dict(
        OrgUnit.objects.filter(agency_id=py.agency_id).values_list("pk", "path")
    )
    by_path = {path: pk for pk, path in paths.items()}
    subtree: dict[int, Counter] = defaultdict(Counter)
    step = OrgUnit.steplen
    for unit_id, counts in own.items():
        path = paths.get(unit_id, "")
        for depth in range(len(path), 0, -step):
            ancestor = by_path.get(path[:depth])
            if ancestor is not None:
                subtree[ancestor].update(counts)
    rules = {o: distribution_rules(o, on=annual.end) for o in OrgPredikat.values}
    warnings = []
    for unit_id, org_predikat in org.items():
        check = distribution_check(
            org_predikat,
            subtree.get(unit_id, Counter()),
            on=annual.end,
            rules=rules[org_predikat],
        )
        if check.warnings:
            warnings.append(
                {
                    "org_unit_id": unit_id,
                    "org_predikat": org_predikat,
                    "total": check.total,
                    "counts": check.counts,
                    "warnings": [w.message for w in check.warnings],
                }
            )
    return warnings, len(org)


def _count():
    from django.db.models import Count

    return Count("id")
