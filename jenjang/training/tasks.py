"""Background jobs of the training area. Thin: take ids, call a service."""

import datetime as dt

from django_tasks import task

from jenjang.training.services.jobs import (
    certificate_job_run,
    recertification_reminders_send,
)


@task()
def run_certificate_job(job_id: int) -> dict:
    """Issue the certificates of one batch, updating the job's progress."""
    job = certificate_job_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "done": job.done, "total": job.total}


@task()
def send_recertification_reminders(on: str | None = None) -> dict:
    """Remind holders of expiring training certificates, once per certificate."""
    result = recertification_reminders_send(
        today=dt.date.fromisoformat(on) if on else None
    )
    return {
        "due": result.due,
        "sent": result.sent,
        "without_email": result.without_email,
    }
