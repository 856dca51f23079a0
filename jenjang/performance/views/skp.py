"""SKP pages: my SKP, the SKP editor and workflow, inbox, cascade tree."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.people.selectors import employee_for_user
from jenjang.performance import selectors
from jenjang.performance.models import Indicator, Rhk, Skp
from jenjang.performance.permissions import EVALUATE, OWN
from jenjang.performance.services import skp as services
from jenjang.performance.services.common import is_evaluator, is_owner
from jenjang.performance.views.common import run, skp_or_404, this_year


@perm_required(OWN)
def my_skp(request):
    """The employee's SKP of a year: open it, or start one (or copy last year's)."""
    try:
        year = int(request.GET.get("year") or this_year())
    except ValueError:
        year = this_year()
    skp = selectors.skp_own(user=request.user, year=year)
    if skp is not None:
        return redirect("performance:skp_detail", skp.pk)
    me = employee_for_user(user=request.user)
    own = selectors.skp_list_visible_to(user=request.user).filter(
        employee__user=request.user
    )
    return render(
        request,
        "performance/my_skp.html",
        {
            "year": year,
            "me": me,
            "skps": own,
            "has_last_year": own.filter(performance_year__year=year - 1).exists(),
        },
    )


@perm_required(OWN)
@require_POST
def skp_create(request):
    me = employee_for_user(user=request.user)
    if me is None:  # an account with no employee record has no SKP to make
        raise Http404
    try:
        year = int(request.POST.get("year") or this_year())
    except ValueError:
        year = this_year()
    fn = (
        services.skp_copy_last_year
        if request.POST.get("copy") == "1"
        else services.skp_create
    )
    response, skp = run(
        request,
        lambda: fn(employee=me, year=year, by=request.user),
        _("SKP dibuat."),
        back=reverse("performance:my_skp"),
    )
    return redirect("performance:skp_detail", skp.pk) if skp else response


def skp_detail(request, pk):
    """The SKP: RHK with IKI, perilaku kerja, expectations, steps, actions."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    skp = selectors.skp_detail(skp_or_404(request.user, pk))
    owner, evaluator = is_owner(request.user, skp), is_evaluator(request.user, skp)
    specific = {s.value_id: s.text for s in skp.specific_expectations.all()}
    values = selectors.behaviour_values()
    for value in values:
        value.specific = specific.get(value.pk, "")
    return render(
        request,
        "performance/skp_detail.html",
        {
            "skp": skp,
            "owner": owner,
            "evaluator": evaluator,
            "editable": owner and skp.status in services.EDITABLE,
            "expectations_editable": (owner or evaluator)
            and skp.status != Skp.Status.APPROVED,
            "candidates": list(services.cascade_candidates(skp=skp)),
            "values": values,
            "problems": services.submission_problems(skp)
            if owner and skp.status in services.EDITABLE
            else [],
            "rhk_kinds": Rhk.Kind.choices,
            "aspects": Indicator.Aspect.choices,
            "evaluations": selectors.evaluations_of(skp),
            "periods": selectors.periods_of(skp),
        },
    )


def _back(pk):
    return reverse("performance:skp_detail", args=[pk])


@perm_required(OWN)
@require_POST
def rhk_add(request, pk):
    skp = skp_or_404(request.user, pk)
    response, _rhk = run(
        request,
        lambda: services.rhk_add(
            skp=skp,
            text=request.POST.get("text", ""),
            kind=request.POST.get("kind", "utama"),
            parent_id=request.POST.get("parent_id") or None,
            parent_text=request.POST.get("parent_text", ""),
            by=request.user,
        ),
        _("RHK ditambahkan."),
        back=_back(pk),
    )
    return response


@perm_required(OWN)
@require_POST
def rhk_remove(request, pk, rhk_id):
    skp = skp_or_404(request.user, pk)
    rhk = skp.rhks.filter(pk=rhk_id).first()
    if rhk is None:
        return redirect(_back(pk))
    return run(
        request,
        lambda: services.rhk_remove(rhk=rhk, by=request.user),
        _("RHK dihapus."),
        back=_back(pk),
    )[0]


