"""Pages during and after the year: realisation and feedback, evaluation,
result with acknowledgement or objection, objection review."""

import datetime as dt

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import NotFound
from jenjang.performance import selectors
from jenjang.performance.models import (
    CreditAward,
    Evaluation,
    Feedback,
    Indicator,
    Objection,
    OrgPerformance,
    Period,
    Predikat,
    Rating,
)
from jenjang.performance.permissions import EVALUATE, OWN
from jenjang.performance.services import evaluation as services
from jenjang.performance.services import peer
from jenjang.performance.services.common import is_evaluator, is_owner
from jenjang.performance.services.rules import head_of_unit_rating, predikat_for
from jenjang.performance.views.common import current_period, run, skp_or_404


def _period(skp, period_id) -> Period:
    period = Period.objects.filter(
        pk=period_id, performance_year_id=skp.performance_year_id
    ).first()
    if period is None:
        raise Http404
    return period


def realisation(request, pk):
    """Realisation per indicator for a period, with feedback of both sides."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    skp = selectors.skp_detail(skp_or_404(request.user, pk))
    periods = selectors.periods_of(skp)
    period = (
        _period(skp, request.GET["period"])
        if request.GET.get("period", "").isdigit()
        else current_period(periods)
    )
    found = selectors.realisations_by_indicator(skp)
    rows = [
        {"rhk": rhk, "indicator": i, "realisation": found.get((i.pk, period.pk))}
        for rhk in skp.rhks.all()
        for i in rhk.indicators.all()
    ]
    feedback = list(selectors.feedback_for(skp))
    return render(
        request,
        "performance/realisation.html",
        {
            "skp": skp,
            "period": period,
            "periods": periods,
            "rows": rows,
            "owner": is_owner(request.user, skp),
            "evaluator": is_evaluator(request.user, skp),
            "feedback": feedback,
            "feedback_kinds": Feedback.Kind.choices,
            "evaluation": selectors.evaluations_of(skp).get(period.pk),
            **_coaching_context(skp, period, feedback, back="realisation"),
        },
    )


def _coaching_context(skp, period, feedback, *, back: str) -> dict:
    """The coaching sessions of the period and the entries they may be tied to."""
    coaching = selectors.coaching_sessions_for(skp, period) if period else []
    return {
        "coaching": coaching,
        "coaching_open": [row["session"] for row in coaching if row["link"] is None],
        "coaching_targets": [
            f for f in feedback if period and f.period_id in (None, period.pk)
        ],
        "coaching_back": back,
    }


@perm_required(OWN)
@require_POST
def realisation_record(request, pk, indicator_id):
    skp = skp_or_404(request.user, pk)
    period = _period(skp, request.POST.get("period"))
    indicator = Indicator.objects.filter(pk=indicator_id, rhk__skp=skp).first()
    if indicator is None:
        raise Http404
    back = f"{reverse('performance:realisation', args=[pk])}?period={period.pk}"
    return run(
        request,
        lambda: services.realisation_record(
            indicator=indicator,
            period=period,
            value=request.POST.get("value", ""),
            notes=request.POST.get("notes", ""),
            evidence_url=request.POST.get("evidence_url", ""),
            evidence_file=request.FILES.get("evidence_file"),
            by=request.user,
        ),
        _("Realisasi disimpan."),
        back=back,
    )[0]


@perm_required(OWN)
@require_POST
def feedback_add(request, pk):
    skp = skp_or_404(request.user, pk)
    period_id = request.POST.get("period")
    period = _period(skp, period_id) if period_id else None
    back = reverse("performance:realisation", args=[pk])
    if period:
        back = f"{back}?period={period.pk}"
    actions = []
    for text, due in zip(
        request.POST.getlist("action_text"),
        request.POST.getlist("action_due"),
        strict=False,
    ):
        try:
            due_date = dt.date.fromisoformat(due) if due else None
        except ValueError:
            due_date = None
        actions.append({"text": text, "due_date": due_date})
    # A bad id reaches the service, which says why it cannot be tied.
    coaching = request.POST.get("coaching_session", "").strip() or None
    return run(
        request,
        lambda: services.feedback_create(
            skp=skp,
            period=period,
            kind=request.POST.get("kind", "feedback"),
            strengths=request.POST.get("strengths", ""),
            improvements=request.POST.get("improvements", ""),
            next_steps=request.POST.get("next_steps", ""),
            actions=actions,
            coaching_session_id=coaching,
            by=request.user,
        ),
        _("Umpan balik dicatat."),
        back=back,
    )[0]


@perm_required(EVALUATE)
def evaluate(request, pk, period_id):
    """The evaluator's form: ratings, justification, the computed predikat."""
    skp = selectors.skp_detail(skp_or_404(request.user, pk))
    if not is_evaluator(request.user, skp):
        raise Http404
    period = _period(skp, period_id)
    evaluation = Evaluation.objects.filter(skp=skp, period=period).first()
    head = services.heads_unit(position=skp.position, org_unit_id=skp.org_unit_id)
    org = OrgPerformance.objects.filter(
        org_unit_id=skp.org_unit_id, period=period
    ).first()
    check, counts = selectors.unit_distribution(org_unit=skp.org_unit, period=period)
    found = selectors.realisations_by_indicator(skp)
    rows = [
        {"rhk": rhk, "indicator": i, "realisation": found.get((i.pk, period.pk))}
        for rhk in skp.rhks.all()
        for i in rhk.indicators.all()
    ]
    return render(
        request,
        "performance/evaluate.html",
        {
            "skp": skp,
            "period": period,
            "evaluation": evaluation,
            "ratings": Rating.choices,
            "heads_unit": head,
            "org": org,
            "head_rating": head_of_unit_rating(org.predikat) if head and org else "",
            "check": check,
            "counts": counts,
            "rows": rows,
            "values": selectors.behaviour_values(),
            "peer": peer.peer_summary(skp=skp, period=period),
            "peer_candidates": peer_candidates(skp),
            **_coaching_context(
                skp, period, list(selectors.feedback_for(skp)), back="evaluate"
            ),
        },
    )


