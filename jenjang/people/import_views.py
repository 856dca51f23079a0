"""Import and export pages: upload, follow and confirm a job; export the list.

Thin: parse the request, call a service or selector, render. The work runs in
background tasks (see people.tasks); the job page polls its progress with htmx.
"""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.people import selectors
from jenjang.people.exports import (
    employee_export_csv,
    employee_export_xlsx,
    export_columns_for,
)
from jenjang.people.forms import EmployeeFilterForm
from jenjang.people.imports import services as import_services
from jenjang.people.imports.selectors import (
    import_agencies_for,
    import_job_get_visible_to,
    import_job_list_visible_to,
)
from jenjang.people.imports.template_file import template_csv, template_xlsx
from jenjang.people.models import ImportJob

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
RECENT_JOBS = 10


class ImportUploadForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Instansi"),
        queryset=None,
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.xlsx"}
        ),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


@perm_required("people.import")
def import_upload(request):
    """Upload a file; it is checked in the background, then shown for approval."""
    user = request.user
    agencies = import_agencies_for(user=user)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, agencies=agencies
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = import_services.import_job_create(
                by=user,
                agency=form.cleaned_data["agency"],
                upload=form.cleaned_data["file"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("people:import_detail", pk=job.pk)
    jobs = import_job_list_visible_to(user=user).filter(created_by=user)
    return render(
        request,
        "people/import.html",
        {
            "form": form,
            "has_agencies": agencies.exists(),
            "single_agency": agencies.count() == 1,
            "jobs": jobs[:RECENT_JOBS],
            "max_mb": import_services.max_upload_bytes() >> 20,
        },
        status=400 if form.errors else 200,
    )


@perm_required("people.import")
def import_template(request, fmt: str):
    """Download the empty template: XLSX (with "Petunjuk") or CSV."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "csv":
        response = HttpResponse(template_csv(), content_type=CSV_TYPE)
    else:
        positions = list(
            selectors.position_list_visible_to(user=request.user)
            .filter(is_active=True)
            .values_list("code", "title", "org_unit__name")
        )
        response = HttpResponse(
            template_xlsx(positions=positions), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = (
        f'attachment; filename="templat-impor-pegawai.{fmt}"'
    )
    return response


def _job_or_404(user, pk) -> ImportJob:
    try:
        return import_job_get_visible_to(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def _status_context(job: ImportJob) -> dict:
    percent = None
    if job.is_running and job.total_rows and job.processed_rows:
        percent = min(99, job.processed_rows * 100 // job.total_rows)
    return {
        "job": job,
        "percent": percent,
        "more_errors": max(job.error_count - len(job.errors), 0),
        "can_import_all": job.status == ImportJob.Status.VALID,
        "can_import_valid": job.status == ImportJob.Status.INVALID
        and not job.message
        and job.valid_rows > 0,
    }


@perm_required("people.import")
def import_detail(request, pk):
    job = _job_or_404(request.user, pk)
    return render(request, "people/import_detail.html", _status_context(job))


@perm_required("people.import")
def import_progress(request, pk):
    """The status block alone, polled by htmx while the job runs."""
    job = _job_or_404(request.user, pk)
    return render(request, "people/import_status.html", _status_context(job))


@perm_required("people.import")
@require_POST
def import_confirm(request, pk):
    """Start the write: everything, or the valid rows only."""
    job = _job_or_404(request.user, pk)
    try:
        import_services.import_job_confirm(
            job=job, by=request.user, mode=request.POST.get("mode", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("people:import_detail", pk=job.pk)


@perm_required("people.export")
def employee_export(request, fmt: str):
    """Download the employees the user sees, with the list page's filters."""
    if fmt not in FORMATS:
        raise Http404
    user = request.user
    filters = EmployeeFilterForm(request.GET, user=user)
    filters.is_valid()  # as on the list page: bad filters are left out
    employees = selectors.employee_list_visible_to(
        user=user, **filters.selector_kwargs()
    )
    columns = export_columns_for(user)
    filename = f"pegawai-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            employee_export_csv(employees, columns), content_type=CSV_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        employee_export_xlsx(employees, columns),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_TYPE,
    )
