"""Time the main list, search and dashboard pages on national data, with plans.

On a database built by `benchmarks/national_data.py --keep` (or `jenjang demo
--employees N`), signed in as the superadmin (everything) and as the HR admin
of the largest agency (agency scope), each page is requested --runs times
through Django's test client (median and p95), and the slowest queries of
each page get EXPLAIN (ANALYZE, BUFFERS).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_bench_national \\
      .venv/bin/python benchmarks/national_explain.py [--runs 10]

Timings go to benchmarks/out/national_explain.jsonl, the plans to
benchmarks/out/national_explain.txt.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def setup() -> None:
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["JENJANG_SECURE_COOKIES"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def users():
    from django.db.models import Count

    from jenjang.accounts.models import Role, RoleGrant, User
    from jenjang.people.models import Agency

    agency = (
        Agency.objects.filter(code__startswith="BM-")
        .annotate(n=Count("employees"))
        .order_by("-n")
        .first()
    )
    made = {}
    for name, grant in (
        ("bench.super", {"role": Role.SUPERADMIN}),
        ("bench.hr", {"role": Role.HR_ADMIN, "agency": agency}),
    ):
        user, _ = User.objects.get_or_create(username=name, defaults={"is_staff": True})
        RoleGrant.objects.get_or_create(user=user, **grant)
        made[name] = user
    return made, agency


def client_for(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user, backend="jenjang.accounts.backends.NipOrUsernameBackend")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages() -> list[str]:
    from jenjang.dashboards.selectors import sections

    keys = [s.key for s in sections()]
    return [
        "/people/employees/",
        "/people/employees/?q=wati",
        "/dashboards/",
        *[f"/dashboards/section/{k}/" for k in keys],
        "/development/compliance/",
        "/development/compliance/summary/",
    ]


def measure(client, url: str, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return response.status_code, times, list(queries.captured_queries)


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    setup()
    OUT.mkdir(parents=True, exist_ok=True)
    made, agency = users()
    plans = []
    for name, user in made.items():
        client = client_for(user)
        for url in pages():
            status, times, queries = measure(client, url, args.runs)
            slow = sorted(queries, key=lambda q: -float(q["time"]))[:2]
            result = {
                "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "user": name,
                "url": url,
                "status": status,
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                "queries": len(queries),
                "slowest_query_ms": round(float(slow[0]["time"]) * 1000, 1)
                if slow
                else 0,
                "load": os.getloadavg(),
            }
            print(json.dumps(result), flush=True)
            with (OUT / "national_explain.jsonl").open("a") as f:
                f.write(json.dumps(result) + "\n")
            for q in slow:
                if q["sql"].lstrip().upper().startswith("SELECT"):
                    plans.append(f"-- {name} {url}\n{q['sql']}\n{explain(q['sql'])}\n")
    (OUT / "national_explain.txt").write_text("\n".join(plans))
    print(f"agency: {agency.code} ({agency.employees.count()} employees)")


if __name__ == "__main__":
    main()
