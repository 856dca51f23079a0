"""Edit and delete events, sessions, speakers and materials.

Every write checks that the user manages the event (organiser scope) and
runs under `acting_as`, so auditlog records who changed or deleted what.
History is never lost: an event with registrations is cancelled (its
registrants are told) rather than deleted; an event or session with
check-ins, and a speaker with feedback, cannot be deleted at all.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events import live
from jenjang.events.models import (
    CheckIn,
    Event,
    EventSession,
    Material,
    Registration,
    Speaker,
    SpeakerFeedback,
)
from jenjang.events.services.common import clean_text, require_manager
from jenjang.events.services.events import (
    _check_times,
    _check_units_in_agency,
    _full_clean,
    event_cancel,
)
from jenjang.people.models import JobField, OrgUnit


def _has_attendance(what: str) -> str:
    return _(
        "Sudah ada presensi (dan JP yang tercatat) pada %(what)s; menghapusnya "
        "akan menghilangkan riwayat kehadiran. Hapus tidak dapat dilakukan."
    ) % {"what": what}


def _refuse_cancelled(event: Event) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(
            "event_cancelled", _("Kegiatan yang dibatalkan tidak dapat diubah.")
        )


def event_update(
    *,
    event: Event,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str = "",
    online_url: str = "",
    capacity: int | None = None,
    audience: str = Event.Audience.AGENCY,
    audience_units: list[OrgUnit] | None = None,
    audience_job_fields: list[JobField] | None = None,
    job_fields: list[JobField] | None = None,
    jp: Decimal | None = None,
    requires_approval: bool = False,
    is_public: bool = False,
    summary: str = "",
    description: str = "",
    by,
) -> Event:
    """Change an event's details; the agenda and seats must still fit."""
    require_manager(by, event)
    _refuse_cancelled(event)
    _check_times(starts_at, ends_at)
    if audience not in Event.Audience.values:
        raise ApplicationError("bad_audience", _("Peserta sasaran tidak dikenal."))
    if audience == Event.Audience.UNITS and not audience_units:
        raise ApplicationError("units_required", _("Pilih unit kerja sasaran."))
    if audience == Event.Audience.JOB_FIELDS and not audience_job_fields:
        raise ApplicationError("fields_required", _("Pilih rumpun jabatan sasaran."))
    if not (venue or "").strip() and not (online_url or "").strip():
        raise ApplicationError(
            "venue_required", _("Isi tempat atau tautan daring kegiatan.")
        )
    if jp is not None and (jp < 0 or jp > Decimal("999")):
        raise ApplicationError("bad_jp", _("JP harus antara 0 dan 999."))
    with acting_as(by), transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        taken = event.registrations.filter(
            status=Registration.Status.REGISTERED
        ).count()
        if capacity is not None and capacity < max(taken, 1):
            raise ApplicationError(
                "capacity_below_registered",
                _("Kapasitas tidak boleh kurang dari %(n)d peserta terdaftar.")
                % {"n": taken},
            )
        sessions = list(event.sessions.all())
        whole = (
            sessions[0]
            if len(sessions) == 1
            and (sessions[0].starts_at, sessions[0].ends_at)
            == (event.starts_at, event.ends_at)
            else None
        )
        if whole is None and any(
            s.starts_at < starts_at or s.ends_at > ends_at for s in sessions
        ):
            raise ApplicationError(
                "sessions_outside_event",
                _("Ada sesi di luar waktu baru; ubah atau hapus sesinya dulu."),
            )
        event.title = clean_text(title, field=_("Judul"), max_length=200)
        event.summary = clean_text(
            summary, field=_("Ringkasan"), max_length=300, required=False
        )
        event.description = (description or "").replace("\x00", "")[:10000]
        event.starts_at, event.ends_at = starts_at, ends_at
        event.venue = (venue or "").strip()[:200]
        event.online_url = (online_url or "").strip()
        event.capacity = capacity
        event.audience = audience
        event.jp = jp
        event.requires_approval = requires_approval
        event.is_public = is_public
        _full_clean(event)
        event.save()
        if audience_units:
            _check_units_in_agency(audience_units, event)
        event.audience_units.set(audience_units or [])
        event.audience_job_fields.set(audience_job_fields or [])
        event.job_fields.set(job_fields or [])
        if whole is not None:  # the one whole-event session follows the event
            whole.starts_at, whole.ends_at = starts_at, ends_at
            whole.save(update_fields=["starts_at", "ends_at"])
        live.access_changed(event_id=event.pk)
    return event


