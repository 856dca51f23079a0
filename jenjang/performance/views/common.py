"""Shared helpers of the performance pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone

from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.exceptions import PermissionDenied as AppPermissionDenied
from jenjang.performance import selectors


def this_year() -> int:
    return timezone.localdate().year


def skp_or_404(user, pk):
    try:
        return selectors.skp_get_visible_to(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def run(request, fn, success: str, *, back: str):
    """Call a service; a refused rule becomes a message, a refusal a 403/404."""
    try:
        result = fn()
    except AppPermissionDenied:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        messages.error(request, exc.message)
        for detail in exc.details or []:
            if isinstance(detail, dict) and detail.get("message"):
                messages.error(request, detail["message"])
        return redirect(back), None
    if success:
        messages.success(request, success)
    return redirect(back), result


def current_period(periods):
    today = timezone.localdate()
    periodic = [p for p in periods if not p.is_annual]
    for p in periodic:
        if p.start <= today <= p.end:
            return p
    return periodic[0] if periodic else None
