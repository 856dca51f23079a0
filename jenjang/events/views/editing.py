"""Edit and delete pages for events, sessions, speakers and materials."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError
from jenjang.events import selectors as sel
from jenjang.events.models import EventSeries
from jenjang.events.services import editing as svc
from jenjang.events.views.common import not_found_as_404
from jenjang.events.views.forms import EventEditForm, SessionForm, SpeakerForm
from jenjang.events.views.manage import _units

MANAGE = "events.manage"


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _edit_page(request, *, form, title: str, back: str, delete_url: str = ""):
    return render(
        request,
        "events/edit_form.html",
        {"form": form, "title": title, "back": back, "delete_url": delete_url},
    )


@perm_required(MANAGE)
@not_found_as_404
def event_edit(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    units = _units(request.user)
    initial = {
        "title": event.title,
        "summary": event.summary,
        "description": event.description,
        "starts_at": _local(event.starts_at),
        "ends_at": _local(event.ends_at),
        "venue": event.venue,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "audience": event.audience,
        "audience_units": list(event.audience_units.all()),
        "audience_job_fields": list(event.audience_job_fields.all()),
        "job_fields": list(event.job_fields.all()),
        "jp": event.jp,
        "requires_approval": event.requires_approval,
        "is_public": event.is_public,
    }
    form = EventEditForm(
        request.POST or None,
        initial=initial,
        units=units,
        series=EventSeries.objects.none(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.event_update(
                event=event,
                by=request.user,
                **{k: data[k] for k in initial if k in data},
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kegiatan diperbarui."))
            return redirect("events:manage", pk=event.pk)
    return _edit_page(
        request,
        form=form,
        title=_("Ubah kegiatan"),
        back=f"/events/{event.pk}/manage/",
    )


@require_POST
@perm_required(MANAGE)
@not_found_as_404
def event_delete(request, pk: int):
    event = sel.event_get_managed_by(user=request.user, pk=pk)
    try:
        outcome = svc.event_delete(event=event, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("events:manage", pk=pk)
    if outcome == "cancelled":
        messages.warning(
            request,
            _(
                "Kegiatan ini sudah memiliki pendaftar, jadi dibatalkan (bukan "
                "dihapus) dan pendaftar diberi tahu."
            ),
        )
        return redirect("events:manage", pk=pk)
    messages.success(request, _("Kegiatan dihapus."))
    return redirect("events:manage_list")


@perm_required(MANAGE)
@not_found_as_404
def session_edit(request, pk: int):
    session = sel.session_get_managed_by(user=request.user, pk=pk)
    initial = {
        "title": session.title,
        "track": session.track,
        "room": session.room,
        "starts_at": _local(session.starts_at),
        "ends_at": _local(session.ends_at),
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.session_update(session=session, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sesi diperbarui."))
            return redirect("events:manage", pk=session.event_id)
    return _edit_page(
        request,
        form=form,
        title=_("Ubah sesi"),
        back=f"/events/{session.event_id}/manage/",
        delete_url=f"/events/sessions/{session.pk}/delete/",
    )


@require_POST
@perm_required(MANAGE)
@not_found_as_404
def session_delete(request, pk: int):
    session = sel.session_get_managed_by(user=request.user, pk=pk)
    try:
        svc.session_delete(session=session, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sesi dihapus."))
    return redirect("events:manage", pk=session.event_id)


@perm_required(MANAGE)
@not_found_as_404
def speaker_edit(request, pk: int):
    speaker = sel.speaker_get_managed_by(user=request.user, pk=pk)
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=speaker)
    if speaker.employee_id:  # the registry's name stays
        form.fields["name"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.speaker_update(
                speaker=speaker,
                name=data["name"],
                institution=data["institution"],
                expertise=data["expertise"],
                bio=data["bio"],
                photo=request.FILES.get("photo"),
                is_public=data["is_public"],
                by=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Narasumber diperbarui."))
            return redirect("events:speakers")
    return _edit_page(
        request,
        form=form,
        title=_("Ubah narasumber"),
        back="/events/manage/speakers/",
        delete_url=f"/events/manage/speakers/{speaker.pk}/delete/",
    )


@require_POST
@perm_required(MANAGE)
@not_found_as_404
def speaker_delete(request, pk: int):
    speaker = sel.speaker_get_managed_by(user=request.user, pk=pk)
    try:
        svc.speaker_delete(speaker=speaker, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Narasumber dihapus."))
    return redirect("events:speakers")


@require_POST
@perm_required(MANAGE)
@not_found_as_404
def material_edit(request, pk: int):
    material = sel.material_get_managed_by(user=request.user, pk=pk)
    try:
        svc.material_update(
            material=material, title=request.POST.get("title", ""), by=request.user
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Materi diperbarui."))
    return redirect("events:manage", pk=material.event_id)


@require_POST
@perm_required(MANAGE)
@not_found_as_404
def material_delete(request, pk: int):
    material = sel.material_get_managed_by(user=request.user, pk=pk)
    svc.material_delete(material=material, by=request.user)
    messages.success(request, _("Materi dihapus."))
    return redirect("events:manage", pk=material.event_id)
