"""JP ledger pages: my JP, an employee's ledger, compliance, claims, exports.

Thin: parse, call a selector or service, render. Scope comes from the
selectors; whatever the user may not see is a 404. Evidence is streamed here
after the same scope check, never linked as a public media URL.
"""

import csv
import datetime as dt
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import MAX_PAGE_SIZE, keyset_page
from jenjang.development.models import ConversionRule, DevelopmentForm, LedgerEntry
from jenjang.development.selectors import compliance as comp
from jenjang.development.selectors import ledger as sel
from jenjang.development.services import claims as claim_services
from jenjang.development.services.conversion import format_jp
from jenjang.development.services.ledger import (
    ledger_post_manual,
    ledger_reverse,
    source_label,
    source_link,
)
from jenjang.people.models import Employee, OrgUnit
from jenjang.people.selectors import (
    can_see_nip,
    employee_for_user,
    mask_nip,
    org_unit_list_visible_to,
)

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
PAGE_SIZE = 50
OWN_PERM = "development.claim_own"
VIEW_PERM = "development.view_compliance"
POST_PERM = "development.post"
VERIFY_PERM = "development.verify_claims"
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INDENT = "\u00a0" * 3


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        css = (
            "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        )
        field.widget.attrs["class"] = css


def _or_404(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404 from None


# --- forms --------------------------------------------------------------------


class FormChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.siasn_code}. {obj.name}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return INDENT * (obj.depth - 1) + obj.name


def _form_field(**kwargs) -> FormChoiceField:
    return FormChoiceField(
        label=gettext_lazy("Jenis diklat (SIASN)"),
        queryset=DevelopmentForm.objects.order_by("siasn_code"),
        error_messages={"invalid_choice": gettext_lazy("Jenis diklat tidak dikenal.")},
        **kwargs,
    )


UNIT_CHOICES = ConversionRule.Unit.choices


class ClaimForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Nama kegiatan"), max_length=250)
    organiser = forms.CharField(
        label=gettext_lazy("Penyelenggara"), max_length=200, required=False
    )
    form = _form_field()
    started_on = forms.DateField(
        label=gettext_lazy("Tanggal mulai"), widget=DATE_WIDGET
    )
    ended_on = forms.DateField(
        label=gettext_lazy("Tanggal selesai"), widget=DATE_WIDGET
    )
    quantity = forms.DecimalField(
        label=gettext_lazy("Jumlah"),
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        help_text=gettext_lazy("Menit, hari, sesi, atau kali sesuai satuan."),
    )
    unit = forms.ChoiceField(label=gettext_lazy("Satuan"), choices=UNIT_CHOICES)
    evidence = forms.FileField(
        label=gettext_lazy("Bukti (PDF, JPG, atau PNG, paling besar 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Alasan"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Alasan wajib diisi.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ManualEntryForm(forms.Form):
    occurred_on = forms.DateField(
        label=gettext_lazy("Tanggal kegiatan"), widget=DATE_WIDGET
    )
    form = _form_field()
    title = forms.CharField(label=gettext_lazy("Nama kegiatan"), max_length=250)
    quantity = forms.DecimalField(
        label=gettext_lazy("Jumlah"),
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        required=False,
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("Satuan"),
        choices=[("", gettext_lazy("— menurut aturan —")), *UNIT_CHOICES],
        required=False,
    )
    jp = forms.DecimalField(
        label=gettext_lazy("JP (isi hanya bila tidak dihitung dari aturan)"),
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        required=False,
    )
    reference = forms.CharField(
        label=gettext_lazy("Nomor referensi (mencegah pencatatan ganda)"),
        max_length=36,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("jp") is None and data.get("quantity") is None:
            raise forms.ValidationError(
                _("Isi jumlah dan satuan kegiatan, atau JP-nya.")
            )
        return data


class ComplianceFilterForm(forms.Form):
    unit = UnitChoiceField(
        label=gettext_lazy("Unit kerja"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua unit dalam cakupan"),
        error_messages={"invalid_choice": gettext_lazy("Unit kerja tidak ditemukan.")},
    )
    year = forms.IntegerField(
        label=gettext_lazy("Tahun"), min_value=comp.MIN_YEAR, max_value=comp.MAX_YEAR
    )

    def __init__(self, data, *, user):
        data = data.copy()
        data.setdefault("year", str(comp.current_year()))
        super().__init__(data)
        self.fields["unit"].queryset = org_unit_list_visible_to(user=user)
        _style(self)

    def values(self) -> tuple[OrgUnit | None, int]:
        """Return the valid filters; a bad value falls back to its default."""
        self.is_valid()
        unit = self.cleaned_data.get("unit")
        year = self.cleaned_data.get("year") or comp.current_year()
        return unit, year

    def query(self) -> dict:
        unit, year = self.values()
        params = {"year": year}
        if unit is not None:
            params["unit"] = unit.pk
        return params


def _year_param(request) -> int:
    try:
        return comp.check_year(request.GET.get("year") or comp.current_year())
    except ApplicationError:
        return comp.current_year()


# --- my JP and an employee's ledger -------------------------------------------


def _entry_rows(entries: Iterable[LedgerEntry]) -> list[dict]:
    return [
        {
            "entry": e,
            "source": source_label(e.source_type),
            "link": source_link(e),
            "jp": format_jp(e.jp),
        }
        for e in entries
    ]


def _ledger_context(user, employee, year: int) -> dict:
    progress = comp.employee_progress(employee=employee, year=year)
    entries = sel.ledger_entries_for(employee=employee, year=year)
    return {
        "employee": employee,
        "year": year,
        "years": range(comp.current_year(), comp.current_year() - 5, -1),
        "progress": progress,
        "total": format_jp(progress.total_jp),
        "target": format_jp(progress.target_jp),
        "remaining": format_jp(progress.remaining_jp),
        "rows": _entry_rows(entries),
        "nip": employee.nip
        if can_see_nip(user=user, employee=employee)
        else mask_nip(employee.nip),
        "can_post": has_perm(user, POST_PERM) and employee.user_id != user.pk,
        "show_evidence": employee.user_id == user.pk or has_perm(user, VERIFY_PERM),
    }


@perm_required(OWN_PERM)
def my_jp(request):
    """My JP this year (progress toward the target), my entries, my claims."""
    employee = employee_for_user(user=request.user)
    if employee is None:
        return render(request, "development/ledger_missing.html")
    year = _year_param(request)
    context = _ledger_context(request.user, employee, year)
    context["own"] = True
    context["claims"] = sel.claim_list_own(user=request.user)[:10]
    return render(request, "development/ledger_mine.html", context)


@perm_required(VIEW_PERM)
def employee_jp(request, pk):
    """One employee's JP and ledger, for supervisors, leaders and HR in scope."""
    employee = _or_404(sel.ledger_employee_get, user=request.user, pk=pk)
    context = _ledger_context(request.user, employee, _year_param(request))
    context["own"] = employee.user_id == request.user.pk
    context["reverse_form"] = ReasonForm()
    return render(request, "development/ledger_employee.html", context)


@perm_required(POST_PERM)
def entry_create(request, pk):
    """Post JP by hand for an employee in the HR admin's scope (source "manual")."""
    employee = _or_404(
        sel.ledger_employee_get, user=request.user, pk=pk, perm=POST_PERM
    )
    # A fresh reference per form: submitting the same form twice posts once.
    form = ManualEntryForm(
        request.POST or None, initial={"reference": uuid.uuid4().hex[:32]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry, _created = ledger_post_manual(
                employee=employee,
                reference=data["reference"],
                occurred_on=data["occurred_on"],
                form=data["form"],
                title=data["title"],
                quantity=data["quantity"],
                unit=data["unit"] or "",
                jp=data["jp"],
                by=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Tercatat %(jp)s JP untuk %(name)s.")
                % {"jp": format_jp(entry.jp), "name": employee.full_name},
            )
            return redirect("development:employee_jp", pk=employee.pk)
    return render(
        request, "development/ledger_post.html", {"form": form, "employee": employee}
    )


@require_POST
@perm_required(POST_PERM)
def entry_reverse(request, pk):
    """Cancel a posting with a reversing entry; the reason is required."""
    entry = _or_404(
        sel.ledger_entry_get_visible_to, user=request.user, pk=pk, perm=POST_PERM
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Alasan pembatalan wajib diisi."))
    elif entry.employee.user_id == request.user.pk:
        messages.error(request, _("Anda tidak dapat membatalkan JP Anda sendiri."))
    else:
        try:
            ledger_reverse(
                entry=entry, reason=form.cleaned_data["reason"], by=request.user
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Entri dibatalkan dengan entri pembalik."))
    return redirect("development:employee_jp", pk=entry.employee_id)


def _evidence_response(field_file):
    if not field_file:
        raise Http404
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    content_type = claim_services.CONTENT_TYPES.get(extension)
    if content_type is None:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=False,
        filename=f"bukti.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@perm_required("people.view_self")
def entry_evidence(request, pk):
    """Stream a ledger entry's evidence to its employee or a reviewer in scope.

    Reviewers are those who may verify claims (atasan, HR): leaders see
    totals, not personal documents.
    """
    entry = _or_404(
        sel.ledger_entry_get_visible_to, user=request.user, pk=pk, perm=VERIFY_PERM
    )
    return _evidence_response(entry.evidence)


# --- compliance ---------------------------------------------------------------


def _page_size(raw) -> int:
    try:
        return max(1, min(int(raw or PAGE_SIZE), MAX_PAGE_SIZE))
    except (TypeError, ValueError):
        return PAGE_SIZE


@perm_required(VIEW_PERM)
def compliance_list(request):
    """Who is below the JP target, per unit (with subunits) and year; keyset pages."""
    filters = ComplianceFilterForm(request.GET, user=request.user)
    unit, year = filters.values()
    qs = comp.below_target_visible_to(user=request.user, year=year, unit=unit)
    cursor_error = ""
    try:
        page = keyset_page(
            qs,
            order=("name", "id"),
            cursor=request.GET.get("cursor"),
            size=_page_size(request.GET.get("size")),
        )
    except ApplicationError as exc:
        cursor_error = exc.message
        page = keyset_page(qs, order=("name", "id"), cursor=None, size=PAGE_SIZE)
    query = filters.query()
    rows = [
        {
            "employee": e,
            "total": format_jp(e.total_jp),
            "target": format_jp(e.target_jp),
            "shortfall": format_jp(e.target_jp - e.total_jp),
        }
        for e in page.items
    ]
    return render(
        request,
        "development/compliance_list.html",
        {
            "filters": filters,
            "year": year,
            "unit": unit,
            "rows": rows,
            "page": page,
            "cursor_error": cursor_error,
            "is_first_page": not request.GET.get("cursor") or bool(cursor_error),
            "filter_query": urlencode(query),
            "next_query": urlencode(query | {"cursor": page.next_cursor})
            if page.has_next
            else "",
            "can_export_siasn": has_perm(request.user, POST_PERM),
        },
    )


@perm_required(VIEW_PERM)
def compliance_summary(request):
    """Compliant and below-target counts, average JP, per unit."""
    filters = ComplianceFilterForm(request.GET, user=request.user)
    unit, year = filters.values()
    summary = comp.compliance_summary_visible_to(
        user=request.user, year=year, unit=unit
    )
    return render(
        request,
        "development/compliance_summary.html",
        {
            "filters": filters,
            "summary": summary,
            "year": year,
            "unit": unit,
            "filter_query": urlencode(filters.query()),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # JP: always two decimals, a dot for machines
    return value


def _download(fmt: str, name: str, headers, rows: Iterator[tuple], sheet: str):
    """Stream a CSV (UTF-8 with BOM) or an XLSX written in write-only mode."""
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield ("\ufeff" + writer.writerow(headers)).encode()
            for row in rows:
                yield writer.writerow([_cell(v) for v in row]).encode()

        response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(list(headers))
    for row in rows:
        worksheet.append(list(row))
    output = tempfile.TemporaryFile()  # noqa: SIM115 — closed by the response
    workbook.save(output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=filename, content_type=XLSX_TYPE
    )


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


@perm_required(VIEW_PERM)
def compliance_export(request, fmt: str):
    """Download the below-target list with the page's filters."""
    _check_format(fmt)
    unit, year = ComplianceFilterForm(request.GET, user=request.user).values()
    qs = comp.below_target_visible_to(user=request.user, year=year, unit=unit)
    headers = (
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Unit kerja"),
        _("JP %(year)d") % {"year": year},
        _("Target"),
        _("Kekurangan"),
    )
    rows = comp.below_target_rows(qs)
    if not has_perm(request.user, "people.view_nip"):
        rows = ((mask_nip(r[0]), *r[1:]) for r in rows)
    return _download(fmt, f"kurang-jp-{year}", headers, rows, _("Di bawah target"))


def _siasn_download(fmt: str, name: str, entries):
    return _download(
        fmt, name, comp.SIASN_HEADERS, comp.siasn_rows(entries), "riwayat_diklat"
    )


@perm_required(OWN_PERM)
def my_siasn_export(request, fmt: str):
    """My training history in the SIASN layout."""
    _check_format(fmt)
    employee = employee_for_user(user=request.user)
    if employee is None:
        raise Http404
    qs = Employee.objects.filter(pk=employee.pk)
    return _siasn_download(
        fmt, f"siasn-{employee.nip}", comp.siasn_entries(employees=qs)
    )


@perm_required(VIEW_PERM)
def employee_siasn_export(request, pk, fmt: str):
    """An employee's training history in the SIASN layout."""
    _check_format(fmt)
    employee = _or_404(sel.ledger_employee_get, user=request.user, pk=pk)
    qs = Employee.objects.filter(pk=employee.pk)
    return _siasn_download(
        fmt, f"siasn-{employee.nip}", comp.siasn_entries(employees=qs)
    )


@perm_required(POST_PERM)
def unit_siasn_export(request, fmt: str):
    """A unit's training history (with subunits) in the SIASN layout, for HR."""
    _check_format(fmt)
    unit, _year = ComplianceFilterForm(request.GET, user=request.user).values()
    employees = sel.siasn_employees_visible_to(user=request.user, unit=unit)
    year = None
    if request.GET.get("year"):
        year = _year_param(request)
    name = f"siasn-{unit.code if unit else 'cakupan'}"
    return _siasn_download(
        fmt, name, comp.siasn_entries(employees=employees, year=year)
    )


# --- claims -------------------------------------------------------------------


@perm_required(OWN_PERM)
def claim_list(request):
    """My claims; reviewers also see a link to their queue."""
    return render(
        request,
        "development/claims_list.html",
        {
            "claims": sel.claim_list_own(user=request.user)[:200],
            "can_review": has_perm(request.user, VERIFY_PERM),
            "has_record": employee_for_user(user=request.user) is not None,
        },
    )


@perm_required(OWN_PERM)
def claim_create(request):
    """Submit a claim of self-learning with evidence."""
    employee = employee_for_user(user=request.user)
    if employee is None:
        return render(request, "development/ledger_missing.html")
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = claim_services.claim_submit(
                employee=employee,
                title=data["title"],
                organiser=data["organiser"],
                form=data["form"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                quantity=data["quantity"],
                unit=data["unit"],
                evidence=data["evidence"],
                by=request.user,
            )
        except ApplicationError as exc:
            field = "evidence" if exc.code.startswith("evidence") else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("Klaim terkirim dan menunggu verifikasi."))
            return redirect("development:claim_detail", pk=claim.pk)
    return render(request, "development/claims_form.html", {"form": form})


@perm_required(VERIFY_PERM)
def claim_review(request):
    """Pending claims the reviewer may verify or reject, oldest first."""
    claims = sel.claim_review_queue(user=request.user)[:200]
    return render(request, "development/claims_review.html", {"claims": claims})


@perm_required("people.view_self")
def claim_detail(request, pk):
    claim = _or_404(sel.claim_get_visible_to, user=request.user, pk=pk)
    may_review = claim.status == claim.Status.PENDING and claim_services.can_review(
        user=request.user, claim=claim
    )
    preview_note = preview_error = ""
    if may_review:
        try:
            preview_note = claim_services.claim_preview(claim=claim).note
        except ApplicationError as exc:
            preview_error = exc.message
    return render(
        request,
        "development/claims_detail.html",
        {
            "claim": claim,
            "may_review": may_review,
            "preview_note": preview_note,
            "preview_error": preview_error,
            "reject_form": ReasonForm(),
            "quantity": format_jp(claim.quantity),
        },
    )


@perm_required("people.view_self")
def claim_evidence(request, pk):
    """Stream a claim's evidence to the claimant or a reviewer (after the scope check)."""
    claim = _or_404(sel.claim_get_visible_to, user=request.user, pk=pk)
    return _evidence_response(claim.evidence)


@require_POST
@perm_required(VERIFY_PERM)
def claim_verify(request, pk):
    claim = _or_404(sel.claim_get_visible_to, user=request.user, pk=pk)
    try:
        entry = claim_services.claim_verify(claim=claim, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Klaim diverifikasi: %(jp)s JP tercatat (%(note)s).")
            % {"jp": format_jp(entry.jp), "note": entry.rule_note},
        )
    return redirect("development:claim_detail", pk=claim.pk)


@require_POST
@perm_required(VERIFY_PERM)
def claim_reject(request, pk):
    claim = _or_404(sel.claim_get_visible_to, user=request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Alasan penolakan wajib diisi."))
        return redirect("development:claim_detail", pk=claim.pk)
    try:
        claim_services.claim_reject(
            claim=claim, reason=form.cleaned_data["reason"], by=request.user
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Klaim ditolak."))
    return redirect("development:claim_detail", pk=claim.pk)


urlpatterns = [
    path("jp/", my_jp, name="my_jp"),
    path("jp/siasn.<str:fmt>", my_siasn_export, name="my_siasn_export"),
    path("jp/employees/<int:pk>/", employee_jp, name="employee_jp"),
    path(
        "jp/employees/<int:pk>/siasn.<str:fmt>",
        employee_siasn_export,
        name="employee_siasn_export",
    ),
    path("jp/employees/<int:pk>/post/", entry_create, name="entry_create"),
    path("jp/entries/<int:pk>/reverse/", entry_reverse, name="entry_reverse"),
    path("jp/entries/<int:pk>/evidence/", entry_evidence, name="entry_evidence"),
    path("compliance/", compliance_list, name="compliance"),
    path("compliance/export.<str:fmt>", compliance_export, name="compliance_export"),
    path("compliance/summary/", compliance_summary, name="compliance_summary"),
    path("compliance/siasn.<str:fmt>", unit_siasn_export, name="unit_siasn_export"),
    path("claims/", claim_list, name="claim_list"),
    path("claims/new/", claim_create, name="claim_create"),
    path("claims/review/", claim_review, name="claim_review"),
    path("claims/<int:pk>/", claim_detail, name="claim_detail"),
    path("claims/<int:pk>/evidence/", claim_evidence, name="claim_evidence"),
    path("claims/<int:pk>/verify/", claim_verify, name="claim_verify"),
    path("claims/<int:pk>/reject/", claim_reject, name="claim_reject"),
]
