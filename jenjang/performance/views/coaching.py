"""Tie the supervisor's coaching sessions to the employee's feedback (pages)."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import NotFound
from jenjang.performance import selectors
from jenjang.performance.permissions import EVALUATE
from jenjang.performance.services import coaching as services
from jenjang.performance.views.common import run, skp_or_404


def _back(request, skp) -> str:
    """Back to the page the form was on, at the period it showed."""
    period = request.POST.get("period", "")
    if request.POST.get("back") == "evaluate" and period.isdigit():
        return reverse("performance:evaluate", args=[skp.pk, int(period)])
    url = reverse("performance:realisation", args=[skp.pk])
    return f"{url}?period={period}" if period.isdigit() else url


def _feedback_of(request, skp):
    try:
        feedback = selectors.feedback_get_visible_to(
            user=request.user, pk=request.POST.get("feedback")
        )
    except NotFound:
        raise Http404 from None
    if feedback.skp_id != skp.pk:
        raise Http404
    return feedback


@perm_required(EVALUATE)
@require_POST
def coaching_link(request, pk):
    """Tie a coaching session to a feedback entry of this SKP."""
    skp = skp_or_404(request.user, pk)
    feedback = _feedback_of(request, skp)
    return run(
        request,
        lambda: services.coaching_link_create(
            feedback=feedback,
            session_id=request.POST.get("session"),
            by=request.user,
        ),
        _("Sesi coaching ditautkan ke umpan balik."),
        back=_back(request, skp),
    )[0]


@perm_required(EVALUATE)
@require_POST
def coaching_unlink(request, pk):
    """Untie a coaching session from its feedback entry."""
    skp = skp_or_404(request.user, pk)
    feedback = _feedback_of(request, skp)
    try:
        link = selectors.coaching_link_get_visible_to(
            user=request.user,
            feedback_id=feedback.pk,
            session_id=request.POST.get("session"),
        )
    except NotFound:
        raise Http404 from None
    return run(
        request,
        lambda: services.coaching_link_delete(link=link, by=request.user),
        _("Tautan sesi coaching dilepas."),
        back=_back(request, skp),
    )[0]
