"""The public survey: the form (no sign-in), thanks page, QR poster.

The page is light on purpose: Bootstrap's CSS and one small script, no
framework. Without JavaScript the form posts here; with it, the script posts
to the API and keeps the response on the device when the network is down.
"""

import io
import uuid

import qrcode
import qrcode.image.svg
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.ratelimit import client_ip
from jenjang.surveys import selectors as sel
from jenjang.surveys.models import Response
from jenjang.surveys.seed import ANSWER_LABELS
from jenjang.surveys.services.responses import response_submit_public

PROFILE_CHOICES = (
    ("age_band", Response.AgeBand),
    ("sex", Response.Sex),
    ("education", Response.Education),
    ("occupation", Response.Occupation),
)


def _unit(code: str):
    try:
        return sel.service_unit_get_public(code=code)
    except NotFound:
        raise Http404 from None


def _form_context(unit, data=None, errors=None) -> dict:
    data = data or {}
    errors = {e["field"]: e["message"] for e in (errors or [])}
    unsur = [
        {
            "field": u.field,
            "code": u.code,
            "name": _(u.name),
            "question": _(u.question),
            "value": str(data.get(u.field, "")),
            "error": errors.get(u.field, ""),
        }
        for u in sel.unsur_list()
    ]
    profile = [
        {
            "field": name,
            "label": Response._meta.get_field(name).verbose_name,
            "choices": choices.choices,
            "value": data.get(name, ""),
            "error": errors.get(name, ""),
        }
        for name, choices in PROFILE_CHOICES
    ]
    return {
        "unit": unit,
        "services": list(unit.services.filter(is_active=True)),
        "unsur": unsur,
        "answers": [(value, _(label)) for value, label in ANSWER_LABELS.items()],
        "profile": profile,
        "data": data,
        "errors": errors,
        "client_uuid": data.get("client_uuid") or uuid.uuid4(),
        "api_url": f"/api/surveys/public/{unit.code}/responses",
        "thanks_url": reverse("surveys:public_thanks", args=[unit.code]),
    }


@require_http_methods(["GET", "POST"])
@cache_control(private=True, no_cache=True)
def public_form(request, code: str):
    unit = _unit(code)
    if request.method == "GET":
        return render(request, "surveys/public_form.html", _form_context(unit))
    try:
        response_submit_public(
            service_unit=unit,
            data=request.POST,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except ApplicationError as error:
        if error.code == "near_duplicate":
            return redirect(reverse("surveys:public_thanks", args=[code]) + "?again=1")
        context = _form_context(unit, request.POST, error.details)
        context["problem"] = error.message
        return render(request, "surveys/public_form.html", context, status=error.status)
    # Created, duplicate or honeypot: the respondent is thanked alike.
    return redirect("surveys:public_thanks", code=code)


def public_thanks(request, code: str):
    unit = _unit(code)
    return render(
        request,
        "surveys/public_thanks.html",
        {"unit": unit, "again": request.GET.get("again") == "1"},
    )


def public_url(request, unit) -> str:
    return request.build_absolute_uri(reverse("surveys:public_form", args=[unit.code]))


def qr_svg(url: str) -> str:
    """Return an SVG QR code (for print: vector, any size) for `url`."""
    image = qrcode.make(
        url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def poster(request, code: str):
    unit = _unit(code)
    url = public_url(request, unit)
    return render(
        request, "surveys/poster.html", {"unit": unit, "url": url, "qr": qr_svg(url)}
    )


def qr_image(request, code: str):
    unit = _unit(code)
    return HttpResponse(qr_svg(public_url(request, unit)), content_type="image/svg+xml")