@perm_required(EVALUATE)
def predikat_preview(request):
    """The predikat the matrix gives two ratings (for the form, via htmx)."""
    hasil = request.GET.get("rating_hasil", "")
    perilaku = request.GET.get("rating_perilaku", "")
    if hasil not in Rating.values or perilaku not in Rating.values:
        return JsonResponse({"predikat": "", "label": ""})
    value = predikat_for(hasil, perilaku, on=timezone.localdate())
    label = str(Predikat(value).label)
    if request.headers.get("HX-Request"):
        return HttpResponse(
            format_html('<span class="badge predikat-{}">{}</span>', value, label)
        )
    return JsonResponse({"predikat": value, "label": label})


@perm_required(EVALUATE)
@require_POST
def evaluation_save(request, pk, period_id):
    skp = skp_or_404(request.user, pk)
    period = _period(skp, period_id)
    back = reverse("performance:evaluate", args=[pk, period.pk])
    response, evaluation = run(
        request,
        lambda: services.evaluation_save(
            skp=skp,
            period=period,
            rating_hasil=request.POST.get("rating_hasil", ""),
            rating_perilaku=request.POST.get("rating_perilaku", ""),
            justification_hasil=request.POST.get("justification_hasil", ""),
            justification_perilaku=request.POST.get("justification_perilaku", ""),
            by=request.user,
        ),
        "",
        back=back,
    )
    if evaluation is None:
        return response
    if request.POST.get("issue") == "1":
        return run(
            request,
            lambda: services.evaluation_issue(evaluation=evaluation, by=request.user),
            _("Penilaian disampaikan kepada pegawai."),
            back=back,
        )[0]
    messages.success(
        request,
        _("Draf penilaian disimpan: predikat %(predikat)s.")
        % {"predikat": evaluation.get_predikat_display()},
    )
    return response


def _evaluation_or_404(user, pk) -> Evaluation:
    try:
        evaluation = selectors.evaluation_get_visible_to(user=user, pk=pk)
    except NotFound:
        raise Http404 from None
    if evaluation.status == Evaluation.Status.DRAFT and not is_evaluator(
        user, evaluation.skp
    ):
        raise Http404
    return evaluation


