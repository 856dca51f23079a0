"""Sessions of a pair and their JP in the mentee's ledger.

Each held session posts once to the mentee's JP ledger under the source
"mentoring.session" (idempotent per session); cancelling it reverses the
posting. The development form is SIASN 15 Mentoring or 14 Coaching
(Peraturan LAN 10/2018, domain file §4.1); how many JP a session counts for
is the agency's conversion rule (the BPS example: 1 session = 2 JP, at most
2 sessions a month, domain file §4.4), applied by the ledger.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.mentoring.models import (
    MAX_SESSION_MINUTES,
    ActionItem,
    Relationship,
    Session,
)

SESSION_SOURCE = "mentoring.session"
MAX_ACTION_ITEMS = 10


def _session_link(source_id: str) -> str | None:
    if not source_id.isdigit():
        return None
    found = (
        Session.objects.filter(pk=source_id)
        .values_list("relationship_id", flat=True)
        .first()
    )
    return reverse("mentoring:pair_detail", args=[found]) if found else None


def register_ledger_source() -> None:
    """Let sessions post JP (called from AppConfig.ready)."""
    from jenjang.development.services.ledger import register_source_type

    register_source_type(
        SESSION_SOURCE,
        label=gettext_lazy("Sesi mentoring/coaching"),
        link=_session_link,
    )


def _check_session(held_on, duration_minutes, topics: str) -> tuple[dt.date, int, str]:
    if not isinstance(held_on, dt.date):
        raise ApplicationError("bad_date", _("Tanggal sesi wajib diisi."))
    if held_on > timezone.localdate():
        raise ApplicationError(
            "future_date", _("Tanggal sesi tidak boleh di masa depan.")
        )
    try:
        minutes = int(duration_minutes)
    except (TypeError, ValueError):
        minutes = 0
    if not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise ApplicationError(
            "bad_duration",
            _("Durasi sesi harus 1 sampai %(n)d menit.") % {"n": MAX_SESSION_MINUTES},
        )
    topics = (topics or "").strip()
    if not topics or len(topics) > 300:
        raise ApplicationError(
            "bad_topics", _("Topik wajib diisi (paling panjang 300 karakter).")
        )
    return held_on, minutes, topics


def _check_items(items) -> list[tuple[str, dt.date | None]]:
    clean = []
    for text, due in items or ():
        text = (text or "").strip()
        if not text:
            continue
        if len(text) > 300:
            raise ApplicationError(
                "bad_action_item", _("Tindak lanjut paling panjang 300 karakter.")
            )
        clean.append((text, due))
    if len(clean) > MAX_ACTION_ITEMS:
        raise ApplicationError(
            "too_many_action_items",
            _("Paling banyak %(n)d tindak lanjut per sesi.") % {"n": MAX_ACTION_ITEMS},
        )
    return clean


def session_log(
    *,
    relationship: Relationship,
    by,
    held_on: dt.date,
    duration_minutes,
    topics: str,
    notes: str = "",
    action_items=(),
) -> Session:
    """Log a held session and post its JP to the mentee's ledger, in one transaction."""
    from jenjang.mentoring.services.pairs import _locked, _require_side, _require_status

    held_on, minutes, topics = _check_session(held_on, duration_minutes, topics)
    items = _check_items(action_items)
    with acting_as(by), transaction.atomic():
        rel = _locked(relationship)
        _require_side(rel, by)
        _require_status(rel, Relationship.Status.ACTIVE)
        if rel.started_on and held_on < rel.started_on:
            raise ApplicationError(
                "before_start",
                _("Tanggal sesi tidak boleh sebelum pasangan dimulai."),
            )
        session = Session.objects.create(
            relationship=rel,
            held_on=held_on,
            duration_minutes=minutes,
            topics=topics,
            notes=(notes or "").strip()[:10000],
            created_by=by if getattr(by, "pk", None) else None,
        )
        ActionItem.objects.bulk_create(
            ActionItem(session=session, text=t, due_on=d) for t, d in items
        )
        if rel.last_session_on is None or held_on > rel.last_session_on:
            rel.last_session_on = held_on
            rel.save(update_fields=["last_session_on"])
        session_post_jp(session=session, relationship=rel, by=by)
    return session


def session_post_jp(*, session: Session, relationship: Relationship, by):
    """Post the session's JP to the mentee's ledger (once per session)."""
    from jenjang.development.models import ConversionRule
    from jenjang.development.services.conversion import rule_for
    from jenjang.development.services.ledger import form_by_code, ledger_post

    form = form_by_code(relationship.form_code)
    rule = rule_for(agency=relationship.mentee.agency_id, form=form, on=session.held_on)
    minutes = rule.unit == ConversionRule.Unit.MINUTES
    title = _("%(kind)s bersama %(mentor)s: %(topics)s") % {
        "kind": relationship.get_kind_display(),
        "mentor": relationship.mentor.name,
        "topics": session.topics,
    }
    return ledger_post(
        employee=relationship.mentee,
        occurred_on=session.held_on,
        form=form,
        title=title[:250],
        source_type=SESSION_SOURCE,
        source_id=session.pk,
        quantity=session.duration_minutes if minutes else 1,
        unit=rule.unit,
        by=by,
    )


def session_cancel(*, session: Session, by, reason: str) -> Session:
    """Cancel a logged session and reverse its JP (a reversing entry, never a delete)."""
    from jenjang.development.services.ledger import ledger_reverse_source
    from jenjang.mentoring.services.pairs import _locked, _require_side

    reason = (reason or "").strip()
    if not reason or len(reason) > 250:
        raise ApplicationError(
            "reason_required",
            _("Alasan pembatalan wajib diisi (paling panjang 250 karakter)."),
        )
    with acting_as(by), transaction.atomic():
        rel = _locked(session.relationship)
        _require_side(rel, by)
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == Session.Status.CANCELLED:
            raise ApplicationError("already_cancelled", _("Sesi ini sudah dibatalkan."))
        locked.status = Session.Status.CANCELLED
        locked.cancel_reason = reason
        locked.save(update_fields=["status", "cancel_reason"])
        ledger_reverse_source(
            source_type=SESSION_SOURCE, source_id=locked.pk, reason=reason, by=by
        )
        last = rel.sessions.filter(status=Session.Status.HELD).aggregate(
            m=Max("held_on")
        )["m"]
        rel.last_session_on = last
        rel.save(update_fields=["last_session_on"])
    return locked


def action_item_toggle(*, item: ActionItem, by, done: bool) -> ActionItem:
    """Mark a follow-up done (or open again)."""
    from jenjang.mentoring.services.pairs import _require_side

    _require_side(item.session.relationship, by)
    item.done_at = timezone.now() if done else None
    with acting_as(by):
        item.save(update_fields=["done_at"])
    return item
