"""Aggregate figures of the JP ledger for other apps and the leaders' dashboards.

Yearly JP per employee is read from the pre-aggregated `JpYearTotal` table
(kept current by the ledger's posting and reversal services, see
`services.jp_totals`); sums over other slices (quarters, rolling windows,
sources) still read the ledger itself through its indexes.
"""

from decimal import Decimal

from django.db.models import QuerySet, Sum

from jenjang.development.models import LedgerEntry

CENT = Decimal("0.01")


def jp_by_quarter_for_sources(
    *, source_type: str, source_ids: QuerySet, year: int
) -> dict[int, Decimal]:
    """Return {quarter: net JP} of these sources' entries dated in `year`.

    `source_ids` is a subquery of stored source ids (postings and their
    reversals share the id, so the result is net of reversals).
    """
    rows = (
        LedgerEntry.objects.filter(
            source_type=source_type, source_id__in=source_ids, occurred_on__year=year
        )
        .values("occurred_on__quarter")
        .annotate(total=Sum("jp"))
        .order_by()
    )
    return {
        r["occurred_on__quarter"]: Decimal(str(r["total"] or 0)).quantize(CENT)
        for r in rows
    }
