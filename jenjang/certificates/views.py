"""Certificate pages: public verification, my certificates, staff list, PDF."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.certificates import selectors as sel
from jenjang.certificates.services import (
    certificate_pdf,
    certificate_revoke,
    normalise_number,
    verification_url,
)
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.qr import qr_svg
from jenjang.core.ratelimit import rate_limited

PAGE_SIZE = 50
# Public lookups: enough for a desk checking a stack of certificates, too few
# to walk the number space.
VERIFY_LIMIT = 30
VERIFY_WINDOW = 60


@rate_limited("certificate-verify", limit=VERIFY_LIMIT, window=VERIFY_WINDOW)
def verify(request, number: str):
    """Public: anyone with the number (from the QR code) sees its status only."""
    found = sel.certificate_public(number=number)
    status = 200 if found else 404
    return render(
        request,
        "certificates/verify.html",
        {"certificate": found, "number": number[:40]},
        status=status,
    )


def verify_lookup(request):
    """Public: a form to type a certificate number."""
    number = normalise_number(request.GET.get("number", ""))
    if number:
        return redirect("certificates:verify", number=number[:40])
    return render(request, "certificates/verify.html", {"lookup": True})


@perm_required("certificates.view_own")
def mine(request):
    certificates = sel.certificates_of_user(user=request.user)
    return render(request, "certificates/mine.html", {"certificates": certificates})


def _visible(request, number: str):
    try:
        return sel.certificate_get_visible_to(user=request.user, number=number)
    except NotFound:
        raise Http404 from None


@perm_required("certificates.view_own")
def detail(request, number: str):
    certificate = _visible(request, number)
    url = verification_url(certificate.number)
    return render(
        request,
        "certificates/detail.html",
        {"certificate": certificate, "verify_url": url, "qr": qr_svg(url)},
    )


@perm_required("certificates.view_own")
def download(request, number: str):
    certificate = _visible(request, number)
    response = HttpResponse(
        certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{certificate.number}.pdf"'
    )
    return response


@perm_required("certificates.view")
def staff_list(request):
    certificates = sel.certificates_visible_to(user=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        certificates = certificates.filter(
            Q(holder_name__icontains=query) | Q(number=normalise_number(query))
        )
    page = Paginator(certificates.order_by("-issued_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "certificates/staff_list.html", {"page": page, "q": query})


@perm_required("certificates.view")
def recertification(request):
    try:
        days = max(0, min(int(request.GET.get("days", 90)), 3650))
    except ValueError:
        days = 90
    due = sel.certificates_due_for_recertification(user=request.user, within_days=days)
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "certificates/recertification.html", {"page": page, "days": days}
    )


@require_POST
@perm_required("certificates.revoke")
def revoke(request, number: str):
    certificate = _visible(request, number)
    if not sel.certificates_visible_to(
        user=request.user, perm="certificates.revoke"
    ).filter(pk=certificate.pk):
        raise Http404
    try:
        certificate_revoke(
            certificate=certificate,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Sertifikat %(number)s dicabut.") % {"number": number}
        )
    return redirect("certificates:detail", number=certificate.number)


app_name = "certificates"
urlpatterns = [
    path("verify/", verify_lookup, name="verify_lookup"),
    path("v/<str:number>/", verify, name="verify"),
    path("mine/", mine, name="mine"),
    path("staff/", staff_list, name="staff_list"),
    path("recertification/", recertification, name="recertification"),
    path("<str:number>/", detail, name="detail"),
    path("<str:number>/pdf/", download, name="download"),
    path("<str:number>/revoke/", revoke, name="revoke"),
]
