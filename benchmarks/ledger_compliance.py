"""Benchmark the 20 JP compliance reads against hand-written SQL, on PostgreSQL.

Data of national shape: 1,000,000 employees from `jenjang demo --employees`
(about 130 agencies, 19,000 units) and 10,000,000 ledger entries loaded with
COPY, spread over the last three calendar years up to today, about ten per
employee (so roughly half the people reach 20 JP in a year).

Measured, in the same run, each as the median of several interleaved runs
after a warm-up:

1. the agency compliance summary (counts compliant / below target, average
   JP, per unit) of the largest agency, through
   `selectors.compliance.compliance_summary_visible_to` as its HR admin, and
   the same for the whole country as the superadmin;
2. the below-target list of a unit of about 5,000 people (with subunits):
   the first page as the page shows it (keyset, 50 rows) and the whole list
   as the export reads it, through `below_target_visible_to`;

each against one hand-written SQL query returning the same numbers or rows.
The selector's time includes everything it does (role and scope look-ups,
the target, the breakdown units, building rows); the ratio must stay ≤ 1.5.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_bench_ledger \\
      .venv/bin/python benchmarks/ledger_compliance.py [--fresh] [--drop]

Without --fresh an existing benchmark database is reused (the data takes
about 10 minutes to build). --drop removes the database at the end.
Results (JSON lines) go to benchmarks/out/ledger_compliance.jsonl.
"""

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_ledger"
sys.path.insert(0, str(ROOT))

# (SIASN code, JP, title) with weights: a mix of classical training, seminars,
# e-learning and mentoring; about 6 JP an entry on average.
ACTIVITY_MIX = (
    (3, 8, "Pelatihan Teknis", 12),
    (3, 16, "Pelatihan Teknis", 6),
    (8, 8, "Bimbingan Teknis", 10),
    (2, 20, "Diklat Fungsional", 3),
    (11, 10, "Kursus", 5),
    (9, 4, "Seminar", 14),
    (4, 5, "Workshop", 10),
    (7, 4, "Sosialisasi", 8),
    (16, 2, "E-learning", 14),
    (15, 2, "Mentoring", 8),
    (14, 2, "Coaching", 5),
    (22, 1, "Belajar mandiri", 5),
)
ROW_CHUNK = 200_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- database -----------------------------------------------------------------


def _admin_connection(url: str):
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def ensure_database(url: str, *, fresh: bool) -> None:
    conn, name = _admin_connection(url)
    with conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"database {name} created")


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    conn, name = _admin_connection(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    log(f"database {name} dropped")


# --- data ---------------------------------------------------------------------


def ensure_employees(count: int) -> None:
    from django.core.management import call_command

    from jenjang.people.models import Employee

    have = Employee.objects.count()
    if have == count:
        log(f"{have:,} employees present")
        return
    if have:
        raise SystemExit(f"{have:,} employees present, {count:,} wanted: use --fresh")
    log(f"jenjang demo --employees {count}")
    started = time.monotonic()
    call_command("demo", employees=count, verbosity=0)
    log(f"employees built in {time.monotonic() - started:.0f} s")


def _ledger_indexes(cursor) -> list[tuple[str, str]]:
    """Secondary indexes of the ledger that back no constraint: (name, definition)."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = 'development_ledgerentry'
          AND i.indexname NOT IN (
            SELECT c.conname FROM pg_constraint c
            WHERE c.conrelid = 'development_ledgerentry'::regclass)
        """
    )
    return cursor.fetchall()


