"""Programs, batches and sessions: HR keeps the catalog, organisers run batches."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_for
from jenjang.people.models import Position
from jenjang.training.models import (
    Batch,
    ProgramCompetency,
    Session,
    Trainer,
    TrainingProgram,
)
from jenjang.training.selectors import (
    _unit_in_scope,
    batch_is_organised_by,
    program_manageable_by,
)
from jenjang.training.services.enrolments import waitlist_promote

KINDS = {k for k, _label in Position.Kind.choices}


def _check_kinds(kinds) -> list[str]:
    kinds = list(dict.fromkeys(kinds or []))
    if any(k not in KINDS for k in kinds):
        raise ApplicationError("bad_position_kind", _("Jenis jabatan tidak dikenal."))
    return kinds


def program_save(
    *,
    program: TrainingProgram,
    by,
    job_fields=None,
    competencies: list[tuple] | None = None,
) -> TrainingProgram:
    """Create or change a program; `competencies` is [(competency, target_level)]."""
    if program.pk:
        if not program_manageable_by(user=by, program=program):
            raise PermissionDenied()
    elif program.owner_unit_id is None:
        if not scope_for(by, perm="training.manage_catalog").everything:
            raise ApplicationError(
                "owner_required", _("Pilih unit pemilik program."), status=400
            )
    elif not _unit_in_scope(
        scope_for(by, perm="training.manage_catalog"), program.owner_unit
    ):
        raise PermissionDenied()
    program.position_kinds = _check_kinds(program.position_kinds)
    program.required_position_kinds = _check_kinds(program.required_position_kinds)
    if program.prereq_program_id and program.prereq_program_id == program.pk:
        raise ApplicationError(
            "prereq_self", _("Program tidak dapat menjadi syarat dirinya sendiri.")
        )
    if bool(program.prereq_competency_id) != bool(program.prereq_level):
        raise ApplicationError(
            "prereq_level",
            _("Syarat kompetensi perlu kompetensi dan level minimum sekaligus."),
        )
    with acting_as(by), transaction.atomic():
        program.full_clean()
        program.save()
        if job_fields is not None:
            program.job_fields.set(job_fields)
        if competencies is not None:
            program.competencies.all().delete()
            seen = set()
            for competency, level in competencies:
                if competency.pk in seen:
                    continue
                seen.add(competency.pk)
                if not 1 <= int(level) <= 5:
                    raise ApplicationError(
                        "bad_level", _("Level sasaran harus antara 1 dan 5.")
                    )
                ProgramCompetency.objects.create(
                    program=program, competency=competency, target_level=level
                )
    return program


def batch_save(*, batch: Batch, by) -> Batch:
    """Create or change a batch; a larger capacity promotes the waitlist."""
    if not batch_is_organised_by(user=by, batch=batch):
        raise PermissionDenied()
    if batch.ends_on < batch.starts_on:
        raise ApplicationError(
            "bad_dates", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        )
    if batch.capacity < 1:
        raise ApplicationError("bad_capacity", _("Kapasitas minimal 1."))
    if batch.pk:
        from jenjang.training.services.enrolments import seats_taken

        if batch.capacity < seats_taken(batch):
            raise ApplicationError(
                "capacity_below_seats",
                _("Kapasitas tidak boleh di bawah jumlah peserta terdaftar."),
            )
    with acting_as(by), transaction.atomic():
        if batch.organiser_id is None and getattr(by, "pk", None):
            batch.organiser = by
        batch.full_clean()
        batch.save()
        waitlist_promote(batch=batch)
    return batch


def session_add(
    *,
    batch: Batch,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    trainer_names: list[str] | None = None,
    by,
) -> Session:
    """Add a session to the batch's schedule, inside the batch's dates."""
    if not batch_is_organised_by(user=by, batch=batch):
        raise PermissionDenied()
    title = (title or "").strip()
    if not title:
        raise ApplicationError("title_required", _("Materi sesi wajib diisi."))
    if ends_at <= starts_at:
        raise ApplicationError("bad_times", _("Sesi harus selesai setelah dimulai."))
    from django.utils import timezone

    day = timezone.localtime(starts_at).date()
    if not batch.starts_on <= day <= batch.ends_on:
        raise ApplicationError(
            "outside_batch", _("Sesi harus berada di antara tanggal angkatan.")
        )
    with acting_as(by), transaction.atomic():
        session = Session.objects.create(
            batch=batch, title=title[:200], starts_at=starts_at, ends_at=ends_at
        )
        trainers = []
        for name in trainer_names or []:
            name = name.strip()[:150]
            if name:
                trainer, _created = Trainer.objects.get_or_create(name=name)
                trainers.append(trainer)
        session.trainers.set(trainers)
    return session


def batch_finish(*, batch: Batch, by) -> Batch:
    """Mark a batch finished (after its end date)."""
    from jenjang.training.services.results import check_organiser

    check_organiser(by, batch)
    with acting_as(by):
        batch.status = Batch.Status.FINISHED
        batch.save(update_fields=["status"])
    return batch
