"""Aggregate figures of competency assessments for the leaders' dashboards.

`staff_at_level_by_org_unit_at` answers, for several dates in one statement,
what a one-date query (the reference in its test) answers for one: per org unit,
the active staff whose latest assessment of a competency before the date is
at a level or above. The latest assessment before a date is found with a
window (each assessment and the date of the employee's next one, in the
order "latest" means: assessed_on, then id), so the assessments are read
once whatever the number of dates. Portable SQL (PostgreSQL and SQLite ≥ 3.25).
"""

import datetime as dt
from collections.abc import Sequence

from django.db import connection

from jenjang.competencies.models import Assessment, Competency


def staff_at_level_by_org_unit_at(
    *,
    competency_code: str,
    min_level: int,
    unit_paths: list[str],
    untils: Sequence[dt.date],
) -> list[dict[int, int]]:
    """For each date, {org unit id: active staff whose latest assessment of the
    competency before that date is ≥ min_level}; one statement for all dates.

    `result[i]` equals the one-date query at `untils[i]` (tests/test_aggregates.py).
    Not scoped: the caller (a dashboard) passes subtrees it may already see.
    """
    from jenjang.people.models import Employee, OrgUnit

    result: list[dict[int, int]] = [{} for _u in untils]
    if not unit_paths or not untils:
        return result
    values = ", ".join(["(%s, %s)"] * len(untils))
    paths = " OR ".join(["u.path LIKE %s"] * len(unit_paths))
    # An assessment is the latest before date d when it is before d and the
    # employee's next one (same order as "latest") is not: two on one day are
    # told apart by id, as `order_by("-assessed_on", "-id")` does.
    sql = (
        f"WITH w(n, d) AS (VALUES {values}), "
        "a AS ("
        "SELECT emp.org_unit_id AS unit_id, a.level AS level, "
        "a.assessed_on AS assessed_on, "
        "LEAD(a.assessed_on) OVER ("
        "PARTITION BY a.employee_id ORDER BY a.assessed_on, a.id) AS next_on "
        f"FROM {Assessment._meta.db_table} a "
        f"JOIN {Employee._meta.db_table} emp ON emp.id = a.employee_id "
        f"JOIN {OrgUnit._meta.db_table} u ON u.id = emp.org_unit_id "
        "WHERE a.competency_id = ("
        f"SELECT c.id FROM {Competency._meta.db_table} c WHERE c.code = %s) "
        f"AND a.assessed_on < %s AND emp.is_active AND ({paths})"
        ") "
        "SELECT w.n, a.unit_id, COUNT(*) FROM a "
        "JOIN w ON a.assessed_on < w.d AND (a.next_on IS NULL OR a.next_on >= w.d) "
        "WHERE a.level >= %s "
        "GROUP BY w.n, a.unit_id"
    )
    params: list = []
    for n, until in enumerate(untils):
        params += [n, until]
    params += [competency_code, max(untils)]
    params += [f"{p}%" for p in unit_paths]
    params.append(min_level)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for n, unit_id, count in cursor.fetchall():
            result[int(n)][unit_id] = int(count)
    return result
