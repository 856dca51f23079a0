"""HTTP request rate of two real pages against a bare Django JSON endpoint, and peak memory.

On a PostgreSQL database with national-shape data (`jenjang demo
--employees N`, built by benchmarks/national_data.py --keep), in one run,
served by the same gunicorn set-up (same sync workers, settings and
middleware), driven from a second process (a pool of client processes, one
connection per request, as gunicorn's sync workers close connections):

- api: GET /api/employees — the first page of the employee list API, as an
  HR admin of the largest agency calls it with a personal access token
  (`Authorization: Bearer jjg_…`): token check, role scope, keyset page of
  50 employees with their unit, position and rank;
- page: GET /elearning/ — the learner's home ("my courses": enrolments with
  progress, the catalogue, learning paths), each client a different
  signed-in employee (session cookie) who has courses in the demo data;
- bare: GET /bench/bare/ — a Django view answering a fixed JSON (no
  database), through the same middleware, anonymous: the framework's floor;
- bare_session: the same view with a learner's session cookie: the floor
  plus what every signed-in request pays (session, user, OTP device);
- api_miss, page_miss: the api and page requests with a query parameter
  never seen before, so the kept answer (jenjang.core.response_cache) is
  never used: what the first visit, or the first after a change, costs.

The server runs the production set-up: JENJANG_CACHE_URL points at Redis
(--cache, flushed first), so sessions, users, grants and kept answers are
shared by the workers. Each learner sends a session and a CSRF cookie, as a
browser does after signing in.

The four alternate for --rounds (bare, bare_session, api, page, bare, …) so that they
share the machine's noise; the ratio of each median rate to the bare one is
the figure (target: at least 0.40). During the run the peak resident memory
(VmHWM) of every gunicorn worker is read from /proc, and the load average
is sampled.

The database is ANALYZEd first (autovacuum has not yet run after a bulk
load). Then (unless --job-rows 0) the heaviest job that runs quickly: an employee
import of --job-rows rows through the import job, as the page starts it
(upload stored, validation task, confirm, write task), run by a real RQ
worker process (`jenjang rqworker default --job-class django_tasks_rq.Job
--burst`, the production set-up) against the same database and Redis
(--redis, db 13 by default, flushed before and after). Its peak memory is
the `ru_maxrss` of the worker and the work horses it forks, measured from a
child process that has no other children.

    .venv/bin/python benchmarks/national_data.py --employees 50000 \\
        --url postgres://postgres@127.0.0.1:5432/jenjang_bench_national --keep
    .venv/bin/python benchmarks/http_rate.py \\
        --url postgres://postgres@127.0.0.1:5432/jenjang_bench_national \\
        [--workers 2] [--clients 4] [--seconds 15] [--rounds 3] \\
        [--job-rows 100000] [--port 8781] [--drop]

The set-up adds to the database: one HR-admin user and token, --clients
learner users linked to existing employees, and (job) one agency
`HTTPRATE` with 73 units, 2,000 positions and the imported employees.
Results (JSON lines) go to benchmarks/out/http_rate.jsonl.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import _http_load as hl

ROOT = hl.ROOT
OUT = hl.OUT
TARGET_RATIO = 0.40
KINDS = ("bare", "bare_session", "api", "page", "api_miss", "page_miss")
PATHS = {
    "bare": "/bench/bare/",
    "bare_session": "/bench/bare/",
    "api": "/api/employees",
    "page": "/elearning/",
}
CACHE_DB = "redis://127.0.0.1:6379/12"
CLIENTS: dict = {}  # token and session cookies, read by the forked load processes
JOB_AGENCY = "HTTPRATE"


# --- the WSGI app gunicorn serves: the project plus the bare endpoint -------------

if os.environ.get("JENJANG_BENCH_WSGI") == "1":
    application = hl.bench_wsgi("benchmarks.http_rate", [("bench/bare/", hl.bare_json)])


# --- set-up (child with Django) ---------------------------------------------------


def setup_clients(learners: int, out: Path) -> None:
    """An HR admin with a token over the largest agency, and signed-in learners."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django.utils.crypto import get_random_string

    from jenjang.accounts.models import Role, RoleGrant, User
    from jenjang.accounts.services import api_token_create
    from jenjang.elearning.models import Enrolment
    from jenjang.people.models import Agency, Employee

    agency = (
        Agency.objects.annotate(n=Count("employees"))
        .exclude(code=JOB_AGENCY)
        .order_by("-n")
        .first()
    )
    admin, _created = User.objects.get_or_create(username="bench-http-hr")
    RoleGrant.objects.get_or_create(user=admin, role=Role.HR_ADMIN, agency=agency)
    admin.api_tokens.all().delete()
    _token, raw = api_token_create(user=admin, name="benchmark")
    # Learners: employees of that agency with at least two courses.
    with_courses = (
        Enrolment.objects.filter(employee__agency=agency)
        .values("employee")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .order_by("employee")
        .values_list("employee", flat=True)[:learners]
    )
    cookies, enrolments = [], []
    for i, employee in enumerate(Employee.objects.filter(pk__in=list(with_courses))):
        user = employee.user
        if user is None:
            user, _created = User.objects.get_or_create(
                username=f"bench-http-learner-{i}"
            )
            employee.user = user
            employee.save(update_fields=["user"])
        RoleGrant.objects.get_or_create(user=user, role=Role.EMPLOYEE)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "jenjang.accounts.backends.NipOrUsernameBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        # As a browser has it after signing in: the session and the CSRF cookie.
        csrf = get_random_string(32)
        cookies.append(f"sessionid={session.session_key}; csrftoken={csrf}")
        enrolments.append(employee.course_enrolments.count())
    if len(cookies) < learners:
        raise SystemExit(f"only {len(cookies)} learners with courses in {agency}")
    out.write_text(
        json.dumps(
            {
                "agency": agency.code,
                "agency_employees": agency.n,
                "employees": Employee.objects.count(),
                "token": raw,
                "cookies": cookies,
                "learner_enrolments": enrolments,
            }
        )
    )


