"""Benchmark the SCORM runtime-data commit endpoint against a bare Django JSON endpoint.

Both are served by the same gunicorn set-up (same workers, same settings,
same middleware) on PostgreSQL, in the same run; the load comes from a second
process (a pool of client processes, each with its own connection per
request, as gunicorn's sync workers close connections).

- commit: POST /elearning/scorm/commit/<attempt>/?t=<token> with a realistic
  SCORM 2004 cmi JSON body (location, suspend data, progress, session time),
  signed-in session: what scorm-again sends every few seconds. Each learner
  (one per client) commits to their own attempt.
- bare: POST /bench/bare/ — a Django view that parses the same JSON body
  and returns {"result": true} (no database).

Steps:

1. DROP/CREATE DATABASE jenjang_bench_scorm, `jenjang migrate`;
2. a child process with Django set up creates one course with a one-SCO
   SCORM 2004 lesson, N learners (users + employees), their enrolments,
   runtime records and sessions, and writes the commit URLs and cookies;
3. gunicorn (--workers W, sync) serves this module as its WSGI app: the
   project's URLs plus /bench/bare/;
4. the load process runs C concurrent clients for --seconds against bare,
   then commit, then bare, then commit (alternating, to share the machine's
   noise), and reports requests/second and latency for each.

    DATABASE_URL is not needed; PostgreSQL at 127.0.0.1:5432 (user postgres).
    .venv/bin/python benchmarks/elearning_scorm_commit.py [--workers 2]
        [--clients 8] [--seconds 15] [--keep]

Results (JSON lines) go to benchmarks/out/elearning_scorm_commit.jsonl.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import _http_load as hl

ROOT = hl.ROOT
OUT = hl.OUT
PG_URL = hl.pg_url("jenjang_bench_scorm")
PORT = 8765
TARGET_RATIO = 0.5
CLIENTS: list[dict] = []  # commit URLs and cookies, read by the forked clients

CMI = {
    "cmi": {
        "completion_status": "incomplete",
        "success_status": "unknown",
        "location": "7",
        "progress_measure": "0.53",
        "suspend_data": "viewed=1,2,3,4,5,6,7|lastviewedslide=7|" + "0" * 400,
        "session_time": "PT4M12S",
        "exit": "",
        "score": {"raw": "", "scaled": "", "min": "", "max": ""},
        "interactions": {"childArray": []},
        "objectives": {"childArray": []},
    }
}


# --- the WSGI app gunicorn serves: the project plus one bare endpoint -------------


if os.environ.get("JENJANG_BENCH_WSGI") == "1":
    application = hl.bench_wsgi(
        "benchmarks.elearning_scorm_commit", [("bench/bare/", hl.bare_json)]
    )


# --- set-up (child with Django) ---------------------------------------------------


def setup_data(learners: int, out: Path) -> None:
    import io
    import zipfile

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from jenjang.accounts.models import Role, RoleGrant
    from jenjang.elearning.models import Lesson
    from jenjang.elearning.services import courses, learning, scorm
    from jenjang.elearning.views import commit_token
    from jenjang.people.tests.factories import (
        AgencyFactory,
        EmployeeFactory,
        PositionFactory,
        UserFactory,
        ensure_ranks,
        make_unit,
    )

    ensure_ranks()
    agency = AgencyFactory(code="9999", name="Instansi Benchmark")
    unit = make_unit("Unit Benchmark", agency=agency, code="BENCH")
    position = PositionFactory(org_unit=unit, code="B-1", title="Pelaksana")
    admin = UserFactory(username="bench-admin")
    RoleGrant.objects.create(user=admin, role=Role.SUPERADMIN)
    course = courses.course_create(title="Benchmark", owner_unit=unit, by=admin)
    manifest = b"""<?xml version="1.0"?>
<manifest identifier="b" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
 <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
 <organizations default="o"><organization identifier="o"><title>B</title>
  <item identifier="i1" identifierref="r1"><title>Satu</title></item>
 </organization></organizations>
 <resources><resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="index.html"/></resources>