def result(request, pk):
    """The evaluation result, with acknowledge / object for the employee."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    evaluation = _evaluation_or_404(request.user, pk)
    objection = (
        Objection.objects.filter(evaluation=evaluation)
        .select_related("reviewer", "decided_by")
        .first()
    )

    owner = is_owner(request.user, evaluation.skp)
    return render(
        request,
        "performance/result.html",
        {
            "evaluation": evaluation,
            "skp": evaluation.skp,
            "objection": objection,
            "owner": owner,
            "can_answer": owner
            and evaluation.status == Evaluation.Status.ISSUED
            and evaluation.objection_deadline >= timezone.localdate(),
            "can_decide": objection is not None
            and objection.decision == "pending"
            and services.can_decide(request.user, objection),
            "ratings": Rating.choices,
            "credit": CreditAward.objects.filter(evaluation=evaluation).first(),
            "peer": peer.peer_summary(skp=evaluation.skp, period=evaluation.period),
        },
    )


@perm_required(OWN)
@require_POST
def result_answer(request, pk, answer):
    evaluation = _evaluation_or_404(request.user, pk)
    back = reverse("performance:result", args=[pk])
    if answer == "acknowledge":
        return run(
            request,
            lambda: services.evaluation_acknowledge(
                evaluation=evaluation, by=request.user
            ),
            _("Hasil penilaian diterima."),
            back=back,
        )[0]
    if answer == "object":
        return run(
            request,
            lambda: services.evaluation_object(
                evaluation=evaluation,
                reason=request.POST.get("reason", ""),
                by=request.user,
            ),
            _("Keberatan diajukan kepada atasan pejabat penilai."),
            back=back,
        )[0]
    raise Http404


@perm_required(OWN)
def objections(request):
    """Pending objections the user decides."""
    return render(
        request,
        "performance/objections.html",
        {"objections": selectors.objection_inbox_for(user=request.user)},
    )


@perm_required(OWN)
@require_POST
def objection_decide(request, pk):
    try:
        objection = selectors.objection_get_for(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    back = reverse("performance:result", args=[objection.evaluation_id])
    return run(
        request,
        lambda: services.objection_decide(
            objection=objection,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
            rating_hasil=request.POST.get("rating_hasil") or None,
            rating_perilaku=request.POST.get("rating_perilaku") or None,
            by=request.user,
        ),
        _("Keberatan diputus."),
        back=back,
    )[0]


# --- 360 input ----------------------------------------------------------------------


def peer_candidates(skp):
    """Colleagues of the same unit and the employee's direct reports."""
    from jenjang.people.models import Employee

    return (
        Employee.objects.filter(is_active=True, agency_id=skp.employee.agency_id)
        .filter(
            Q(org_unit_id=skp.org_unit_id) | Q(position__reports_to_id=skp.position_id)
        )
        .exclude(pk__in=[skp.employee_id, skp.evaluator_id or 0])
        .order_by("name")[:100]
    )


@perm_required(EVALUATE)
@require_POST
def peer_invite(request, pk, period_id):
    skp = skp_or_404(request.user, pk)
    period = _period(skp, period_id)
    return run(
        request,
        lambda: peer.peer_invite(
            skp=skp,
            period=period,
            reviewer_ids=[i for i in request.POST.getlist("reviewer") if i.isdigit()],
            by=request.user,
        ),
        _("Undangan masukan 360 dikirim."),
        back=reverse("performance:evaluate", args=[pk, period.pk]),
    )[0]


@perm_required(OWN)
def peer_list(request):
    """Invitations to give 360 input, with the form per BerAKHLAK value."""
    return render(
        request,
        "performance/peer_list.html",
        {
            "invites": selectors.peer_invites_for(user=request.user),
            "values": selectors.behaviour_values(),
            "ratings": Rating.choices,
        },
    )


@perm_required(OWN)
@require_POST
def peer_answer(request, pk):
    invite = selectors.peer_invites_for(user=request.user).filter(pk=pk).first()
    if invite is None:
        raise Http404
    answers = {
        v.code: (
            request.POST.get(f"rating_{v.code}", ""),
            request.POST.get(f"comment_{v.code}", ""),
        )
        for v in selectors.behaviour_values()
    }
    return run(
        request,
        lambda: peer.peer_answer(invite=invite, answers=answers, by=request.user),
        _("Terima kasih, masukan Anda tercatat tanpa nama."),
        back=reverse("performance:peer_list"),
    )[0]
