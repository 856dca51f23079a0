"""Supervisor, organiser and HR pages."""

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError
from jenjang.core.qr import qr_svg
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.people.models import OrgUnit
from jenjang.training import selectors as sel
from jenjang.training.forms import BatchForm, BulkForm, ProgramForm, SessionForm
from jenjang.training.models import (
    BatchCertificateJob,
    Enrolment,
    Session,
)
from jenjang.training.services import bulk as bulk_svc
from jenjang.training.services import catalog as cat_svc
from jenjang.training.services import enrolments as enrol_svc
from jenjang.training.services import results as res_svc
from jenjang.training.services.jobs import certificate_job_start
from jenjang.training.views.common import run, visible

S = Enrolment.Status

# --- supervisor -----------------------------------------------------------------


@perm_required("training.approve")
def approvals(request):
    return render(
        request,
        "training/approvals.html",
        {"enrolments": sel.approvals_pending(user=request.user)},
    )


@require_POST
@perm_required("training.approve")
def decide(request, pk: int):
    enrolment = visible(sel.enrolment_get_visible_to, user=request.user, pk=pk)
    if request.POST.get("decision") == "reject":
        run(
            request,
            enrol_svc.enrolment_reject,
            _("Permintaan ditolak."),
            enrolment=enrolment,
            by=request.user,
            note=request.POST.get("note", "")[:250],
        )
    else:
        done = run(
            request,
            enrol_svc.enrolment_approve,
            enrolment=enrolment,
            by=request.user,
            note=request.POST.get("note", "")[:250],
        )
        if done is not None:
            messages.success(
                request,
                _("Disetujui: %(status)s.") % {"status": done.get_status_display()},
            )
    return redirect("training:approvals")


