"""Staff pages: service units and services, paper entry, XLSX import, IKM report.

Thin: parse, call a selector or service, render. Units outside the user's
scope answer 404 (the scoped selector does not find them).
"""

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import keyset_page
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.people.models import OrgUnit
from jenjang.surveys import selectors as sel
from jenjang.surveys.models import Response, Service
from jenjang.surveys.permissions import (
    ENTER_RESPONSES,
    MANAGE_UNITS,
    VIEW_IKM,
    VIEW_RESPONSES,
)
from jenjang.surveys.seed import ANSWER_LABELS
from jenjang.surveys.services import imports as import_services
from jenjang.surveys.services import responses as resp
from jenjang.surveys.services import units as unit_services
from jenjang.surveys.services.periods import (
    KINDS,
    QUARTER,
    current_period,
    period_containing,
    period_parse,
)
from jenjang.surveys.views.public import PROFILE_CHOICES, public_url

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INDENT = "\u00a0" * 3
TREND_COUNT = 8
MAX_UPLOAD = 5 * 1024 * 1024


def _unit_or_404(request, pk: int, perm: str):
    try:
        return sel.service_unit_get_visible_to(user=request.user, pk=pk, perm=perm)
    except NotFound:
        raise Http404 from None


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs["class"] = "form-check-input"
        elif isinstance(field.widget, forms.Select):
            field.widget.attrs["class"] = "form-select"
        else:
            field.widget.attrs["class"] = "form-control"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return INDENT * (obj.depth - 1) + obj.name


class UnitForm(forms.Form):
    org_unit = UnitChoiceField(
        label=gettext_lazy("Unit kerja induk"), queryset=OrgUnit.objects.none()
    )
    name = forms.CharField(label=gettext_lazy("Nama unit pelayanan"), max_length=200)
    code = forms.SlugField(
        label=gettext_lazy("Kode (untuk alamat survei)"),
        max_length=40,
        help_text=gettext_lazy(
            "Huruf kecil, angka dan tanda hubung, misalnya pkm-sukamaju."
        ),
    )
    address = forms.CharField(
        label=gettext_lazy("Alamat"), max_length=300, required=False
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Survei dibuka"), required=False, initial=True
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user, perm=MANAGE_UNITS)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(
            unit_scope_q(scope)
        ).order_by("path")
        _style(self)


class ServiceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama layanan"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Berkas paling besar 5 MB."))
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Unggah berkas .xlsx."))
        return file


def _period_from(request):
    key = request.GET.get("period", "").strip()
    if not key:
        return current_period(), None
    try:
        return period_parse(key), None
    except ApplicationError as error:
        return current_period(), error.message


# --- units --------------------------------------------------------------------


@perm_required(VIEW_IKM)
def unit_list(request):
    period, problem = _period_from(request)
    units = list(sel.service_unit_list_visible_to(user=request.user))
    figures = sel.ikm_by_unit(service_units=units, period=period)
    rows = [(unit, figures.get(unit.pk)) for unit in units]
    return render(
        request,
        "surveys/unit_list.html",
        {
            "rows": rows,
            "period": period,
            "problem": problem,
            "can_manage": has_perm(request.user, MANAGE_UNITS),
        },
    )