</manifest>"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("imsmanifest.xml", manifest)
        z.writestr("index.html", "<html></html>")
    buf.seek(0)
    package = scorm.package_upload(course=course, upload=buf, by=admin)
    module = courses.module_create(course=course, title="M")
    courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="SCO",
        kind=Lesson.Kind.SCORM,
        scorm_package=package,
        estimated_minutes=30,
    )
    courses.course_publish(course=course, by=admin)
    course.refresh_from_db()
    lesson = Lesson.objects.get(module__version=course.published_version)
    clients = []
    for i in range(learners):
        user = UserFactory(username=f"bench-learner-{i}")
        RoleGrant.objects.create(user=user, role=Role.EMPLOYEE)
        employee = EmployeeFactory(position=position, user=user)
        enrolment = learning.enrolment_create(course=course, employee=employee, by=user)
        attempt = scorm.scorm_attempt_for(enrolment=enrolment, lesson=lesson, sco="i1")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "jenjang.accounts.backends.NipOrUsernameBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()

        class _Req:
            pass

        req = _Req()
        req.session = session
        req.user = user
        url = f"/elearning/scorm/commit/{attempt.pk}/?t={commit_token(attempt.pk, req)}"
        clients.append({"url": url, "cookie": f"sessionid={session.session_key}"})
    out.write_text(json.dumps(clients))


# --- load (second process) --------------------------------------------------------


def _commit(path: str, index: int):
    headers = {"Content-Type": "application/json", "Cookie": CLIENTS[index]["cookie"]}
    return "POST", path, json.dumps(CMI), headers


def bare_request(_rng, index):
    return _commit("/bench/bare/", index)


def commit_request(_rng, index):
    return _commit(CLIENTS[index]["url"], index)


def run_load(kind: str, n: int, seconds: float) -> dict:
    result = hl.closed_loop(
        port=PORT,
        make_request=bare_request if kind == "bare" else commit_request,
        ok=(200,),
        clients=n,
        seconds=seconds,
    )
    result.pop("max_ms")
    return {"kind": kind, **result}


def measure(args) -> None:
    """Warm up, alternate bare and commit for the rounds; JSON lines out."""
    for warm in ("bare", "commit"):
        run_load(warm, args.clients, 2)
    results = []
    for round_no in range(args.rounds):
        for kind in ("bare", "commit"):
            r = run_load(kind, args.clients, args.seconds)
            r.update(round=round_no + 1, workers=args.workers, clients=args.clients)
            results.append(r)
            hl.log(json.dumps(r))
    bare = statistics.median(r["rps"] for r in results if r["kind"] == "bare")
    commit = statistics.median(r["rps"] for r in results if r["kind"] == "commit")
    summary = {
        "kind": "summary",
        "bare_rps": bare,
        "commit_rps": commit,
        "ratio": round(commit / bare, 3) if bare else None,
        "target_ratio": TARGET_RATIO,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    hl.log(json.dumps(summary))
    hl.append_jsonl(OUT / "elearning_scorm_commit.jsonl", [*results, summary])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = hl.bench_env(PG_URL, JENJANG_MEDIA_ROOT=str(OUT / "media-scorm"))
    hl.recreate_database(PG_URL)
    hl.log("migrate")
    hl.migrate(env)
    clients_file = OUT / "elearning_scorm_clients.json"
    hl.log(f"set-up: {args.clients} learners")
    subprocess.run(
        [sys.executable, __file__, "--setup", str(args.clients), str(clients_file)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    CLIENTS.extend(json.loads(clients_file.read_text()))
    server = hl.Gunicorn(
        "benchmarks.elearning_scorm_commit:application",
        workers=args.workers,
        port=PORT,
        env=env,
        ready="/healthz",
    )
    try:
        with server:
            measure(args)
    finally:
        if not args.keep:
            hl.drop_database(PG_URL)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        setup_data(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
