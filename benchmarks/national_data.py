"""Benchmark `jenjang demo --employees N`: every area's national-shape data on PostgreSQL.

Steps, each in its own subprocess with DATABASE_URL set:

1. `DROP DATABASE … WITH (FORCE)` / `CREATE DATABASE` through the `postgres`
   database, then `jenjang migrate`;
2. `jenjang demo --employees N` (people, competencies, JP ledger, training,
   e-learning, mentoring, events, SKP, surveys), timed; its peak resident
   memory is the child's `ru_maxrss`;
3. row counts and on-disk sizes (tables with their indexes) of the biggest
   tables.

    .venv/bin/python benchmarks/national_data.py --employees 100000 [--keep]

Results (JSON lines) go to benchmarks/out/national_data.jsonl. The database
(`jenjang_bench_national` unless --url says otherwise) is dropped at the end
unless --keep.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_national"
TABLES = (
    "people_employee",
    "people_orgunit",
    "competencies_assessment",
    "development_ledgerentry",
    "training_enrolment",
    "elearning_enrolment",
    "elearning_lessonprogress",
    "mentoring_relationship",
    "events_registration",
    "performance_skp",
    "performance_evaluation",
    "surveys_response",
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def child_env(url: str) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    env["DEBUG"] = "0"
    env["PYTHONPATH"] = str(ROOT)
    return env


def _admin(url: str):
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), parts.path.lstrip("/")


def recreate(url: str) -> None:
    conn, name = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop(url: str) -> None:
    conn, name = _admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def jenjang(url: str, *args: str, capture: bool = False):
    command = [sys.executable, "-m", "jenjang", *args]
    return subprocess.run(
        command,
        env=child_env(url),
        cwd=ROOT,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )


def sizes(url: str) -> dict:
    import psycopg

    out = {}
    with psycopg.connect(url) as conn:
        for table in TABLES:
            rows = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            size = conn.execute(
                "SELECT pg_total_relation_size(%s)", (table,)
            ).fetchone()[0]
            out[table] = {"rows": rows, "mb": round(size / 2**20)}
        db = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        out["database_mb"] = round(db / 2**20)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--url", default=URL)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log(f"recreate and migrate {urlparse(args.url).path.lstrip('/')}")
    recreate(args.url)
    jenjang(args.url, "migrate", "--no-input", "-v", "0")
    log(f"jenjang demo --employees {args.employees}")
    started = time.monotonic()
    done = jenjang(args.url, "demo", "--employees", str(args.employees), capture=True)
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    steps = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"\[([\w-]+)\] ([\d.]+) s", done.stdout)
    }
    result = {
        "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "employees": args.employees,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb),
        "steps": steps,
        "tables": sizes(args.url),
        "load": os.getloadavg(),
    }
    with (OUT / "national_data.jsonl").open("a") as f:
        f.write(json.dumps(result) + "\n")
    print(json.dumps(result, indent=1))
    if not args.keep:
        drop(args.url)


if __name__ == "__main__":
    main()
