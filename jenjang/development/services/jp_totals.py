"""Keep `JpYearTotal` (net JP per employee per calendar year) equal to the ledger.

Issue 11: compliance summaries and dashboards read a pre-aggregated table
kept current by the services that post to it. `ledger_post` and
`ledger_reverse` call `jp_total_add` inside their own transaction, so the
total and the entry commit together or not at all. Anything that writes the
ledger in bulk (demo data, benchmark loads) calls `jp_totals_rebuild`
afterwards; `jenjang rebuild-jp-totals` does it from the command line, and
`--check` reports any drift (`development.aggregates.jp_totals_drift`).

The year is the entry's `occurred_on` year: the ledger counts a calendar year
as [1 January, next 1 January) by that date (selectors.compliance).
"""

import datetime as dt
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from jenjang.development.models import JpYearTotal, LedgerEntry
from jenjang.people.models import Employee

TABLE = JpYearTotal._meta.db_table
LEDGER = LedgerEntry._meta.db_table
EMPLOYEES = Employee._meta.db_table


def _year_sql() -> str:
    """The year of `occurred_on` as an integer, in this database's dialect."""
    if connection.vendor == "postgresql":
        return "CAST(EXTRACT(YEAR FROM occurred_on) AS integer)"
    return "CAST(strftime('%%Y', occurred_on) AS integer)"


def jp_total_add(*, employee_id: int, year: int, jp: Decimal, entries: int = 1) -> None:
    """Add one entry's JP to its employee's year (an atomic upsert).

    Called inside the posting's transaction. ROUND keeps SQLite's float
    arithmetic at two decimals; PostgreSQL adds numerics exactly anyway.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (employee_id, year, total_jp, entries, updated_at) "
            "VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (employee_id, year) DO UPDATE SET "
            f"total_jp = ROUND({TABLE}.total_jp + excluded.total_jp, 2), "
            f"entries = {TABLE}.entries + excluded.entries, "
            "updated_at = excluded.updated_at",
            [employee_id, year, jp, entries, timezone.now()],
        )


def _filters(*, year: int | None, agency_id: int | None) -> tuple[str, list]:
    where, params = ["1 = 1"], []
    if year is not None:
        where.append("occurred_on >= %s AND occurred_on < %s")
        params += [dt.date(year, 1, 1), dt.date(year + 1, 1, 1)]
    if agency_id is not None:
        where.append(
            f"employee_id IN (SELECT id FROM {EMPLOYEES} WHERE agency_id = %s)"
        )
        params.append(agency_id)
    return " AND ".join(where), params


def jp_totals_rebuild(*, year: int | None = None, agency_id: int | None = None) -> int:
    """Recompute the totals from the ledger (all, one year, or one agency's staff).

    One DELETE and one INSERT … SELECT … GROUP BY in a transaction. On
    PostgreSQL the table is locked against writes first, so a posting that
    commits meanwhile waits and then adds to the rebuilt row; nothing is lost
    or counted twice. Returns the number of rows written.
    """
    where, params = _filters(year=year, agency_id=agency_id)
    stale = JpYearTotal.objects.all()
    if year is not None:
        stale = stale.filter(year=year)
    if agency_id is not None:
        stale = stale.filter(employee__agency_id=agency_id)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
        stale.delete()
        cursor.execute(
            f"INSERT INTO {TABLE} (employee_id, year, total_jp, entries, updated_at) "
            f"SELECT employee_id, {_year_sql()}, ROUND(SUM(jp), 2), COUNT(*), %s "
            f"FROM {LEDGER} WHERE {where} GROUP BY employee_id, {_year_sql()}",
            [timezone.now(), *params],
        )
        return cursor.rowcount
