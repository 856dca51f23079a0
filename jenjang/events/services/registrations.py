"""Registration: audience, capacity and waitlist, supervisor approval, cancel.

Seats are counted under a lock on the event row, so two people never take
the last seat together; a cancellation promotes the waitlist in queue order.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events import live
from jenjang.events.models import Event, Registration, new_ticket_code
from jenjang.events.rules import audience_allows, has_free_seat, registration_open
from jenjang.events.services.notify import notify, notify_registration
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_for_user, employee_supervisor

S = Registration.Status
LIVE = (S.REGISTERED, S.WAITLISTED, S.PENDING_APPROVAL)


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status=S.REGISTERED).count()


def _seat_or_queue(event: Event) -> str:
    free = has_free_seat(capacity=event.capacity, taken=_taken(event))
    return S.REGISTERED if free else S.WAITLISTED


def registration_create(*, event: Event, employee: Employee, by) -> Registration:
    """Register the employee: a seat, the waitlist, or the supervisor's queue.

    Refused outside the audience, when registration is closed, or when the
    employee already holds a live registration.
    """
    if not registration_open(event=event):
        raise ApplicationError(
            "registration_closed", _("Pendaftaran kegiatan ini sudah ditutup.")
        )
    employee = Employee.objects.select_related("org_unit", "position").get(
        pk=employee.pk
    )
    if not audience_allows(event=event, employee=employee):
        raise ApplicationError(
            "not_in_audience",
            _("Kegiatan ini tidak terbuka untuk unit atau jabatan Anda."),
            status=403,
        )
    with acting_as(by), transaction.atomic():
        event = _lock_event(event)
        reg = Registration.objects.filter(event=event, employee=employee).first()
        if reg is not None and reg.status in LIVE:
            raise ApplicationError(
                "already_registered",
                _("Anda sudah terdaftar pada kegiatan ini."),
                status=409,
            )
        status = (
            S.PENDING_APPROVAL if event.requires_approval else _seat_or_queue(event)
        )
        if reg is None:
            reg = Registration(event=event, employee=employee)
        else:  # back after cancelling: a fresh ticket and the end of the queue
            reg.ticket_code = new_ticket_code()
            reg.cancelled_at = None
            reg.approver = None
            reg.decided_at = None
            reg.decision_note = ""
        reg.status = status
        reg.queued_at = timezone.now()
        reg.save()
        if status == S.PENDING_APPROVAL:
            _ask_supervisor(reg)
        live.access_changed(event_id=event.pk)
    return reg


def _ask_supervisor(reg: Registration) -> None:
    from django.urls import reverse

    boss = employee_supervisor(employee=reg.employee)
    if boss is None:
        return
    reg.approver = boss
    reg.save(update_fields=["approver"])
    notify(
        user=boss.user,
        title=_("Persetujuan kegiatan: %(name)s") % {"name": reg.employee.full_name},
        body=reg.event.title,
        url=reverse("events:approvals"),
    )


def registration_cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration (its holder or the organiser); free the seat."""
    from jenjang.events.selectors import user_manages_event

    own = employee_for_user(user=by)
    is_owner = own is not None and own.pk == registration.employee_id
    if not is_owner and not user_manages_event(user=by, event=registration.event):
        raise PermissionDenied()
    with acting_as(by), transaction.atomic():
        _lock_event(registration.event)
        reg = Registration.objects.select_for_update().get(pk=registration.pk)
        if reg.status not in LIVE:
            raise ApplicationError(
                "not_active", _("Pendaftaran ini sudah tidak aktif."), status=409
            )
        if reg.attended_at is not None:
            raise ApplicationError(
                "already_attended",
                _("Peserta yang sudah hadir tidak dapat dibatalkan."),
                status=409,
            )
        freed = reg.status == S.REGISTERED
        reg.status = S.CANCELLED
        reg.cancelled_at = timezone.now()
        reg.save(update_fields=["status", "cancelled_at"])
        if freed:
            waitlist_promote(event=reg.event)
        live.access_changed(event_id=reg.event_id)
    return reg


def waitlist_promote(*, event: Event) -> list[Registration]:
    """Give free seats to the waitlist, first come first served.

    Call inside a transaction holding the event lock.
    """
    promoted: list[Registration] = []
    while True:
        if not has_free_seat(capacity=event.capacity, taken=_taken(event)):
            break
        nxt = (
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, status=S.WAITLISTED)
            .select_related("employee__user", "event")
            .order_by("queued_at", "id")
            .first()
        )
        if nxt is None:
            break
        nxt.status = S.REGISTERED
        nxt.save(update_fields=["status"])
        notify_registration(
            nxt,
            title=_("Anda mendapat kursi: %(title)s") % {"title": event.title},
            body=_("Tiket Anda sudah aktif."),
        )
        promoted.append(nxt)
    return promoted


def registration_decide(
    *, registration: Registration, approve: bool, note: str = "", by
) -> Registration:
    """The supervisor approves (seat or waitlist) or rejects a registration.

    Issue 7: supervisor approval when the event takes working time and the
    organiser asks for it. The supervisor is the holder of the position the
    employee's position reports to (people.selectors.employee_supervisor).
    """
    from jenjang.events.selectors import approvals_for

    if not approvals_for(user=by).filter(pk=registration.pk).exists():
        raise PermissionDenied()
    note = (note or "").replace("\x00", "").strip()[:250]
    if not approve and not note:
        raise ApplicationError("reason_required", _("Tuliskan alasan penolakan."))
    with acting_as(by), transaction.atomic():
        event = _lock_event(registration.event)
        reg = Registration.objects.select_for_update().get(pk=registration.pk)
        if reg.status != S.PENDING_APPROVAL:
            raise ApplicationError(
                "not_pending",
                _("Pendaftaran ini tidak menunggu persetujuan."),
                status=409,
            )
        reg.status = _seat_or_queue(event) if approve else S.REJECTED
        reg.approver = employee_for_user(user=by)
        reg.decided_at = timezone.now()
        reg.decision_note = note
        reg.save()
        reg.event = event
        title = (
            _("Pendaftaran disetujui: %(title)s")
            if approve
            else _("Pendaftaran ditolak: %(title)s")
        )
        notify_registration(reg, title=title % {"title": event.title}, body=note)
        live.access_changed(event_id=event.pk)
    return reg
