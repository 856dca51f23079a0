"""Benchmark public survey submission against a bare Django JSON endpoint.

Both are served by the same gunicorn set-up (same workers, same settings,
same middleware) on PostgreSQL, in the same run; the load comes from a second
process (a pool of client processes, one connection per request, as
gunicorn's sync workers close connections).

- submit: POST /api/surveys/public/bench-unit/responses with nine answers,
  a service, a profile and a fresh client UUID: what the public form's
  script sends, each from its own phone (User-Agent). The whole path runs:
  rate-limit count in the cache, validation, near-duplicate query, insert.
- bare: POST /bench/bare/ — a Django view that parses the same JSON body and
  answers {"status": "created"} (no database).
- bare_insert: POST /bench/bare-insert/ — a Django view that parses the body
  and inserts it as one Response row with no checks at all: the floor that
  storing a row costs on this database (one committed INSERT).

Steps:

1. DROP/CREATE DATABASE jenjang_bench_surveys, `jenjang migrate`;
2. a child process with Django set up creates one agency, one org unit and
   the service unit `bench-unit` with three services;
3. gunicorn (--workers W, sync) serves this module as its WSGI app: the
   project's URLs plus /bench/bare/ (the per-IP limit is lifted, as every
   request comes from 127.0.0.1; it is still counted);
4. the load process runs C concurrent clients for --seconds against bare,
   then bare_insert, then submit, alternating for --rounds; it reports
   requests/second and latency; finally the rows stored are checked against
   the 201 answers (every submission stored exactly once).

    PostgreSQL at 127.0.0.1:5432 (user postgres); DATABASE_URL is not needed.
    .venv/bin/python benchmarks/surveys_submit.py [--workers 2] [--clients 4]
        [--seconds 10] [--rounds 2] [--keep]

Results (JSON lines) go to benchmarks/out/surveys_submit.jsonl.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_surveys"
BIN = Path(sys.executable).parent
PORT = 8771
PATHS = {
    "bare": "/bench/bare/",
    "bare_insert": "/bench/bare-insert/",
    "submit": "/api/surveys/public/bench-unit/responses",
}
KINDS = ("bare", "bare_insert", "submit")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def child_env(url: str) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    env["DEBUG"] = "0"
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env["JENJANG_SECURE_COOKIES"] = "0"
    env["DJANGO_SETTINGS_MODULE"] = "jenjang.settings"
    env["PYTHONPATH"] = str(ROOT)
    return env


# --- the WSGI app gunicorn serves: the project plus one bare endpoint -------------


def _bare(request):
    from django.http import JsonResponse

    json.loads(request.body or b"{}")
    return JsonResponse({"status": "created"}, status=201)


def _bare_insert(request):
    from django.http import JsonResponse
    from django.utils import timezone

    from jenjang.surveys.models import ANSWER_FIELDS, Response

    body = json.loads(request.body or b"{}")
    row = Response.objects.create(
        service_unit_id=body["unit_id"],
        service_id=body["service"],
        channel="online",
        client_uuid=body["client_uuid"],
        submitted_at=timezone.now(),
        **{f: body[f] for f in ANSWER_FIELDS},
    )
    return JsonResponse(
        {"status": "created", "client_uuid": str(row.client_uuid)}, status=201
    )


def _wsgi():
    import types

    import django
    from django.conf import settings
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    django.setup()
    settings.JENJANG_SURVEY_RATE_LIMIT = 10**9
    settings.ROOT_URLCONF = "benchmarks.surveys_submit_urls"
    module = types.ModuleType("benchmarks.surveys_submit_urls")
    module.urlpatterns = [
        path("bench/bare/", csrf_exempt(_bare)),
        path("bench/bare-insert/", csrf_exempt(_bare_insert)),
        path("", include("jenjang.urls")),
    ]
    sys.modules[module.__name__] = module
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


if os.environ.get("JENJANG_BENCH_WSGI") == "1":
    application = _wsgi()


# --- set-up (child with Django) ---------------------------------------------------


def setup_data() -> None:
    import django

    django.setup()
    from jenjang.people.tests.factories import AgencyFactory, make_unit
    from jenjang.surveys.models import Service, ServiceUnit

    agency = AgencyFactory(code="9998", name="Instansi Benchmark Survei")
    org_unit = make_unit("Unit Benchmark Survei", agency=agency, code="BENCH-SKM")
    unit = ServiceUnit.objects.create(
        org_unit=org_unit, code="bench-unit", name="Loket Benchmark"
    )
    for name in ("KTP-el", "Kartu Keluarga", "Akta kelahiran"):
        Service.objects.create(service_unit=unit, name=name)
    ids = list(unit.services.values_list("pk", flat=True))
    (OUT / "surveys_services.json").write_text(
        json.dumps({"unit": unit.pk, "services": ids})
    )


def count_rows() -> None:
    import django

    django.setup()
    from jenjang.surveys.models import Response

    print(Response.objects.count())


# --- load (second process) --------------------------------------------------------


def _body(rng: random.Random, services: dict) -> str:
    body = {f"u{i}": rng.randint(1, 4) for i in range(1, 10)}
    body["unit_id"] = services["unit"]
    body.update(
        service=rng.choice(services["services"]),
        client_uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        age_band=rng.choice(["20-29", "30-39", "40-49", ""]),
        sex=rng.choice(["L", "P", ""]),
        suggestion=rng.choice(["", "", "Antrean lama.", "Petugas ramah."]),
    )
    return json.dumps(body)


def _client(args) -> tuple[int, list[float], int]:
    path, services, seconds, seed = args
    rng = random.Random(seed)
    done, errors, latencies = 0, 0, []
    end = time.monotonic() + seconds
    headers = {"Content-Type": "application/json", "Host": "127.0.0.1"}
    while time.monotonic() < end:
        body = _body(rng, services)
        # Many phones, not one: every request comes from 127.0.0.1, so the
        # browser is what tells senders apart for the near-duplicate check.
        headers["User-Agent"] = f"bench-phone-{rng.randrange(10**6)}"
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status == 201:
                done += 1
                latencies.append((time.perf_counter() - start) * 1000)
            else:
                errors += 1
        except OSError:
            errors += 1
        finally:
            conn.close()
    return done, latencies, errors


def run_load(kind: str, services: dict, n: int, seconds: float, seed: int) -> dict:
    path = PATHS[kind]
    jobs = [(path, services, seconds, seed * 100 + i) for i in range(n)]
    with mp.Pool(n) as pool:
        results = pool.map(_client, jobs)
    total = sum(r[0] for r in results)
    errors = sum(r[2] for r in results)
    latencies = sorted(x for r in results for x in r[1])
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else None
    return {
        "kind": kind,
        "requests": total,
        "errors": errors,
        "rps": round(total / seconds, 1),
        "median_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p95_ms": round(p95, 2) if p95 else None,
    }


def _seed(round_no: int, kind: str) -> int:
    # Each run draws its own client UUIDs: a UUID seen before is a duplicate.
    return 10 * (round_no + 1) + KINDS.index(kind)


def _admin(url: str):
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(
        parts._replace(path="/postgres").geturl(), autocommit=True
    ), parts.path.lstrip("/")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = child_env(PG_URL)
    conn, name = _admin(PG_URL)
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
    log("migrate")
    subprocess.run(
        [sys.executable, "-m", "jenjang", "migrate", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    log("set-up: one service unit")
    subprocess.run([sys.executable, __file__, "--setup"], env=env, cwd=ROOT, check=True)
    services = json.loads((OUT / "surveys_services.json").read_text())
    genv = {**env, "JENJANG_BENCH_WSGI": "1"}
    log(f"gunicorn: {args.workers} sync workers")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "benchmarks.surveys_submit:application",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=genv,
        cwd=ROOT,
    )
    try:
        time.sleep(5)
        created = 0  # rows the inserting endpoints answered 201 for
        for warm in KINDS:
            done = run_load(
                warm, services, args.clients, 2, seed=1 + KINDS.index(warm)
            )["requests"]
            created += done if warm != "bare" else 0
        results = []
        for round_no in range(args.rounds):
            for kind in KINDS:
                r = run_load(
                    kind,
                    services,
                    args.clients,
                    args.seconds,
                    seed=_seed(round_no, kind),
                )
                r.update(round=round_no + 1, workers=args.workers, clients=args.clients)
                if kind != "bare":
                    created += r["requests"]
                results.append(r)
                log(json.dumps(r))
        stored = int(
            subprocess.run(
                [sys.executable, __file__, "--count"],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        )
        rps = {
            kind: statistics.median(r["rps"] for r in results if r["kind"] == kind)
            for kind in KINDS
        }
        summary = {
            "kind": "summary",
            **{f"{kind}_rps": value for kind, value in rps.items()},
            "ratio_to_bare": round(rps["submit"] / rps["bare"], 3),
            "ratio_to_bare_insert": round(rps["submit"] / rps["bare_insert"], 3),
            "answered_201": created,
            "rows_stored": stored,
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        log(json.dumps(summary))
        with open(OUT / "surveys_submit.jsonl", "a") as f:
            for r in [*results, summary]:
                f.write(json.dumps(r) + "\n")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"--setup", "--count"}:
        sys.path.insert(0, str(ROOT))
        setup_data() if sys.argv[1] == "--setup" else count_rows()
    else:
        main()
