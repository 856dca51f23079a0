"""Employee pages: catalog, program, enrol, my trainings, survey, impact, QR check-in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.certificates.models import Certificate
from jenjang.development.selectors.ledger import development_forms
from jenjang.people.selectors import employee_for_user, job_field_list
from jenjang.training import selectors as sel
from jenjang.training.forms import ImpactForm, SurveyForm
from jenjang.training.models import TrainingProgram
from jenjang.training.services import enrolments as enrol_svc
from jenjang.training.services.evaluation import impact_submit, survey_submit
from jenjang.training.services.results import SOURCE_TYPE, attendance_checkin
from jenjang.training.views.common import run, visible


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@perm_required("training.view_catalog")
def catalog(request):
    programs = sel.program_list(
        search=request.GET.get("q", "").strip()[:100],
        form_id=_int(request.GET.get("form")),
        job_field_id=_int(request.GET.get("job_field")),
        delivery=request.GET.get("delivery", "")[:10],
    )
    recommended = None
    if request.GET.get("recommended") and has_perm(request.user, "training.enrol_own"):
        from jenjang.development.selectors.plans import employee_gaps
        from jenjang.training.relevance import training_provider

        employee = employee_for_user(user=request.user)
        if employee is not None and employee.position_id:
            recommended = training_provider(employee, employee_gaps(employee=employee))
    return render(
        request,
        "training/catalog.html",
        {
            "programs": programs,
            "recommended": recommended,
            "forms": development_forms(),
            "job_fields": job_field_list(),
            "deliveries": TrainingProgram.Delivery.choices,
            "filters": request.GET,
            "can_manage": has_perm(request.user, "training.manage_catalog"),
        },
    )


@perm_required("training.view_catalog")
def program_detail(request, pk: int):
    program = visible(sel.program_get, pk=pk)
    employee = employee_for_user(user=request.user)
    today = timezone.localdate()
    batches = list(sel.batches_of_program(program=program))
    upcoming = [b for b in batches if b.ends_on >= today]
    can_enrol = employee is not None and has_perm(request.user, "training.enrol_own")
    problems = {}
    if can_enrol:
        for b in upcoming:
            problems[b.pk] = enrol_svc.join_problems(b, employee)
    rows = [(b, problems.get(b.pk)) for b in upcoming]
    return render(
        request,
        "training/program_detail.html",
        {
            "program": program,
            "rows": rows,
            "past": [b for b in batches if b.ends_on < today][:10],
            "can_enrol": can_enrol,
            "today": today,
            "can_nominate": has_perm(request.user, "training.nominate"),
            "can_manage": sel.program_manageable_by(user=request.user, program=program),
        },
    )


@require_POST
@perm_required("training.enrol_own")
def enrol(request, pk: int):
    batch = visible(sel.batch_get, pk=pk)
    done = run(
        request,
        enrol_svc.enrolment_request,
        _("Pendaftaran terkirim; menunggu persetujuan atasan."),
        batch=batch,
        by=request.user,
    )
    if done is None:
        return redirect("training:program_detail", pk=batch.program_id)
    return redirect("training:mine")


@login_required
def mine(request):
    enrolments = list(sel.enrolments_own(user=request.user))
    certificates = dict(
        Certificate.objects.filter(
            source_type=SOURCE_TYPE,
            source_id__in=[str(e.pk) for e in enrolments],
            revoked_at__isnull=True,
        ).values_list("source_id", "number")
    )
    rows = [
        {
            "enrolment": e,
            "certificate": certificates.get(str(e.pk)),
            "can_cancel": enrol_svc.may_cancel(e, request.user),
            "survey_open": e.status in ("attended", "passed", "failed")
            and not hasattr(e, "survey"),
        }
        for e in enrolments
    ]
    return render(
        request,
        "training/mine.html",
        {"rows": rows, "impact": sel.impact_pending_for(user=request.user)},
    )


@require_POST
@login_required
def cancel(request, pk: int):
    enrolment = visible(sel.enrolment_get_visible_to, user=request.user, pk=pk)
    run(
        request,
        enrol_svc.enrolment_cancel,
        _("Pendaftaran dibatalkan."),
        enrolment=enrolment,
        by=request.user,
        reason=request.POST.get("reason", "")[:250],
    )
    nxt = request.POST.get("next", "")
    if nxt.startswith("/training/"):
        return redirect(nxt)
    return redirect("training:mine")


@login_required
def survey(request, pk: int):
    enrolment = visible(sel.enrolment_get_visible_to, user=request.user, pk=pk)
    trainers = sorted(
        {t for s in sel.sessions_of(batch=enrolment.batch) for t in s.trainers.all()},
        key=lambda t: t.name,
    )
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratings = {
            t.pk: request.POST.get(f"trainer_{t.pk}")
            for t in trainers
            if request.POST.get(f"trainer_{t.pk}")
        }
        done = run(
            request,
            survey_submit,
            _("Terima kasih, survei tersimpan."),
            enrolment=enrolment,
            by=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            trainer_ratings=ratings,
        )
        if done is not None:
            return redirect("training:mine")
    return render(
        request,
        "training/survey.html",
        {"enrolment": enrolment, "form": form, "trainers": trainers},
    )


@login_required
def impact(request, pk: int):
    enrolment = visible(sel.enrolment_get_visible_to, user=request.user, pk=pk)
    form = ImpactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            impact_submit,
            _("Terima kasih, kuesioner dampak tersimpan."),
            enrolment=enrolment,
            by=request.user,
            **form.cleaned_data,
        )
        if done is not None:
            return redirect("training:mine")
    return render(
        request,
        "training/impact_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "due": sel.impact_due_date(enrolment.batch),
        },
    )


@login_required
def checkin(request, code: str):
    """The page a participant's phone opens from the session's QR code."""
    result = None
    if request.method == "POST":
        result = run(
            request,
            attendance_checkin,
            _("Kehadiran tercatat."),
            code=code[:20],
            by=request.user,
        )
    return render(
        request,
        "training/checkin.html",
        {"code": code[:20], "attendance": result},
    )


@perm_required("training.view_catalog")
def calendar(request):
    batches = _calendar_batches(request)
    return render(
        request,
        "training/calendar.html",
        {
            "batches": batches[:200],
            "forms": development_forms(),
            "job_fields": job_field_list(),
            "deliveries": TrainingProgram.Delivery.choices,
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def _calendar_batches(request):
    return sel.batch_list_upcoming(
        form_id=_int(request.GET.get("form")),
        delivery=request.GET.get("delivery", "")[:10],
        job_field_id=_int(request.GET.get("job_field")),
        month=request.GET.get("month", "")[:7],
        program_id=_int(request.GET.get("program")),
    )


@perm_required("training.view_catalog")
def calendar_ics(request):
    from django.http import HttpResponse

    from jenjang.training.ical import batches_ical

    body = batches_ical(_calendar_batches(request)[:500])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jadwal-pelatihan.ics"'
    return response
