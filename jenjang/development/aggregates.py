"""Aggregate figures of the JP ledger for other apps and the leaders' dashboards.

Yearly JP per employee is read from the pre-aggregated `JpYearTotal` table
(kept current by the ledger's posting and reversal services, see
`services.jp_totals`); sums over other slices (quarters, rolling windows,
sources) still read the ledger itself through its indexes.
"""

import datetime as dt
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


def jp_totals_drift(*, year: int | None = None, limit: int = 100) -> list[tuple]:
    """Return up to `limit` (employee id, year, stored JP, ledger JP, stored
    entries, ledger entries) where `JpYearTotal` differs from the ledger.

    Empty when the table is current. One FULL OUTER JOIN of the stored rows
    and the ledger grouped per employee and year.
    """
    from django.db import connection

    from jenjang.development.models import JpYearTotal
    from jenjang.development.services.jp_totals import _filters, _year_sql

    where, params = _filters(year=year, agency_id=None)
    stored_where, stored_params = ("year = %s", [year]) if year else ("1 = 1", [])
    sql = (
        "SELECT COALESCE(t.employee_id, r.employee_id), COALESCE(t.year, r.year), "
        "t.total_jp, r.total, t.entries, r.n FROM "
        f"(SELECT employee_id, year, total_jp, entries FROM "
        f"{JpYearTotal._meta.db_table} WHERE {stored_where}) t "
        "FULL OUTER JOIN "
        f"(SELECT employee_id, {_year_sql()} AS year, ROUND(SUM(jp), 2) AS total, "
        f"COUNT(*) AS n FROM {LedgerEntry._meta.db_table} WHERE {where} "
        f"GROUP BY employee_id, {_year_sql()}) r "
        "ON t.employee_id = r.employee_id AND t.year = r.year "
        "WHERE t.employee_id IS NULL OR r.employee_id IS NULL "
        "OR t.total_jp <> r.total OR t.entries <> r.n "
        "ORDER BY 1, 2 LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*stored_params, *params, limit])
        return [
            (
                emp,
                int(yr),
                None if stored is None else Decimal(str(stored)).quantize(CENT),
                None if raw is None else Decimal(str(raw)).quantize(CENT),
                stored_n,
                raw_n,
            )
            for emp, yr, stored, raw, stored_n, raw_n in cursor.fetchall()
        ]


def jp_sum_by_org_unit_windows(
    *, unit_paths: list[str], windows: list[tuple[dt.date, dt.date]]
) -> list[dict[int, Decimal]]:
    """For each [start, end) window, {org unit id: JP posted} for the active staff
    of the subtrees; one statement for all windows (one scan of the ledger).

    Each window equals a one-window query over the ledger (the reference in
    tests/test_jp_totals.py).
    One row per org unit with a conditional sum per window: each entry is
    read once (joining the entries to the windows made a row per entry and
    window), and grouping by the unit alone lets PostgreSQL hash the few
    hundred groups instead of sorting the entries.
    Not scoped: the caller (a dashboard) passes subtrees it may already see.
    """
    from django.db import connection

    from jenjang.people.models import Employee, OrgUnit

    result: list[dict[int, Decimal]] = [{} for _w in windows]
    if not unit_paths or not windows:
        return result
    # NULL when the unit has no entry in the window: it is left out, as the
    # one-window query leaves it out.
    sums = ", ".join(
        ["SUM(CASE WHEN l.occurred_on >= %s AND l.occurred_on < %s THEN l.jp END)"]
        * len(windows)
    )
    paths = " OR ".join(["u.path LIKE %s"] * len(unit_paths))
    sql = (
        f"SELECT emp.org_unit_id, {sums} "
        f"FROM {LedgerEntry._meta.db_table} l "
        f"JOIN {Employee._meta.db_table} emp ON emp.id = l.employee_id "
        f"JOIN {OrgUnit._meta.db_table} u ON u.id = emp.org_unit_id "
        f"WHERE emp.is_active AND ({paths}) "
        "AND l.occurred_on >= %s AND l.occurred_on < %s "
        "GROUP BY emp.org_unit_id"
    )
    params: list = [d for window in windows for d in window]
    params += [f"{p}%" for p in unit_paths]
    params += [min(s for s, _e in windows), max(e for _s, e in windows)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for unit_id, *totals in cursor.fetchall():
            for n, total in enumerate(totals):
                if total is not None:
                    result[n][unit_id] = Decimal(str(total)).quantize(CENT)
    return result
