"""Background work: bulk certificates of a batch, recertification reminders."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.training.models import (
    Batch,
    BatchCertificateJob,
    Enrolment,
    RecertificationReminder,
)
from jenjang.training.services.results import (
    SOURCE_TYPE,
    check_organiser,
    issue_certificate,
)

J = BatchCertificateJob.Status


def certificate_job_start(*, batch: Batch, by) -> BatchCertificateJob:
    """Queue bulk certificate generation for every passed participant of the batch."""
    check_organiser(by, batch)
    running = batch.certificate_jobs.filter(status__in=(J.QUEUED, J.RUNNING)).first()
    if running is not None:
        return running
    total = batch.enrolments.filter(status=Enrolment.Status.PASSED).count()
    if not total:
        raise ApplicationError(
            "nobody_passed", _("Belum ada peserta yang lulus di angkatan ini.")
        )
    with acting_as(by), transaction.atomic():
        job = BatchCertificateJob.objects.create(
            batch=batch, total=total, created_by=by
        )

        def enqueue() -> None:
            from jenjang.training.tasks import run_certificate_job

            run_certificate_job.enqueue(job.pk)

        transaction.on_commit(enqueue)
    return job


def certificate_job_run(*, job_id: int) -> BatchCertificateJob:
    """Issue each passed participant's certificate (idempotent), counting progress."""
    job = BatchCertificateJob.objects.select_related(
        "batch__program", "created_by"
    ).get(pk=job_id)
    if job.status in (J.DONE, J.FAILED):
        return job
    BatchCertificateJob.objects.filter(pk=job.pk).update(status=J.RUNNING, done=0)
    enrolments = (
        job.batch.enrolments.filter(status=Enrolment.Status.PASSED)
        .select_related("employee", "employee__agency", "batch__program")
        .order_by("id")
    )
    try:
        for count, enrolment in enumerate(enrolments.iterator(chunk_size=200), 1):
            issue_certificate(enrolment, by=job.created_by)
            BatchCertificateJob.objects.filter(pk=job.pk).update(
                done=F("done") + 1, total=max(job.total, count)
            )
    except Exception as exc:  # keep the job's row honest; the log has the trace
        BatchCertificateJob.objects.filter(pk=job.pk).update(
            status=J.FAILED, error=str(exc)[:250], finished_at=timezone.now()
        )
        raise
    BatchCertificateJob.objects.filter(pk=job.pk).update(
        status=J.DONE, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


# --- recertification reminders -------------------------------------------------


@dataclass
class ReminderResult:
    due: int = 0
    sent: int = 0
    without_email: int = 0


def recertification_reminders_send(
    *, today: dt.date | None = None, within_days: int = 60
) -> ReminderResult:
    """E-mail each holder of a training certificate expiring within `within_days`.

    Each certificate is reminded once (RecertificationReminder is unique per
    certificate), so the job may run daily.
    """
    from jenjang.certificates.selectors import certificates_due_for_recertification

    due = (
        certificates_due_for_recertification(
            user=None, within_days=within_days, today=today
        )
        .filter(source_type=SOURCE_TYPE)
        .exclude(pk__in=RecertificationReminder.objects.values("certificate_id"))
    )
    result = ReminderResult()
    messages, sent_rows = [], []
    for cert in due.iterator(chunk_size=500):
        result.due += 1
        address = cert.employee.email or getattr(cert.employee.user, "email", "") or ""
        if not address:
            result.without_email += 1
        else:
            messages.append(_message(cert, address))
        sent_rows.append(RecertificationReminder(certificate=cert, email=address))
    if messages:
        with get_connection() as connection:
            result.sent = connection.send_messages(messages) or len(messages)
    RecertificationReminder.objects.bulk_create(sent_rows, ignore_conflicts=True)
    return result


def _message(cert, address: str) -> EmailMessage:
    calendar = f"{settings.JENJANG_PUBLIC_URL}{reverse('training:calendar')}"
    body = _(
        "Yth. %(name)s,\n\nSertifikat %(title)s (nomor %(number)s) berlaku sampai "
        "%(until)s. Silakan mendaftar pelatihan sertifikasi ulang: %(url)s\n"
    ) % {
        "name": cert.holder_name,
        "title": cert.title,
        "number": cert.number,
        "until": cert.valid_until.strftime("%d-%m-%Y"),
        "url": calendar,
    }
    return EmailMessage(
        subject=_("Pengingat sertifikasi ulang: %(title)s") % {"title": cert.title},
        body=body,
        to=[address],
    )
