"""Events API: edit and delete events, sessions, speakers and materials.

Mounted on the events router (imported at the end of events/api.py). Every
operation is scoped through the selectors (NotFound outside the organiser's
scope) and audited by the services.
"""

from typing import Literal

from django.http import HttpRequest
from ninja import Schema
from ninja.responses import Status

from jenjang.core.api import error_responses, require_perm
from jenjang.events import selectors as sel
from jenjang.events.api import (
    MANAGE,
    EventFieldsIn,
    EventOut,
    SessionIn,
    SessionOut,
    SpeakerOut,
    _event,
    _session,
    _speaker,
    _text,
    router,
)
from jenjang.events.services import editing
from jenjang.people.models import JobField, OrgUnit


class EventUpdateIn(EventFieldsIn):
    """An event's editable fields (kind, organising unit and series stay)."""


class DeletedOut(Schema):
    outcome: Literal["deleted", "cancelled"]


class SpeakerUpdateIn(Schema):
    name: _text(150) = ""
    institution: _text(200) = ""
    expertise: _text(200) = ""
    bio: _text(2000) = ""
    is_public: bool = True


class MaterialUpdateIn(Schema):
    title: _text(200, 1)


class MaterialEditedOut(Schema):
    id: int
    title: str


@router.put(
    "/events/{int:pk}",
    response={200: EventOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah kegiatan",
)
def event_update(request: HttpRequest, pk: int, payload: EventUpdateIn):
    require_perm(request, MANAGE)
    event = sel.event_get_managed_by(user=request.auth, pk=pk)
    data = payload.dict()
    data["audience_units"] = list(OrgUnit.objects.filter(pk__in=data["audience_units"]))
    for key in ("audience_job_fields", "job_fields"):
        data[key] = list(JobField.objects.filter(pk__in=data[key]))
    editing.event_update(event=event, by=request.auth, **data)
    return _event(sel.event_get_managed_by(user=request.auth, pk=pk))


@router.delete(
    "/events/{int:pk}",
    response={200: DeletedOut, **error_responses(401, 403, 404, 409)},
    summary="Hapus kegiatan (yang sudah ada pendaftar: dibatalkan)",
)
def event_delete(request: HttpRequest, pk: int):
    require_perm(request, MANAGE)
    event = sel.event_get_managed_by(user=request.auth, pk=pk)
    return DeletedOut(outcome=editing.event_delete(event=event, by=request.auth))


@router.put(
    "/events/sessions/{int:pk}",
    response={200: SessionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah sesi agenda",
)
def session_update(request: HttpRequest, pk: int, payload: SessionIn):
    require_perm(request, MANAGE)
    session = sel.session_get_managed_by(user=request.auth, pk=pk)
    editing.session_update(session=session, by=request.auth, **payload.dict())
    return _session(session)


@router.delete(
    "/events/sessions/{int:pk}",
    response={204: None, **error_responses(401, 403, 404, 409)},
    summary="Hapus sesi agenda (tanpa presensi)",
)
def session_delete(request: HttpRequest, pk: int):
    require_perm(request, MANAGE)
    session = sel.session_get_managed_by(user=request.auth, pk=pk)
    editing.session_delete(session=session, by=request.auth)
    return Status(204, None)


@router.put(
    "/events/speakers/{int:pk}",
    response={200: SpeakerOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah narasumber",
)
def speaker_update(request: HttpRequest, pk: int, payload: SpeakerUpdateIn):
    require_perm(request, MANAGE)
    speaker = sel.speaker_get_managed_by(user=request.auth, pk=pk)
    s = editing.speaker_update(speaker=speaker, by=request.auth, **payload.dict())
    return SpeakerOut(
        **_speaker(s).dict(),
        agency_id=s.agency_id,
        employee_id=s.employee_id,
        is_public=s.is_public,
    )


@router.delete(
    "/events/speakers/{int:pk}",
    response={204: None, **error_responses(401, 403, 404, 409)},
    summary="Hapus narasumber (yang belum dinilai)",
)
def speaker_delete(request: HttpRequest, pk: int):
    require_perm(request, MANAGE)
    speaker = sel.speaker_get_managed_by(user=request.auth, pk=pk)
    editing.speaker_delete(speaker=speaker, by=request.auth)
    return Status(204, None)


@router.put(
    "/events/materials/{int:pk}",
    response={200: MaterialEditedOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah judul materi",
)
def material_update(request: HttpRequest, pk: int, payload: MaterialUpdateIn):
    require_perm(request, MANAGE)
    material = sel.material_get_managed_by(user=request.auth, pk=pk)
    m = editing.material_update(material=material, title=payload.title, by=request.auth)
    return MaterialEditedOut(id=m.pk, title=m.title)


@router.delete(
    "/events/materials/{int:pk}",
    response={204: None, **error_responses(401, 403, 404)},
    summary="Hapus materi",
)
def material_delete(request: HttpRequest, pk: int):
    require_perm(request, MANAGE)
    material = sel.material_get_managed_by(user=request.auth, pk=pk)
    editing.material_delete(material=material, by=request.auth)
    return Status(204, None)
