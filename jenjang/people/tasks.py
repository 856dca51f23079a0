"""Background jobs of the registry. Thin: take ids, call a service."""

from django_tasks import task

from jenjang.people.imports.services import import_job_run, import_job_validate


@task()
def validate_import_job(job_id: str) -> str:
    """Check an uploaded employee file and record its report."""
    job = import_job_validate(job_id=job_id)
    return job.status if job else "skipped"


@task()
def run_import_job(job_id: str) -> str:
    """Write a confirmed employee import."""
    job = import_job_run(job_id=job_id)
    return job.status if job else "skipped"
