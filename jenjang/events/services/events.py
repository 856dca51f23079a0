"""Create and run events: the event, its agenda, speakers and materials."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.development.services.ledger import form_by_code
from jenjang.events import live
from jenjang.events.models import (
    Event,
    EventSeries,
    EventSession,
    Material,
    SessionSpeaker,
    Speaker,
)
from jenjang.events.rules import EVENT_FORM_CODES, default_form_code
from jenjang.events.services.common import clean_text, require_manager
from jenjang.people.models import Employee, JobField, OrgUnit

MANAGE = "events.manage"


def _check_unit(user, unit: OrgUnit) -> None:
    scope = scope_for(user, perm=MANAGE)
    if not OrgUnit.objects.filter(unit_scope_q(scope), pk=unit.pk).exists():
        raise PermissionDenied(
            _("Unit penyelenggara di luar cakupan Anda."),
        )


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ApplicationError(
            "naive_datetime", _("Waktu harus menyertakan zona waktu.")
        )
    if ends_at <= starts_at:
        raise ApplicationError(
            "bad_times", _("Waktu selesai harus setelah waktu mulai.")
        )


def _full_clean(obj) -> None:
    try:
        obj.full_clean(
            exclude=["agency", "organiser_unit", "development_form", "event"]
        )
    except ValidationError as exc:
        message = next(iter(exc.messages), _("Masukan tidak sah."))
        raise ApplicationError("invalid_input", message) from None


def series_create(
    *, organiser_unit: OrgUnit, name: str, recurrence: str, description="", by
) -> EventSeries:
    _check_unit(by, organiser_unit)
    name = clean_text(name, field=_("Nama seri"), max_length=200)
    if recurrence not in EventSeries.Recurrence.values:
        raise ApplicationError("bad_recurrence", _("Pengulangan tidak dikenal."))
    series, _created = EventSeries.objects.get_or_create(
        agency_id=organiser_unit.agency_id,
        name=name,
        defaults={
            "organiser_unit": organiser_unit,
            "recurrence": recurrence,
            "description": description,
        },
    )
    return series


def event_create(
    *,
    organiser_unit: OrgUnit,
    kind: str,
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
    form_code: int | None = None,
    jp: Decimal | None = None,
    requires_approval: bool = False,
    is_public: bool = False,
    series: EventSeries | None = None,
    summary: str = "",
    description: str = "",
    publish: bool = False,
    by,
) -> Event:
    """Create an event with one whole-event session; drafts until published."""
    _check_unit(by, organiser_unit)
    if kind not in Event.Kind.values:
        raise ApplicationError("bad_kind", _("Jenis kegiatan tidak dikenal."))
    if audience not in Event.Audience.values:
        raise ApplicationError("bad_audience", _("Peserta sasaran tidak dikenal."))
    _check_times(starts_at, ends_at)
    code = form_code or default_form_code(kind)
    if code not in EVENT_FORM_CODES:
        raise ApplicationError(
            "bad_form", _("Bentuk pengembangan ini tidak sesuai untuk kegiatan.")
        )
    if audience == Event.Audience.UNITS and not audience_units:
        raise ApplicationError("units_required", _("Pilih unit kerja sasaran."))
    if audience == Event.Audience.JOB_FIELDS and not audience_job_fields:
        raise ApplicationError("fields_required", _("Pilih rumpun jabatan sasaran."))
    if not (venue or "").strip() and not (online_url or "").strip():
        raise ApplicationError(
            "venue_required", _("Isi tempat atau tautan daring kegiatan.")
        )
    if capacity is not None and capacity < 1:
        raise ApplicationError("bad_capacity", _("Kapasitas paling sedikit 1."))
    if jp is not None and (jp < 0 or jp > Decimal("999")):
        raise ApplicationError("bad_jp", _("JP harus antara 0 dan 999."))
    if series is not None and series.agency_id != organiser_unit.agency_id:
        raise ApplicationError("bad_series", _("Seri kegiatan milik instansi lain."))
    event = Event(
        agency_id=organiser_unit.agency_id,
        organiser_unit=organiser_unit,
        series=series,
        kind=kind,
        title=clean_text(title, field=_("Judul"), max_length=200),
        summary=clean_text(
            summary, field=_("Ringkasan"), max_length=300, required=False
        ),
        description=(description or "").replace("\x00", "")[:10000],
        starts_at=starts_at,
        ends_at=ends_at,
        venue=(venue or "").strip()[:200],
        online_url=(online_url or "").strip(),
        capacity=capacity,
        audience=audience,
        development_form=form_by_code(code),
        jp=jp,
        requires_approval=requires_approval,
        is_public=is_public,
        status=Event.Status.PUBLISHED if publish else Event.Status.DRAFT,
        created_by=by if getattr(by, "pk", None) else None,
    )
    _full_clean(event)
    with acting_as(by), transaction.atomic():
        event.save()
        if audience_units:
            _check_units_in_agency(audience_units, event)
            event.audience_units.set(audience_units)
        if audience_job_fields:
            event.audience_job_fields.set(audience_job_fields)
        if job_fields:
            event.job_fields.set(job_fields)
        EventSession.objects.create(
            event=event,
            title=_("Sesi utama"),
            starts_at=starts_at,
            ends_at=ends_at,
            room=event.venue[:80],
        )
    return event


def _check_units_in_agency(units: list[OrgUnit], event: Event) -> None:
    if any(u.agency_id != event.agency_id for u in units):
        raise ApplicationError(
            "bad_units", _("Unit sasaran harus dari instansi penyelenggara.")
        )


def event_publish(*, event: Event, by) -> Event:
    require_manager(by, event)
    if event.status == Event.Status.CANCELLED:
        raise ApplicationError(
            "event_cancelled", _("Kegiatan yang dibatalkan tidak dapat dibuka.")
        )
    with acting_as(by):
        event.status = Event.Status.PUBLISHED
        event.save(update_fields=["status"])
        live.access_changed(event_id=event.pk)
    return event


def event_cancel(*, event: Event, by) -> Event:
    """Cancel the event and tell everyone registered (in-app)."""
    from jenjang.events.services.notify import notify_registrants

    require_manager(by, event)
    with acting_as(by), transaction.atomic():
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status"])
        notify_registrants(
            event=event,
            title=_("Kegiatan dibatalkan: %(title)s") % {"title": event.title},
        )
        live.access_changed(event_id=event.pk)
    return event


def session_create(
    *,
    event: Event,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    track: str = "",
    room: str = "",
    description: str = "",
    by,
) -> EventSession:
    """Add an agenda item inside the event's time."""
    require_manager(by, event)
    _check_times(starts_at, ends_at)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ApplicationError(
            "session_outside_event",
            _("Sesi harus berada di dalam waktu kegiatan."),
        )
    with acting_as(by):
        return EventSession.objects.create(
            event=event,
            title=clean_text(title, field=_("Judul sesi"), max_length=200),
            track=clean_text(track, field=_("Jalur"), max_length=80, required=False),
            room=clean_text(room, field=_("Ruang"), max_length=80, required=False),
            description=(description or "").replace("\x00", "")[:5000],
            starts_at=starts_at,
            ends_at=ends_at,
        )


