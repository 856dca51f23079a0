"""Benchmark the live question room: 500 participants polling every 5 seconds.

Steps (PostgreSQL database jenjang_events by default, recreated; the shared
cache is Redis db 3, as gunicorn runs several worker processes):

1. DROP/CREATE the database, `jenjang migrate`, empty the Redis db;
2. a child seeds one agency, 500 employees with accounts and signed-in
   sessions, one running seminar with one session, 500 registrations and
   60 questions with upvotes; it writes the session cookies to a file;
3. gunicorn serves the app (DEBUG off, --workers sync workers) plus a bare
   endpoint GET /bench/bare/ (a Django view, no database, no session) and
   GET /bench/signed-in/;
4. from this second process:
   - capacity, closed loop (--clients processes, back to back, --burst
     seconds each): the bare endpoint, a signed-in bare endpoint
     (GET /bench/signed-in/: session, user and role check, no work — the
     floor of any page behind the sign-in), then the poll with a full answer
     (no If-None-Match, each client its own participant) — their ratios are
     what the room costs over Django itself on this machine at this moment;
   - the load: 500 participants (threads) poll GET
     /events/sessions/<id>/questions/ (HX-Request, own cookie) every
     --interval seconds for --seconds, each starting at a random offset in
     the first interval, as a browser tab with hx-trigger="every 5s" does:
     the next poll comes one interval after the previous one (a slow answer
     delays it; no catch-up bursts) and carries If-None-Match with the last
     ETag, as the browser's cache does. Meanwhile 5 "askers" toggle an
     upvote every 2 seconds, so the list changes 2.5 times a second;
   - the bare endpoint's capacity once more (the machine is shared).

It reports requests, 200/304 answers, errors (anything else, or a
connection error or a 30 s timeout), median, p95 and max latency, the
achieved rate against the target (participants / interval); JSON to
benchmarks/out/events_question_poll.json.

    .venv/bin/python benchmarks/events_question_poll.py [--participants 500]
        [--interval 5] [--seconds 120] [--workers 4] [--clients 6]
        [--burst 10] [--database jenjang_events] [--keep] [--reuse]
"""

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import _http_load as hl

ROOT = hl.ROOT
OUT = hl.OUT
PORT = 18101
CACHE_URL = "redis://127.0.0.1:6379/3"
CSRF = "b" * 32
SEED: dict = {}  # the seeded cookies, read by the load processes (forked)


def _bare_page(request):
    from django.http import HttpResponse

    return HttpResponse("<ol></ol>")


def _signed_in_page(request):
    """The floor of any signed-in page: session, user and roles, no work."""
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse

    from jenjang.accounts.roles import has_perm

    if not request.user.is_authenticated or not has_perm(request.user, "events.attend"):
        raise PermissionDenied
    return HttpResponse("<ol></ol>")


if os.environ.get("JENJANG_BENCH_WSGI") == "1":
    application = hl.bench_wsgi(
        "benchmarks.events_question_poll",
        [("bench/bare/", _bare_page), ("bench/signed-in/", _signed_in_page)],
    )


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


# --- load (second process) ------------------------------------------------------


def _headers(cookie: str, etag: str = "") -> dict:
    headers = {"Cookie": cookie, "HX-Request": "true"}
    if etag:
        headers["If-None-Match"] = etag
    return headers


def _vote_headers(cookie: str) -> dict:
    return {
        "Cookie": f"{cookie}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{PORT}/",
    }


def bare_request(rng, index):
    return "GET", "/bench/bare/", None, {}


def signed_in_request(rng, index):
    cookie = SEED["cookies"][index]
    return "GET", "/bench/signed-in/", None, _headers(cookie)


def poll_request(rng, index):
    # One participant per client process: a full answer each time (no
    # If-None-Match), the caller's access already in the cache after warm-up.
    cookie = SEED["cookies"][index]
    path = f"/events/sessions/{SEED['session']}/questions/"
    return "GET", path, None, _headers(cookie)