@perm_required(OWN)
@require_POST
def indicator_add(request, pk, rhk_id):
    skp = skp_or_404(request.user, pk)
    rhk = skp.rhks.filter(pk=rhk_id).first()
    if rhk is None:
        return redirect(_back(pk))
    return run(
        request,
        lambda: services.indicator_add(
            rhk=rhk,
            text=request.POST.get("text", ""),
            aspect=request.POST.get("aspect", ""),
            target=request.POST.get("target", ""),
            by=request.user,
        ),
        _("Indikator ditambahkan."),
        back=_back(pk),
    )[0]


@perm_required(OWN)
@require_POST
def indicator_remove(request, pk, indicator_id):
    skp = skp_or_404(request.user, pk)
    indicator = Indicator.objects.filter(pk=indicator_id, rhk__skp=skp).first()
    if indicator is None:
        return redirect(_back(pk))
    return run(
        request,
        lambda: services.indicator_remove(indicator=indicator, by=request.user),
        _("Indikator dihapus."),
        back=_back(pk),
    )[0]


@perm_required(OWN)
@require_POST
def expectation_add(request, pk):
    skp = skp_or_404(request.user, pk)
    return run(
        request,
        lambda: services.expectation_add(
            skp=skp, text=request.POST.get("text", ""), by=request.user
        ),
        _("Ekspektasi dicatat."),
        back=_back(pk),
    )[0]


@perm_required(OWN)
@require_POST
def specific_set(request, pk):
    skp = skp_or_404(request.user, pk)
    return run(
        request,
        lambda: services.specific_expectation_set(
            skp=skp,
            value_code=request.POST.get("value", ""),
            text=request.POST.get("text", ""),
            by=request.user,
        ),
        _("Ekspektasi khusus disimpan."),
        back=_back(pk),
    )[0]


_STEPS = {
    "submit": (services.skp_submit, OWN),
    "return": (services.skp_return, EVALUATE),
    "approve": (services.skp_approve, EVALUATE),
    "revise": (services.skp_revise, EVALUATE),
}


@require_POST
def skp_step(request, pk, step):
    """Submit, return, approve or revise; the service checks who may."""
    if not request.user.is_authenticated or step not in _STEPS:
        return redirect(reverse("performance:my_skp"))
    skp = skp_or_404(request.user, pk)
    fn, _perm = _STEPS[step]
    messages_ = {
        "submit": _("SKP diajukan kepada pejabat penilai."),
        "return": _("SKP dikembalikan dengan catatan."),
        "approve": _("SKP disetujui."),
        "revise": _("SKP dibuka kembali untuk revisi."),
    }
    return run(
        request,
        lambda: fn(skp=skp, by=request.user, comment=request.POST.get("comment", "")),
        messages_[step],
        back=_back(pk),
    )[0]


@perm_required(EVALUATE)
def inbox(request):
    """The evaluator's desk: SKP to approve, the team, overdue feedback."""
    me = employee_for_user(user=request.user)
    year = this_year()
    team = (
        selectors.skp_list_visible_to(user=request.user, year=year)
        .filter(evaluator=me)
        .order_by("employee__name")
        if me
        else []
    )
    return render(
        request,
        "performance/inbox.html",
        {
            "pending": selectors.skp_inbox_for(user=request.user),
            "team": team,
            "overdue": selectors.feedback_overdue(evaluator=me, year=year)
            if me
            else [],
            "objections": selectors.objection_inbox_for(user=request.user),
            "year": year,
        },
    )


@perm_required(EVALUATE)
def cascade(request):
    """The cascade tree of the team's RHK under the evaluator's own."""
    me = employee_for_user(user=request.user)
    try:
        year = int(request.GET.get("year") or this_year())
    except ValueError:
        year = this_year()
    tree = selectors.team_cascade(evaluator=me, year=year) if me else []
    return render(
        request, "performance/cascade.html", {"tree": tree, "year": year, "me": me}
    )
