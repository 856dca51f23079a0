"""Talent pages: reviews and the 9-box, placements, succession, promotion, remedial.

Thin: parse, call a selector or a service, render. Out of reach is a 404
(the selectors decide); a refused rule comes back as a message or a form
error.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import keyset_page
from jenjang.people.models import OrgUnit, Position, Rank
from jenjang.people.selectors import employee_for_user, org_unit_list_visible_to
from jenjang.talent import rules, services
from jenjang.talent import selectors as sel
from jenjang.talent.models import (
    DisciplinaryRecord,
    Placement,
    PromotionDecision,
    RemedialPlan,
    SuccessionCandidate,
)

PAGE_SIZE = 50
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BOXES = [("", "—")] + [(str(b), str(b)) for b in range(1, 10)]


def _style(form: forms.BaseForm) -> forms.BaseForm:
    for field in form.fields.values():
        css = (
            "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        )
        field.widget.attrs.setdefault("class", css)
    return form


def _get(fn, **kw):
    try:
        return fn(**kw)
    except NotFound:
        raise Http404 from None


def _refuse(request, exc: ApplicationError, form: forms.Form | None = None) -> None:
    if exc.status == 403:
        raise PermissionDenied(exc.message)
    if exc.status == 404:
        raise Http404(exc.message)
    if form is not None:
        fields = [d.get("field") for d in exc.details or [] if isinstance(d, dict)]
        target = next((f for f in fields if f in form.fields), None)
        form.add_error(target, exc.message)
    else:
        messages.error(request, exc.message)


# --- forms ------------------------------------------------------------------------

# Menus list the top levels of the tree (a national agency has thousands of
# units); a choice field's queryset must stay unsliced to validate.
UNIT_MENU_DEPTH = 3


def _unit_choices(user):
    return (
        org_unit_list_visible_to(user=user)
        .filter(depth__lte=UNIT_MENU_DEPTH)
        .order_by("path")
    )


class ReviewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama pemetaan"), max_length=150)
    year = forms.IntegerField(
        label=gettext_lazy("Tahun kinerja terakhir"), min_value=2000, max_value=2100
    )
    org_unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit kerja (kosong: seluruh cakupan)"),
        queryset=OrgUnit.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = _unit_choices(user)


class FilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit kerja"),
        queryset=OrgUnit.objects.none(),
        required=False,
    )
    position_kind = forms.ChoiceField(
        label=gettext_lazy("Jenis jabatan"),
        choices=[("", gettext_lazy("Semua"))] + list(Position.Kind.choices),
        required=False,
    )
    rank = forms.ModelChoiceField(
        label=gettext_lazy("Golongan"), queryset=Rank.objects.all(), required=False
    )
    box = forms.TypedChoiceField(
        label=gettext_lazy("Kotak"),
        choices=BOXES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Konfirmasi"),
        choices=[
            ("", gettext_lazy("Semua")),
            ("confirmed", gettext_lazy("Sudah dikonfirmasi")),
            ("unconfirmed", gettext_lazy("Belum dikonfirmasi")),
        ],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _unit_choices(user)

    def filters(self) -> sel.Filters:
        if not self.is_valid():
            return sel.Filters()
        d = self.cleaned_data
        return sel.Filters(
            unit=d["unit"].pk if d.get("unit") else None,
            position_kind=d.get("position_kind") or "",
            rank=d["rank"].pk if d.get("rank") else None,
            box=d.get("box"),
            status=d.get("status") or "",
        )


class ConfirmForm(forms.Form):
    override_box = forms.TypedChoiceField(
        label=gettext_lazy("Koreksi kotak (kosongkan bila setuju)"),
        choices=BOXES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    reason = forms.CharField(
        label=gettext_lazy("Alasan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=PromotionDecision.Kind.choices, widget=forms.HiddenInput
    )
    decision = forms.ChoiceField(
        label=gettext_lazy("Keputusan"), choices=PromotionDecision.Decision.choices
    )
    reason = forms.CharField(label=gettext_lazy("Alasan"), max_length=2000)


class KeyPositionForm(forms.Form):
    position = forms.ModelChoiceField(
        label=gettext_lazy("Jabatan"), queryset=Position.objects.none()
    )
    min_rank = forms.ModelChoiceField(
        label=gettext_lazy("Pangkat minimal"),
        queryset=Rank.objects.all(),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Catatan"), max_length=300, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = (
            Position.objects.filter(
                agency__in=sel.agencies_for(user),
                kind__in=Position.MANAGERIAL,
                key_position__isnull=True,
                is_active=True,
            )
            .select_related("org_unit")
            .order_by("title")
        )


class RemedialConfirmForm(forms.Form):
    coaching = forms.CharField(
        label=gettext_lazy("Bimbingan/konseling kinerja oleh atasan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_on = forms.DateField(
        label=gettext_lazy("Tanggal tinjauan"), widget=DATE, required=False
    )
    remove = forms.MultipleChoiceField(
        label=gettext_lazy("Hapus kegiatan"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan: RemedialPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [
            (str(a.pk), a.title) for a in plan.activities.all()
        ]


class PotentialForm(forms.Form):
    recorded_on = forms.DateField(label=gettext_lazy("Tanggal"), widget=DATE)
    assessment_score = forms.DecimalField(
        label=gettext_lazy("Nilai asesmen (opsional)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    track_record_score = forms.DecimalField(
        label=gettext_lazy("Rekam jejak"), min_value=0, max_value=100, decimal_places=2
    )
    qualification_score = forms.DecimalField(
        label=gettext_lazy("Kualifikasi"), min_value=0, max_value=100, decimal_places=2
    )
    integrity_score = forms.DecimalField(
        label=gettext_lazy("Integritas"), min_value=0, max_value=100, decimal_places=2
    )


class DisciplineForm(forms.Form):
    severity = forms.ChoiceField(
        label=gettext_lazy("Tingkat"), choices=DisciplinaryRecord.Severity.choices
    )
    decided_on = forms.DateField(label=gettext_lazy("Tanggal keputusan"), widget=DATE)
    ends_on = forms.DateField(
        label=gettext_lazy("Berakhir"), widget=DATE, required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Keterangan"), max_length=300, required=False
    )


class ConfigForm(forms.Form):
    weight_competency = forms.DecimalField(
        label=gettext_lazy("Bobot kompetensi (asesmen)"), min_value=0, max_value=100
    )
    weight_track_record = forms.DecimalField(
        label=gettext_lazy("Bobot potensi & rekam jejak"), min_value=0, max_value=100
    )
    weight_qualification = forms.DecimalField(
        label=gettext_lazy("Bobot kualifikasi"), min_value=0, max_value=100
    )
    weight_integrity = forms.DecimalField(
        label=gettext_lazy("Bobot integritas"), min_value=0, max_value=100
    )
    cutoff_middle = forms.DecimalField(
        label=gettext_lazy("Batas bawah menengah"), min_value=0, max_value=100
    )
    cutoff_high = forms.DecimalField(
        label=gettext_lazy("Batas bawah tinggi"), min_value=0, max_value=100
    )


class RuleForm(forms.Form):
    progress_window_years = forms.IntegerField(
        label=gettext_lazy("Jendela kemajuan (tahun)"), min_value=1, max_value=10
    )
    progress_min_competencies = forms.IntegerField(
        label=gettext_lazy("Jumlah kompetensi manajerial yang naik"),
        min_value=1,
        max_value=20,
    )
    progress_min_level_gain = forms.IntegerField(
        label=gettext_lazy("Kenaikan level minimal"), min_value=1, max_value=4
    )
    progress_min_score_gain = forms.DecimalField(
        label=gettext_lazy("Kenaikan nilai asesmen minimal"), min_value=0, max_value=100
    )
    min_years_in_grade = forms.IntegerField(
        label=gettext_lazy("Masa dalam pangkat minimal (tahun)"),
        min_value=1,
        max_value=10,
    )
    kp_months = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Bulan periode kenaikan pangkat"),
        choices=[(m, str(m)) for m in range(1, 13)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )


# --- reviews ----------------------------------------------------------------------


@perm_required(sel.VIEW)
def review_list(request):
    can_manage = has_perm(request.user, sel.MANAGE)
    form = _style(
        ReviewForm(
            user=request.user,
            initial={
                "year": timezone.localdate().year - 1,
            },
        )
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = _style(ReviewForm(request.POST, user=request.user))
        if form.is_valid():
            agency = sel.agencies_for(request.user).order_by("pk").first()
            unit = form.cleaned_data["org_unit"]
            if unit is not None:
                agency = unit.agency
            try:
                review = services.review_create(
                    agency=agency,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    year=form.cleaned_data["year"],
                    org_unit=unit,
                )
            except ApplicationError as exc:
                _refuse(request, exc, form)
            else:
                messages.success(request, _("Pemetaan dibuat. Jalankan perhitungan."))
                return redirect("talent:review_detail", pk=review.pk)
    context = {
        "reviews": sel.review_list_visible_to(user=request.user)[:100],
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "talent/review_list.html", context)


@perm_required(sel.VIEW)
def review_detail(request, pk: int):
    review = _get(sel.review_get_visible_to, user=request.user, pk=pk)
    filter_form = _style(FilterForm(request.GET or None, user=request.user))
    filters = filter_form.filters()
    box = filters.box
    filters.box = None
    qs = sel.placements_visible_to(user=request.user, review=review, filters=filters)
    counts = sel.box_counts(qs)
    names = None
    if box:
        names = keyset_page(
            qs.filter(final_box=box),
            order=("id", "id"),
            cursor=request.GET.get("cursor") or None,
            size=PAGE_SIZE,
        )
    elif filters.status:
        names = keyset_page(qs, order=("id", "id"), cursor=None, size=PAGE_SIZE)
    context = {
        "review": review,
        "grid": sel.grid(counts),
        "total": sum(counts.values()),
        "filter_form": filter_form,
        "box": box,
        "box_description": rules.box_description(box) if box else "",
        "box_actions": rules.box_actions(box) if box else [],
        "names": names,
        "transitions": sel.transitions(
            user=request.user, review=review, filters=filters
        ),
        "can_manage": has_perm(request.user, sel.MANAGE),
        # Of the whole review, whatever the filters: closing concerns them all.
        "unconfirmed": review.placed - review.confirmed,
        "query": request.GET.urlencode(),
        "box_range": range(1, 10),
    }
    return render(request, "talent/review_detail.html", context)


@perm_required(sel.MANAGE)
@require_POST
def review_run(request, pk: int):
    """Queue the computation; the grid shows its summary once it has run."""
    from django.db import transaction

    from jenjang.talent.tasks import run_review

    review = _get(sel.review_get_visible_to, user=request.user, pk=pk)
    if not sel.agencies_for(request.user).filter(pk=review.agency_id).exists():
        raise Http404
    if review.status != review.Status.OPEN:
        messages.error(request, _("Pemetaan sudah ditutup."))
    else:
        user_id = request.user.pk
        transaction.on_commit(lambda: run_review.enqueue(review.pk, user_id))
        messages.success(
            request,
            _("Perhitungan dijalankan. Penempatan berlaku setelah dikonfirmasi."),
        )
    return redirect("talent:review_detail", pk=review.pk)


@perm_required(sel.MANAGE)
@require_POST
def review_close(request, pk: int):
    """Close the review once HR ticks that they understand it becomes read-only."""
    review = _get(sel.review_get_visible_to, user=request.user, pk=pk)
    if request.POST.get("understood") != "1":
        messages.error(request, _("Centang pernyataan sebelum menutup pemetaan."))
        return redirect("talent:review_detail", pk=review.pk)
    try:
        services.review_close(review=review, by=request.user)
    except ApplicationError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, _("Pemetaan ditutup."))
    return redirect("talent:review_detail", pk=review.pk)


@perm_required(sel.VIEW_OWN)
def placement_detail(request, pk: int):
    placement = _get(sel.placement_get_visible_to, user=request.user, pk=pk)
    own = sel.is_self(request.user, placement.employee)
    can_confirm = not own and sel.can_manage(request.user, placement.employee)
    form = _style(
        ConfirmForm(
            initial={
                "override_box": placement.override_box,
                "reason": placement.override_reason,
            }
        )
    )
    if request.method == "POST":
        if not can_confirm:
            raise PermissionDenied
        form = _style(ConfirmForm(request.POST))
        if form.is_valid():
            try:
                services.placement_confirm(
                    placement=placement,
                    by=request.user,
                    override_box=form.cleaned_data["override_box"],
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                _refuse(request, exc, form)
            else:
                messages.success(request, _("Penempatan dikonfirmasi."))
                return redirect("talent:placement_detail", pk=placement.pk)
    context = {
        "placement": placement,
        "own": own,
        "can_confirm": can_confirm and placement.review.status == "open",
        "form": form,
        "description": rules.box_description(placement.box),
        "actions": rules.box_actions(placement.box),
        "pools": rules.talent_pools(placement.box),
        "computed_description": rules.box_description(placement.computed_box),
        "potential": placement.inputs.get("potential", {}),
        "predikat": sorted((placement.inputs.get("predikat") or {}).items()),
        "remedial": RemedialPlan.objects.filter(
            employee=placement.employee, evaluation_year=placement.review.year
        ).first(),
    }
    return render(request, "talent/placement_detail.html", context)


# --- succession --------------------------------------------------------------------


@perm_required(sel.VIEW)
def key_position_list(request):
    can_manage = has_perm(request.user, sel.MANAGE)
    form = _style(KeyPositionForm(user=request.user))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = _style(KeyPositionForm(request.POST, user=request.user))
        if form.is_valid():
            try:
                key = services.key_position_add(
                    position=form.cleaned_data["position"],
                    by=request.user,
                    min_rank=form.cleaned_data["min_rank"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                _refuse(request, exc, form)
            else:
                return redirect("talent:key_position_detail", pk=key.pk)
    keys = [
        (k, rules.required_leadership_training(k.position.kind))
        for k in sel.key_positions_visible_to(user=request.user)[:300]
    ]
    return render(
        request,
        "talent/key_position_list.html",
        {"keys": keys, "form": form, "can_manage": can_manage},
    )


@perm_required(sel.VIEW)
def key_position_detail(request, pk: int):
    key = _get(sel.key_position_get, user=request.user, pk=pk)
    from jenjang.competencies.selectors import position_standard_rows

    plan = sel.succession_plans_for(key).first()
    context = {
        "key": key,
        "standard": position_standard_rows(key.position),
        "training": rules.required_leadership_training(key.position.kind),
        "candidates": sel.succession_candidates(user=request.user, key_position=key),
        "plan": plan,
        "plan_candidates": plan.candidates.select_related("employee") if plan else [],
        "can_manage": has_perm(request.user, sel.MANAGE),
    }
    return render(request, "talent/key_position_detail.html", context)


@perm_required(sel.MANAGE)
@require_POST
def succession_plan_create(request, pk: int):
    key = _get(sel.key_position_get, user=request.user, pk=pk)
    try:
        plan = services.succession_plan_build(key_position=key, by=request.user)
    except ApplicationError as exc:
        _refuse(request, exc)
    else:
        messages.success(
            request,
            _("Rencana suksesi disimpan dengan %(n)s kandidat.")
            % {"n": plan.candidates.count()},
        )
    return redirect("talent:key_position_detail", pk=key.pk)


@perm_required(sel.MANAGE)
@require_POST
def candidate_actions(request, pk: int):
    candidate = (
        SuccessionCandidate.objects.select_related(
            "plan__key_position__position", "employee", "employee__org_unit"
        )
        .filter(pk=pk)
        .first()
    )
    if candidate is None or not sel.can_manage(request.user, candidate.employee):
        raise Http404
    try:
        services.candidate_actions_set(
            candidate=candidate,
            by=request.user,
            actions=request.POST.get("actions", ""),
        )
    except ApplicationError as exc:
        _refuse(request, exc)
    else:
        messages.success(request, _("Tindakan pengembangan disimpan."))
    return redirect("talent:key_position_detail", pk=candidate.plan.key_position_id)


# --- promotion ----------------------------------------------------------------------


def _agency_or_404(user):
    agency = sel.agencies_for(user).order_by("pk").first()
    if agency is None:
        raise Http404
    return agency


@perm_required(sel.VIEW)
def promotion_candidates(request):
    agency = _agency_or_404(request.user)
    page = sel.progress_page(
        user=request.user,
        agency=agency,
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    rows = page.rows
    decisions = {}
    for d in sel.decisions_visible_to(user=request.user).filter(
        employee__in=[r.employee for r in rows]
    ):
        decisions.setdefault(d.employee_id, []).append(d)
    context = {
        "page": page,
        "rows": [(r, decisions.get(r.employee.pk, [])) for r in rows],
        "rule": sel.promotion_rule_for(agency),
        "can_manage": has_perm(request.user, sel.MANAGE),
        "decision_choices": PromotionDecision.Decision.choices,
    }
    return render(request, "talent/promotion_candidates.html", context)


@perm_required(sel.MANAGE)
@require_POST
def decision_add(request, employee_pk: int):
    employee = _get(sel.employee_get_for_talent, user=request.user, pk=employee_pk)
    form = DecisionForm(request.POST)
    back = request.POST.get("next") or ""
    if not back.startswith("/talent/"):
        back = "/talent/promotion/"
    if not form.is_valid():
        messages.error(request, _("Keputusan dan alasan wajib diisi."))
        return redirect(back)
    try:
        services.promotion_decision_record(
            employee=employee,
            by=request.user,
            kind=form.cleaned_data["kind"],
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            evidence={"recorded_from": back},
        )
    except ApplicationError as exc:
        _refuse(request, exc)
    else:
        messages.success(
            request,
            _("Keputusan untuk %(name)s dicatat.") % {"name": employee.full_name},
        )
    return redirect(back)


@perm_required(sel.VIEW)
def rank_eligibility(request):
    agency = _agency_or_404(request.user)
    show = "all" if request.GET.get("show") == "all" else "eligible"
    page = sel.rank_eligibility(
        user=request.user,
        agency=agency,
        eligible=show == "eligible",
        cursor=request.GET.get("cursor") or None,
        size=PAGE_SIZE,
    )
    context = {
        "page": page,
        "period": page.period,
        "other_count": page.total - page.eligible_count,
        "show": show,
        "rule": sel.promotion_rule_for(agency),
        "can_manage": has_perm(request.user, sel.MANAGE),
        "decision_choices": PromotionDecision.Decision.choices,
    }
    return render(request, "talent/rank_eligibility.html", context)


# --- remedial ------------------------------------------------------------------------


@perm_required(sel.VIEW)
def remedial_list(request):
    status = request.GET.get("status", "")
    if status not in RemedialPlan.Status.values:
        status = ""
    qs = sel.remedial_visible_to(user=request.user, status=status)
    page = keyset_page(
        qs, order=("id", "id"), cursor=request.GET.get("cursor") or None, size=PAGE_SIZE
    )
    stage = {v: k for k, v in sel.PERFORMANCE_STAGE.items()}.get(status)
    performance = sel.performance_plans_visible_to(user=request.user)
    if status:
        performance = performance.filter(status=stage or "-")
    performance = list(performance[: PAGE_SIZE + 1])
    context = {
        "performance_plans": performance[:PAGE_SIZE],
        "performance_more": len(performance) > PAGE_SIZE,
        "pipeline": sel.remedial_pipeline(user=request.user),
        "statuses": RemedialPlan.Status.choices,
        "status": status,
        "page": page,
    }
    return render(request, "talent/remedial_list.html", context)


@perm_required(sel.VIEW_OWN)
def remedial_detail(request, pk: int):
    plan = _get(sel.remedial_get, user=request.user, pk=pk)
    can_confirm = (
        services.can_confirm_remedial(request.user, plan)
        and plan.status == RemedialPlan.Status.OPENED
    )
    form = _style(RemedialConfirmForm(plan=plan, initial={"review_on": plan.review_on}))
    own = sel.is_self(request.user, plan.employee)
    can_add = services.can_add_to_idp(request.user, plan)
    if request.method == "POST" and request.POST.get("action") == "add_to_plan":
        if not can_add:
            raise PermissionDenied
        try:
            added = services.remedial_add_to_plan(plan=plan, by=request.user)
        except ApplicationError as exc:
            _refuse(request, exc)
        else:
            messages.success(
                request,
                _("%(n)s kegiatan ditambahkan ke IDP.") % {"n": added},
            )
        return redirect("talent:remedial_detail", pk=plan.pk)
    if request.method == "POST":
        if not can_confirm:
            raise PermissionDenied
        form = _style(RemedialConfirmForm(request.POST, plan=plan))
        if form.is_valid():
            try:
                services.remedial_confirm(
                    plan=plan,
                    by=request.user,
                    coaching=form.cleaned_data["coaching"],
                    review_on=form.cleaned_data["review_on"],
                    remove_activity_ids=[int(x) for x in form.cleaned_data["remove"]],
                )
            except ApplicationError as exc:
                _refuse(request, exc, form)
            else:
                messages.success(request, _("Rencana perbaikan dikonfirmasi."))
                return redirect("talent:remedial_detail", pk=plan.pk)
    from jenjang.performance.selectors import improvement_plans_for

    context = {
        "plan": plan,
        "activities": plan.activities.select_related("form", "competency"),
        "can_confirm": can_confirm,
        "form": form,
        "own": own,
        "can_add_to_plan": can_add
        and plan.status == RemedialPlan.Status.IN_PROGRESS
        and plan.activities.filter(
            added_to_plan=False, competency__isnull=False
        ).exists(),
        "performance_plans": improvement_plans_for([plan.employee_id]),
    }
    return render(request, "talent/remedial_detail.html", context)


# --- employee: own box, career path, HR inputs ------------------------------------------


@perm_required(sel.VIEW_OWN)
def my_talent(request):
    employee = employee_for_user(user=request.user)
    if employee is None:
        raise Http404
    return employee_talent(request, employee.pk)


@perm_required(sel.VIEW_OWN)
def employee_talent(request, pk: int):
    employee = _get(sel.employee_get_for_talent, user=request.user, pk=pk)
    own = sel.is_self(request.user, employee)
    manage = not own and sel.can_manage(request.user, employee)
    potential_form = _style(
        PotentialForm(initial={"recorded_on": timezone.localdate()})
    )
    discipline_form = _style(DisciplineForm())
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        which = request.POST.get("form")
        try:
            if which == "potential":
                potential_form = _style(PotentialForm(request.POST))
                if potential_form.is_valid():
                    services.potential_input_record(
                        employee=employee,
                        by=request.user,
                        **potential_form.cleaned_data,
                    )
                    messages.success(request, _("Data potensial dicatat."))
                    return redirect("talent:employee", pk=employee.pk)
            elif which == "discipline":
                discipline_form = _style(DisciplineForm(request.POST))
                if discipline_form.is_valid():
                    services.discipline_record(
                        employee=employee,
                        by=request.user,
                        **discipline_form.cleaned_data,
                    )
                    messages.success(request, _("Hukuman disiplin dicatat."))
                    return redirect("talent:employee", pk=employee.pk)
        except ApplicationError as exc:
            _refuse(
                request,
                exc,
                potential_form if which == "potential" else discipline_form,
            )
    placements = Placement.objects.filter(employee=employee).select_related(
        "review", "confirmed_by"
    )
    if own or not sel.can_view(request.user, employee):
        placements = placements.filter(confirmed_at__isnull=False)
    latest = placements.order_by("-review__year", "-id").first()
    context = {
        "employee": employee,
        "own": own,
        "manage": manage,
        "placements": placements.order_by("-review__year", "-id")[:20],
        "latest": latest,
        "latest_description": rules.box_description(latest.box) if latest else "",
        "latest_actions": rules.box_actions(latest.box) if latest else [],
        "latest_pools": rules.talent_pools(latest.box) if latest else [],
        "paths": sel.career_paths(employee=employee),
        "decisions": sel.decisions_visible_to(user=request.user, employee=employee)
        if not own
        else [],
        "remedial": RemedialPlan.objects.filter(employee=employee)[:10],
        "performance_plans": sel.performance_plans_of(
            user=request.user, employee=employee
        )[:10],
        "inputs": employee.potential_inputs.all()[:5] if not own else [],
        "discipline": employee.disciplinary_records.all()[:10] if manage else [],
        "potential_form": potential_form,
        "discipline_form": discipline_form,
    }
    return render(request, "talent/employee.html", context)


# --- settings ----------------------------------------------------------------------------


@perm_required(sel.MANAGE)
def settings_page(request):
    agency = _agency_or_404(request.user)
    config = sel.config_for(agency)
    rule = sel.promotion_rule_for(agency)
    config_form = _style(
        ConfigForm(initial={f: getattr(config, f) for f in ConfigForm.base_fields})
    )
    rule_form = _style(
        RuleForm(initial={f: getattr(rule, f) for f in RuleForm.base_fields})
    )
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "config":
                config_form = _style(ConfigForm(request.POST))
                if config_form.is_valid():
                    services.config_update(
                        agency=agency, by=request.user, **config_form.cleaned_data
                    )
                    messages.success(request, _("Konfigurasi potensial disimpan."))
                    return redirect("talent:settings")
            elif which == "rule":
                rule_form = _style(RuleForm(request.POST))
                if rule_form.is_valid():
                    services.promotion_rule_update(
                        agency=agency, by=request.user, **rule_form.cleaned_data
                    )
                    messages.success(request, _("Aturan promosi disimpan."))
                    return redirect("talent:settings")
        except ApplicationError as exc:
            _refuse(request, exc, config_form if which == "config" else rule_form)
    context = {
        "agency": agency,
        "config": config,
        "rule": rule,
        "config_form": config_form,
        "rule_form": rule_form,
    }
    return render(request, "talent/settings.html", context)