def event_delete(*, event: Event, by) -> str:
    """Delete an event nobody registered for; cancel one with registrations.

    Returns "deleted" or "cancelled". Refused once anyone was checked in:
    attendance and the JP it posted are history.
    """
    require_manager(by, event)
    if CheckIn.objects.filter(session__event=event).exists():
        raise ApplicationError(
            "has_attendance",
            _has_attendance(_("kegiatan ini")),
            status=409,
        )
    if event.registrations.exists():
        if event.status != Event.Status.CANCELLED:
            event_cancel(event=event, by=by)
        return "cancelled"
    with acting_as(by), transaction.atomic():
        event_id = event.pk
        event.delete()
        live.access_changed(event_id=event_id)  # open rooms answer 404 now
    return "deleted"


def session_update(
    *,
    session: EventSession,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    track: str = "",
    room: str = "",
    description: str = "",
    by,
) -> EventSession:
    """Change an agenda item; it stays inside the event's time."""
    event = session.event
    require_manager(by, event)
    _refuse_cancelled(event)
    _check_times(starts_at, ends_at)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ApplicationError(
            "session_outside_event", _("Sesi harus berada di dalam waktu kegiatan.")
        )
    session.title = clean_text(title, field=_("Judul sesi"), max_length=200)
    session.track = clean_text(track, field=_("Jalur"), max_length=80, required=False)
    session.room = clean_text(room, field=_("Ruang"), max_length=80, required=False)
    session.description = (description or "").replace("\x00", "")[:5000]
    session.starts_at, session.ends_at = starts_at, ends_at
    with acting_as(by):
        session.save()
    return session


def session_delete(*, session: EventSession, by) -> None:
    """Delete an agenda item without check-ins; an event keeps one session."""
    event = session.event
    require_manager(by, event)
    if session.checkins.exists():
        raise ApplicationError(
            "has_attendance", _has_attendance(_("sesi ini")), status=409
        )
    with acting_as(by), transaction.atomic():
        if EventSession.objects.filter(event=event).count() <= 1:
            raise ApplicationError(
                "last_session",
                _("Kegiatan harus memiliki paling sedikit satu sesi."),
                status=409,
            )
        session.delete()
        live.access_changed(event_id=event.pk)  # its open room answers 404 now


def _require_speaker_manager(by, speaker: Speaker) -> None:
    from jenjang.events.selectors import agency_managed_by

    if not agency_managed_by(user=by, agency_id=speaker.agency_id):
        raise PermissionDenied()


def speaker_update(
    *,
    speaker: Speaker,
    name: str = "",
    institution: str = "",
    expertise: str = "",
    bio: str = "",
    photo=None,
    is_public: bool = True,
    by,
) -> Speaker:
    """Change a speaker's details (an internal speaker keeps the registry name)."""
    _require_speaker_manager(by, speaker)
    if speaker.employee_id is None:
        speaker.name = clean_text(name, field=_("Nama"), max_length=150)
    speaker.institution = clean_text(
        institution, field=_("Institusi"), max_length=200, required=False
    )
    speaker.expertise = clean_text(
        expertise, field=_("Keahlian"), max_length=200, required=False
    )
    speaker.bio = clean_text(bio, field=_("Biografi"), max_length=2000, required=False)
    speaker.is_public = is_public
    if photo:
        speaker.photo = photo
    _full_clean(speaker)
    with acting_as(by):
        speaker.save()
    return speaker


def speaker_delete(*, speaker: Speaker, by) -> None:
    """Delete a speaker nobody rated; their session assignments go with them."""
    _require_speaker_manager(by, speaker)
    if SpeakerFeedback.objects.filter(speaker=speaker).exists():
        raise ApplicationError(
            "has_feedback",
            _(
                "Narasumber ini sudah dinilai peserta; menghapusnya akan "
                "menghilangkan hasil survei. Jadikan tidak publik saja."
            ),
            status=409,
        )
    with acting_as(by), transaction.atomic():
        speaker.delete()


def material_update(*, material: Material, title: str, by) -> Material:
    require_manager(by, material.event)
    material.title = clean_text(title, field=_("Judul"), max_length=200)
    with acting_as(by):
        material.save(update_fields=["title"])
    return material


def material_delete(*, material: Material, by) -> None:
    """Delete a material and its stored file."""
    require_manager(by, material.event)
    with acting_as(by), transaction.atomic():
        stored = material.file.name
        material.delete()
        transaction.on_commit(lambda: material.file.storage.delete(stored))