@perm_required("training.nominate")
def nominate(request, pk: int):
    batch = visible(sel.batch_get, pk=pk)
    if request.method == "POST":
        employee = (
            sel.nominees_visible_to(user=request.user)
            .filter(pk=_int(request.POST.get("employee")))
            .first()
        )
        if employee is None:
            raise Http404
        done = run(
            request,
            enrol_svc.enrolment_nominate,
            batch=batch,
            employee=employee,
            by=request.user,
        )
        if done is not None:
            messages.success(
                request,
                _("%(name)s ditugaskan: %(status)s.")
                % {"name": employee.full_name, "status": done.get_status_display()},
            )
        return redirect("training:nominate", pk=batch.pk)
    search = request.GET.get("q", "").strip()[:60]
    people = list(sel.nominees_visible_to(user=request.user, search=search)[:50])
    rows = [(e, enrol_svc.join_problems(batch, e)) for e in people]
    return render(
        request,
        "training/nominate.html",
        {"batch": batch, "rows": rows, "search": search},
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- organiser ------------------------------------------------------------------


def _units(user, perm: str):
    return OrgUnit.objects.filter(unit_scope_q(scope_for(user, perm=perm))).order_by(
        "path"
    )


@perm_required("training.organise")
def batch_list(request):
    return render(
        request,
        "training/batch_list.html",
        {"batches": sel.batch_list_organised_by(user=request.user)[:200]},
    )


@perm_required("training.organise")
def batch_edit(request, pk: int | None = None):
    batch = (
        visible(sel.batch_get_organised_by, user=request.user, pk=pk) if pk else None
    )
    form = BatchForm(
        request.POST or None,
        instance=batch,
        units=_units(request.user, "training.organise"),
    )
    if request.method == "POST" and form.is_valid():
        saved = run(
            request,
            cat_svc.batch_save,
            _("Angkatan tersimpan."),
            batch=form.save(commit=False),
            by=request.user,
        )
        if saved is not None:
            return redirect("training:batch_manage", pk=saved.pk)
    return render(request, "training/batch_form.html", {"form": form, "batch": batch})


@perm_required("training.organise")
def batch_manage(request, pk: int):
    batch = visible(sel.batch_get_organised_by, user=request.user, pk=pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run(
            request,
            cat_svc.session_add,
            _("Sesi ditambahkan."),
            batch=batch,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            trainer_names=data["trainers"].split(","),
            by=request.user,
        )
        if done is not None:
            return redirect("training:batch_manage", pk=batch.pk)
    participants = list(sel.participants(batch=batch))
    sessions = list(sel.sessions_of(batch=batch))
    return render(
        request,
        "training/batch_manage.html",
        {
            "batch": batch,
            "participants": participants,
            "sessions": sessions,
            "session_count": len(sessions),
            "form": form,
            "job": batch.certificate_jobs.first(),
        },
    )


@perm_required("training.organise")
def attendance(request, pk: int):
    session = Session.objects.select_related("batch").filter(pk=pk).first()
    if session is None:
        raise Http404
    batch = visible(sel.batch_get_organised_by, user=request.user, pk=session.batch_id)
    if request.method == "POST":
        ids = {i for i in (_int(v) for v in request.POST.getlist("present")) if i}
        done = run(
            request,
            res_svc.attendance_mark,
            session=session,
            present_ids=ids,
            by=request.user,
        )
        if done is not None:
            messages.success(
                request,
                _("Daftar hadir tersimpan: %(p)d hadir, %(a)d tidak hadir.")
                % {"p": done[0], "a": done[1]},
            )
            return redirect("training:batch_manage", pk=batch.pk)
    present = set(
        session.attendance.filter(present=True).values_list("enrolment_id", flat=True)
    )
    people = (
        batch.enrolments.filter(status__in=res_svc.ATTENDING)
        .select_related("employee")
        .order_by("employee__name")
    )
    return render(
        request,
        "training/attendance.html",
        {"session": session, "batch": batch, "people": people, "present": present},
    )


@perm_required("training.organise")
def session_qr(request, pk: int):
    session = Session.objects.select_related("batch__program").filter(pk=pk).first()
    if session is None:
        raise Http404
    visible(sel.batch_get_organised_by, user=request.user, pk=session.batch_id)
    url = settings.JENJANG_PUBLIC_URL + reverse(
        "training:checkin", args=[session.checkin_code]
    )
    checked = session.attendance.filter(present=True).count()
    return render(
        request,
        "training/session_qr.html",
        {"session": session, "url": url, "qr": qr_svg(url), "checked": checked},
    )


@perm_required("training.organise")
def results(request, pk: int):
    batch = visible(sel.batch_get_organised_by, user=request.user, pk=pk)
    if request.method == "POST":
        if request.POST.get("action") == "close":
            counts = run(
                request, res_svc.attendance_close, batch=batch, by=request.user
            )
            if counts is not None:
                messages.success(
                    request,
                    _("Kehadiran ditutup: %(a)d memenuhi syarat, %(f)d tidak.")
                    % {"a": counts["attended"], "f": counts["failed"]},
                )
            return redirect("training:results", pk=batch.pk)
        enrolment = batch.enrolments.filter(
            pk=_int(request.POST.get("enrolment"))
        ).first()
        if enrolment is None:
            raise Http404
        done = run(
            request,
            res_svc.result_record,
            enrolment=enrolment,
            passed=request.POST.get("passed") == "1",
            pre_score=request.POST.get("pre_score") or None,
            post_score=request.POST.get("post_score") or None,
            final_score=request.POST.get("final_score") or None,
            note=request.POST.get("note", "")[:250],
            by=request.user,
        )
        if done is not None:
            messages.success(
                request,
                _("Hasil %(name)s: %(status)s.")
                % {
                    "name": enrolment.employee.full_name,
                    "status": done.get_status_display(),
                },
            )
        return redirect("training:results", pk=batch.pk)
    total = batch.sessions.count()
    people = [
        (e, 100 * e.present / total if total else 0)
        for e in sel.participants(batch=batch).filter(status__in=res_svc.ATTENDING)
    ]
    return render(
        request,
        "training/results.html",
        {"batch": batch, "people": people, "job": batch.certificate_jobs.first()},
    )


@require_POST
@perm_required("training.organise")
def certificate_job(request, pk: int):
    batch = visible(sel.batch_get_organised_by, user=request.user, pk=pk)
    run(
        request,
        certificate_job_start,
        _("Pembuatan sertifikat dimulai."),
        batch=batch,
        by=request.user,
    )
    return redirect("training:results", pk=batch.pk)


@perm_required("training.organise")
def job_progress(request, pk: int):
    """The progress bar, polled by htmx while the job runs."""
    job = BatchCertificateJob.objects.filter(pk=pk).select_related("batch").first()
    if job is None:
        raise Http404
    visible(sel.batch_get_organised_by, user=request.user, pk=job.batch_id)
    return render(request, "training/_job_progress.html", {"job": job})


# --- HR -------------------------------------------------------------------------


@perm_required("training.manage_catalog")
def program_edit(request, pk: int | None = None):
    program = visible(sel.program_get, pk=pk) if pk else None
    if program is not None and not sel.program_manageable_by(
        user=request.user, program=program
    ):
        raise Http404
    form = ProgramForm(
        request.POST or None,
        instance=program,
        units=_units(request.user, "training.manage_catalog"),
    )
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        saved = run(
            request,
            cat_svc.program_save,
            _("Program tersimpan."),
            program=instance,
            by=request.user,
            job_fields=form.cleaned_data["job_fields"],
            competencies=form.cleaned_data["competencies_text"],
        )
        if saved is not None:
            return redirect("training:program_detail", pk=saved.pk)
    return render(
        request, "training/program_form.html", {"form": form, "program": program}
    )


@perm_required("training.bulk_nominate")
def bulk(request, pk: int):
    batch = visible(sel.batch_get, pk=pk)
    form = BulkForm(request.POST or None, request.FILES or None)
    report = None
    token = ""
    signer = signing.TimestampSigner(salt="training.bulk")
    if request.method == "POST" and request.POST.get("token"):
        try:
            pairs = signing.loads(
                signer.unsign(request.POST["token"], max_age=3600),
                salt="training.bulk.pairs",
            )
        except signing.BadSignature:
            messages.error(request, _("Konfirmasi kedaluwarsa; unggah ulang berkas."))
            return redirect("training:bulk", pk=batch.pk)
        report = run(
            request, bulk_svc.bulk_nominate, batch=batch, pairs=pairs, by=request.user
        )
        if report is not None and report.written:
            messages.success(
                request,
                _("%(n)d pegawai ditugaskan.") % {"n": report.written},
            )
            return redirect("training:program_detail", pk=batch.program_id)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pairs = bulk_svc.read_nips(name=upload.name, content=upload.read())
            report = bulk_svc.bulk_validate(batch=batch, pairs=pairs, by=request.user)
        except ApplicationError as exc:
            if exc.status == 403:
                raise Http404 from None
            form.add_error("file", exc.message)
        if report is not None and report.ok:
            token = signer.sign(signing.dumps(pairs, salt="training.bulk.pairs"))
    return render(
        request,
        "training/bulk.html",
        {"batch": batch, "form": form, "report": report, "token": token},
    )


@perm_required("training.view_needs")
def needs(request):
    from jenjang.training.relevance import needs_coverage

    return render(
        request, "training/needs.html", {"coverage": needs_coverage(user=request.user)}
    )


@perm_required("training.view_impact")
def impact_results(request):
    return render(
        request,
        "training/impact_results.html",
        {"rows": sel.impact_by_program(user=request.user)},
    )
