"""Enrolment: self-registration with supervisor approval, nomination, waitlist.

Rules (issue 4): prerequisites checked with a clear reason; no overlapping
batches for one person; capacity with a waitlist that promotes the next
person when a seat frees; cancellation rules.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_contains, scope_for
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_for_user
from jenjang.training.models import Batch, Enrolment
from jenjang.training.services import notices
from jenjang.training.services.prerequisites import prerequisites_unmet

S = Enrolment.Status
OPEN_STATES = (S.REQUESTED, S.ENROLLED, S.WAITLISTED)


def can_reach(user, perm: str, employee: Employee) -> bool:
    """Tell whether the user holds `perm` over `employee` (the one scope helper)."""
    if not has_perm(user, perm):
        return False
    return scope_contains(scope_for(user, perm=perm), employee)


def is_self(user, employee: Employee) -> bool:
    return bool(getattr(user, "pk", None)) and employee.user_id == user.pk


# --- checks -------------------------------------------------------------------


def check_batch_open(batch: Batch, *, today: dt.date | None = None) -> None:
    """Enrolment is open while the batch is open and has not started."""
    today = today or timezone.localdate()
    if batch.status != Batch.Status.OPEN or batch.starts_on <= today:
        raise ApplicationError(
            "batch_closed", _("Pendaftaran angkatan ini sudah ditutup.")
        )


def overlapping_enrolment(batch: Batch, employee: Employee) -> Enrolment | None:
    """Return the employee's active enrolment in another batch whose dates overlap."""
    return (
        Enrolment.objects.filter(
            employee=employee,
            status__in=Enrolment.ACTIVE,
            batch__starts_on__lte=batch.ends_on,
            batch__ends_on__gte=batch.starts_on,
        )
        .exclude(batch=batch)
        .exclude(batch__status=Batch.Status.CANCELLED)
        .select_related("batch__program")
        .first()
    )


def join_problems(batch: Batch, employee: Employee) -> list[tuple[str, str]]:
    """Return every reason the employee cannot join the batch: (code, message)."""
    problems = [
        (f"prerequisite_{u.code}", u.reason)
        for u in prerequisites_unmet(batch.program, employee)
    ]
    if Enrolment.objects.filter(
        batch=batch, employee=employee, status__in=Enrolment.ACTIVE
    ).exists():
        problems.append(("already_enrolled", _("Sudah terdaftar pada angkatan ini.")))
    other = overlapping_enrolment(batch, employee)
    if other is not None:
        problems.append(
            (
                "overlap",
                _("Jadwal bentrok dengan %(batch)s (%(start)s–%(end)s).")
                % {
                    "batch": str(other.batch),
                    "start": other.batch.starts_on.strftime("%d-%m-%Y"),
                    "end": other.batch.ends_on.strftime("%d-%m-%Y"),
                },
            )
        )
    return problems


def _check_join(batch: Batch, employee: Employee) -> None:
    problems = join_problems(batch, employee)
    if problems:
        code, message = problems[0]
        raise ApplicationError(
            code,
            message,
            details=[{"code": c, "message": m} for c, m in problems],
        )


# --- seats and waitlist -------------------------------------------------------


def seats_taken(batch: Batch) -> int:
    return batch.enrolments.filter(status__in=Enrolment.SEATED).count()


def _lock(batch: Batch) -> Batch:
    """Lock the batch row: seat decisions for one batch happen one at a time."""
    return Batch.objects.select_for_update().get(pk=batch.pk)


def _seat(enrolment: Enrolment, batch: Batch) -> None:
    """Give a seat if one is free, else put on the waitlist (first come, first served)."""
    if seats_taken(batch) < batch.capacity:
        enrolment.status = S.ENROLLED
        enrolment.waitlisted_at = None
    else:
        enrolment.status = S.WAITLISTED
        enrolment.waitlisted_at = timezone.now()


def waitlist_promote(*, batch: Batch) -> list[Enrolment]:
    """Move the first waitlisted people into free seats, oldest first."""
    promoted = []
    with transaction.atomic():
        batch = _lock(batch)
        free = batch.capacity - seats_taken(batch)
        if free <= 0:
            return promoted
        queue = batch.enrolments.filter(status=S.WAITLISTED).order_by(
            "waitlisted_at", "id"
        )[:free]
        for enrolment in queue:
            enrolment.status = S.ENROLLED
            enrolment.waitlisted_at = None
            enrolment.save(update_fields=["status", "waitlisted_at"])
            notices.seat_given(enrolment)
            promoted.append(enrolment)
    return promoted


def _create(**fields) -> Enrolment:
    try:
        with transaction.atomic():
            return Enrolment.objects.create(**fields)
    except IntegrityError:
        raise ApplicationError(
            "already_enrolled", _("Sudah terdaftar pada angkatan ini.")
        ) from None


# --- the flows ----------------------------------------------------------------


