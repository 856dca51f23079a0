"""An employee's side: register, cancel, the QR ticket, approvals, feedback."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError
from jenjang.core.qr import qr_svg, qr_svg_data_uri
from jenjang.events import selectors as sel
from jenjang.events.models import Registration, SessionSpeaker
from jenjang.events.services.common import require_employee
from jenjang.events.services.feedback import feedback_submit
from jenjang.events.services.registrations import (
    registration_cancel,
    registration_create,
    registration_decide,
)
from jenjang.events.views.common import app_errors_to_messages, not_found_as_404
from jenjang.events.views.forms import FeedbackForm

ATTEND = "events.attend"


@require_POST
@perm_required(ATTEND)
@not_found_as_404
@app_errors_to_messages
def register(request, pk: int):
    event = sel.event_get_visible_to(user=request.user, pk=pk)
    employee = require_employee(request.user)
    reg = registration_create(event=event, employee=employee, by=request.user)
    text = {
        Registration.Status.REGISTERED: _("Anda terdaftar. Tiket QR Anda sudah siap."),
        Registration.Status.WAITLISTED: _(
            "Kursi penuh: Anda masuk daftar tunggu dan akan diberi tahu bila ada kursi."
        ),
        Registration.Status.PENDING_APPROVAL: _(
            "Pendaftaran menunggu persetujuan atasan langsung."
        ),
    }[reg.status]
    messages.success(request, text)
    return redirect("events:detail", pk=event.pk)


@require_POST
@perm_required(ATTEND)
@not_found_as_404
@app_errors_to_messages
def cancel(request, pk: int):
    reg = sel.my_registration_get(user=request.user, pk=pk)
    registration_cancel(registration=reg, by=request.user)
    messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("events:detail", pk=reg.event_id)


@perm_required(ATTEND)
def my_events(request):
    return render(
        request,
        "events/mine.html",
        {"registrations": sel.my_registrations(user=request.user)},
    )


def _ticket_context(reg: Registration) -> dict:
    return {
        "reg": reg,
        "event": reg.event,
        "qr": qr_svg(reg.ticket_code, box_size=8),
        "active": reg.status == Registration.Status.REGISTERED,
    }


@perm_required(ATTEND)
@not_found_as_404
def ticket(request, pk: int):
    reg = sel.my_registration_get(user=request.user, pk=pk)
    return render(request, "events/ticket.html", _ticket_context(reg))


@perm_required(ATTEND)
@not_found_as_404
def ticket_pdf(request, pk: int):
    from weasyprint import HTML

    reg = sel.my_registration_get(user=request.user, pk=pk)
    if reg.status != Registration.Status.REGISTERED:
        raise Http404
    html = render_to_string(
        "events/ticket_pdf.html",
        {
            **_ticket_context(reg),
            "qr_uri": qr_svg_data_uri(reg.ticket_code),
            "org": settings.JENJANG_ORG_NAME,
        },
        request=request,
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="tiket-{reg.ticket_code}.pdf"'
    )
    return response


@perm_required("events.approve")
def approvals(request):
    return render(
        request,
        "events/approvals.html",
        {"pending": sel.approvals_for(user=request.user)},
    )


@require_POST
@perm_required("events.approve")
@app_errors_to_messages
def decide(request, pk: int):
    reg = sel.approvals_for(user=request.user).filter(pk=pk).first()
    if reg is None:
        raise Http404
    approve = request.POST.get("decision") == "approve"
    registration_decide(
        registration=reg,
        approve=approve,
        note=request.POST.get("note", ""),
        by=request.user,
    )
    messages.success(
        request, _("Pendaftaran disetujui.") if approve else _("Pendaftaran ditolak.")
    )
    return redirect("events:approvals")


@perm_required(ATTEND)
def notifications(request):
    """Event messages now live in the shared inbox: old links land there."""
    return redirect("notifications:inbox")


@perm_required(ATTEND)
@not_found_as_404
def feedback(request, pk: int):
    event = sel.event_get_visible_to(user=request.user, pk=pk)
    reg = sel.registration_of_user(event=event, user=request.user)
    if not sel.is_attendee(registration=reg):
        messages.error(
            request, _("Hanya peserta yang hadir yang dapat mengisi survei.")
        )
        return redirect("events:detail", pk=pk)
    speakers = [
        link.speaker
        for link in SessionSpeaker.objects.filter(session__event=event)
        .select_related("speaker")
        .order_by("speaker__name")
    ]
    speakers = list({s.pk: s for s in speakers}.values())
    form = FeedbackForm(request.POST or None, speakers=speakers)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(
                event=event,
                rating=form.cleaned_data["rating"],
                usefulness=form.cleaned_data["usefulness"],
                comment=form.cleaned_data["comment"],
                speakers=form.speaker_answers(),
                by=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Terima kasih atas umpan balik Anda."))
            return redirect("events:detail", pk=pk)
    return render(request, "events/feedback.html", {"event": event, "form": form})