def run_polling(participants: int, interval: float, seconds: float) -> dict:
    path = f"/events/sessions/{SEED['session']}/questions/"
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    start = time.monotonic() + 2
    stop = start + seconds

    def participant(cookie: str, offset: float) -> None:
        due, etag = start + offset, ""
        while due < stop:
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                status, ms, headers = hl.request(
                    PORT, "GET", path, headers=_headers(cookie, etag)
                )
                key = str(status)
                etag = headers.get("ETag", etag) if status == 200 else etag
            except Exception as exc:  # refused, reset or timed out: an error
                key, ms = type(exc).__name__, None
            with lock:
                statuses[key] = statuses.get(key, 0) + 1
                if ms is not None and key in ("200", "304"):
                    latencies.append(ms)
            due = max(due + interval, time.monotonic())

    def asker(cookie: str, seed: int) -> None:
        rng, mine = random.Random(seed), set()
        while time.monotonic() < stop:
            qid = rng.choice(SEED["questions"])
            undo = qid in mine
            body = "undo=1" if undo else ""
            try:
                status, _ms, _h = hl.request(
                    PORT,
                    "POST",
                    f"/events/questions/{qid}/vote/",
                    body=body,
                    headers=_vote_headers(cookie),
                )
                if status == 200:
                    (mine.discard if undo else mine.add)(qid)
            except OSError:
                pass  # the askers only stir the list; they are not measured
            time.sleep(2)

    rng = random.Random(1)
    cookies = SEED["cookies"]
    threads = [
        threading.Thread(
            target=participant, args=(cookies[i], rng.uniform(0, interval)), daemon=True
        )
        for i in range(participants)
    ]
    threads += [
        threading.Thread(target=asker, args=(cookies[-1 - i], i), daemon=True)
        for i in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    answered = statuses.get("200", 0) + statuses.get("304", 0)
    total = sum(statuses.values())
    return {
        "participants": participants,
        "interval_s": interval,
        "duration_s": seconds,
        "requests": total,
        "answered_200": statuses.get("200", 0),
        "answered_304": statuses.get("304", 0),
        "errors": total - answered,
        "statuses": statuses,
        **hl.latency_summary(latencies),
        "achieved_rps": round(total / seconds, 1),
        "target_rps": round(participants / interval, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--burst", type=float, default=10.0)
    parser.add_argument("--database", default="jenjang_events")
    parser.add_argument("--cache", default=CACHE_URL)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the migrated database (--keep)"
    )
    parser.add_argument("--child-seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_seed is not None:
        child_seed(args.child_seed, args.out)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    url = hl.pg_url(args.database)
    env = hl.bench_env(url, JENJANG_CACHE_URL=args.cache, JENJANG_TASKS="immediate")
    import redis

    hl.log(f"emptying the cache {args.cache}")
    redis.Redis.from_url(args.cache).flushdb()
    if not args.reuse:
        hl.log(f"recreating {args.database}, migrating")
        hl.recreate_database(url)
        hl.migrate(env)
    seed_file = OUT / "events_question_poll_seed.json"
    hl.log(f"seeding {args.participants} participants")
    subprocess.run(
        [sys.executable, __file__, "--child-seed", str(args.participants)]
        + ["--out", str(seed_file)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    SEED.update(json.loads(seed_file.read_text()))
    server = hl.Gunicorn(
        "benchmarks.events_question_poll:application",
        workers=args.workers,
        port=PORT,
        env=env,
        ready="/bench/bare/",
    )
    try:
        with server:
            burst = dict(port=PORT, ok=(200,), clients=args.clients)
            hl.closed_loop(make_request=bare_request, seconds=2, **burst)
            hl.closed_loop(make_request=poll_request, seconds=2, **burst)
            bare_before = hl.closed_loop(
                make_request=bare_request, seconds=args.burst, **burst
            )
            hl.log(f"bare: {json.dumps(bare_before)}")
            signed_in = hl.closed_loop(
                make_request=signed_in_request, seconds=args.burst, **burst
            )
            hl.log(f"signed-in bare: {json.dumps(signed_in)}")
            poll_burst = hl.closed_loop(
                make_request=poll_request, seconds=args.burst, **burst
            )
            hl.log(f"poll (closed loop): {json.dumps(poll_burst)}")
            hl.log(
                f"polling: {args.participants} participants every "
                f"{args.interval:g}s for {args.seconds:g}s"
            )
            result = run_polling(args.participants, args.interval, args.seconds)
            bare_after = hl.closed_loop(
                make_request=bare_request, seconds=args.burst, **burst
            )
            hl.log(f"bare again: {json.dumps(bare_after)}")
        bare_rps = (bare_before["rps"] + bare_after["rps"]) / 2
        result.update(
            workers=args.workers,
            cpus=os.cpu_count(),
            load_average=[round(x, 1) for x in os.getloadavg()],
            bare_closed_loop=[bare_before, bare_after],
            signed_in_closed_loop=signed_in,
            poll_closed_loop=poll_burst,
            poll_to_bare_ratio=round(poll_burst["rps"] / bare_rps, 3)
            if bare_rps
            else None,
            poll_to_signed_in_ratio=round(poll_burst["rps"] / signed_in["rps"], 3)
            if signed_in["rps"]
            else None,
            when=time.strftime("%Y-%m-%d %H:%M:%S"),
        )
        hl.log(json.dumps(result))
        (OUT / "events_question_poll.json").write_text(json.dumps(result, indent=2))
    finally:
        if not args.keep:
            hl.drop_database(url)


if __name__ == "__main__":
    main()
