"""Benchmark the live question room: 500 participants polling every 5 seconds.

Steps (each in its own process, DATABASE_URL set to PostgreSQL):

1. DROP/CREATE DATABASE jenjang_bench_events, then `jenjang migrate`;
2. a child seeds one agency, 500 employees with accounts and signed-in
   sessions, one running seminar with one session, 500 registrations and
   60 questions with upvotes; it writes the session cookies to a file;
3. gunicorn serves the app (DEBUG off, --workers, sync workers);
4. a second process (this one) runs 500 simulated participants: each polls
   GET /events/sessions/<id>/questions/ (the htmx partial, HX-Request
   header, its own session cookie) every 5 seconds for --seconds (default
   120), starting at a random offset in the first interval, as a browser
   tab with hx-trigger="every 5s" does. While they poll, 5 "askers" post an
   upvote every 2 seconds so the list changes.

It reports the number of requests, errors (non-200 or connection errors),
median, p95 and max latency, and throughput; JSON to
benchmarks/out/events_question_poll.json.

    .venv/bin/python benchmarks/events_question_poll.py [--participants 500]
        [--interval 5] [--seconds 120] [--workers 4] [--keep]
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_events"
JENJANG = ROOT / ".venv" / "bin" / "jenjang"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PORT = 8791


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def child_env(url: str) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    env["DEBUG"] = "0"
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    env["JENJANG_SECURE_COOKIES"] = "0"
    env["JENJANG_TASKS"] = "immediate"
    env["DJANGO_SETTINGS_MODULE"] = "jenjang.settings"
    return env


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- seeding (child process with Django) ----------------------------------------


def child_seed(participants: int, out: Path) -> None:
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from jenjang.accounts.models import Role, RoleGrant, User
    from jenjang.events.models import Question, QuestionVote, Registration
    from jenjang.events.tests.factories import make_event
    from jenjang.people.models import Employee
    from jenjang.people.tests.factories import (
        AgencyFactory,
        EmployeeFactory,
        PositionFactory,
        UserFactory,
        ensure_ranks,
        make_unit,
    )

    ensure_ranks()
    tag = f"{int(time.time()) % 100000:05d}"  # --reuse: a fresh agency per run
    agency = AgencyFactory(code=f"B{tag}", name=f"Kabupaten Bench {tag}")
    root = make_unit("Pemkab Bench", agency=agency, code=f"B{tag}")
    unit = make_unit("Dinas Bench", agency=agency, parent=root, code=f"B{tag}-D")
    position = PositionFactory(org_unit=unit, code="B-01", title="Analis")

    class World:  # what make_event reads
        pass

    world = World()
    world.agency, world.dinkes = agency, unit
    event = make_event(
        world,
        title="Seminar Bench",
        starts_in=-dt.timedelta(minutes=10),
        hours=6,
        audience="everyone",
    )
    session = event.sessions.get()
    # Rows in bulk: one template employee from the factory, the rest copied.
    template = EmployeeFactory(
        position=position,
        user=UserFactory(username=f"b{tag}t"),
        nip=f"1991{tag}{0:09d}",
    )
    users = User.objects.bulk_create(
        [User(username=f"b{tag}-{i:04d}", password="!") for i in range(participants)]
    )
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=u, role=Role.EMPLOYEE) for u in users]
    )
    base = {
        f.attname: getattr(template, f.attname)
        for f in Employee._meta.concrete_fields
        if f.attname not in ("id", "user_id", "nip", "name")
    }
    employees = Employee.objects.bulk_create(
        [
            Employee(
                **base,
                user=u,
                nip=f"1990{tag}{i:09d}",
                name=f"Peserta {i}",
            )
            for i, u in enumerate(users)
        ]
    )
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "jenjang.accounts.backends.NipOrUsernameBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(4 * 3600)
        store.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
    Registration.objects.bulk_create(
        [Registration(event=event, employee=e, status="registered") for e in employees]
    )
    rng = random.Random(7)
    for i in range(60):
        q = Question.objects.create(
            session=session,
            author=employees[i],
            text=f"Pertanyaan nomor {i + 1} tentang pelayanan publik?",
            created_at=timezone.now(),
        )
        voters = rng.sample(employees, rng.randint(0, 40))
        QuestionVote.objects.bulk_create(
            [QuestionVote(question=q, voter=v) for v in voters]
        )
        q.vote_count = len(voters)
        q.save(update_fields=["vote_count"])
    out.write_text(
        json.dumps(
            {
                "session": session.pk,
                "cookies": cookies,
                "questions": list(
                    Question.objects.filter(session=session).values_list(
                        "pk", flat=True
                    )
                ),
            }
        )
    )


# --- load (parent) ------------------------------------------------------------------


def _get(path: str, cookie: str, method: str = "GET", body: str = "") -> int:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Cookie": cookie, "HX-Request": "true", "Host": "127.0.0.1"}
    if method == "POST":
        csrf = "b" * 32
        headers["Cookie"] += f"; csrftoken={csrf}"
        headers["X-CSRFToken"] = csrf
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{PORT}/"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def run_load(seed: dict, participants: int, interval: float, seconds: float) -> dict:
    path = f"/events/sessions/{seed['session']}/questions/"
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    start = time.monotonic() + 2
    stop = start + seconds

    def participant(cookie: str, offset: float) -> None:
        due = start + offset
        while due < stop:
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            began = time.perf_counter()
            try:
                status = _get(path, cookie)
                key = None if status == 200 else f"http_{status}"
            except Exception as exc:  # a refused or reset connection is an error
                key = type(exc).__name__
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                if key:
                    errors[key] = errors.get(key, 0) + 1
            # Like htmx: the next poll comes one interval after the previous
            # one; a slow answer delays it, it never fires a catch-up burst.
            due = max(due + interval, time.monotonic())

    def asker(cookie: str) -> None:
        rng = random.Random(cookie)
        while time.monotonic() < stop:
            qid = rng.choice(seed["questions"])
            # The askers only stir the list; their own answers do not count.
            with contextlib.suppress(Exception):
                _get(f"/events/questions/{qid}/vote/", cookie, "POST", "")
            time.sleep(2)

    rng = random.Random(1)
    threads = [
        threading.Thread(
            target=participant,
            args=(seed["cookies"][i], rng.uniform(0, interval)),
            daemon=True,
        )
        for i in range(participants)
    ]
    threads += [
        threading.Thread(target=asker, args=(seed["cookies"][-1 - i],), daemon=True)
        for i in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    ordered = sorted(latencies)
    n = len(ordered)
    return {
        "participants": participants,
        "interval_s": interval,
        "duration_s": seconds,
        "requests": n,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "median_ms": round(statistics.median(ordered), 1) if n else None,
        "p95_ms": round(ordered[int(0.95 * (n - 1))], 1) if n else None,
        "max_ms": round(ordered[-1], 1) if n else None,
        "throughput_rps": round(n / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="skip recreate and migrate"
    )
    parser.add_argument("--child-seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_seed is not None:
        child_seed(args.child_seed, args.out)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    env = child_env(PG_URL)
    if not args.reuse:
        log("recreating jenjang_bench_events")
        recreate_database(PG_URL)
        log("migrating")
        subprocess.run([str(JENJANG), "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    seed_file = OUT / "events_question_poll_seed.json"
    log(f"seeding {args.participants} participants")
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--child-seed",
            str(args.participants),
            "--out",
            str(seed_file),
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    seed = json.loads(seed_file.read_text())
    log(f"starting gunicorn with {args.workers} workers on :{PORT}")
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "jenjang.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(60):
            try:
                if _get("/healthz", "") in (200, 301, 302):
                    break
            except OSError:
                time.sleep(1)
        log(
            f"polling: {args.participants} participants every {args.interval:g}s "
            f"for {args.seconds:g}s"
        )
        result = run_load(seed, args.participants, args.interval, args.seconds)
        result["workers"] = args.workers
        result["cpus"] = os.cpu_count()
        log(json.dumps(result))
        (OUT / "events_question_poll.json").write_text(json.dumps(result, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            import psycopg

            parts = urlparse(PG_URL)
            admin = parts._replace(path="/postgres").geturl()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(
                    'DROP DATABASE IF EXISTS "jenjang_bench_events" WITH (FORCE)'
                )


if __name__ == "__main__":
    main()
