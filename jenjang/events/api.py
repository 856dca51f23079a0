"""Events API: browse, register, tickets, check-in, Q&A, discussion, feedback,
reports; public endpoints expose public information only.

Thin: parse, call a selector or service, answer. Scope lives in selectors;
an event outside the caller's reach is a 404.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field, StringConstraints

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import NotFound, PermissionDenied
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.events import selectors as sel
from jenjang.events.models import (
    Event,
    EventSession,
    Question,
    Registration,
    SessionSpeaker,
    Speaker,
)
from jenjang.events.services import events as event_svc
from jenjang.events.services import questions as q_svc
from jenjang.events.services.checkins import checkin_record
from jenjang.events.services.common import require_employee
from jenjang.events.services.feedback import feedback_submit
from jenjang.events.services.registrations import (
    registration_cancel,
    registration_create,
    registration_decide,
)
from jenjang.notifications.api import NotificationOut, notification_out
from jenjang.notifications.selectors import notifications_of
from jenjang.people.models import JobField, OrgUnit

router = Router(tags=["events"], auth=AUTH)

ATTEND, MANAGE, REPORTS = sel.ATTEND, sel.MANAGE, sel.REPORTS


def _text(max_length: int, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=min_length,
            max_length=max_length,
            pattern=r"^[^\x00]*$",
        ),
    ]


# --- Schemas ----------------------------------------------------------------------


class PublicSpeakerOut(Schema):
    id: int
    name: str
    institution: str
    expertise: str
    bio: str
    photo_url: str | None


class SessionOut(Schema):
    id: int
    title: str
    track: str
    room: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    speakers: list[PublicSpeakerOut]


class PublicEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    summary: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    organiser: str
    agency: str
    sessions: list[SessionOut] = []


class EventOut(PublicEventOut):
    status: str
    online_url: str
    capacity: int | None
    audience: str
    development_form: int
    jp: Decimal | None
    requires_approval: bool
    is_public: bool
    series: str | None
    organiser_unit_id: int


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None


class EventFieldsIn(Schema):
    """What an organiser may set on an event, at creation and later."""

    title: _text(200, 1)
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: _text(200) = ""
    online_url: _text(200) = ""
    capacity: int | None = Field(None, ge=1, le=100000)
    audience: Literal["everyone", "agency", "units", "job_fields"] = "agency"
    audience_units: list[int] = Field(default_factory=list, max_length=200)
    audience_job_fields: list[int] = Field(default_factory=list, max_length=200)
    job_fields: list[int] = Field(default_factory=list, max_length=200)
    jp: Decimal | None = Field(None, ge=0, le=999, decimal_places=2)
    requires_approval: bool = False
    is_public: bool = False
    summary: _text(300) = ""
    description: _text(10000) = ""


class EventIn(EventFieldsIn):
    organiser_unit: int
    kind: Literal["seminar", "workshop", "conference", "sarasehan", "webinar"]
    form_code: int | None = Field(None, ge=1, le=25)
    publish: bool = False


class SessionIn(Schema):
    title: _text(200, 1)
    track: _text(80) = ""
    room: _text(80) = ""
    starts_at: dt.datetime
    ends_at: dt.datetime


class SpeakerIn(Schema):
    name: _text(150) = ""
    employee: int | None = None
    institution: _text(200) = ""
    expertise: _text(200) = ""
    bio: _text(2000) = ""
    is_public: bool = True
    agency: int | None = None


class SpeakerOut(PublicSpeakerOut):
    agency_id: int
    employee_id: int | None
    is_public: bool


class CandidateOut(Schema):
    id: int
    name: str
    unit: str
    position: str
    speaker_id: int | None


class AssignIn(Schema):
    speaker: int
    role: Literal["speaker", "moderator", "panelist"] = "speaker"


class RegistrationOut(Schema):
    id: int
    event_id: int
    event_title: str
    status: str
    status_label: str
    ticket_code: str | None
    queued_at: dt.datetime
    attended_at: dt.datetime | None


class RosterOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    unit: str
    status: str
    checkins: int
    attended_at: dt.datetime | None


class DecisionIn(Schema):
    approve: bool
    note: _text(250) = ""


class CheckInIn(Schema):
    session: int
    code: _text(200, 1)
    method: Literal["scan", "typed"] = "typed"


class CheckInOut(Schema):
    registration_id: int
    employee_name: str
    session_id: int
    checked_in_at: dt.datetime
    first_attendance: bool


class EventQuestionOut(Schema):
    id: int
    text: str
    author: str | None
    status: str
    vote_count: int
    voted: bool
    created_at: dt.datetime


class EventQuestionIn(Schema):
    text: _text(500, 1)
    anonymous: bool = False


class EventModerateIn(Schema):
    status: Literal["open", "answered", "hidden"]


class EventPostOut(Schema):
    id: int
    author: str
    is_speaker: bool
    body: str
    created_at: dt.datetime


class EventPostIn(Schema):
    body: _text(4000, 1)


class MaterialOut(Schema):
    id: int
    title: str
    session_id: int | None
    download_url: str


class SpeakerRatingIn(Schema):
    speaker: int
    rating: int = Field(ge=1, le=5)
    comment: _text(1000) = ""


class FeedbackIn(Schema):
    rating: int = Field(ge=1, le=5)
    usefulness: int = Field(ge=1, le=5)
    comment: _text(2000) = ""
    speakers: list[SpeakerRatingIn] = Field(default_factory=list, max_length=50)


# --- Converters ------------------------------------------------------------------


def _speaker(s: Speaker) -> PublicSpeakerOut:
    return PublicSpeakerOut(
        id=s.pk,
        name=s.name,
        institution=s.institution,
        expertise=s.expertise,
        bio=s.bio,
        photo_url=s.photo.url if s.photo else None,
    )


def _session(s: EventSession, *, public: bool = False) -> SessionOut:
    links: list[SessionSpeaker] = list(s.speaker_links.all())
    return SessionOut(
        id=s.pk,
        title=s.title,
        track=s.track,
        room=s.room,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        speakers=[
            _speaker(link.speaker)
            for link in links
            if not public or link.speaker.is_public
        ],
    )


def _public(e: Event, sessions=None) -> dict:
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": str(e.get_kind_display()),
        "title": e.title,
        "summary": e.summary,
        "description": e.description,
        "starts_at": e.starts_at,
        "ends_at": e.ends_at,
        "venue": e.venue,
        "organiser": e.organiser_unit.name,
        "agency": e.agency.name,
        "sessions": sessions or [],
    }


def _event(e: Event, *, with_sessions: bool = False) -> EventOut:
    sessions = [_session(s) for s in sel.sessions_of(event=e)] if with_sessions else []
    return EventOut(
        **_public(e, sessions),
        status=e.status,
        online_url=e.online_url,
        capacity=e.capacity,
        audience=e.audience,
        development_form=e.development_form.siasn_code,
        jp=e.jp,
        requires_approval=e.requires_approval,
        is_public=e.is_public,
        series=e.series.name if e.series_id else None,
        organiser_unit_id=e.organiser_unit_id,
    )


def _registration(r: Registration) -> RegistrationOut:
    active = r.status == Registration.Status.REGISTERED
    return RegistrationOut(
        id=r.pk,
        event_id=r.event_id,
        event_title=r.event.title,
        status=r.status,
        status_label=str(r.get_status_display()),
        ticket_code=r.ticket_code if active else None,
        queued_at=r.queued_at,
        attended_at=r.attended_at,
    )


# --- Public (no login) -------------------------------------------------------------


@router.get(
    "/public/events",
    auth=None,
    response={200: list[PublicEventOut]},
    summary="Kegiatan publik (tanpa login)",
)
def public_list(request: HttpRequest):
    since = timezone.now() - dt.timedelta(days=90)
    return [
        PublicEventOut(**_public(e))
        for e in sel.public_events().filter(ends_at__gte=since)[:MAX_PAGE_SIZE]
    ]


@router.get(
    "/public/events/{int:pk}",
    auth=None,
    response={200: PublicEventOut, **error_responses(404)},
    summary="Satu kegiatan publik",
)
def public_detail(request: HttpRequest, pk: int):
    event = sel.public_event_get(pk=pk)
    sessions = [_session(s, public=True) for s in sel.sessions_of(event=event)]
    return PublicEventOut(**_public(event, sessions))


@router.get(
    "/public/speakers/{int:pk}",
    auth=None,
    response={200: PublicSpeakerOut, **error_responses(404)},
    summary="Halaman publik narasumber",
)
def public_speaker(request: HttpRequest, pk: int):
    return _speaker(sel.public_speaker_get(pk=pk))


# --- Events ------------------------------------------------------------------------


@router.get(
    "/events",
    response={200: EventPage, **error_responses(400, 401, 403, 422)},
    summary="Kegiatan yang dapat Anda lihat",
)
def event_list(
    request: HttpRequest,
    kind: Literal["seminar", "workshop", "conference", "sarasehan", "webinar"]
    | None = None,
    job_field: int | None = Query(None, ge=1, le=2**31 - 1),
    series: int | None = Query(None, ge=1, le=2**31 - 1),
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    managed: bool = False,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, ATTEND)
    qs = sel.event_list_visible_to(
        user=request.auth,
        kind=kind or "",
        job_field=job_field,
        series=series,
        start=start,
        end=end,
        managed_only=managed,
    ).select_related("agency")
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {"items": [_event(e) for e in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/events",
    response={201: EventOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Buat kegiatan",
)
def event_create(request: HttpRequest, payload: EventIn):
    require_perm(request, MANAGE)
    unit = OrgUnit.objects.filter(pk=payload.organiser_unit).first()
    if unit is None:
        raise NotFound()
    event = event_svc.event_create(
        organiser_unit=unit,
        kind=payload.kind,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        venue=payload.venue,
        online_url=payload.online_url,
        capacity=payload.capacity,
        audience=payload.audience,
        audience_units=list(OrgUnit.objects.filter(pk__in=payload.audience_units)),
        audience_job_fields=list(
            JobField.objects.filter(pk__in=payload.audience_job_fields)
        ),
        job_fields=list(JobField.objects.filter(pk__in=payload.job_fields)),
        form_code=payload.form_code,
        jp=payload.jp,
        requires_approval=payload.requires_approval,
        is_public=payload.is_public,
        summary=payload.summary,
        description=payload.description,
        publish=payload.publish,
        by=request.auth,
    )
    return Status(201, _event(sel.event_get_managed_by(user=request.auth, pk=event.pk)))


@router.get(
    "/events/{int:pk}",
    response={200: EventOut, **error_responses(401, 404)},
    summary="Satu kegiatan dengan agenda dan narasumber",
)
def event_detail(request: HttpRequest, pk: int):
    return _event(
        sel.event_get_visible_to(user=request.auth, pk=pk), with_sessions=True
    )


@router.post(
    "/events/{int:pk}/status",
    response={200: EventOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Buka pendaftaran atau batalkan kegiatan",
)
def event_status(
    request: HttpRequest, pk: int, action: Literal["publish", "cancel"] = Query(...)
):
    require_perm(request, MANAGE)
    event = sel.event_get_managed_by(user=request.auth, pk=pk)
    if action == "publish":
        event_svc.event_publish(event=event, by=request.auth)
    else:
        event_svc.event_cancel(event=event, by=request.auth)
    return _event(event)


@router.post(
    "/events/{int:pk}/sessions",
    response={201: SessionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Tambah sesi agenda",
)
def session_add(request: HttpRequest, pk: int, payload: SessionIn):
    require_perm(request, MANAGE)
    event = sel.event_get_managed_by(user=request.auth, pk=pk)
    session = event_svc.session_create(event=event, by=request.auth, **payload.dict())
    return Status(201, _session(session))


@router.post(
    "/events/sessions/{int:pk}/speakers",
    response={201: SessionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Tugaskan narasumber ke sesi",
)
def session_speaker(request: HttpRequest, pk: int, payload: AssignIn):
    require_perm(request, MANAGE)
    session = EventSession.objects.select_related("event").filter(pk=pk).first()
    if session is None:
        raise NotFound()
    sel.event_get_managed_by(user=request.auth, pk=session.event_id)
    speaker = sel.speaker_get_managed_by(user=request.auth, pk=payload.speaker)
    event_svc.session_speaker_add(
        session=session, speaker=speaker, role=payload.role, by=request.auth
    )
    fresh = EventSession.objects.prefetch_related("speaker_links__speaker").get(pk=pk)
    return Status(201, _session(fresh))


@router.get(
    "/events/speakers",
    response={200: list[SpeakerOut], **error_responses(401, 403)},
    summary="Narasumber yang Anda kelola",
)
def speaker_list(request: HttpRequest):
    require_perm(request, MANAGE)
    return [
        SpeakerOut(
            **_speaker(s).dict(),
            agency_id=s.agency_id,
            employee_id=s.employee_id,
            is_public=s.is_public,
        )
        for s in sel.speakers_managed_by(user=request.auth).order_by("name")[:500]
    ]


@router.get(
    "/events/speakers/candidates",
    response={200: list[CandidateOut], **error_responses(401, 403, 422)},
    summary="Cari pegawai di lingkup Anda untuk dijadikan narasumber",
)
def speaker_candidates(request: HttpRequest, q: str = Query(..., max_length=100)):
    """Then POST /api/events/speakers with {"employee": id} adds the speaker."""
    require_perm(request, MANAGE)
    found = sel.speaker_candidates(user=request.auth, search=q)
    speakers = dict(
        Speaker.objects.filter(employee__in=found).values_list("employee_id", "pk")
    )
    return [
        CandidateOut(
            id=e.pk,
            name=e.full_name,
            unit=e.org_unit.name,
            position=e.position.title if e.position_id else "",
            speaker_id=speakers.get(e.pk),
        )
        for e in found
    ]


@router.post(
    "/events/speakers",
    response={201: SpeakerOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Tambah narasumber (pegawai atau ahli dari luar)",
)
def speaker_create(request: HttpRequest, payload: SpeakerIn):
    require_perm(request, MANAGE)
    from jenjang.people.selectors import employee_get_visible_to

    employee = (
        employee_get_visible_to(user=request.auth, pk=payload.employee)
        if payload.employee
        else None
    )
    agency_id = payload.agency or (employee.agency_id if employee else None)
    if agency_id is None:
        agency_id = next(
            iter(
                OrgUnit.objects.filter(
                    unit_scope_q(scope_for(request.auth, perm=MANAGE))
                ).values_list("agency_id", flat=True)
            ),
            None,
        )
    if agency_id is None:
        raise NotFound()
    s = event_svc.speaker_create(
        agency_id=agency_id,
        name=payload.name,
        employee=employee,
        institution=payload.institution,
        expertise=payload.expertise,
        bio=payload.bio,
        is_public=payload.is_public,
        by=request.auth,
    )
    return Status(
        201,
        SpeakerOut(
            **_speaker(s).dict(),
            agency_id=s.agency_id,
            employee_id=s.employee_id,
            is_public=s.is_public,
        ),
    )


# --- Registration ------------------------------------------------------------------


@router.post(
    "/events/{int:pk}/register",
    response={201: RegistrationOut, **error_responses(400, 401, 403, 404, 409)},
    summary="Daftar ke kegiatan",
)
def register(request: HttpRequest, pk: int):
    require_perm(request, ATTEND)
    event = sel.event_get_visible_to(user=request.auth, pk=pk)
    employee = require_employee(request.auth)
    reg = registration_create(event=event, employee=employee, by=request.auth)
    return Status(201, _registration(reg))


@router.get(
    "/events/registrations/mine",
    response={200: list[RegistrationOut], **error_responses(401, 403)},
    summary="Pendaftaran saya (dengan kode tiket bila aktif)",
)
def my_registrations(request: HttpRequest):
    require_perm(request, ATTEND)
    return [_registration(r) for r in sel.my_registrations(user=request.auth)[:500]]


@router.post(
    "/events/registrations/{int:pk}/cancel",
    response={200: RegistrationOut, **error_responses(401, 403, 404, 409)},
    summary="Batalkan pendaftaran",
)
def cancel(request: HttpRequest, pk: int):
    require_perm(request, ATTEND)
    reg = Registration.objects.select_related("event").filter(pk=pk).first()
    if reg is None:
        raise NotFound()
    own = sel.my_registrations(user=request.auth).filter(pk=pk).exists()
    if not own and not sel.user_manages_event(user=request.auth, event=reg.event):
        raise NotFound()
    return _registration(registration_cancel(registration=reg, by=request.auth))


@router.get(
    "/events/approvals",
    response={200: list[RosterOut], **error_responses(401, 403)},
    summary="Pendaftaran yang menunggu persetujuan Anda",
)
def approvals(request: HttpRequest):
    require_perm(request, "events.approve")
    return [_roster(r) for r in sel.approvals_for(user=request.auth)[:500]]


@router.post(
    "/events/approvals/{int:pk}",
    response={200: RegistrationOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Setujui atau tolak pendaftaran",
)
def decide(request: HttpRequest, pk: int, payload: DecisionIn):
    require_perm(request, "events.approve")
    reg = sel.approvals_for(user=request.auth).filter(pk=pk).first()
    if reg is None:
        raise NotFound()
    reg = registration_decide(
        registration=reg, approve=payload.approve, note=payload.note, by=request.auth
    )
    return _registration(reg)


def _roster(r: Registration) -> RosterOut:
    return RosterOut(
        id=r.pk,
        employee_id=r.employee_id,
        employee_name=r.employee.full_name,
        unit=r.employee.org_unit.name,
        status=r.status,
        checkins=getattr(r, "checkin_count", 0),
        attended_at=r.attended_at,
    )


@router.get(
    "/events/{int:pk}/registrations",
    response={200: list[RosterOut], **error_responses(401, 403, 404)},
    summary="Daftar peserta (penyelenggara)",
)
def roster(request: HttpRequest, pk: int):
    require_perm(request, MANAGE)
    event = sel.event_get_managed_by(user=request.auth, pk=pk)
    return [_roster(r) for r in sel.registrations_of_event(event=event)]


@router.post(
    "/events/{int:pk}/checkins",
    response={201: CheckInOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Presensi: pindai atau ketik kode tiket untuk satu sesi",
)
def checkin(request: HttpRequest, pk: int, payload: CheckInIn):
    require_perm(request, MANAGE)
    event = sel.event_get_managed_by(user=request.auth, pk=pk)
    session = event.sessions.filter(pk=payload.session).first()
    if session is None:
        raise NotFound()
    result = checkin_record(
        event=event,
        session=session,
        code=payload.code,
        method=payload.method,
        by=request.auth,
    )
    return Status(
        201,
        CheckInOut(
            registration_id=result.registration.pk,
            employee_name=result.registration.employee.full_name,
            session_id=session.pk,
            checked_in_at=result.checkin.checked_in_at,
            first_attendance=result.first_attendance,
        ),
    )


# --- Questions and discussion -------------------------------------------------------


def _questions(request, session: EventSession) -> list[EventQuestionOut]:
    from jenjang.people.selectors import employee_for_user

    manages = sel.user_manages_event(user=request.auth, event=session.event)
    employee = employee_for_user(user=request.auth)
    voted = sel.voted_question_ids(session=session, employee=employee)
    return [
        EventQuestionOut(
            id=q.pk,
            text=q.text,
            author=None if q.is_anonymous else q.author.full_name,
            status=q.status,
            vote_count=q.vote_count,
            voted=q.pk in voted,
            created_at=q.created_at,
        )
        for q in sel.top_questions(session=session, include_hidden=manages)
    ]


@router.get(
    "/events/sessions/{int:pk}/questions",
    response={200: list[EventQuestionOut], **error_responses(401, 403, 404)},
    summary="Pertanyaan sesi, terbanyak didukung lebih dulu",
)
def question_list(request: HttpRequest, pk: int):
    require_perm(request, ATTEND)
    return _questions(request, sel.session_get_visible_to(user=request.auth, pk=pk))


@router.post(
    "/events/sessions/{int:pk}/questions",
    response={201: EventQuestionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ajukan pertanyaan",
)
def question_ask(request: HttpRequest, pk: int, payload: EventQuestionIn):
    require_perm(request, ATTEND)
    session = sel.session_get_visible_to(user=request.auth, pk=pk)
    q = q_svc.question_ask(
        session=session, text=payload.text, anonymous=payload.anonymous, by=request.auth
    )
    return Status(
        201,
        EventQuestionOut(
            id=q.pk,
            text=q.text,
            author=None if q.is_anonymous else q.author.full_name,
            status=q.status,
            vote_count=q.vote_count,
            voted=False,
            created_at=q.created_at,
        ),
    )


def _question(request, pk: int) -> Question:
    q = Question.objects.select_related("session__event").filter(pk=pk).first()
    if q is None:
        raise NotFound()
    sel.session_get_visible_to(user=request.auth, pk=q.session_id)
    return q


@router.post(
    "/events/questions/{int:pk}/vote",
    response={200: list[EventQuestionOut], **error_responses(400, 401, 403, 404, 409)},
    summary="Dukung pertanyaan (sekali per orang)",
)
def question_vote(request: HttpRequest, pk: int):
    require_perm(request, ATTEND)
    q = _question(request, pk)
    q_svc.question_vote(question=q, by=request.auth)
    return _questions(request, q.session)


@router.delete(
    "/events/questions/{int:pk}/vote",
    response={200: list[EventQuestionOut], **error_responses(401, 403, 404)},
    summary="Tarik dukungan",
)
def question_unvote(request: HttpRequest, pk: int):
    require_perm(request, ATTEND)
    q = _question(request, pk)
    q_svc.question_unvote(question=q, by=request.auth)
    return _questions(request, q.session)


@router.post(
    "/events/questions/{int:pk}/moderate",
    response={200: list[EventQuestionOut], **error_responses(400, 401, 403, 404, 422)},
    summary="Moderator: tandai terjawab, sembunyikan, atau buka lagi",
)
def question_moderate(request: HttpRequest, pk: int, payload: EventModerateIn):
    require_perm(request, MANAGE)
    q = _question(request, pk)
    q_svc.question_moderate(question=q, status=payload.status, by=request.auth)
    return _questions(request, q.session)


@router.get(
    "/events/sessions/{int:pk}/posts",
    response={200: list[EventPostOut], **error_responses(401, 403, 404)},
    summary="Forum diskusi sesi (peserta yang hadir, narasumber, penyelenggara)",
)
def post_list(request: HttpRequest, pk: int):
    require_perm(request, ATTEND)
    session = sel.session_get_visible_to(user=request.auth, pk=pk)
    manages = sel.user_manages_event(user=request.auth, event=session.event)
    reg = sel.registration_of_user(event=session.event, user=request.auth)
    if not (
        manages
        or sel.is_attendee(registration=reg)
        or sel.is_session_speaker(user=request.auth, session=session)
    ):
        raise PermissionDenied()
    return [
        EventPostOut(
            id=p.pk,
            author=p.author_label,
            is_speaker=p.is_speaker,
            body=p.body,
            created_at=p.created_at,
        )
        for p in sel.discussion_of(session=session)
    ]


@router.post(
    "/events/sessions/{int:pk}/posts",
    response={201: EventPostOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Tulis di forum diskusi",
)
def post_create(request: HttpRequest, pk: int, payload: EventPostIn):
    require_perm(request, ATTEND)
    session = sel.session_get_visible_to(user=request.auth, pk=pk)
    p = q_svc.discussion_post(session=session, body=payload.body, by=request.auth)
    return Status(
        201,
        EventPostOut(
            id=p.pk,
            author=p.author_label,
            is_speaker=p.is_speaker,
            body=p.body,
            created_at=p.created_at,
        ),
    )


@router.get(
    "/events/{int:pk}/materials",
    response={200: list[MaterialOut], **error_responses(401, 403, 404)},
    summary="Materi kegiatan (peserta yang hadir)",
)
def materials(request: HttpRequest, pk: int):
    from django.urls import reverse

    require_perm(request, ATTEND)
    event = sel.event_get_visible_to(user=request.auth, pk=pk)
    reg = sel.registration_of_user(event=event, user=request.auth)
    if not (
        sel.user_manages_event(user=request.auth, event=event)
        or sel.is_attendee(registration=reg)
    ):
        raise PermissionDenied()
    return [
        MaterialOut(
            id=m.pk,
            title=m.title,
            session_id=m.session_id,
            download_url=reverse("events:material", args=[m.pk]),
        )
        for m in sel.materials_of(event=event)
    ]


# --- Feedback, reports, notifications -------------------------------------------------


@router.post(
    "/events/{int:pk}/feedback",
    response={204: None, **error_responses(400, 401, 403, 404, 422)},
    summary="Isi survei umpan balik (kegiatan dan narasumber)",
)
def feedback(request: HttpRequest, pk: int, payload: FeedbackIn):
    require_perm(request, ATTEND)
    event = sel.event_get_visible_to(user=request.auth, pk=pk)
    feedback_submit(
        event=event,
        rating=payload.rating,
        usefulness=payload.usefulness,
        comment=payload.comment,
        speakers={s.speaker: (s.rating, s.comment) for s in payload.speakers},
        by=request.auth,
    )
    return Status(204, None)


@router.get(
    "/events/{int:pk}/feedback",
    response={200: dict, **error_responses(401, 403, 404)},
    summary="Hasil survei (penyelenggara)",
)
def feedback_results(request: HttpRequest, pk: int):
    require_perm(request, MANAGE)
    event = sel.event_get_managed_by(user=request.auth, pk=pk)
    data = sel.feedback_results(event=event)
    summary = data["summary"]
    return {
        "answers": summary["n"],
        "rating": summary["rating"],
        "usefulness": summary["usefulness"],
        "distribution": data["distribution"],
        "speakers": [
            {"name": s["speaker__name"], "answers": s["n"], "rating": s["avg"]}
            for s in data["speakers"]
        ],
        "comments": data["comments"],
    }


@router.get(
    "/events/reports",
    response={200: dict, **error_responses(401, 403, 422)},
    summary="Grafik pimpinan: kegiatan, kehadiran, kepuasan, JP",
)
def reports(request: HttpRequest, year: int = Query(..., ge=2000, le=2100)):
    require_perm(request, REPORTS)
    return sel.report_for(user=request.auth, year=year)


@router.get(
    "/events/notifications",
    response={200: list[NotificationOut], **error_responses(401, 403)},
    summary="Notifikasi kegiatan saya",
)
def notifications(request: HttpRequest):
    require_perm(request, ATTEND)
    return [notification_out(n) for n in notifications_of(user=request.auth)[:100]]


# Edit and delete live in their own module, on this router.
from jenjang.events import api_editing  # noqa: E402, F401