@perm_required(MANAGE_UNITS)
def unit_create(request):
    form = UnitForm(
        request.POST or None, user=request.user, initial={"is_active": True}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_services.service_unit_create(
                org_unit=data["org_unit"],
                code=data["code"],
                name=data["name"],
                address=data["address"],
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Unit pelayanan dibuat."))
            return redirect("surveys:unit_detail", pk=unit.pk)
    return render(request, "surveys/unit_form.html", {"form": form, "unit": None})


@perm_required(MANAGE_UNITS)
def unit_edit(request, pk: int):
    unit = _unit_or_404(request, pk, MANAGE_UNITS)
    initial = {
        "org_unit": unit.org_unit,
        "name": unit.name,
        "code": unit.code,
        "address": unit.address,
        "is_active": unit.is_active,
    }
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit_services.service_unit_update(
                unit=unit, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Unit pelayanan disimpan."))
            return redirect("surveys:unit_detail", pk=unit.pk)
    return render(request, "surveys/unit_form.html", {"form": form, "unit": unit})


@perm_required(VIEW_IKM)
def unit_detail(request, pk: int):
    unit = _unit_or_404(request, pk, VIEW_IKM)
    can_manage = has_perm(request.user, MANAGE_UNITS) and (
        sel.service_unit_list_visible_to(user=request.user, perm=MANAGE_UNITS)
        .filter(pk=unit.pk)
        .exists()
    )
    return render(
        request,
        "surveys/unit_detail.html",
        {
            "unit": unit,
            "services": unit.services.all(),
            "service_form": ServiceForm(),
            "can_manage": can_manage,
            "can_enter": has_perm(request.user, ENTER_RESPONSES),
            "public_url": public_url(request, unit),
            "imports": unit.import_jobs.select_related("created_by")[:5],
        },
    )


@require_POST
@perm_required(MANAGE_UNITS)
def service_add(request, pk: int):
    unit = _unit_or_404(request, pk, MANAGE_UNITS)
    form = ServiceForm(request.POST)
    if form.is_valid():
        try:
            unit_services.service_create(
                service_unit=unit, name=form.cleaned_data["name"], by=request.user
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Layanan ditambahkan."))
    else:
        messages.error(request, _("Nama layanan wajib diisi."))
    return redirect("surveys:unit_detail", pk=unit.pk)


@require_POST
@perm_required(MANAGE_UNITS)
def service_toggle(request, pk: int, service_id: int):
    unit = _unit_or_404(request, pk, MANAGE_UNITS)
    try:
        service = unit.services.get(pk=service_id)
    except Service.DoesNotExist:
        raise Http404 from None
    unit_services.service_set_active(
        service=service, is_active=not service.is_active, by=request.user
    )
    return redirect("surveys:unit_detail", pk=unit.pk)


# --- paper forms and imports ----------------------------------------------------


@perm_required(ENTER_RESPONSES)
def paper_entry(request, pk: int):
    unit = _unit_or_404(request, pk, ENTER_RESPONSES)
    errors: dict[str, str] = {}
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            resp.response_enter_paper(
                service_unit=unit, data=request.POST, by=request.user
            )
        except ApplicationError as error:
            errors = {e["field"]: e["message"] for e in error.details or []}
            messages.error(request, error.message)
        else:
            messages.success(request, _("Formulir kertas tersimpan."))
            return redirect("surveys:paper_entry", pk=unit.pk)
    return render(
        request,
        "surveys/paper_form.html",
        {
            "unit": unit,
            "services": unit.services.filter(is_active=True),
            "unsur": sel.unsur_list(),
            "answers": list(ANSWER_LABELS.items()),
            "profile": [
                (name, Response._meta.get_field(name).verbose_name, c.choices)
                for name, c in PROFILE_CHOICES
            ],
            "data": data,
            "errors": errors,
            "client_uuid": data.get("client_uuid") or uuid.uuid4(),
            "today": timezone.localdate().isoformat(),
        },
    )


@perm_required(ENTER_RESPONSES)
def response_import(request, pk: int):
    unit = _unit_or_404(request, pk, ENTER_RESPONSES)
    form = ImportForm(request.POST or None, request.FILES or None)
    job = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_services.responses_import(
                service_unit=unit,
                file=upload,
                original_name=upload.name,
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            if job.error_count:
                messages.error(
                    request, _("Tidak ada yang disimpan: perbaiki kesalahan di bawah.")
                )
            else:
                messages.success(
                    request,
                    _("%(n)s tanggapan diimpor.") % {"n": job.row_count},
                )
    return render(
        request,
        "surveys/import.html",
        {
            "unit": unit,
            "form": form,
            "job": job,
            "columns": list(import_services.COLUMNS),
        },
    )


@perm_required(ENTER_RESPONSES)
def import_template(request, pk: int):
    _unit_or_404(request, pk, ENTER_RESPONSES)
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-skm.xlsx"'
    import_services.import_template().save(response)
    return response


@perm_required(VIEW_RESPONSES)
def response_list(request, pk: int):
    unit = _unit_or_404(request, pk, VIEW_RESPONSES)
    try:
        page = keyset_page(
            sel.response_list_visible_to(user=request.user, service_unit=unit),
            order=("id", "id"),
            cursor=request.GET.get("cursor"),
            size=50,
        )
    except ApplicationError:
        raise Http404 from None
    return render(request, "surveys/response_list.html", {"unit": unit, "page": page})


# --- IKM report -----------------------------------------------------------------


def _report_context(request, unit):
    period, problem = _period_from(request)
    figure = sel.ikm_for_unit(service_unit=unit, period=period)
    trend_kind = request.GET.get("trend", QUARTER)
    if trend_kind not in KINDS:
        trend_kind = QUARTER
    trend_last = period_containing(period.start, trend_kind)
    trend = sel.ikm_trend(service_unit=unit, last=trend_last, count=TREND_COUNT)
    chart = {
        "labels": [p.key for p, _f in trend],
        "values": [float(f.value) if f.value is not None else None for _p, f in trend],
        "respondents": [f.respondents for _p, f in trend],
    }
    return {
        "unit": unit,
        "period": period,
        "problem": problem,
        "figure": figure,
        "trend": trend,
        "trend_kind": trend_kind,
        "chart": chart,
        "intervals": sel.interval_list(),
        "generated_at": timezone.localtime(),
        "kinds": [
            (QUARTER, _("Triwulan")),
            ("semester", _("Semester")),
            ("year", _("Tahun")),
        ],
    }


@perm_required(VIEW_IKM)
def ikm_report(request, pk: int):
    unit = _unit_or_404(request, pk, VIEW_IKM)
    return render(request, "surveys/ikm_report.html", _report_context(request, unit))


@perm_required(VIEW_IKM)
def ikm_report_pdf(request, pk: int):
    from weasyprint import HTML

    unit = _unit_or_404(request, pk, VIEW_IKM)
    context = _report_context(request, unit)
    html = render_to_string("surveys/ikm_report_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"ikm-{unit.code}-{context['period'].key}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
