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
import http.client
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench_scorm"
JENJANG = ROOT / ".venv" / "bin" / "jenjang"
PORT = 8765
TARGET_RATIO = 0.5

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
    env["JENJANG_MEDIA_ROOT"] = str(OUT / "media-scorm")
    return env


# --- the WSGI app gunicorn serves: the project plus one bare endpoint -------------


def _bare(request):
    from django.http import JsonResponse

    json.loads(request.body or b"{}")
    return JsonResponse({"result": True, "errorCode": 0})


def _wsgi():
    import django
    from django.conf import settings
    from django.views.decorators.csrf import csrf_exempt

    django.setup()
    settings.ROOT_URLCONF = "benchmarks.elearning_scorm_commit_urls"
    import types

    from django.urls import include, path

    module = types.ModuleType("benchmarks.elearning_scorm_commit_urls")
    module.urlpatterns = [
        path("bench/bare/", csrf_exempt(_bare)),
        path("", include("jenjang.urls")),
    ]
    sys.modules[module.__name__] = module
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


if os.environ.get("JENJANG_BENCH_WSGI") == "1":
    application = _wsgi()


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


def _client(args) -> tuple[int, list[float], int]:
    path, cookie, body, seconds = args
    done, errors, latencies = 0, 0, []
    end = time.monotonic() + seconds
    headers = {
        "Content-Type": "application/json",
        "Cookie": cookie,
        "Host": "127.0.0.1",
    }
    while time.monotonic() < end:
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                done += 1
                latencies.append((time.perf_counter() - start) * 1000)
            else:
                errors += 1
        except OSError:
            errors += 1
        finally:
            conn.close()
    return done, latencies, errors


def run_load(kind: str, clients: list[dict], n: int, seconds: float) -> dict:
    body = json.dumps(CMI)
    jobs = [
        ("/bench/bare/" if kind == "bare" else c["url"], c["cookie"], body, seconds)
        for c in clients[:n]
    ]
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


def _admin(url: str):
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(
        parts._replace(path="/postgres").geturl(), autocommit=True
    ), (parts.path.lstrip("/"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    env = child_env(PG_URL)
    conn, name = _admin(PG_URL)
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
    log("migrate")
    subprocess.run([str(JENJANG), "migrate", "-v", "0"], env=env, check=True)
    clients_file = OUT / "elearning_scorm_clients.json"
    log(f"set-up: {args.clients} learners")
    subprocess.run(
        [sys.executable, __file__, "--setup", str(args.clients), str(clients_file)],
        env=env,
        check=True,
    )
    clients = json.loads(clients_file.read_text())
    genv = {**env, "JENJANG_BENCH_WSGI": "1"}
    log(f"gunicorn: {args.workers} sync workers")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "benchmarks.elearning_scorm_commit:application",
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
        time.sleep(4)
        results = []
        for _warm in ("bare", "commit"):
            run_load(_warm, clients, args.clients, 2)
        for round_no in range(args.rounds):
            for kind in ("bare", "commit"):
                r = run_load(kind, clients, args.clients, args.seconds)
                r.update(round=round_no + 1, workers=args.workers, clients=args.clients)
                results.append(r)
                log(json.dumps(r))
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
        log(json.dumps(summary))
        with open(OUT / "elearning_scorm_commit.jsonl", "a") as f:
            for r in [*results, summary]:
                f.write(json.dumps(r) + "\n")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        sys.path.insert(0, str(ROOT))
        setup_data(int(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