def speaker_create(
    *,
    agency_id: int,
    name: str = "",
    employee: Employee | None = None,
    institution: str = "",
    expertise: str = "",
    bio: str = "",
    photo=None,
    is_public: bool = True,
    by,
) -> Speaker:
    """Add a speaker: an employee (name from the registry) or an outside expert."""
    from jenjang.events.selectors import agency_managed_by

    if not agency_managed_by(user=by, agency_id=agency_id):
        raise PermissionDenied()
    if employee is not None:
        if employee.agency_id != agency_id:
            raise ApplicationError(
                "bad_employee", _("Pegawai narasumber dari instansi lain.")
            )
        existing = Speaker.objects.filter(
            agency_id=agency_id, employee=employee
        ).first()
        if existing is not None:
            return existing
        name = name or employee.full_name
    speaker = Speaker(
        agency_id=agency_id,
        employee=employee,
        name=clean_text(name, field=_("Nama"), max_length=150),
        institution=clean_text(
            institution, field=_("Institusi"), max_length=200, required=False
        ),
        expertise=clean_text(
            expertise, field=_("Keahlian"), max_length=200, required=False
        ),
        bio=clean_text(bio, field=_("Biografi"), max_length=2000, required=False),
        is_public=is_public,
    )
    if photo:
        speaker.photo = photo
    _full_clean(speaker)
    with acting_as(by):
        speaker.save()
    return speaker


def session_speaker_add(
    *, session: EventSession, speaker: Speaker, role: str = "speaker", by
) -> SessionSpeaker:
    require_manager(by, session.event)
    if speaker.agency_id != session.event.agency_id:
        raise ApplicationError(
            "bad_speaker", _("Narasumber terdaftar di instansi lain.")
        )
    if role not in SessionSpeaker.Role.values:
        raise ApplicationError("bad_role", _("Peran narasumber tidak dikenal."))
    with acting_as(by):
        link, _created = SessionSpeaker.objects.get_or_create(
            session=session, speaker=speaker, defaults={"role": role}
        )
    return link


def material_add(
    *, event: Event, title: str, file, session: EventSession | None = None, by
) -> Material:
    """Attach slides or handouts; only attendees may download them."""
    require_manager(by, event)
    if session is not None and session.event_id != event.pk:
        raise ApplicationError("bad_session", _("Sesi bukan bagian kegiatan ini."))
    if not file:
        raise ApplicationError("file_required", _("Pilih berkas materi."))
    material = Material(
        event=event,
        session=session,
        title=clean_text(title, field=_("Judul"), max_length=200),
        file=file,
        original_name=(getattr(file, "name", "") or "materi")[-255:],
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    try:
        material.full_clean(exclude=["event", "session"])
    except ValidationError as exc:
        raise ApplicationError(
            "bad_material", next(iter(exc.messages), _("Berkas tidak sah."))
        ) from None
    with acting_as(by):
        material.save()
    return material
