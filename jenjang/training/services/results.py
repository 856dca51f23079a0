"""Attendance, the attendance rule, results; passing posts JP and issues a certificate."""

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.certificates.services import certificate_issue, certificate_revoke_source
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.development.services.ledger import ledger_post, ledger_reverse_source
from jenjang.people.selectors import employee_for_user
from jenjang.training.models import Attendance, Batch, Enrolment, Session

SOURCE_TYPE = "training.enrolment"
S = Enrolment.Status
# Who may have attendance recorded: a seat in the batch.
ATTENDING = (S.ENROLLED, S.ATTENDED, S.PASSED, S.FAILED)
CHECKIN_EARLY = dt.timedelta(minutes=60)


def check_organiser(user, batch: Batch) -> None:
    """The organiser or HR whose scope holds the batch's organising unit."""
    from jenjang.training.selectors import batch_is_organised_by

    if not batch_is_organised_by(user=user, batch=batch):
        raise PermissionDenied()


# --- attendance ---------------------------------------------------------------


def attendance_mark(*, session: Session, present_ids: set[int], by) -> tuple[int, int]:
    """Record the session's list: who was present among the seated participants.

    Returns (present, absent). Marks by the organiser overwrite QR check-ins.
    """
    batch = session.batch
    check_organiser(by, batch)
    enrolments = list(batch.enrolments.filter(status__in=ATTENDING))
    unknown = set(present_ids) - {e.pk for e in enrolments}
    if unknown:
        raise ApplicationError(
            "unknown_participant",
            _("Ada peserta yang tidak terdaftar di angkatan ini."),
        )
    now = timezone.now()
    with acting_as(by), transaction.atomic():
        existing = {
            a.enrolment_id: a for a in Attendance.objects.filter(session=session)
        }
        new, changed = [], []
        for e in enrolments:
            present = e.pk in present_ids
            row = existing.get(e.pk)
            if row is None:
                new.append(
                    Attendance(
                        enrolment=e,
                        session=session,
                        present=present,
                        method=Attendance.Method.ORGANISER,
                        marked_at=now,
                        marked_by=by,
                    )
                )
            elif row.present != present:
                row.present, row.method, row.marked_at, row.marked_by = (
                    present,
                    Attendance.Method.ORGANISER,
                    now,
                    by,
                )
                changed.append(row)
        Attendance.objects.bulk_create(new)
        Attendance.objects.bulk_update(
            changed, ["present", "method", "marked_at", "marked_by"]
        )
    present_count = len(present_ids)
    return present_count, len(enrolments) - present_count


def attendance_checkin(*, code: str, by, now: dt.datetime | None = None) -> Attendance:
    """QR check-in: the participant scans the session's code on the session's day."""
    session = (
        Session.objects.select_related("batch__program")
        .filter(checkin_code=code)
        .first()
    )
    if session is None:
        raise ApplicationError(
            "bad_code", _("Kode check-in tidak dikenal."), status=404
        )
    now = now or timezone.now()
    if not (session.starts_at - CHECKIN_EARLY <= now <= session.ends_at):
        raise ApplicationError(
            "checkin_closed", _("Check-in hanya dibuka selama sesi berlangsung.")
        )
    employee = employee_for_user(user=by)
    enrolment = (
        Enrolment.objects.filter(
            batch=session.batch, employee=employee, status__in=ATTENDING
        ).first()
        if employee
        else None
    )
    if enrolment is None:
        raise ApplicationError("not_participant", _("Anda bukan peserta angkatan ini."))
    with acting_as(by):
        row, _created = Attendance.objects.update_or_create(
            enrolment=enrolment,
            session=session,
            defaults={
                "present": True,
                "method": Attendance.Method.QR,
                "marked_at": now,
                "marked_by": by,
            },
        )
    return row


def attendance_percent(enrolment: Enrolment) -> Decimal:
    """Present sessions over the batch's sessions, in percent (0 with no sessions)."""
    total = enrolment.batch.sessions.count()
    if not total:
        return Decimal(0)
    present = enrolment.attendance.filter(present=True).count()
    return (Decimal(100) * present / total).quantize(Decimal("0.01"))


def meets_attendance(enrolment: Enrolment) -> bool:
    """Attendance rule: present at least the batch's minimum share of sessions.

    The minimum is configurable per batch (`min_attendance_percent`, default
    80%); issue 4: "a configurable minimum attendance to pass".
    """
    return attendance_percent(enrolment) >= enrolment.batch.min_attendance_percent


# --- results ------------------------------------------------------------------


