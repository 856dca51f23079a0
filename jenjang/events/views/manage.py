"""The organiser's side: create events, agenda, speakers, materials, check-in."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.events import selectors as sel
from jenjang.events.models import CheckIn, EventSeries, EventSession
from jenjang.events.services import events as svc
from jenjang.events.services.checkins import checkin_record
from jenjang.events.views.common import app_errors_to_messages, not_found_as_404
from jenjang.events.views.forms import (
    EventForm,
    MaterialForm,
    SessionForm,
    SessionSpeakerForm,
    SpeakerForm,
)
from jenjang.people.models import OrgUnit
from jenjang.people.selectors import employee_get_visible_to

MANAGE = "events.manage"


def _units(user):
    return OrgUnit.objects.filter(unit_scope_q(scope_for(user, perm=MANAGE))).order_by(
        "path"
    )


@perm_required(MANAGE)
def manage_list(request):
    events = sel.event_list_visible_to(user=request.user, managed_only=True).order_by(
        "-starts_at"
    )[:200]
    return render(request, "events/manage_list.html", {"events": events})


@perm_required(MANAGE)
def event_new(request):
    units = _units(request.user)
    series = EventSeries.objects.filter(agency_id__in=units.values("agency_id"))
    form = EventForm(request.POST or None, units=units, series=series)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = svc.event_create(
                organiser_unit=data["organiser_unit"],
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                online_url=data["online_url"],
                capacity=data["capacity"],
                audience=data["audience"],
                audience_units=list(data["audience_units"]),
                audience_job_fields=list(data["audience_job_fields"]),
                job_fields=list(data["job_fields"]),
                jp=data["jp"],
                requires_approval=data["requires_approval"],
                is_public=data["is_public"],
                series=data["series"],
                summary=data["summary"],
                description=data["description"],
                publish=data["publish"],
                by=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kegiatan dibuat."))
            return redirect("events:manage", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form})


@perm_required(MANAGE)
@not_found_as_404
def manage(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    sessions = event.sessions.all()
    speakers = sel.speakers_managed_by(user=request.user).filter(agency=event.agency)
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "sessions": sel.sessions_of(event=event),
            "registrations": sel.registrations_of_event(event=event),
            "materials": sel.materials_of(event=event),
            "session_form": SessionForm(),
            "speaker_form": SessionSpeakerForm(sessions=sessions, speakers=speakers),
            "material_form": MaterialForm(sessions=sessions),
        },
    )


@require_POST
@perm_required(MANAGE)
@not_found_as_404
@app_errors_to_messages
def publish(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    if request.POST.get("action") == "cancel":
        svc.event_cancel(event=event, by=request.user)
        messages.success(request, _("Kegiatan dibatalkan; peserta diberi tahu."))
    else:
        svc.event_publish(event=event, by=request.user)
        messages.success(request, _("Pendaftaran dibuka."))
    return redirect("events:manage", pk=pk)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@perm_required(MANAGE)
@not_found_as_404
@app_errors_to_messages
def session_add(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        svc.session_create(event=event, by=request.user, **form.cleaned_data)
        messages.success(request, _("Sesi ditambahkan."))
    else:
        _form_errors(request, form)
    return redirect("events:manage", pk=pk)


@require_POST
@perm_required(MANAGE)
@not_found_as_404
@app_errors_to_messages
def speaker_assign(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    speakers = sel.speakers_managed_by(user=request.user).filter(agency=event.agency)
    form = SessionSpeakerForm(
        request.POST, sessions=event.sessions.all(), speakers=speakers
    )
    if form.is_valid():
        svc.session_speaker_add(by=request.user, **form.cleaned_data)
        messages.success(request, _("Narasumber ditugaskan."))
    else:
        _form_errors(request, form)
    return redirect("events:manage", pk=pk)


@require_POST
@perm_required(MANAGE)
@not_found_as_404
@app_errors_to_messages
def material_upload(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    form = MaterialForm(request.POST, request.FILES, sessions=event.sessions.all())
    if form.is_valid():
        svc.material_add(event=event, by=request.user, **form.cleaned_data)
        messages.success(request, _("Materi diunggah."))
    else:
        _form_errors(request, form)
    return redirect("events:manage", pk=pk)


@perm_required(MANAGE)
def speaker_list(request):
    speakers = sel.speakers_managed_by(user=request.user).order_by("name")[:500]
    agencies = _units(request.user).values_list("agency_id", flat=True).distinct()
    form = SpeakerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.speaker_create(
                agency_id=next(iter(agencies)),
                name=data["name"],
                institution=data["institution"],
                expertise=data["expertise"],
                bio=data["bio"],
                photo=data["photo"],
                is_public=data["is_public"],
                by=request.user,
            )
        except (ApplicationError, StopIteration) as exc:
            form.add_error(None, getattr(exc, "message", _("Anda tidak berwenang.")))
        else:
            messages.success(request, _("Narasumber ditambahkan."))
            return redirect("events:speakers")
    return render(request, "events/speakers.html", {"speakers": speakers, "form": form})


@perm_required(MANAGE)
@not_found_as_404
def speaker_internal(request):
    """Find an employee in the organiser's scope and make them a speaker."""
    if request.method == "POST":
        employee = employee_get_visible_to(
            user=request.user, pk=_int(request.POST.get("employee"))
        )
        try:
            speaker = svc.speaker_create(
                agency_id=employee.agency_id,
                employee=employee,
                expertise=request.POST.get("expertise", ""),
                by=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("events:speaker_internal")
        messages.success(
            request,
            _("%(name)s menjadi narasumber internal.") % {"name": speaker.name},
        )
        return redirect("events:speakers")
    search = request.GET.get("q", "")
    return render(
        request,
        "events/speaker_internal.html",
        {
            "q": search,
            "candidates": sel.speaker_candidates(user=request.user, search=search),
        },
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@perm_required(MANAGE)
@not_found_as_404
def checkin_page(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    sessions = list(event.sessions.all())
    chosen = _session_of(event, request.GET.get("session")) or (
        sessions[0] if sessions else None
    )
    recent = sel.checkins_of_session(session=chosen)[:20] if chosen else []
    return render(
        request,
        "events/checkin.html",
        {"event": event, "sessions": sessions, "session": chosen, "recent": recent},
    )


def _session_of(event, raw) -> EventSession | None:
    try:
        return event.sessions.filter(pk=int(raw)).first()
    except (TypeError, ValueError):
        return None


@require_POST
@perm_required(MANAGE)
@not_found_as_404
def checkin_scan(request, pk: int):
    """Check one code in; answer with the result partial (htmx) or JSON."""
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    session = _session_of(event, request.POST.get("session"))
    if session is None:
        raise Http404
    method = request.POST.get("method", CheckIn.Method.TYPED)
    try:
        result = checkin_record(
            event=event,
            session=session,
            code=request.POST.get("code", "")[:200],
            method=method,
            by=request.user,
        )
    except ApplicationError as exc:
        context = {"ok": False, "code": exc.code, "message": exc.message}
    else:
        context = {
            "ok": True,
            "code": "checked_in",
            "message": _("Hadir: %(name)s")
            % {"name": result.registration.employee.full_name},
        }
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(context, status=200 if context["ok"] else 400)
    return render(request, "events/_checkin_result.html", context)


@perm_required(MANAGE)
@not_found_as_404
def feedback_results(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    return render(
        request,
        "events/feedback_results.html",
        {"event": event, **sel.feedback_results(event=event)},
    )
