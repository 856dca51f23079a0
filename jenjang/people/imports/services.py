"""Import jobs: upload, validate in the background, confirm, write.

The pages and the tasks call these; the command line calls the engine
directly with the same rules.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.imports.engine import EmployeeImport, ImportSummary
from jenjang.people.imports.readers import ImportFileError, Table, sniff
from jenjang.people.imports.rows import RowError
from jenjang.people.imports.selectors import import_agencies_for
from jenjang.people.models import Agency, ImportJob

logger = logging.getLogger(__name__)

ERROR_CAP = 1000  # errors kept on the job; error_count counts them all
DEFAULT_MAX_UPLOAD_MB = 20
PROGRESS_SECONDS = 0.5


def max_upload_bytes() -> int:
    return int(getattr(settings, "JENJANG_IMPORT_MAX_MB", DEFAULT_MAX_UPLOAD_MB)) << 20


def import_job_create(*, by, agency: Agency, upload: UploadedFile) -> ImportJob:
    """Store the upload as a job and queue its validation.

    Refuses files over the size limit and anything that is not CSV or XLSX
    by its content (ImportFileError), and agencies outside the user's reach.
    """
    if not import_agencies_for(user=by).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("Anda tidak berwenang mengimpor ke instansi ini."))
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ImportFileError(
            "import_too_large",
            _("Berkas terlalu besar (paling besar %(mb)s MB).") % {"mb": limit >> 20},
        )
    sniffed = sniff(upload)
    job = ImportJob(
        id=uuid.uuid4(),
        created_by=by,
        agency=agency,
        original_name=(upload.name or "")[-255:],
        file_format=sniffed.format,
    )
    job.file.save(f"{job.id}.{sniffed.format}", upload, save=False)
    job.save()
    transaction.on_commit(lambda: _enqueue("validate_import_job", job.pk))
    return job


def import_job_confirm(*, job: ImportJob, by, mode: str) -> ImportJob:
    """Queue the write: everything (only for a clean file) or the valid rows only."""
    if mode == ImportJob.Mode.ALL:
        ready = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID)
    elif mode == ImportJob.Mode.VALID_ONLY:
        ready = ImportJob.objects.filter(
            pk=job.pk,
            status__in=[ImportJob.Status.VALID, ImportJob.Status.INVALID],
            message="",
            total_rows__gt=0,
        ).exclude(invalid_rows__gte=job.total_rows)
    else:
        raise ApplicationError("import_mode", _("Pilihan impor tidak dikenal."))
    # One conditional UPDATE: a double click cannot start the write twice.
    if not ready.update(status=ImportJob.Status.IMPORTING, mode=mode, processed_rows=0):
        raise ApplicationError(
            "import_not_ready", _("Impor ini tidak dapat dijalankan dalam keadaannya.")
        )
    transaction.on_commit(lambda: _enqueue("run_import_job", job.pk))
    job.refresh_from_db()
    return job


def import_job_validate(*, job_id) -> ImportJob | None:
    """Check the whole file and record every problem; write no employee."""
    job = _load(job_id, ImportJob.Status.VALIDATING)
    if job is None:
        return None
    errors = _ErrorCollector()
    progress = _Progress(job.pk)
    try:
        summary = _engine(job).validate(
            on_error=errors, on_progress=progress, on_start=progress.start
        )
    except ImportFileError as exc:
        job.status, job.message = ImportJob.Status.INVALID, exc.message
    except Exception:
        logger.exception("Validating import %s failed", job.pk)
        job.status, job.message = ImportJob.Status.FAILED, _failed_message()
    else:
        job.status = (
            ImportJob.Status.VALID if summary.is_clean else ImportJob.Status.INVALID
        )
        _store_counts(job, summary)
        job.processed_rows = summary.total_rows
    job.errors, job.error_count = errors.items, errors.count
    job.save()
    return job


def import_job_run(*, job_id) -> ImportJob | None:
    """Write a confirmed job in one transaction; record what happened."""
    job = _load(job_id, ImportJob.Status.IMPORTING)
    if job is None:
        return None
    errors = _ErrorCollector()
    progress = _Progress(job.pk, side_connection=True)
    try:
        if job.created_by is None:
            raise ApplicationError(
                "import_no_user", _("Pengunggah berkas ini sudah tidak ada.")
            )
        summary = _engine(job).write(
            valid_only=job.mode == ImportJob.Mode.VALID_ONLY,
            on_error=errors,
            on_progress=progress,
        )
    except ApplicationError as exc:  # ImportAborted, ImportFileError and others
        job.status, job.message = ImportJob.Status.FAILED, exc.message
        job.errors, job.error_count = errors.items, errors.count
    except Exception:
        logger.exception("Import %s failed", job.pk)
        job.status, job.message = ImportJob.Status.FAILED, _failed_message()
    else:
        job.status = ImportJob.Status.DONE
        _store_counts(job, summary)
        job.processed_rows = summary.total_rows
        job.created_count, job.updated_count = summary.created, summary.updated
        job.unchanged_count, job.skipped_count = summary.unchanged, summary.skipped
        job.errors, job.error_count = errors.items, errors.count
    finally:
        progress.close()
    job.finished_at = timezone.now()
    job.save()
    return job


def _load(job_id, status: str) -> ImportJob | None:
    job = (
        ImportJob.objects.select_related("agency", "created_by")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.status != status:
        # Tasks may be delivered twice; a job already past this step is left alone.
        logger.warning("Import job %s is not %s; skipped", job_id, status)
        return None
    return job


def _engine(job: ImportJob) -> EmployeeImport:
    def open_table() -> Table:
        fileobj = job.file.storage.open(job.file.name, "rb")
        try:
            return Table(fileobj, sniff(fileobj))
        except BaseException:
            fileobj.close()
            raise

    return EmployeeImport(
        open_table=open_table,
        agency=job.agency,
        user=job.created_by,
        job_id=str(job.pk),
    )


def _store_counts(job: ImportJob, summary: ImportSummary) -> None:
    job.total_rows = summary.total_rows
    job.invalid_rows = summary.invalid_rows


def _failed_message() -> str:
    return _("Terjadi kesalahan tak terduga. Tidak ada data yang disimpan.")


def _enqueue(task_name: str, job_id) -> None:
    from jenjang.people import tasks

    getattr(tasks, task_name).enqueue(str(job_id))


class _ErrorCollector:
    """Keep the first ERROR_CAP errors for the report; count them all."""

    def __init__(self) -> None:
        self.cap = ERROR_CAP
        self.items: list[list] = []
        self.count = 0

    def __call__(self, error: RowError) -> None:
        self.count += 1
        if len(self.items) < self.cap:
            self.items.append(error.as_list())


class _Progress:
    """Write processed_rows to the job now and then, so the page can show it.

    While the write runs inside its one transaction, its own connection
    cannot publish progress, so on PostgreSQL a second connection does (and
    skips a locked row rather than wait). SQLite allows one writer only: there
    the page shows the write as running without a count.
    """

    def __init__(self, job_pk, *, side_connection: bool = False) -> None:
        self.job_pk = job_pk
        self.last = 0.0
        self.side = None
        if (
            side_connection
            and connection.vendor == "postgresql"
            and not connection.in_atomic_block
        ):
            self.side = connections.create_connection("default")

    def start(self, estimated_rows: int) -> None:
        ImportJob.objects.filter(pk=self.job_pk).update(total_rows=estimated_rows)

    def __call__(self, rows: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_SECONDS:
            return
        self.last = now
        if self.side is not None:
            self._side_update(rows)
        elif not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_pk).update(processed_rows=rows)

    def _side_update(self, rows: int) -> None:
        table = ImportJob._meta.db_table
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s WHERE id IN "  # noqa: S608
                    f"(SELECT id FROM {table} WHERE id = %s FOR UPDATE SKIP LOCKED)",
                    [rows, self.job_pk],
                )
        except Exception:  # progress is a courtesy; never fail the import for it
            logger.warning("Could not publish import progress", exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