def enrolment_request(*, batch: Batch, by) -> Enrolment:
    """Self-registration: the employee asks; the supervisor approves later."""
    employee = employee_for_user(user=by)
    if employee is None or not has_perm(by, "training.enrol_own"):
        raise PermissionDenied()
    with acting_as(by), transaction.atomic():
        batch = _lock(batch)
        check_batch_open(batch)
        _check_join(batch, employee)
        enrolment = _create(
            batch=batch,
            employee=employee,
            status=S.REQUESTED,
            route=Enrolment.Route.SELF,
            requested_by=by,
        )
        notices.request_submitted(enrolment)
    return enrolment


def enrolment_approve(*, enrolment: Enrolment, by, note: str = "") -> Enrolment:
    """The supervisor (or HR in scope) approves a request: a seat or the waitlist."""
    _check_decider(enrolment, by)
    with acting_as(by), transaction.atomic():
        batch = _lock(enrolment.batch)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != S.REQUESTED:
            raise ApplicationError(
                "not_requested", _("Permintaan ini sudah diputuskan.")
            )
        if batch.status in (Batch.Status.FINISHED, Batch.Status.CANCELLED):
            raise ApplicationError(
                "batch_closed", _("Pendaftaran angkatan ini sudah ditutup.")
            )
        _seat(enrolment, batch)
        enrolment.decided_at = timezone.now()
        enrolment.decided_by = by
        enrolment.decision_note = (note or "")[:250]
        enrolment.save()
        notices.request_decided(enrolment)
    return enrolment


def enrolment_reject(*, enrolment: Enrolment, by, note: str) -> Enrolment:
    """The supervisor declines a request, with a reason."""
    _check_decider(enrolment, by)
    note = (note or "").strip()
    if not note:
        raise ApplicationError("note_required", _("Alasan penolakan wajib diisi."))
    with acting_as(by), transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != S.REQUESTED:
            raise ApplicationError(
                "not_requested", _("Permintaan ini sudah diputuskan.")
            )
        enrolment.status = S.REJECTED
        enrolment.decided_at = timezone.now()
        enrolment.decided_by = by
        enrolment.decision_note = note[:250]
        enrolment.save()
        notices.request_decided(enrolment)
    return enrolment


def _check_decider(enrolment: Enrolment, by) -> None:
    employee = enrolment.employee
    if is_self(by, employee) or not can_reach(by, "training.approve", employee):
        raise PermissionDenied()


def enrolment_nominate(
    *,
    batch: Batch,
    employee: Employee,
    by,
    route: str = Enrolment.Route.NOMINATED,
) -> Enrolment:
    """HR or the supervisor assigns someone: no approval step, a seat or the waitlist."""
    if is_self(by, employee) or not can_reach(by, "training.nominate", employee):
        raise PermissionDenied()
    with acting_as(by), transaction.atomic():
        batch = _lock(batch)
        check_batch_open(batch)
        _check_join(batch, employee)
        enrolment = Enrolment(
            batch=batch,
            employee=employee,
            route=route,
            requested_by=by,
            decided_by=by,
            decided_at=timezone.now(),
        )
        _seat(enrolment, batch)
        enrolment = _create(**_fields(enrolment))
        notices.nominated(enrolment)
    return enrolment


def _fields(enrolment: Enrolment) -> dict:
    return {
        f.name: getattr(enrolment, f.name)
        for f in Enrolment._meta.concrete_fields
        if not f.primary_key
    }


def may_cancel(enrolment: Enrolment, user, *, today: dt.date | None = None) -> bool:
    """Cancellation rules.

    The participant may withdraw a request, seat or waitlist place until the
    day before the batch starts; the organiser or HR with the person in scope
    may cancel until the batch ends. Results (passed/failed) are corrected,
    never cancelled.
    """
    today = today or timezone.localdate()
    if enrolment.status not in OPEN_STATES:
        return False
    batch = enrolment.batch
    if is_self(user, enrolment.employee):
        return today < batch.starts_on
    staff = can_reach(user, "training.organise", enrolment.employee) or can_reach(
        user, "training.nominate", enrolment.employee
    )
    return staff and today <= batch.ends_on


def enrolment_cancel(*, enrolment: Enrolment, by, reason: str = "") -> Enrolment:
    """Cancel an enrolment by the rules above; a freed seat goes to the waitlist."""
    if not may_cancel(enrolment, by):
        raise ApplicationError(
            "cannot_cancel", _("Pendaftaran ini tidak dapat dibatalkan lagi.")
        )
    with acting_as(by), transaction.atomic():
        _lock(enrolment.batch)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        freed = enrolment.status == S.ENROLLED
        enrolment.status = S.CANCELLED
        enrolment.waitlisted_at = None
        enrolment.cancelled_at = timezone.now()
        enrolment.decision_note = (reason or "")[:250]
        enrolment.save()
        if freed:
            waitlist_promote(batch=enrolment.batch)
    return enrolment
