"""Mixed load: locust (a second process) against gunicorn on PostgreSQL.

Issue 12, "Faults and load": sign-ins, browsing (people list, profile,
catalogue, dashboards), SCORM progress commits and public survey submissions
at the same time, for ten minutes, against national-shape data; zero errors
and p95 per endpoint. The locust users are in benchmarks/locustfile.py.

Steps (each can be run alone):

    # 1. national-shape data into its own database (once; about a minute)
    createdb -h 127.0.0.1 -U postgres jenjang_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_load DEBUG=1 \
        .venv/bin/jenjang migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_load DEBUG=1 \
        .venv/bin/jenjang demo --employees 50000 --with-logins
    # 2. prepare (course, learners, survey unit), serve, load, report
    .venv/bin/python benchmarks/mixed_load.py \
        --database-url postgres://postgres@127.0.0.1:5432/jenjang_load \
        --port 18450 --workers 3 --users 24 --minutes 10

`prepare` adds, idempotently, to the largest agency: a SCORM 1.2 course
(one SCO) by the demo organiser, LEARNERS learner accounts (existing
employees given a login) enrolled in it, and a public survey unit with three
services. It writes benchmarks/out/mixed_load_plan.json for the locustfile.
gunicorn runs with DEBUG off and the project's full middleware, with
JENJANG_SECURE_COOKIES=0 (plain HTTP on the loopback, no TLS proxy) and the
settings of benchmarks/mixed_load_settings.py: the public survey's
per-address limit lifted, since every simulated phone comes from 127.0.0.1.
Results: locust's CSV files under benchmarks/out/mixed_load_* and a summary
line appended to benchmarks/out/mixed_load.jsonl.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PLAN = OUT / "mixed_load_plan.json"
LEARNERS = 40
PASSWORD = "Beban-uji-123!"
COURSE_CODE = "BEBAN-SCORM"
SURVEY_CODE = "beban-loket"
SECRET = "mixed-load-benchmark-secret-key-not-for-production-0123456789"

MANIFEST = b"""<?xml version="1.0"?>
<manifest identifier="beban" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
 <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
 <organizations default="o"><organization identifier="o"><title>Uji beban</title>
  <item identifier="sco1" identifierref="r1"><title>Pelajaran</title></item>
 </organization></organizations>
 <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco"
  href="index.html"/></resources>