# --- load (second process) --------------------------------------------------------


def bare_request(_rng, _index):
    return "GET", PATHS["bare"], None, {"Accept": "application/json"}


def bare_session_request(_rng, index):
    cookie = CLIENTS["cookies"][index % len(CLIENTS["cookies"])]
    return "GET", PATHS["bare"], None, {"Accept": "application/json", "Cookie": cookie}


def api_request(_rng, _index):
    headers = {
        "Accept": "application/json",
        "Authorization": f"Bearer {CLIENTS['token']}",
    }
    return "GET", PATHS["api"], None, headers


def page_request(_rng, index):
    cookie = CLIENTS["cookies"][index % len(CLIENTS["cookies"])]
    return "GET", PATHS["page"], None, {"Accept": "text/html", "Cookie": cookie}


def _missing(rng, path: str) -> str:
    """The path with a query parameter never seen before: a cache miss."""
    return f"{path}?n={rng.getrandbits(48) if rng else 0}"


def api_miss_request(rng, index):
    method, path, body, headers = api_request(rng, index)
    return method, _missing(rng, path), body, headers


def page_miss_request(rng, index):
    method, path, body, headers = page_request(rng, index)
    return method, _missing(rng, path), body, headers


MAKERS = {
    "bare": bare_request,
    "bare_session": bare_session_request,
    "api": api_request,
    "page": page_request,
    "api_miss": api_miss_request,
    "page_miss": page_miss_request,
}


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _status_kb(pid: int, *fields: str) -> dict:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    found = dict(line.split(":", 1) for line in lines if ":" in line)
    return {f: int(found[f].split()[0]) for f in fields if f in found}


