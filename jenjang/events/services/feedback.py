"""The feedback survey: one per attendee per event, and per speaker."""

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events.models import (
    Event,
    EventFeedback,
    Registration,
    SessionSpeaker,
    SpeakerFeedback,
)
from jenjang.events.rules import feedback_open
from jenjang.events.services.common import clean_text, require_employee


def _rating(value, label) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ApplicationError(
            "bad_rating", _("%(label)s harus 1 sampai 5.") % {"label": label}
        )
    return rating


def feedback_submit(
    *,
    event: Event,
    rating,
    usefulness,
    comment: str = "",
    speakers: dict[int, tuple[int, str]] | None = None,
    by,
) -> EventFeedback:
    """Record an attendee's survey; answering again replaces the answers.

    `speakers` maps speaker id -> (rating, comment) for this event's speakers.
    """
    employee = require_employee(by)
    reg = Registration.objects.filter(event=event, employee=employee).first()
    if reg is None or reg.attended_at is None:
        raise PermissionDenied(_("Hanya peserta yang hadir yang dapat mengisi survei."))
    if not feedback_open(event=event):
        raise ApplicationError(
            "feedback_not_open", _("Survei dibuka saat kegiatan dimulai.")
        )
    values = {
        "rating": _rating(rating, _("Kepuasan")),
        "usefulness": _rating(usefulness, _("Manfaat")),
        "comment": clean_text(
            comment, field=_("Saran"), max_length=2000, required=False
        ),
    }
    speakers = speakers or {}
    allowed = set(
        SessionSpeaker.objects.filter(session__event=event).values_list(
            "speaker_id", flat=True
        )
    )
    if set(speakers) - allowed:
        raise ApplicationError("bad_speaker", _("Narasumber bukan dari kegiatan ini."))
    cleaned = {
        sid: (
            _rating(r, _("Penilaian narasumber")),
            clean_text(c, field=_("Komentar"), max_length=1000, required=False),
        )
        for sid, (r, c) in speakers.items()
    }
    with transaction.atomic():
        feedback, _created = EventFeedback.objects.update_or_create(
            registration=reg, defaults=values
        )
        for sid, (r, c) in cleaned.items():
            SpeakerFeedback.objects.update_or_create(
                registration=reg, speaker_id=sid, defaults={"rating": r, "comment": c}
            )
    return feedback