def ensure_ledger(total: int, *, seed: int, today: dt.date) -> None:
    """COPY `total` postings, in date order, with secondary indexes built after."""
    from django.db import connection

    from jenjang.development.models import ConversionRule, DevelopmentForm, LedgerEntry
    from jenjang.people.models import Employee

    have = LedgerEntry.objects.count()
    if have == total:
        log(f"{have:,} ledger entries present")
        return
    if have:
        raise SystemExit(
            f"{have:,} ledger entries present, {total:,} wanted: use --fresh"
        )
    rng = random.Random(seed)
    employee_ids = list(Employee.objects.order_by("pk").values_list("pk", flat=True))
    forms = dict(DevelopmentForm.objects.values_list("siasn_code", "pk"))
    rules = dict(
        ConversionRule.objects.filter(agency=None).values_list("form_id", "pk")
    )
    mix = [(forms[c], jp, title, w) for c, jp, title, w in ACTIVITY_MIX]
    weights = [w for *_rest, w in mix]
    start = dt.date(today.year - 2, 1, 1)
    days = (today - start).days + 1
    started = time.monotonic()
    with connection.cursor() as cursor:
        indexes = _ledger_indexes(cursor)
        cursor.execute("SET session_replication_role = replica")  # no FK triggers
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        columns = (
            "employee_id, occurred_on, jp, form_id, title, kind, source_type, "
            "source_id, unit, rule_id, rule_note, reason, evidence, created_at"
        )
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        written = 0
        with raw.copy(f"COPY development_ledgerentry ({columns}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for number in range(total):
                day = start + dt.timedelta(days=number * days // total)
                form_id, jp, title, _w = rng.choices(mix, weights)[0]
                buffer.write(
                    f"{employee_ids[rng.randrange(len(employee_ids))]}\t{day}\t{jp}\t"
                    f"{form_id}\t{title}\tposting\tbench\t{number}\t\t"
                    f"{rules[form_id]}\t{jp} JP\t\t\t{day} 08:00:00+07\n"
                )
                if (number + 1) % ROW_CHUNK == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
                    written = number + 1
                    if written % 2_000_000 == 0:
                        log(f"  {written:,} rows copied")
            copy.write(buffer.getvalue())
        log(f"COPY done in {time.monotonic() - started:.0f} s; building indexes")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM (ANALYZE) development_ledgerentry")
    # COPY bypasses ledger_post: bring the pre-aggregated yearly totals up to date.
    from jenjang.development.services.jp_totals import jp_totals_rebuild

    log(f"{jp_totals_rebuild():,} yearly JP totals rebuilt")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"{total:,} ledger entries loaded in {time.monotonic() - started:.0f} s")


# --- subjects -----------------------------------------------------------------


def bench_user(username: str, role: str, **scope):
    from jenjang.accounts.models import RoleGrant, User

    user, _created = User.objects.get_or_create(username=username)
    RoleGrant.objects.get_or_create(user=user, role=role, **scope)
    return user.pk


def largest_agency():
    from django.db.models import Count

    from jenjang.people.models import Agency

    return (
        Agency.objects.annotate(n=Count("employees"))
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )


def unit_of_about(size: int):
    """The org unit whose subtree holds closest to `size` active employees."""
    from django.db.models import Count

    from jenjang.people.models import Employee, OrgUnit

    own = dict(
        Employee.objects.filter(is_active=True)
        .values_list("org_unit_id")
        .annotate(n=Count("id"))
        .values_list("org_unit_id", "n")
    )
    units = list(OrgUnit.objects.values_list("id", "path"))
    totals: dict[str, int] = {}
    step = OrgUnit.steplen
    for unit_id, path in units:  # a loop over units (19k), for set-up only
        n = own.get(unit_id, 0)
        for end in range(step, len(path) + 1, step):
            totals[path[:end]] = totals.get(path[:end], 0) + n
    best = min(units, key=lambda u: abs(totals.get(u[1], 0) - size))
    return OrgUnit.objects.select_related("agency").get(pk=best[0]), totals[best[1]]


# --- hand-written SQL ---------------------------------------------------------

SUMMARY_SQL = """
SELECT t.org_unit_id, COUNT(*), COUNT(*) FILTER (WHERE t.total >= %(target)s),
       SUM(t.total)
FROM (
  SELECT e.id, e.org_unit_id, COALESCE(SUM(l.jp), 0) AS total
  FROM people_employee e
  LEFT JOIN development_ledgerentry l
    ON l.employee_id = e.id AND l.occurred_on >= %(start)s AND l.occurred_on < %(end)s
  WHERE e.is_active {where}
  GROUP BY e.id
) t
GROUP BY t.org_unit_id
"""
BELOW_SQL = """
SELECT e.id, e.name, e.nip, p.title, u.name, COALESCE(SUM(l.jp), 0) AS total
FROM people_employee e
JOIN people_orgunit u ON u.id = e.org_unit_id
JOIN people_position p ON p.id = e.position_id
LEFT JOIN development_ledgerentry l
  ON l.employee_id = e.id AND l.occurred_on >= %(start)s AND l.occurred_on < %(end)s
WHERE e.is_active AND u.path LIKE %(path)s
GROUP BY e.id, u.id, p.id
HAVING COALESCE(SUM(l.jp), 0) < %(target)s
ORDER BY e.name, e.id
{limit}
"""


def hand(sql: str, params: dict):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


# --- measuring ----------------------------------------------------------------


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def compare(name: str, selector, sql, runs: int) -> dict:
    """Warm both up, then alternate them `runs` times; return medians and ratio."""
    selector_result, sql_result = selector(), sql()
    ours, theirs = [], []
    for _n in range(runs):
        ours.append(timed(selector))
        theirs.append(timed(sql))
    result = {
        "case": name,
        "selector_ms": round(statistics.median(ours) * 1000, 1),
        "sql_ms": round(statistics.median(theirs) * 1000, 1),
        "runs": runs,
    }
    result["ratio"] = round(result["selector_ms"] / result["sql_ms"], 2)
    log(
        f"{name}: selector {result['selector_ms']} ms, SQL {result['sql_ms']} ms, "
        f"ratio {result['ratio']}"
    )
    return result | {"check": (selector_result, sql_result)}


def fresh(user) -> None:
    """Forget the roles and scopes cached on the user, as a new request would."""
    user.__dict__.pop("_jenjang_roles", None)
    user.__dict__.pop("_jenjang_scope_cache", None)


def summary_case(user_id: int, year: int, where: str, params: dict):
    from jenjang.accounts.models import User
    from jenjang.development.selectors.compliance import (
        compliance_summary_visible_to,
        year_bounds,
    )

    user = User.objects.get(pk=user_id)

    def selector():
        fresh(user)
        summary = compliance_summary_visible_to(user=user, year=year)
        return summary.total.headcount, summary.total.compliant

    start, end = year_bounds(year)
    sql = hand(
        SUMMARY_SQL.format(where=where),
        params | {"start": start, "end": end, "target": 20},
    )

    def totals():
        rows = sql()
        return sum(r[1] for r in rows), sum(r[2] for r in rows)

    return selector, totals


def below_case(user_id: int, year: int, unit, *, page: bool):
    from jenjang.accounts.models import User
    from jenjang.core.pagination import keyset_page
    from jenjang.development.selectors.compliance import (
        below_target_rows,
        below_target_visible_to,
        year_bounds,
    )

    user = User.objects.get(pk=user_id)

    def selector():
        fresh(user)
        qs = below_target_visible_to(user=user, year=year, unit=unit)
        if page:
            return [
                e.pk
                for e in keyset_page(
                    qs, order=("name", "id"), cursor=None, size=50
                ).items
            ]
        return len(list(below_target_rows(qs)))

    start, end = year_bounds(year)
    sql = hand(
        BELOW_SQL.format(limit="LIMIT 51" if page else ""),
        {"start": start, "end": end, "target": 20, "path": f"{unit.path}%"},
    )

    def rows():
        found = sql()
        return [r[0] for r in found[:50]] if page else len(found)

    return selector, rows


def measure(runs: int, year: int) -> list[dict]:
    from jenjang.accounts.models import Role
    from jenjang.people.models import Employee

    agency = largest_agency()
    headcount = Employee.objects.filter(agency=agency, is_active=True).count()
    unit, unit_size = unit_of_about(5000)
    log(
        f"agency {agency.code} ({headcount:,} people); unit {unit.code} ({unit_size:,})"
    )
    hr_agency = bench_user(f"bench.hr.{agency.code}", Role.HR_ADMIN, agency=agency)
    hr_unit = bench_user(
        f"bench.hr.{unit.agency.code}", Role.HR_ADMIN, agency=unit.agency
    )
    superadmin = bench_user("bench.superadmin", Role.SUPERADMIN)
    cases = [
        (
            f"agency summary ({headcount:,} people)",
            *summary_case(
                hr_agency, year, "AND e.agency_id = %(agency)s", {"agency": agency.pk}
            ),
        ),
        (
            "national summary (all 1,000,000 people)",
            *summary_case(superadmin, year, "", {}),
        ),
        (
            f"below-target list, first page (unit of {unit_size:,})",
            *below_case(hr_unit, year, unit, page=True),
        ),
        (
            f"below-target list, all rows (unit of {unit_size:,})",
            *below_case(hr_unit, year, unit, page=False),
        ),
    ]
    results = []
    for name, selector, sql in cases:
        result = compare(name, selector, sql, runs)
        ours, theirs = result.pop("check")
        if ours != theirs:
            raise SystemExit(f"{name}: selector and SQL disagree: {ours} vs {theirs}")
        result["rows_checked"] = str(ours)[:80]
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument(
        "--work-mem",
        default="",
        help="SET work_mem for the measured session (both sides), e.g. 64MB",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="drop and rebuild the data"
    )
    parser.add_argument(
        "--drop", action="store_true", help="drop the database at the end"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", PG_URL)
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point to PostgreSQL")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    ensure_database(url, fresh=args.fresh)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    ensure_employees(args.employees)
    ensure_ledger(args.entries, seed=args.seed, today=today)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        if args.work_mem:
            cursor.execute("SELECT set_config('work_mem', %s, false)", [args.work_mem])
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    log(f"{version}; work_mem {work_mem}, shared_buffers {shared_buffers}")
    results = measure(args.runs, today.year)
    OUT.mkdir(exist_ok=True)
    with (OUT / "ledger_compliance.jsonl").open("a") as out:
        for result in results:
            line = result | {
                "employees": args.employees,
                "entries": args.entries,
                "year": today.year,
                "postgres": version,
                "work_mem": work_mem,
                "shared_buffers": shared_buffers,
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            out.write(json.dumps(line) + "\n")
    worst = max(r["ratio"] for r in results)
    log(f"worst ratio {worst} (limit 1.5)")
    if args.drop:
        drop_database(url)
    if worst > 1.5:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
