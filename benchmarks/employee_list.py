"""Benchmark the employee list, search and pagination at 1,000,000 employees, on PostgreSQL.

Steps (each in its own subprocess, with DATABASE_URL set):

1. `DROP DATABASE … WITH (FORCE)` / `CREATE DATABASE jenjang_bench_list`
   through the `postgres` database, then `jenjang migrate`;
2. `jenjang demo --employees 1000000 --with-logins` (national shape, about
   3–4 minutes; creates the `superadmin` and `admin.bkpsdm` logins);
3. a child with Django set up against that database times, through the real
   selectors and pages, signed in as the superadmin (all 1,000,000) and as
   the HR admin of one agency (`admin.bkpsdm`, agency scope):

   - `employee_list_visible_to` + `keyset_page(order=("name", "id"), size=50)`:
     the first page, and the page after 200 pages of following the cursor;
   - search by a common name fragment ("wati"), a rare one and one that
     matches nobody, and by NIP prefix (the first 8 digits of a real NIP);
   - filter by a unit subtree of several thousand people and by rank
     (a common and the rarest rank);
   - the whole HTTP pages with Django's test Client: GET /people/employees/
     (signed in with a verified second factor, as conftest.sign_in does) and
     GET /api/employees?size=50 (API token);

   each the median and p95 of --runs runs (default 20) after 2 warm-up runs;
   plus EXPLAIN (ANALYZE, BUFFERS) of the key queries.

    .venv/bin/python benchmarks/employee_list.py [--employees N] [--runs 20]
        [--reuse] [--keep]

--reuse measures an existing jenjang_bench_list database (skips steps 1–2);
--keep leaves the database in place at the end (otherwise it is dropped).
Results (JSON lines) go to benchmarks/out/employee_list.jsonl, the EXPLAIN
output to benchmarks/out/employee_list_explain.txt.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_list"
JENJANG = ROOT / ".venv" / "bin" / "jenjang"
WARMUP = 2
DEEP_PAGES = 200
PAGE = 50
TARGET_P95_MS = 200.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def child_env(url: str) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    env["DEBUG"] = "0"  # no query log, production templates
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env["JENJANG_SECURE_COOKIES"] = "0"
    env["DJANGO_SETTINGS_MODULE"] = "jenjang.settings"
    return env


# --- database (parent) -------------------------------------------------------


def _admin(url: str):
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def recreate_database(url: str) -> None:
    conn, name = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    conn, name = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(command: list[str], url: str) -> float:
    log("$ " + " ".join(command))
    started = time.perf_counter()
    subprocess.run(command, env=child_env(url), cwd=ROOT, check=True)
    return time.perf_counter() - started


# --- measuring (child) ---------------------------------------------------------


def timed(fn, runs: int) -> dict:
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples) + 0.5)) - 1)]
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "min_ms": round(samples[0], 2),
        "max_ms": round(samples[-1], 2),
        "runs": runs,
    }


def pick_unit(user, low: int, high: int):
    """A unit in the user's scope (below the top) whose subtree holds low–high people."""
    from django.db import connection

    from jenjang.people import selectors

    visible = selectors.org_unit_list_visible_to(user=user).values("pk")
    sql, params = visible.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH per_unit AS (
                SELECT org_unit_id, count(*) AS n FROM people_employee
                WHERE is_active GROUP BY org_unit_id
            )
            SELECT u.id, sum(p.n) AS total
            FROM people_orgunit u
            JOIN people_orgunit d ON d.agency_id = u.agency_id
                AND d.path LIKE u.path || '%%'
            JOIN per_unit p ON p.org_unit_id = d.id
            WHERE u.depth > 1 AND u.id IN ({sql})
            GROUP BY u.id
            HAVING sum(p.n) BETWEEN %s AND %s
            ORDER BY sum(p.n) DESC, u.id LIMIT 1
            """,
            [*params, low, high],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    from jenjang.people.models import OrgUnit

    return OrgUnit.objects.get(pk=row[0]), int(row[1])


def largest_agency_hr_admin():
    """A fresh user holding the HR admin role over the agency with most people."""
    from django.db.models import Count

    from jenjang.accounts.models import Role, User
    from jenjang.accounts.services import role_grant_create
    from jenjang.people.models import Agency

    agency = Agency.objects.annotate(n=Count("employees")).order_by("-n", "id").first()
    user, created = User.objects.get_or_create(username="bench.hr_admin")
    if created:
        role_grant_create(
            user=user,
            role=Role.HR_ADMIN,
            agency=agency,
            by=User.objects.get(username="superadmin"),
        )
    return user


def child_measure(runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jenjang.accounts.models import ApiToken, User
    from jenjang.core.pagination import keyset_page
    from jenjang.people import selectors
    from jenjang.people.models import Employee, Rank

    # Not setup_test_environment(): it instruments every template render.
    results = []
    explains = []
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM people_employee")
        total = cursor.fetchone()[0]
    log(f"{total:,} employees")

    def page_of(user, cursor=None, **filters):
        qs = selectors.employee_list_visible_to(user=user, **filters)
        return keyset_page(qs, order=("name", "id"), cursor=cursor, size=PAGE)

    def explain(label, qs):
        text = qs.order_by("name", "id")[: PAGE + 1].explain(analyze=True, buffers=True)
        explains.append((label, text))

    def explain_count(label, qs):
        # the list page's capped count: SELECT count(*) FROM (… LIMIT 1001)
        text = qs.values("pk")[:1001].explain(analyze=True, buffers=True)
        explains.append((label, text))

    def record(who, operation, fn, **extra):
        stats = timed(fn, runs)
        row = {"user": who, "operation": operation, **stats, **extra}
        results.append(row)
        flag = "" if stats["p95_ms"] < TARGET_P95_MS else "  <-- over target"
        log(
            f"{who:<12} {operation:<44} median {stats['median_ms']:>8.1f} ms"
            f"  p95 {stats['p95_ms']:>8.1f} ms{flag}"
        )

    ranks = dict(
        Employee.objects.filter(is_active=True)
        .values_list("rank_id")
        .annotate(n=Count("id"))
        .values_list("rank_id", "n")
    )
    ranks.pop(None, None)
    common_rank = Rank.objects.get(pk=max(ranks, key=ranks.get))
    rare_rank = Rank.objects.get(pk=min(ranks, key=ranks.get))

    def measure(user, who: str) -> None:
        visible = selectors.employee_list_visible_to(user=user)
        in_scope = visible.count()
        log(f"{who} ({user.username}): {in_scope:,} employees in scope")

        # a. first page and a deep page
        record(who, "first page", lambda: page_of(user), in_scope=in_scope)
        cursor = None
        for _ in range(DEEP_PAGES):
            cursor = page_of(user, cursor).next_cursor
        record(
            who, f"page {DEEP_PAGES + 1} (from cursor)", lambda: page_of(user, cursor)
        )

        # b. search
        sample = visible.order_by("id")[in_scope // 2]
        name_words = [w for w in sample.name.split(",")[0].split() if len(w) >= 4]
        rare = name_words[-1] if name_words else sample.name[:6]
        for label, term in (
            ("search name 'wati'", "wati"),
            (f"search name '{rare}' (rare)", rare),
            ("search name 'xqzv' (no match)", "xqzv"),
            (f"search NIP prefix '{sample.nip[:8]}'", sample.nip[:8]),
        ):
            matches = selectors.employee_list_visible_to(user=user, search=term).count()
            record(
                who,
                label,
                lambda term=term: page_of(user, search=term),
                matches=matches,
            )

        # c. filters
        found = pick_unit(user, 3000, 10000)
        if found:
            unit, size = found
            record(
                who,
                f"filter unit subtree ({size:,} people)",
                lambda: page_of(user, unit=unit),
                unit=unit.code,
            )
        for label, rank in (("common", common_rank), ("rarest", rare_rank)):
            record(
                who,
                f"filter rank {rank} ({label}, {ranks[rank.pk]:,})",
                lambda rank=rank: page_of(user, rank_id=rank.pk),
            )

        # d. the whole HTTP pages
        client = Client()
        client.force_login(
            user, backend="jenjang.accounts.backends.NipOrUsernameBackend"
        )
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        raw = ApiToken.new_raw_key()
        ApiToken.objects.create(
            user=user, name="bench", key_hash=ApiToken.hash_key(raw), hint=raw[:8]
        )
        api = Client(headers={"Authorization": f"Bearer {raw}"})

        def get(c, url):
            response = c.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        for label, c, url in (
            ("GET /people/employees/", client, "/people/employees/"),
            ("GET /people/employees/?q=wati", client, "/people/employees/?q=wati"),
            (
                f"GET /people/employees/?q={rare}",
                client,
                f"/people/employees/?q={rare}",
            ),
            ("GET /api/employees?size=50", api, "/api/employees?size=50"),
            ("GET /api/employees?q=wati&size=50", api, "/api/employees?q=wati&size=50"),
        ):
            record(who, label, lambda c=c, url=url: get(c, url))

        # EXPLAIN of the key queries
        explain(f"{who}: first page", visible)
        explain(
            f"{who}: search 'wati'",
            selectors.employee_list_visible_to(user=user, search="wati"),
        )
        explain(
            f"{who}: search '{rare}' (rare)",
            selectors.employee_list_visible_to(user=user, search=rare),
        )
        explain(
            f"{who}: search 'xqzv' (no match)",
            selectors.employee_list_visible_to(user=user, search="xqzv"),
        )
        explain_count(
            f"{who}: page count (capped at 1001) for 'xqzv' (no match)",
            selectors.employee_list_visible_to(user=user, search="xqzv"),
        )
        explain(
            f"{who}: rank {rare_rank} (rarest)",
            selectors.employee_list_visible_to(user=user, rank_id=rare_rank.pk),
        )

    measure(User.objects.get(username="superadmin"), "superadmin")
    measure(largest_agency_hr_admin(), "hr_admin")

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    print(
        "RESULT "
        + json.dumps(
            {
                "employees": total,
                "postgres": version,
                "results": results,
                "explains": explains,
            }
        ),
        flush=True,
    )


# --- main ----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="skip create and load")
    parser.add_argument("--keep", action="store_true", help="do not drop at the end")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_measure(args.runs)
        return

    url = os.environ.get("DATABASE_URL", PG_URL)
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point to PostgreSQL")
    OUT.mkdir(parents=True, exist_ok=True)
    load_seconds = None
    try:
        if not args.reuse:
            log(f"recreating {urlparse(url).path.lstrip('/')}")
            recreate_database(url)
            run([str(JENJANG), "migrate", "-v0"], url)
            load_seconds = run(
                [
                    str(JENJANG),
                    "demo",
                    "--employees",
                    str(args.employees),
                    "--with-logins",
                ],
                url,
            )
            log(f"demo data built in {load_seconds:.0f} s")
        command = [sys.executable, __file__, "--child", "--runs", str(args.runs)]
        log("measuring")
        proc = subprocess.run(
            command,
            env=child_env(url),
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        payload = None
        for line in proc.stdout.splitlines():
            if line.startswith("RESULT "):
                payload = json.loads(line[len("RESULT ") :])
            else:
                print(line, flush=True)
        if payload is None:
            raise SystemExit("the measuring child printed no result")
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        with (OUT / "employee_list.jsonl").open("a", encoding="utf-8") as f:
            for row in payload["results"]:
                row = {
                    "at": stamp,
                    "employees": payload["employees"],
                    "load_seconds": load_seconds,
                    **row,
                }
                f.write(json.dumps(row) + "\n")
        with (OUT / "employee_list_explain.txt").open("w", encoding="utf-8") as f:
            f.write(f"{payload['postgres']}\n\n")
            for label, text in payload["explains"]:
                f.write(f"=== {label}\n{text}\n\n")
        print()
        print("| user | operation | median ms | p95 ms |")
        print("| --- | --- | ---: | ---: |")
        for row in payload["results"]:
            print(
                f"| {row['user']} | {row['operation']} | {row['median_ms']:.1f} "
                f"| {row['p95_ms']:.1f} |"
            )
        print(f"\nEXPLAIN output: {OUT / 'employee_list_explain.txt'}")
    finally:
        if not args.keep:
            log("dropping the benchmark database")
            drop_database(url)


if __name__ == "__main__":
    main()
