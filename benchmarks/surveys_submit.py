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
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid

import _http_load as hl

ROOT = hl.ROOT
OUT = hl.OUT
PG_URL = hl.pg_url("jenjang_bench_surveys")
PORT = 8771
PATHS = {
    "bare": "/bench/bare/",
    "bare_insert": "/bench/bare-insert/",
    "submit": "/api/surveys/public/bench-unit/responses",
}
KINDS = ("bare", "bare_insert", "submit")
SERVICES: dict = {}  # unit and services, read by the forked load processes


# --- the WSGI app gunicorn serves: the project plus the bare endpoints ------------


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
    application = hl.bench_wsgi(
        "benchmarks.surveys_submit",
        [("bench/bare/", _bare), ("bench/bare-insert/", _bare_insert)],
    )
    from django.conf import settings

    # Every request comes from 127.0.0.1: the per-IP limit is lifted (still
    # counted).
    settings.JENJANG_SURVEY_RATE_LIMIT = 10**9
    return application


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


def _make_request(kind: str):
    def make(rng: random.Random, _index: int):
        # Many phones, not one: every request comes from 127.0.0.1, so the
        # browser is what tells senders apart for the near-duplicate check.
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"bench-phone-{rng.randrange(10**6)}",
        }
        return "POST", PATHS[kind], _body(rng, SERVICES), headers

    return make


def bare_request(rng, index):
    return _make_request("bare")(rng, index)


def bare_insert_request(rng, index):
    return _make_request("bare_insert")(rng, index)


def submit_request(rng, index):
    return _make_request("submit")(rng, index)


MAKERS = {
    "bare": bare_request,
    "bare_insert": bare_insert_request,
    "submit": submit_request,
}


def run_load(kind: str, n: int, seconds: float, seed: int) -> dict:
    result = hl.closed_loop(
        port=PORT,
        make_request=MAKERS[kind],
        ok=(201,),
        clients=n,
        seconds=seconds,
        seed=seed,
    )
    result.pop("max_ms")
    return {"kind": kind, **result}


def _seed(round_no: int, kind: str) -> int:
    # Each run draws its own client UUIDs: a UUID seen before is a duplicate.
    return 10 * (round_no + 1) + KINDS.index(kind)


def measure(args, env: dict) -> None:
    """Warm up, run the rounds, check the rows stored; JSON lines out."""
    created = 0  # rows the inserting endpoints answered 201 for
    for warm in KINDS:
        done = run_load(warm, args.clients, 2, seed=1 + KINDS.index(warm))["requests"]
        created += done if warm != "bare" else 0
    results = []
    for round_no in range(args.rounds):
        for kind in KINDS:
            r = run_load(kind, args.clients, args.seconds, _seed(round_no, kind))
            r.update(round=round_no + 1, workers=args.workers, clients=args.clients)
            if kind != "bare":
                created += r["requests"]
            results.append(r)
            hl.log(json.dumps(r))
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
    hl.log(json.dumps(summary))
    hl.append_jsonl(OUT / "surveys_submit.jsonl", [*results, summary])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = hl.bench_env(PG_URL)
    hl.recreate_database(PG_URL)
    hl.log("migrate")
    hl.migrate(env)
    hl.log("set-up: one service unit")
    subprocess.run([sys.executable, __file__, "--setup"], env=env, cwd=ROOT, check=True)
    SERVICES.update(json.loads((OUT / "surveys_services.json").read_text()))
    server = hl.Gunicorn(
        "benchmarks.surveys_submit:application",
        workers=args.workers,
        port=PORT,
        env=env,
        ready="/healthz",
    )
    try:
        with server:
            measure(args, env)
    finally:
        if not args.keep:
            hl.drop_database(PG_URL)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"--setup", "--count"}:
        setup_data() if sys.argv[1] == "--setup" else count_rows()
    else:
        main()
