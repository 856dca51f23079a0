"""Background jobs on a real RQ worker process against the real Redis.

The production set-up at scale (DESIGN.md "Scale"): django-tasks with the
RQ backend (django-tasks-rq), workers started as `jenjang rqworker default
--job-class django_tasks_rq.Job`. Here the test process enqueues through the
app's own tasks, and a separate worker process (`python -m jenjang
rqworker … --burst`) runs them against the same PostgreSQL test database and
Redis db 8: an import, a certificate batch, a matching round, JP reminders
and a report (the performance year-end run), end to end.

Idempotency: a worker killed (SIGKILL) in the middle of a job, and the job
run again, posts each JP entry once and issues each certificate once.

Needs PostgreSQL (the worker is another process, so the test database must
be a server database) and Redis; REQUIRE_SERVICES=1 turns a missing Redis
into a failure. Heavy: marked `redis` and run once, in CI's PostgreSQL pass.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from django_tasks import task

from jenjang.certificates.models import Certificate
from jenjang.development.models import LedgerEntry, ReminderSent
from jenjang.development.services.ledger import ledger_post
from jenjang.mentoring.models import MatchingRound, MenteeRequest
from jenjang.people.imports.services import import_job_confirm
from jenjang.people.models import Employee, ImportJob, OrgUnit
from jenjang.people.national import build_everything
from jenjang.people.tests.test_import_helpers import good_row
from jenjang.people.tests.test_tasks import _redis_or_skip, _upload
from jenjang.performance.models import Evaluation, PerformanceYear, YearEndRun
from jenjang.training.models import Batch, BatchCertificateJob, Enrolment

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("JENJANG_TEST_RQ_URL", "redis://127.0.0.1:6379/8")
RQ_BACKEND = "django_tasks_rq.RQBackend"
SOURCE = "training.enrolment"

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@task()
def post_batch_jp(batch_id: int, pause: float = 0.0) -> int:
    """Post the JP of every passed participant of a batch, one at a time.

    The shape of a results job: the real ledger service, one posting per
    participant keyed by its enrolment, each committed on its own.
    """
    batch = Batch.objects.select_related("program__form").get(pk=batch_id)
    program = batch.program
    passed = Enrolment.objects.filter(batch=batch, status=Enrolment.Status.PASSED)
    count = 0
    for enrolment in passed.select_related("employee").order_by("id"):
        ledger_post(
            employee=enrolment.employee,
            occurred_on=batch.ends_on,
            form=program.form,
            title=program.title,
            source_type=SOURCE,
            source_id=enrolment.pk,
            jp=program.jp,
            by=None,
        )
        count += 1
        time.sleep(pause)
    return count


@pytest.fixture
def rq(settings):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a server database (run on PostgreSQL)")
    client = _redis_or_skip(REDIS_URL)
    client.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": RQ_BACKEND, "QUEUES": ["default"]}}
    yield client
    client.flushdb()


def _worker_env() -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        JENJANG_TASKS="rq",
        REDIS_URL=REDIS_URL,
        PYTHONPATH=str(ROOT),
        SECRET_KEY="worker-test-secret-key-not-for-production-use",
        DEBUG="0",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        JENJANG_DATA_DIR=str(django_settings.DATA_DIR),
        JENJANG_MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
    )
    return env


def _worker(*, burst: bool = True) -> subprocess.Popen:
    command = [sys.executable, "-m", "jenjang", "rqworker", "default"]
    command += ["--job-class", "django_tasks_rq.Job", "--worker-class", "rq.Worker"]
    if burst:
        command.append("--burst")
    return subprocess.Popen(
        command,
        env=_worker_env(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _run_burst() -> str:
    worker = _worker()
    output, _ = worker.communicate(timeout=300)
    assert worker.returncode == 0, output
    return output


def _wait_for(check, *, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting for the worker"
        time.sleep(0.05)


def _kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and the job process it forked (its process group)."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _national():
    build_everything(employees=300, seed=3, today=timezone.localdate())
    batch = (
        Batch.objects.filter(status="finished", enrolments__status="passed")
        .order_by("id")
        .first()
    )
    return batch


def test_each_kind_of_job_runs_on_a_real_worker(rq, world, hr_admin):
    today = timezone.localdate()
    batch = _national()
    root = OrgUnit.objects.filter(depth=1, agency=batch.org_unit.agency).get()
    passed = batch.enrolments.filter(status="passed").count()
    # An import: validation, then the write after confirmation.
    job = _upload(hr_admin, world, [good_row()])
    # A certificate batch.
    cert_job = BatchCertificateJob.objects.create(batch=batch, total=passed)
    from jenjang.training.tasks import run_certificate_job

    run_certificate_job.enqueue(cert_job.pk)
    # A matching round over the agency, with three open requests.
    from jenjang.mentoring.tasks import run_matching_round

    busy = MenteeRequest.objects.values("employee")
    for person in Employee.objects.filter(agency=root.agency).exclude(pk__in=busy)[:3]:
        MenteeRequest.objects.create(employee=person, goals="Belajar memimpin.")
    matching = MatchingRound.objects.create(name="Putaran uji", org_unit=root)
    run_matching_round.enqueue(matching.pk)
    # JP reminders (in Q4) to people below the target who have an address.
    from jenjang.development.tasks import send_jp_reminders

    Employee.objects.filter(agency=root.agency).update(email="pegawai@contoh.go.id")
    on = today if today.month >= 7 else dt.date(today.year, 10, 1)
    send_jp_reminders.enqueue(on=on.isoformat())
    # A report: the performance year-end run of last year.
    from jenjang.performance.tasks import performance_yearend

    year = PerformanceYear.objects.get(agency=root.agency, year=today.year - 1)
    drafts = Evaluation.objects.filter(skp__performance_year=year).update(
        status="draft", issued_at=None, objection_deadline=None, acknowledged_at=None
    )
    performance_yearend.enqueue(year.pk)

    output = _run_burst()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALID, output
    import_job_confirm(job=job, by=hr_admin, mode=ImportJob.Mode.ALL)
    _run_burst()
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.DONE, 1)
    cert_job.refresh_from_db()
    assert (cert_job.status, cert_job.done) == ("done", passed)
    assert Certificate.objects.filter(source_id__in=_ids(batch)).count() == passed
    matching.refresh_from_db()
    assert matching.status == MatchingRound.Status.DONE, matching.message
    assert matching.mentee_count == 3
    if on.year == today.year:
        below = ReminderSent.objects.filter(year=on.year).count()
        assert below > 0
        assert output.count("Subject: ") == below
    run = YearEndRun.objects.get(performance_year=year)
    # Every draft annual evaluation got its predikat (the curve is checked only
    # for units with a predikat organisasi, which the generated data leaves out).
    assert (run.evaluations, run.finished_at is not None) == (drafts, True)
    assert drafts == Employee.objects.filter(agency=root.agency).count()


def _ids(batch) -> list[str]:
    return [str(pk) for pk in batch.enrolments.values_list("pk", flat=True)]


def test_a_killed_jp_job_retried_posts_each_entry_once(rq):
    batch = _national()
    passed = batch.enrolments.filter(status="passed").count()
    assert passed >= 5
    before = LedgerEntry.objects.filter(source_type=SOURCE).count()
    post_batch_jp.enqueue(batch.pk, pause=0.5)
    worker = _worker(burst=False)
    try:
        _wait_for(lambda: LedgerEntry.objects.filter(source_type=SOURCE).count() >= 2)
    finally:
        _kill(worker)
    posted = LedgerEntry.objects.filter(source_type=SOURCE).count() - before
    assert 2 <= posted < passed  # killed in the middle

    post_batch_jp.enqueue(batch.pk)  # the retry
    _run_burst()

    entries = LedgerEntry.objects.filter(source_type=SOURCE, source_id__in=_ids(batch))
    assert entries.count() == passed
    assert sorted(entries.values_list("jp", flat=True)) == [batch.program.jp] * passed
    assert (
        entries.values("employee").distinct().count()
        == batch.enrolments.filter(status="passed").count()
    )


def test_a_killed_certificate_job_retried_issues_each_certificate_once(rq):
    from jenjang.training.tasks import run_certificate_job

    batch = _national()
    passed = batch.enrolments.filter(status="passed").count()
    job = BatchCertificateJob.objects.create(batch=batch, total=passed)
    run_certificate_job.enqueue(job.pk)
    worker = _worker(burst=False)
    try:
        _wait_for(
            lambda: BatchCertificateJob.objects.get(pk=job.pk).done >= 1, timeout=180
        )
    finally:
        _kill(worker)
    job.refresh_from_db()
    assert job.status == "running"  # the kill left it unfinished

    run_certificate_job.enqueue(job.pk)  # the retry
    _run_burst()

    job.refresh_from_db()
    assert (job.status, job.done) == ("done", passed)
    issued = Certificate.objects.filter(source_type=SOURCE, source_id__in=_ids(batch))
    assert issued.count() == passed
    assert issued.values("source_id").distinct().count() == passed
    assert Decimal(batch.program.jp) > 0
