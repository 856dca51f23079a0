"""HR overview, predikat history, improvement plans, documents, home panel."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.people.models import OrgUnit
from jenjang.people.selectors import employee_for_user, employee_get_visible_to
from jenjang.performance import selectors
from jenjang.performance.models import (
    PREDIKAT_ORDER,
    ImprovementPlan,
    OrgPredikat,
    Period,
    Predikat,
)
from jenjang.performance.permissions import MANAGE, OWN, VIEW
from jenjang.performance.services import evaluation as eval_services
from jenjang.performance.services import improvement
from jenjang.performance.views.common import run, skp_or_404, this_year


@perm_required(MANAGE)
def overview(request):
    """Per unit: predikat organisasi, predikat counts, distribution warnings."""
    years = list(selectors.years_visible_to(user=request.user))
    year = next(
        (y for y in years if str(y.pk) == request.GET.get("year")),
        next((y for y in years if y.year == this_year()), years[0] if years else None),
    )
    periods = list(year.periods.order_by("kind", "number")) if year else []
    period = next(
        (p for p in periods if str(p.pk) == request.GET.get("period")),
        periods[-1] if periods else None,
    )
    rows = (
        selectors.hr_overview(user=request.user, performance_year=year, period=period)
        if period
        else []
    )
    return render(
        request,
        "performance/overview.html",
        {
            "years": years,
            "year": year,
            "periods": periods,
            "period": period,
            "rows": rows,
            "predikats": [Predikat(p).label for p in PREDIKAT_ORDER],
            "org_predikats": OrgPredikat.choices,
            "can_set": has_perm(request.user, MANAGE),
        },
    )


@perm_required(MANAGE)
@require_POST
def org_predikat_set(request):
    unit = OrgUnit.objects.filter(
        unit_scope_q(scope_for(request.user, perm=MANAGE)),
        pk=request.POST.get("org_unit") or 0,
    ).first()
    period = (
        Period.objects.select_related("performance_year")
        .filter(pk=request.POST.get("period") or 0)
        .first()
    )
    if unit is None or period is None:
        raise Http404
    back = (
        f"{reverse('performance:overview')}?year={period.performance_year_id}"
        f"&period={period.pk}"
    )
    return run(
        request,
        lambda: eval_services.org_predikat_set(
            org_unit=unit,
            period=period,
            predikat=request.POST.get("predikat", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        ),
        _("Predikat kinerja organisasi disimpan."),
        back=back,
    )[0]


def history_context(employee_id: int) -> dict:
    rows = selectors.predikat_history(employee_id=employee_id)
    chart = {
        "labels": [f"{r['year']} · {r['period']}" for r in rows],
        "values": [r["rank"] for r in rows],
        "ticks": {
            len(PREDIKAT_ORDER) - i: str(Predikat(p).label)
            for i, p in enumerate(PREDIKAT_ORDER)
        },
    }
    return {"rows": rows, "chart": chart}


@perm_required(OWN)
def history(request, employee_id=None):
    """Predikat by year and period, as a chart."""
    me = employee_for_user(user=request.user)
    if employee_id is None or (me and me.pk == employee_id):
        employee = me
    else:
        try:
            employee = employee_get_visible_to(
                user=request.user, pk=employee_id, perm=VIEW
            )
        except NotFound:
            raise Http404 from None
    if employee is None:
        raise Http404
    context = history_context(employee.pk)
    context["employee"] = employee
    context["credits"] = selectors.credits_for(employee_id=employee.pk)
    context["plans"] = selectors.improvement_plans_for([employee.pk])
    return render(request, "performance/history.html", context)


def _plan_or_404(user, pk) -> ImprovementPlan:
    try:
        return selectors.improvement_plan_get_visible_to(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


@perm_required(OWN)
def plan_detail(request, pk):
    plan = _plan_or_404(request.user, pk)
    me = employee_for_user(user=request.user)
    return render(
        request,
        "performance/plan_detail.html",
        {
            "plan": plan,
            "coach": me is not None and plan.supervisor_id == me.pk,
            "open": plan.status == ImprovementPlan.Status.OPEN,
        },
    )


@perm_required(OWN)
@require_POST
def plan_action(request, pk, action):
    plan = _plan_or_404(request.user, pk)
    back = reverse("performance:plan_detail", args=[pk])
    if action == "checkin":
        fn = lambda: improvement.improvement_checkin_add(  # noqa: E731
            plan=plan,
            notes=request.POST.get("notes", ""),
            on_track=request.POST.get("on_track") == "1",
            by=request.user,
        )
    elif action == "review":
        fn = lambda: improvement.improvement_plan_review(  # noqa: E731
            plan=plan,
            status=request.POST.get("status", ""),
            outcome=request.POST.get("outcome", ""),
            by=request.user,
        )
    elif action == "done":
        activity = plan.activities.filter(pk=request.POST.get("activity") or 0).first()
        if activity is None:
            raise Http404
        fn = lambda: improvement.improvement_activity_done(  # noqa: E731
            activity=activity, by=request.user
        )
    else:
        raise Http404
    return run(request, fn, _("Tersimpan."), back=back)[0]


# --- documents ----------------------------------------------------------------------


def _pdf(template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context)
    response = HttpResponse(
        HTML(string=html).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def skp_pdf(request, pk):
    """The SKP laid out like the official form, with signature blocks."""
    if not request.user.is_authenticated:
        raise Http404
    skp = selectors.skp_detail(skp_or_404(request.user, pk))
    specific = {s.value_id: s.text for s in skp.specific_expectations.all()}
    values = selectors.behaviour_values()
    for value in values:
        value.specific = specific.get(value.pk, "")
    return _pdf(
        "performance/pdf_skp.html",
        {"skp": skp, "values": values},
        f"SKP-{skp.performance_year.year}-{skp.employee.nip}.pdf",
    )


def result_pdf(request, pk):
    """The evaluation result (dokumen evaluasi kinerja) with signature blocks."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        evaluation = selectors.evaluation_get_visible_to(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    if evaluation.status == "draft":
        raise Http404
    skp = selectors.skp_detail(evaluation.skp)
    found = selectors.realisations_by_indicator(skp)
    rows = [
        {
            "rhk": rhk,
            "indicator": i,
            "realisation": found.get((i.pk, evaluation.period_id)),
        }
        for rhk in skp.rhks.all()
        for i in rhk.indicators.all()
    ]
    return _pdf(
        "performance/pdf_result.html",
        {
            "evaluation": evaluation,
            "skp": skp,
            "rows": rows,
            "values": selectors.behaviour_values(),
        },
        f"Evaluasi-{skp.performance_year.year}-{skp.employee.nip}.pdf",
    )


# --- home panel ---------------------------------------------------------------------


def home_panel_context(request) -> dict | None:
    """The employee's SKP of this year, latest result and open improvement plan."""
    user = request.user
    if not has_perm(user, OWN):
        return None
    me = employee_for_user(user=user)
    if me is None:
        return None
    skp = selectors.skp_own(user=user, year=this_year())
    latest = (
        me.performance_evaluations.exclude(status="draft")
        .select_related("period")
        .order_by("-year", "-period__end")
        .first()
    )
    plan = selectors.improvement_plans_for([me.pk], open_only=True)
    return {
        "skp": skp,
        "latest": latest,
        "plan": plan[0] if plan else None,
        "year": this_year(),
        "pending": selectors.skp_inbox_for(user=user).count()
        if has_perm(user, "performance.evaluate")
        else 0,
    }
