"""Employee competency profiles, assessment entry and the assessment import."""

import io

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jenjang.accounts.decorators import perm_required
from jenjang.competencies import imports, selectors, services
from jenjang.competencies.forms import AssessmentForm, ImportForm
from jenjang.competencies.models import MAX_LEVEL
from jenjang.competencies.views.common import CSV_TYPE, XLSX_TYPE, or_404
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.people import selectors as people

HISTORY_ROWS = 50


def _is_self(user, employee) -> bool:
    return bool(employee.user_id and employee.user_id == user.pk)


def _chart(gaps) -> dict:
    """The radar chart's data (labels, required, current), for json_script."""
    return {
        "labels": [g.competency.name for g in gaps],
        "required": [g.required_level for g in gaps],
        "current": [g.current_level for g in gaps],
        "max": MAX_LEVEL,
        "requiredLabel": _("Standar jabatan"),
        "currentLabel": _("Level saat ini"),
    }


def _profile(request, employee):
    user = request.user
    gaps = selectors.employee_gaps(employee)
    history = selectors.assessment_list_visible_to(user=user, employee=employee)[
        :HISTORY_ROWS
    ]
    return render(
        request,
        "competencies/employee_profile.html",
        {
            "employee": employee,
            "gaps": gaps,
            "below": sum(1 for g in gaps if g.status == "below"),
            "unassessed": sum(1 for g in gaps if g.status == "unassessed"),
            "history": history,
            "chart": _chart(gaps),
            "max_level": MAX_LEVEL,
            "can_assess": not _is_self(user, employee)
            and services.can_assess(by=user, employee=employee),
        },
    )


@perm_required("competencies.view_own")
def my_profile(request):
    employee = people.employee_for_user(user=request.user)
    if employee is None:
        return render(request, "competencies/no_record.html")
    return _profile(request, employee)


@perm_required("competencies.view_own")
def employee_profile(request, pk):
    """Required against current for one employee the user may see (else 404)."""
    employee = or_404(selectors.employee_for_profile, user=request.user, pk=pk)
    return _profile(request, employee)


@perm_required("competencies.assess")
def assessment_create(request, pk):
    """Enter one assessed level for an employee the user may assess."""
    user = request.user
    employee = or_404(selectors.employee_for_assessment, user=user, pk=pk)
    if _is_self(user, employee):
        return render(
            request,
            "competencies/assessment_form.html",
            {"employee": employee, "self_assessment": True},
            status=403,
        )
    form = AssessmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assessment_create(
                    by=user, employee=employee, **form.cleaned_data
                )
            except NotFound:
                raise Http404 from None
            except ApplicationError as exc:
                for detail in exc.details or [{"field": None, "message": exc.message}]:
                    field = detail["field"] if detail["field"] in form.fields else None
                    form.add_error(field, detail["message"])
            else:
                messages.success(request, _("Hasil asesmen tersimpan."))
                return redirect("competencies:employee_profile", pk=employee.pk)
        status = 400
    return render(
        request,
        "competencies/assessment_form.html",
        {"employee": employee, "form": form},
        status=status,
    )


@perm_required("competencies.assess")
def assessment_import(request):
    """Upload a file; check every row, and write as the user chose."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = imports.assessment_import(
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    mode=form.cleaned_data["mode"],
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
        if form.errors:
            status = 400
    return render(
        request,
        "competencies/assessment_import.html",
        {
            "form": form,
            "result": result,
            "columns": imports.COLUMNS,
            "max_rows": imports.max_rows(),
        },
        status=status,
    )


@perm_required("competencies.assess")
def assessment_template(request, fmt: str):
    """Download the empty import template (CSV, or XLSX with the competency codes)."""
    if fmt == "csv":
        body, content_type = imports.template_csv(), CSV_TYPE
    elif fmt == "xlsx":
        body, content_type = _template_xlsx(), XLSX_TYPE
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="templat-impor-asesmen.{fmt}"'
    )
    return response


def _template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Asesmen"))
    sheet.append(list(imports.HEADERS))
    sheet.append(["198503142010011001", "integritas", 3, "2025-03-14", "360", ""])
    guide = workbook.create_sheet(_("Petunjuk"))
    guide.append([_("Kolom"), _("Wajib"), _("Keterangan")])
    for header, required, help_text in imports.COLUMNS:
        guide.append([header, _("ya") if required else _("tidak"), str(help_text)])
    codes = workbook.create_sheet(_("Kode kompetensi"))
    codes.append([_("Kode"), _("Nama"), _("Jenis")])
    for competency in selectors.competency_list():
        codes.append([competency.code, competency.name, competency.get_kind_display()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