</manifest>"""


def env(database_url: str) -> dict:
    data_dir = OUT / "mixed_load_var"
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JENJANG_DATA_DIR": str(data_dir),
        # Plain HTTP on the loopback: secure-only cookies would never come back.
        "JENJANG_SECURE_COOKIES": "0",
        "JENJANG_CONN_MAX_AGE": "60",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'benchmarks'}",
        "DJANGO_SETTINGS_MODULE": "mixed_load_settings",
    }


# --- prepare (child process with Django) --------------------------------------------


def prepare() -> None:
    import django

    django.setup()
    from django.db.models import Count

    from jenjang.accounts.models import Role, RoleGrant, User
    from jenjang.elearning.models import Course, Lesson
    from jenjang.elearning.services import courses, learning, scorm
    from jenjang.people.models import Agency, Employee, OrgUnit
    from jenjang.surveys.models import Service, ServiceUnit

    organiser = User.objects.get(username="penyelenggara")
    grant = RoleGrant.objects.filter(user=organiser, role=Role.ORGANISER).first()
    agency = grant.agency or grant.org_unit.agency
    owner_unit = grant.org_unit or OrgUnit.objects.get(agency=agency, depth=1)
    course = Course.objects.filter(code=COURSE_CODE).first()
    if course is None:
        course = courses.course_create(
            title="Uji beban: pelajaran SCORM",
            owner_unit=owner_unit,
            by=organiser,
            code=COURSE_CODE,
        )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as archive:
            archive.writestr("imsmanifest.xml", MANIFEST)
            archive.writestr("index.html", b"<html><body>Pelajaran</body></html>")
        buf.seek(0)
        buf.name = "beban.zip"
        package = scorm.package_upload(course=course, upload=buf, by=organiser)
        module = courses.module_create(course=course, title="Modul")
        courses.lesson_create(
            course=course,
            module_id=module.pk,
            title="Pelajaran SCORM",
            kind=Lesson.Kind.SCORM,
            scorm_package=package,
            estimated_minutes=45,
        )
        courses.course_publish(course=course, by=organiser)
        course.refresh_from_db()
    lesson = Lesson.objects.get(
        module__version=course.published_version, kind=Lesson.Kind.SCORM
    )
    learners = []
    staff = Employee.objects.filter(
        agency=agency, is_active=True, user__isnull=True
    ).order_by("pk")
    existing = list(
        User.objects.filter(username__startswith="beban").order_by("username")
    )
    for n in range(len(existing), LEARNERS):
        employee = staff.first()
        user = User.objects.create_user(username=f"beban{n:03d}", password=PASSWORD)
        employee.user = user
        employee.save(update_fields=["user"])
        existing.append(user)
    for user in existing:
        RoleGrant.objects.get_or_create(user=user, role=Role.EMPLOYEE)
    for user in existing[:LEARNERS]:
        enrolment = learning.enrolment_create(
            course=course, employee=user.employee, by=user
        )
        learners.append(
            {
                "username": user.username,
                "player": f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/scorm/",
            }
        )
    unit, _created = ServiceUnit.objects.get_or_create(
        code=SURVEY_CODE,
        defaults={"org_unit": owner_unit, "name": "Loket Uji Beban"},
    )
    for name in ("KTP-el", "Kartu Keluarga", "Akta kelahiran"):
        Service.objects.get_or_create(service_unit=unit, name=name)
    leader = User.objects.get(username="pimpinan")
    # Profiles the leader may open: the people of their unit and below.
    led = RoleGrant.objects.get(user=leader, role=Role.LEADER).org_unit
    in_scope = Employee.objects.filter(org_unit__path__startswith=led.path)
    step = max(1, in_scope.count() // 200)
    people = list(in_scope.order_by("pk").values_list("pk", flat=True)[::step])
    largest = (
        Agency.objects.annotate(n=Count("employees")).order_by("-n").values("code", "n")
    )[0]
    plan = {
        "password_learners": PASSWORD,
        "learners": learners,
        "browsers": [{"username": leader.username, "password": "jenjang-demo"}],
        "employees": people,
        "survey": {
            "code": unit.code,
            "services": list(unit.services.values_list("pk", flat=True)),
        },
        "data": {
            "employees": Employee.objects.count(),
            "agency": agency.code,
            "agency_employees": Employee.objects.filter(agency=agency).count(),
            "leader_scope_employees": in_scope.count(),
            "largest_agency": largest,
        },
    }
    PLAN.write_text(json.dumps(plan, indent=1))
    print(json.dumps(plan["data"]))


# --- serve, load, report ------------------------------------------------------------


def _wait_up(url: str, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"gunicorn did not answer at {url}")


def _report(prefix: Path) -> dict:
    text = Path(f"{prefix}_stats.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    table = []
    for row in rows:
        table.append(
            {
                "type": row["Type"],
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": row["50%"],
                "p95_ms": row["95%"],
                "p99_ms": row["99%"],
                "rps": round(float(row["Requests/s"]), 2),
            }
        )
    return {"endpoints": table}


def run(args) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    child_env = env(args.database_url)
    jenjang = ROOT / ".venv" / "bin" / "jenjang"
    python = ROOT / ".venv" / "bin" / "python"
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run([str(jenjang), *command, "-v", "0"], env=child_env, check=True)
    subprocess.run(
        [str(python), __file__, "prepare"], env=child_env, check=True, cwd=ROOT
    )
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "jenjang.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=child_env,
        cwd=ROOT,
    )
    prefix = OUT / f"mixed_load_{time.strftime('%Y%m%dT%H%M%S')}"
    try:
        _wait_up(f"http://127.0.0.1:{args.port}/healthz")
        started = time.time()
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "MIXED_LOAD_PLAN": str(PLAN)},
            cwd=ROOT,
            check=False,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)
    report = _report(prefix)
    summary = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "workers": args.workers,
        "users": args.users,
        "minutes": args.minutes,
        "load_average": os.getloadavg(),
        "data": json.loads(PLAN.read_text())["data"],
        **report,
    }
    with (OUT / "mixed_load.jsonl").open("a") as f:
        f.write(json.dumps(summary) + "\n")
    print(f"{'endpoint':55} {'requests':>9} {'fail':>5} {'median':>7} {'p95':>6}")
    for row in report["endpoints"]:
        print(
            f"{row['type'] + ' ' + row['name']:55} {row['requests']:>9} "
            f"{row['failures']:>5} {row['median_ms']:>7} {row['p95_ms']:>6}"
        )


def main() -> None:
    if sys.argv[1:2] == ["prepare"]:
        prepare()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port", type=int, default=18450)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--spawn-rate", type=float, default=2)
    parser.add_argument("--minutes", type=float, default=10)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