class Sampler(threading.Thread):
    """Every second: load average, and the gunicorn workers' VmHWM."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master, self.stop = master, threading.Event()
        self.load: list[float] = []
        self.peak_kb: dict[int, int] = {}

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.load.append(os.getloadavg()[0])
            for pid in _children(self.master):
                hwm = _status_kb(pid, "VmHWM").get("VmHWM", 0)
                self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), hwm)


def run_load(kind: str, args, seed: int) -> dict:
    result = hl.closed_loop(
        port=args.port,
        make_request=MAKERS[kind],
        ok=(200,),
        clients=args.clients,
        seconds=args.seconds,
        seed=seed,
    )
    return {"kind": kind, **result}


def _get(port: int, maker, rng=None) -> tuple[int, bytes, str]:
    """One request from `maker`: the status, the body and the cache header."""
    import http.client

    method, path, _body, headers = maker(rng, 0)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        return response.status, response.read(), response.getheader(CACHE_HEADER)
    finally:
        conn.close()


CACHE_HEADER = "X-Jenjang-Cache"


def check_answers(port: int) -> dict:
    """Each kind looked at: right status and content, not a sign-in page; the
    warm kinds answered from the cache, the miss kinds not, with the same body."""
    import random

    rng = random.Random(3)
    status, body, _state = _get(port, api_request)
    assert status == 200, f"api answered {status}: {body[:300]!r}"
    items = json.loads(body)["items"]
    assert len(items) == 50, f"api page has {len(items)} items"
    status, html, _state = _get(port, page_request)
    assert status == 200, f"page answered {status}"
    assert b'name="password"' not in html, "page is the sign-in form"
    states = {}
    for kind, maker, first in (
        ("api", api_request, body),
        ("page", page_request, html),
        ("api_miss", api_miss_request, body),
        ("page_miss", page_miss_request, html),
    ):
        status, again, state = _get(port, maker, rng)
        assert status == 200, f"{kind} answered {status}"
        states[kind] = state
        if kind.startswith("api"):
            assert json.loads(again) == json.loads(first), f"{kind}: another answer"
    assert states == {
        "api": "hit",
        "page": "hit",
        "api_miss": "miss",
        "page_miss": "miss",
    }, states
    return {"api_items": len(items), "page_bytes": len(html), "cache": states}


def measure_http(args, env: dict) -> dict:
    server = hl.Gunicorn(
        "benchmarks.http_rate:application",
        workers=args.workers,
        port=args.port,
        env=env,
        ready="/healthz",
    )
    with server:
        checked = check_answers(args.port)
        hl.log(f"answers checked: {checked}")
        for kind in KINDS:  # warm-up: every worker loads templates, connects
            run_load(kind, args, seed=1)
        sampler = Sampler(server.process.pid)
        sampler.start()
        load_before = os.getloadavg()
        results = []
        for round_no in range(args.rounds):
            for kind in KINDS:
                r = run_load(kind, args, seed=10 * round_no + KINDS.index(kind))
                r.update(round=round_no + 1, workers=args.workers, clients=args.clients)
                results.append(r)
                hl.log(json.dumps(r))
        sampler.stop.set()
        sampler.join()
        workers_kb = {
            pid: _status_kb(pid, "VmHWM", "VmRSS")
            for pid in _children(server.process.pid)
        }
        master_kb = _status_kb(server.process.pid, "VmHWM")
    rps = {
        kind: statistics.median(r["rps"] for r in results if r["kind"] == kind)
        for kind in KINDS
    }
    peak = max(
        [*sampler.peak_kb.values(), *(w.get("VmHWM", 0) for w in workers_kb.values())]
    )
    summary = {
        "kind": "summary",
        **{f"{kind}_rps": value for kind, value in rps.items()},
        "api_ratio": round(rps["api"] / rps["bare"], 3),
        "page_ratio": round(rps["page"] / rps["bare"], 3),
        "api_miss_ratio": round(rps["api_miss"] / rps["bare"], 3),
        "page_miss_ratio": round(rps["page_miss"] / rps["bare"], 3),
        "api_ratio_to_bare_session": round(rps["api"] / rps["bare_session"], 3),
        "page_ratio_to_bare_session": round(rps["page"] / rps["bare_session"], 3),
        "target_ratio": TARGET_RATIO,
        "api_ok": rps["api"] / rps["bare"] >= TARGET_RATIO,
        "page_ok": rps["page"] / rps["bare"] >= TARGET_RATIO,
        "web_worker_peak_rss_mb": round(peak / 1024, 1),
        "web_workers_rss_end_mb": [
            round(w.get("VmRSS", 0) / 1024, 1) for w in workers_kb.values()
        ],
        "gunicorn_master_peak_rss_mb": round(master_kb.get("VmHWM", 0) / 1024, 1),
        "load_1min": {
            "before": round(load_before[0], 2),
            "min": round(min(sampler.load, default=0), 2),
            "median": round(statistics.median(sampler.load or [0]), 2),
            "max": round(max(sampler.load, default=0), 2),
        },
        **checked,
    }
    hl.log(json.dumps(summary))
    return {"results": results, "summary": summary}


# --- the heaviest job on a real worker ---------------------------------------------


def job_env(env: dict, redis: str) -> dict:
    return {
        **env,
        "JENJANG_TASKS": "rq",
        "REDIS_URL": redis,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def _burst(env: dict) -> float:
    command = [sys.executable, "-m", "jenjang", "rqworker", "default"]
    command += ["--job-class", "django_tasks_rq.Job", "--worker-class", "rq.Worker"]
    began = time.perf_counter()
    subprocess.run(
        [*command, "--burst"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - began


def child_job(rows: int, out: Path) -> None:
    """Set up the agency, upload, validate and write through RQ workers.

    Run as its own process: its only children are the two worker runs, so
    RUSAGE_CHILDREN's ru_maxrss is the peak of a worker (or its work horse).
    """
    import django

    django.setup()
    import import_employees as ie
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jenjang.accounts.models import Role, RoleGrant, User
    from jenjang.people.imports.services import import_job_confirm, import_job_create
    from jenjang.people.models import Agency, Employee, ImportJob, OrgUnit, Position

    agency, created = Agency.objects.get_or_create(
        code=JOB_AGENCY,
        defaults={"name": "Instansi Uji Impor", "kind": Agency.Kind.CENTRAL},
    )
    if created:
        root = OrgUnit.objects.add_root(
            dict(agency=agency, code="HR-ROOT", name="Instansi Uji Impor")
        )
        units = []
        for d in range(ie.UNITS[0]):
            dept = OrgUnit.objects.add_child(
                OrgUnit.objects.get(pk=root.pk),
                dict(agency=agency, code=f"HR-{d:02d}", name=f"Dinas {d}"),
            )
            units.append(dept)
            for s in range(ie.UNITS[1]):
                units.append(
                    OrgUnit.objects.add_child(
                        OrgUnit.objects.get(pk=dept.pk),
                        dict(
                            agency=agency,
                            code=f"HR-{d:02d}-{s}",
                            name=f"Bidang {d}.{s}",
                        ),
                    )
                )
        Position.objects.bulk_create(
            Position(
                agency=agency,
                org_unit=units[p % len(units)],
                code=f"P{p:05d}",
                title=f"Jabatan Pelaksana {p}",
                kind=Position.Kind.PELAKSANA,
            )
            for p in range(ie.POSITIONS)
        )
    admin, _created = User.objects.get_or_create(username="bench-http-super")
    RoleGrant.objects.get_or_create(user=admin, role=Role.SUPERADMIN)
    path = OUT / "http_rate_import.csv"
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(ie.HEADER)
        for i in range(rows):
            row = ie.employee_row(i)
            # NIP sequence 900+ and NIK 3299…: no clash with the demo's people.
            row[0] = f"{row[0][:-3]}{900 + int(row[0][-3:]):03d}"
            row[17] = f"3299{i:012d}"
            writer.writerow(row)
    before = Employee.objects.count()
    env = dict(os.environ)
    job = import_job_create(
        by=admin,
        agency=agency,
        upload=SimpleUploadedFile("pegawai.csv", path.read_bytes()),
    )
    validate_s = _burst(env)
    job.refresh_from_db()
    mode = ImportJob.Mode.ALL if job.invalid_rows == 0 else ImportJob.Mode.VALID_ONLY
    validated = {
        "status": job.status,
        "rows": job.total_rows,
        "invalid": job.invalid_rows,
    }
    import_job_confirm(job=job, by=admin, mode=mode)
    write_s = _burst(env)
    job.refresh_from_db()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    path.unlink()
    out.write_text(
        json.dumps(
            {
                "kind": "job",
                "job": "employee import",
                "rows": rows,
                "validated": validated,
                "mode": mode,
                "status": job.status,
                "created": Employee.objects.count() - before,
                "validate_s": round(validate_s, 1),
                "write_s": round(write_s, 1),
                "worker_peak_rss_mb": round(peak, 1),
                "load_1min_end": round(os.getloadavg()[0], 2),
            }
        )
    )


def measure_job(args, env: dict) -> dict:
    import redis as redis_lib

    client = redis_lib.Redis.from_url(args.redis)
    client.flushdb()
    out = OUT / "http_rate_job.json"
    hl.log(f"import job of {args.job_rows} employees on an RQ worker")
    try:
        subprocess.run(
            [sys.executable, __file__, "--job", str(args.job_rows), str(out)],
            env=job_env(env, args.redis),
            cwd=ROOT,
            check=True,
        )
    finally:
        client.flushdb()
    result = json.loads(out.read_text())
    hl.log(json.dumps(result))
    return result


def analyze(url: str) -> None:
    """Planner statistics, as autovacuum would have them on a live database.

    Straight after `jenjang demo` the tables have none: the employee list
    then plans a 19,000-row sort (110 ms instead of 8 ms at 50,000).
    """
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=hl.pg_url("jenjang_bench_national"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8781)
    parser.add_argument("--job-rows", type=int, default=100_000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--cache", default=CACHE_DB, help="JENJANG_CACHE_URL")
    parser.add_argument("--drop", action="store_true", help="drop the database after")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    # The production set-up: the shared cache (sessions, users, kept pages) in Redis.
    env = hl.bench_env(args.url, JENJANG_CACHE_URL=args.cache)
    import redis as redis_lib

    redis_lib.Redis.from_url(args.cache).flushdb()
    clients_file = OUT / "http_rate_clients.json"
    hl.log("ANALYZE (jenjang demo leaves fresh tables without statistics)")
    analyze(args.url)
    hl.log("set-up: HR-admin token, signed-in learners")
    subprocess.run(
        [sys.executable, __file__, "--setup", str(args.clients), str(clients_file)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    CLIENTS.update(json.loads(clients_file.read_text()))
    rows: list[dict] = []
    try:
        http = measure_http(args, env)
        summary = http["summary"]
        summary.update(
            employees=CLIENTS["employees"],
            agency_employees=CLIENTS["agency_employees"],
            learner_enrolments=CLIENTS["learner_enrolments"],
            when=time.strftime("%Y-%m-%d %H:%M:%S"),
        )
        rows += [*http["results"], summary]
        if args.job_rows:
            rows.append(measure_job(args, env))
    finally:
        hl.append_jsonl(OUT / "http_rate.jsonl", rows)
        if args.drop:
            hl.drop_database(args.url)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        setup_clients(int(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--job":
        child_job(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