def _check_ended(batch: Batch) -> None:
    if batch.ends_on > timezone.localdate():
        raise ApplicationError(
            "batch_not_ended", _("Hasil dicatat setelah angkatan selesai.")
        )


def attendance_close(*, batch: Batch, by) -> dict[str, int]:
    """After the batch: those meeting attendance become `attended`, the rest fail."""
    check_organiser(by, batch)
    _check_ended(batch)
    counts = {"attended": 0, "failed": 0}
    with acting_as(by), transaction.atomic():
        for e in batch.enrolments.filter(status=S.ENROLLED).select_related("batch"):
            if meets_attendance(e):
                e.status = S.ATTENDED
                counts["attended"] += 1
            else:
                e.status = S.FAILED
                e.result_at = timezone.now()
                e.result_note = _("Kehadiran di bawah batas minimum.")
                counts["failed"] += 1
            e.save(update_fields=["status", "result_at", "result_note"])
    return counts


def valid_until_for(batch: Batch) -> dt.date | None:
    """A compliance program's certificate expires `validity_months` after the batch."""
    months = batch.program.validity_months
    return batch.ends_on + relativedelta(months=months) if months else None


def _check_score(value, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        value = Decimal(str(value))
    except Exception:
        value = Decimal(-1)
    if not (0 <= value <= 100):
        raise ApplicationError(
            "bad_score",
            _("%(label)s harus antara 0 dan 100.") % {"label": label},
        )
    return value


def result_record(
    *,
    enrolment: Enrolment,
    passed: bool,
    by,
    pre_score=None,
    post_score=None,
    final_score=None,
    note: str = "",
) -> Enrolment:
    """Record (or correct) the result of one participant.

    Passing needs the attendance rule met; it posts the program's JP to the
    ledger once per enrolment (source "training.enrolment") and issues the
    certificate. Correcting a pass to a fail reverses the JP and revokes the
    certificate; a later pass posts and issues again.
    """
    batch = enrolment.batch
    check_organiser(by, batch)
    _check_ended(batch)
    if enrolment.status not in (S.ENROLLED, S.ATTENDED, S.PASSED, S.FAILED):
        raise ApplicationError(
            "not_participant", _("Peserta ini tidak duduk di angkatan ini.")
        )
    scores = {
        "pre_score": _check_score(pre_score, _("Nilai pre-test")),
        "post_score": _check_score(post_score, _("Nilai post-test")),
        "final_score": _check_score(final_score, _("Nilai akhir")),
    }
    if passed and not meets_attendance(enrolment):
        raise ApplicationError(
            "attendance_below_min",
            _("Kehadiran %(got)s%% di bawah minimum %(min)s%%: tidak dapat lulus.")
            % {
                "got": attendance_percent(enrolment),
                "min": batch.min_attendance_percent,
            },
        )
    was_passed = enrolment.status == S.PASSED
    with acting_as(by), transaction.atomic():
        for field, value in scores.items():
            if value is not None:
                setattr(enrolment, field, value)
        enrolment.status = S.PASSED if passed else S.FAILED
        enrolment.result_at = timezone.now()
        enrolment.result_note = (note or "")[:250]
        enrolment.save()
        if passed:
            _post_and_certify(enrolment, by=by)
        elif was_passed:
            reason = _("Hasil pelatihan dikoreksi menjadi tidak lulus.")
            ledger_reverse_source(
                source_type=SOURCE_TYPE, source_id=enrolment.pk, reason=reason, by=by
            )
            certificate_revoke_source(
                source_type=SOURCE_TYPE, source_id=enrolment.pk, reason=reason, by=by
            )
    return enrolment


def _post_and_certify(enrolment: Enrolment, *, by):
    """Post JP (idempotent per enrolment) and issue the certificate (idempotent)."""
    batch = enrolment.batch
    program = batch.program
    ledger_post(
        employee=enrolment.employee,
        occurred_on=batch.ends_on,
        started_on=batch.starts_on,
        form=program.form,
        title=program.title,
        source_type=SOURCE_TYPE,
        source_id=enrolment.pk,
        jp=program.jp,
        by=by,
    )
    return issue_certificate(enrolment, by=by)


def issue_certificate(enrolment: Enrolment, *, by):
    """Issue (or return) the certificate of a passed enrolment."""
    batch = enrolment.batch
    program = batch.program
    return certificate_issue(
        employee=enrolment.employee,
        title=program.title,
        source_type=SOURCE_TYPE,
        source_id=enrolment.pk,
        started_on=batch.starts_on,
        ended_on=batch.ends_on,
        jp=program.jp,
        issuer=program.provider_name or "",
        valid_until=valid_until_for(batch),
        by=by,
    )
