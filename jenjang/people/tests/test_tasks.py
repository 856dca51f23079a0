"""Real background jobs: one through the database queue and its worker, one
through RQ on the real Redis. The import job is the work they carry."""

import os
import signal
from contextlib import contextmanager

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jenjang.people.imports.services import import_job_confirm, import_job_create
from jenjang.people.models import Employee, ImportJob
from jenjang.people.tests.test_import_helpers import csv_bytes, good_row

DB_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_BACKEND = "django_tasks_rq.RQBackend"
TEST_REDIS_URL = os.environ.get("JENJANG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@contextmanager
def _signals_kept():
    """Workers install their own SIGINT/SIGTERM handlers; put pytest's back."""
    names = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {s: signal.getsignal(s) for s in names}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def _upload(hr_admin, world, rows) -> ImportJob:
    return import_job_create(
        by=hr_admin,
        agency=world.agency,
        upload=SimpleUploadedFile("pegawai.csv", csv_bytes(rows)),
    )


def _use_backend(settings, backend: str) -> None:
    settings.TASKS = {"default": {"BACKEND": backend, "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_runs_through_the_database_queue_and_worker(settings, world, hr_admin):
    from django_tasks_db.models import DBTaskResult

    from jenjang.people.tests.test_import import _row_for

    _use_backend(settings, DB_BACKEND)
    # Two new employees and one existing one renamed: outside a test
    # transaction the writer compares with committed rows on its own.
    rows = [good_row(), good_row(), _row_for(world.employee, nama="Budi Baru")]
    before = Employee.objects.count()

    job = _upload(hr_admin, world, rows)

    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert queued.task_path == "jenjang.people.tasks.validate_import_job"
    assert queued.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATING  # nothing ran yet

    with _signals_kept():
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
        )

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    job.refresh_from_db()
    assert (job.status, job.total_rows) == (ImportJob.Status.VALID, 3)

    import_job_confirm(job=job, by=hr_admin, mode=ImportJob.Mode.ALL)
    with _signals_kept():
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
        )

    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count) == (
        ImportJob.Status.DONE,
        2,
        1,
    )
    assert Employee.objects.count() == before + 2
    world.employee.refresh_from_db()
    assert world.employee.name == "Budi Baru"
    entry = LogEntry.objects.filter(object_id=world.employee.pk).latest("timestamp")
    assert entry.changes == {"name": ["Budi Santoso", "Budi Baru"]}
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def _redis_or_skip(url: str):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        message = (
            f"Redis at {url} is unreachable ({exc}); start it or unset REQUIRE_SERVICES"
        )
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return client


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_runs_through_rq_on_the_real_redis(settings, world, hr_admin):
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    _redis_or_skip(TEST_REDIS_URL)
    settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    _use_backend(settings, RQ_BACKEND)
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    before = Employee.objects.count()

    job = _upload(hr_admin, world, [good_row()])

    assert queue.count == 1
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    with _signals_kept():
        assert worker.work(burst=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALID

    import_job_confirm(job=job, by=hr_admin, mode=ImportJob.Mode.ALL)
    with _signals_kept():
        assert worker.work(burst=True)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.DONE, 1)
    assert Employee.objects.count() == before + 1
    assert queue.count == 0
    queue.empty()


def test_tasks_take_ids_and_skip_jobs_in_another_state(world, hr_admin):
    from jenjang.people.tasks import run_import_job, validate_import_job

    job = _upload(hr_admin, world, [good_row()])  # immediate backend, on commit
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE)
    assert validate_import_job.call(str(job.pk)) == "skipped"
    assert run_import_job.call(str(job.pk)) == "skipped"
