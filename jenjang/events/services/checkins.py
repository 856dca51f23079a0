"""Check-in per session, and what attendance earns: JP once, a certificate.

The organiser scans the QR ticket (or types its code) on the check-in page.
Duplicate and wrong-event scans are refused with a message the organiser
can read out; the first check-in of a registration posts JP to the ledger
(idempotent per registration) and issues the certificate of attendance.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.development.services.conversion import convert, rule_for
from jenjang.development.services.ledger import ledger_post
from jenjang.events.models import (
    TICKET_LENGTH,
    CheckIn,
    Event,
    EventSession,
    Registration,
)
from jenjang.events.rules import attendance_quantity, checkin_window_open
from jenjang.events.services.common import require_manager

SOURCE_TYPE = "events.registration"
SOURCE_LABEL = gettext_lazy("Seminar / lokakarya / konferensi")
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


@dataclass
class CheckInResult:
    checkin: CheckIn
    registration: Registration
    first_attendance: bool


def normalise_ticket(raw: str) -> str:
    """Accept what scanners and people give: lower case, spaces, O for 0, a URL."""
    text = (raw or "").strip().upper()
    parts = [p for p in text.split("/") if p]  # a URL: the last segment
    text = parts[-1] if parts else ""
    body = re.sub(r"[^0-9A-Z]", "", text).translate(_READ_AS)
    if len(body) != TICKET_LENGTH:
        return body
    return "-".join(body[i : i + 4] for i in range(0, TICKET_LENGTH, 4))


def _refuse(code: str, message: str, status: int = 400) -> ApplicationError:
    return ApplicationError(code, message, status=status)


def checkin_record(
    *,
    event: Event,
    session: EventSession,
    code: str,
    method: str = CheckIn.Method.TYPED,
    by,
) -> CheckInResult:
    """Check one ticket into one session of the event."""
    require_manager(by, event)
    if session.event_id != event.pk:
        raise _refuse("bad_session", _("Sesi ini bukan bagian dari kegiatan."))
    ticket = normalise_ticket(code)
    reg = (
        Registration.objects.select_related("employee", "event")
        .filter(ticket_code=ticket)
        .first()
    )
    if reg is None:
        raise _refuse("ticket_unknown", _("Kode tiket tidak dikenal."), 404)
    if reg.event_id != event.pk:
        raise _refuse(
            "wrong_event",
            _("Tiket ini untuk kegiatan lain, bukan untuk kegiatan ini."),
            409,
        )
    if reg.status != Registration.Status.REGISTERED:
        raise _refuse(
            "ticket_inactive",
            _("Tiket %(name)s tidak aktif (status: %(status)s).")
            % {"name": reg.employee.full_name, "status": reg.get_status_display()},
            409,
        )
    if not checkin_window_open(session=session):
        raise _refuse(
            "outside_window",
            _("Presensi sesi ini dibuka 1 jam sebelum mulai sampai sesi selesai."),
        )
    if method not in CheckIn.Method.values:
        method = CheckIn.Method.TYPED
    existing = CheckIn.objects.filter(registration=reg, session=session).first()
    if existing is not None:
        raise _duplicate(reg, existing)
    with acting_as(by), transaction.atomic():
        try:
            with transaction.atomic():
                checkin = CheckIn.objects.create(
                    registration=reg,
                    session=session,
                    method=method,
                    checked_in_by=by if getattr(by, "pk", None) else None,
                )
        except IntegrityError:
            raise _duplicate(
                reg, CheckIn.objects.get(registration=reg, session=session)
            ) from None
        first = reg.attended_at is None
        if first:
            reg.attended_at = checkin.checked_in_at
            reg.save(update_fields=["attended_at"])
        attendance_record(registration=reg, by=by)
    return CheckInResult(checkin=checkin, registration=reg, first_attendance=first)


def _duplicate(reg: Registration, existing: CheckIn) -> ApplicationError:
    when = formats.time_format(timezone.localtime(existing.checked_in_at), "H:i")
    return _refuse(
        "already_checked_in",
        _("%(name)s sudah tercatat hadir di sesi ini pukul %(time)s.")
        % {"name": reg.employee.full_name, "time": when},
        409,
    )


def attendance_jp(*, event: Event) -> Decimal:
    """The JP one attendance earns, before the employee's caps.

    The organiser's figure when set; otherwise the agency's conversion rule
    for the event's development form (domain file §4.4; the BPS example
    counts seminar 4 JP and workshop 5 JP per day).
    """
    if event.jp is not None:
        return event.jp
    rule = rule_for(
        agency=event.agency_id,
        form=event.development_form,
        on=timezone.localtime(event.starts_at).date(),
    )
    quantity = attendance_quantity(
        event=event, sessions=list(event.sessions.all()), unit=rule.unit
    )
    return convert(rule, quantity).jp


def attendance_record(*, registration: Registration, by):
    """Post the attendance JP once and issue the certificate of attendance."""
    from jenjang.certificates.services import certificate_issue

    event = registration.event
    # JP counts on the day the person came (a late scan never lands in the future).
    today = timezone.localdate()
    if registration.attended_at is not None:
        today = min(timezone.localtime(registration.attended_at).date(), today)
    start = min(timezone.localtime(event.starts_at).date(), today)
    end = timezone.localtime(event.ends_at).date()
    post = {"jp": event.jp}
    if event.jp is None:
        rule = rule_for(agency=event.agency_id, form=event.development_form, on=start)
        post = {
            "quantity": attendance_quantity(
                event=event, sessions=list(event.sessions.all()), unit=rule.unit
            ),
            "unit": rule.unit,
        }
    title = f"{event.get_kind_display()}: {event.title}"[:250]
    entry = ledger_post(
        employee=registration.employee,
        occurred_on=today,
        started_on=start,
        form=event.development_form,
        title=title,
        source_type=SOURCE_TYPE,
        source_id=registration.pk,
        by=by,
        **post,
    )
    certificate = certificate_issue(
        employee=registration.employee,
        title=title,
        source_type=SOURCE_TYPE,
        source_id=registration.pk,
        started_on=start,
        ended_on=max(end, start),
        jp=entry.jp,
        issuer=event.organiser_unit.name,
        by=by,
    )
    return entry, certificate
