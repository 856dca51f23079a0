"""IDP pages: my plans, the plan editor, the supervisor's inbox, plan detail.

Views stay thin: they parse the request, call a selector or a service and
render. A plan out of reach is a 404 (the selectors decide); a rule the
service refuses comes back as a message, or as a 403 when the user may see
the plan but not act on it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.competencies.models import MAX_LEVEL, MIN_LEVEL, Competency
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import keyset_page
from jenjang.development.models import DevelopmentForm, DevelopmentPlan, PlanEvent
from jenjang.development.recommendations import recommend_for
from jenjang.development.selectors import plans as selectors
from jenjang.development.services import plans as services
from jenjang.people.selectors import employee_for_user

OWN = selectors.OWN_PERM
REVIEW = selectors.REVIEW_PERM
INBOX_PAGE_SIZE = 50
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVELS = [(n, str(n)) for n in range(MIN_LEVEL, MAX_LEVEL + 1)]


# --- forms -----------------------------------------------------------------------


def _style(form: forms.BaseForm) -> forms.BaseForm:
    for field in form.fields.values():
        css = (
            "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        )
        field.widget.attrs["class"] = css
    return form


class PlanForm(forms.Form):
    target_jp = forms.DecimalField(
        label=gettext_lazy("Target JP"),
        min_value=1,
        max_value=999,
        decimal_places=2,
        help_text=gettext_lazy("Paling sedikit 20 JP setahun (PP 17/2020 Pasal 203)."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GoalForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=gettext_lazy("Kompetensi"),
        queryset=Competency.objects.filter(is_active=True).order_by("kind", "name"),
    )
    target_level = forms.TypedChoiceField(
        label=gettext_lazy("Level target"), choices=LEVELS, coerce=int
    )
    description = forms.CharField(
        label=gettext_lazy("Uraian"), required=False, max_length=300
    )


class ActivityForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Kegiatan"), max_length=250)
    form = forms.ModelChoiceField(
        label=gettext_lazy("Bentuk pengembangan"),
        queryset=DevelopmentForm.objects.order_by("siasn_code"),
    )
    goal = forms.ModelChoiceField(
        label=gettext_lazy("Sasaran"), queryset=None, required=False
    )
    planned_start = forms.DateField(
        label=gettext_lazy("Rencana mulai"), widget=DATE_WIDGET
    )
    planned_end = forms.DateField(
        label=gettext_lazy("Rencana selesai"), widget=DATE_WIDGET
    )
    planned_jp = forms.DecimalField(
        label=gettext_lazy("JP"), min_value=0.01, max_value=999, decimal_places=2
    )

    def __init__(self, *args, plan: DevelopmentPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.select_related("competency")
        self.fields["goal"].label_from_instance = lambda g: (
            f"{g.competency.name} → {g.target_level}"
        )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Komentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecommendationForm(forms.Form):
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.filter(is_active=True)
    )
    form = forms.ModelChoiceField(queryset=DevelopmentForm.objects.all())
    target_level = forms.TypedChoiceField(choices=LEVELS, coerce=int)
    title = forms.CharField(max_length=250)
    jp = forms.DecimalField(min_value=0.01, max_value=999, decimal_places=2)


# --- helpers ---------------------------------------------------------------------


def _plan_or_404(user, pk) -> DevelopmentPlan:
    try:
        return selectors.plan_get_visible_to(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def _raise_http(exc: ApplicationError) -> None:
    """Turn a refusal into the page's 403 or 404; other rules become messages."""
    if exc.status == 403:
        raise PermissionDenied(exc.message)
    if exc.status == 404:
        raise Http404(exc.message)


def _items_context(request, plan: DevelopmentPlan, **forms_) -> dict:
    user = request.user
    editable = services.can_edit(user, plan)
    context = {
        "plan": plan,
        "editable": editable,
        "goals": plan.goals.select_related("competency").order_by("id"),
        "activities": plan.activities.select_related("form", "goal__competency"),
        "goal_form": forms_.get("goal_form") or _style(GoalForm()),
        "activity_form": forms_.get("activity_form")
        or _style(
            ActivityForm(
                plan=plan,
                initial={
                    "planned_start": _default_start(plan),
                    "planned_end": f"{plan.year}-12-31",
                },
            )
        ),
        "recommendations": [],
        "planned_titles": set(),
    }
    if editable:
        context["recommendations"] = recommend_for(plan.employee)
        context["planned_titles"] = {a.title for a in context["activities"]}
    return context


def _default_start(plan: DevelopmentPlan) -> str:
    today = timezone.localdate()
    return today.isoformat() if today.year == plan.year else f"{plan.year}-01-01"


def _render_items(request, plan: DevelopmentPlan, **forms_):
    """Answer an htmx row change with the rows; a plain POST with the editor."""
    if _is_htmx(request):
        return render(
            request,
            "development/plan_items.html",
            _items_context(request, plan, **forms_),
        )
    return redirect("development:plan_edit", pk=plan.pk)


# --- my plans --------------------------------------------------------------------


@perm_required(OWN)
def plan_list(request):
    """The user's plans, with this year's up front (or a button to draft it)."""
    employee = employee_for_user(user=request.user)
    year = timezone.localdate().year
    plans = list(selectors.plan_list_own(user=request.user))
    current = next((p for p in plans if p.year == year), None)
    progress = selectors.plan_progress(plan=current) if current else None
    context = {
        "employee": employee,
        "year": year,
        "plans": plans,
        "current": current,
        "progress": progress,
        "can_create_next": employee is not None
        and not any(p.year == year + 1 for p in plans),
        "next_year": year + 1,
        "can_review": has_perm(request.user, REVIEW),
    }
    return render(request, "development/plan_list.html", context)


@perm_required(OWN)
@require_POST
def plan_create(request):
    employee = employee_for_user(user=request.user)
    if employee is None:
        messages.error(request, _("Akun Anda belum terhubung dengan data pegawai."))
        return redirect("development:plan_list")
    try:
        year = int(request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = 0
    try:
        plan = services.plan_create(employee=employee, year=year, by=request.user)
    except ApplicationError as exc:
        _raise_http(exc)
        messages.error(request, exc.message)
        return redirect("development:plan_list")
    messages.success(request, _("Rencana %(year)s dibuat.") % {"year": year})
    return redirect("development:plan_edit", pk=plan.pk)


# --- one plan --------------------------------------------------------------------


@perm_required(OWN)
def plan_detail(request, pk):
    """The plan with its progress, its history and the actions the user may take."""
    user = request.user
    plan = _plan_or_404(user, pk)
    owner = services.is_owner(user, plan)
    reviewer = plan.status == DevelopmentPlan.Status.SUBMITTED and services.can_review(
        user, plan
    )
    events = list(selectors.plan_history(plan=plan))
    returns = [e for e in events if e.action == PlanEvent.Action.RETURNED]
    context = {
        "plan": plan,
        "progress": selectors.plan_progress(plan=plan),
        "events": events,
        "last_return": returns[-1] if returns else None,
        "goals": plan.goals.select_related("competency").order_by("id"),
        "is_owner": owner,
        "editable": services.can_edit(user, plan),
        "can_review": reviewer,
        "can_revise": owner and plan.status == DevelopmentPlan.Status.APPROVED,
        "comment_form": _style(CommentForm()),
        "recommendations": recommend_for(plan.employee)
        if services.can_edit(user, plan)
        else [],
        "planned_titles": set(plan.activities.values_list("title", flat=True)),
    }
    return render(request, "development/plan_detail.html", context)


def _editable_plan(request, pk) -> DevelopmentPlan:
    """Return the plan if the user may edit it; 404 if unseen, 403 if not theirs."""
    plan = _plan_or_404(request.user, pk)
    if not services.is_owner(request.user, plan):
        raise PermissionDenied
    return plan


@perm_required(OWN)
def plan_edit(request, pk):
    """The editor: target and notes, goals and activities (rows added by htmx)."""
    plan = _editable_plan(request, pk)
    if not services.can_edit(request.user, plan):
        messages.info(
            request,
            _("Rencana berstatus %(status)s tidak dapat diubah.")
            % {"status": plan.get_status_display()},
        )
        return redirect("development:plan_detail", pk=plan.pk)
    initial = {"target_jp": plan.target_jp, "notes": plan.notes}
    form = _style(PlanForm(request.POST or None, initial=initial))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                by=request.user,
                target_jp=form.cleaned_data["target_jp"],
                notes=form.cleaned_data["notes"],
            )
        except ApplicationError as exc:
            _raise_http(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Rencana tersimpan."))
            return redirect("development:plan_edit", pk=plan.pk)
    context = _items_context(request, plan) | {"form": form}
    return render(request, "development/plan_edit.html", context)


@perm_required(OWN)
@require_POST
def plan_goal_add(request, pk):
    plan = _editable_plan(request, pk)
    form = _style(GoalForm(request.POST))
    if form.is_valid():
        try:
            services.goal_add(plan=plan, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _raise_http(exc)
            form.add_error(None, exc.message)
    return _after_row_change(request, plan, form, "goal_form")


@perm_required(OWN)
@require_POST
def plan_goal_remove(request, pk, goal_id):
    plan = _editable_plan(request, pk)
    try:
        services.goal_remove(plan=plan, goal_id=goal_id, by=request.user)
    except ApplicationError as exc:
        _raise_http(exc)
        messages.error(request, exc.message)
    return _render_items(request, plan)


@perm_required(OWN)
@require_POST
def plan_activity_add(request, pk):
    plan = _editable_plan(request, pk)
    form = _style(ActivityForm(request.POST, plan=plan))
    if form.is_valid():
        try:
            services.activity_add(plan=plan, by=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _raise_http(exc)
            form.add_error(None, exc.message)
    return _after_row_change(request, plan, form, "activity_form")


@perm_required(OWN)
@require_POST
def plan_activity_remove(request, pk, activity_id):
    plan = _editable_plan(request, pk)
    try:
        services.activity_remove(plan=plan, activity_id=activity_id, by=request.user)
    except ApplicationError as exc:
        _raise_http(exc)
        messages.error(request, exc.message)
    return _render_items(request, plan)


def _after_row_change(request, plan, form, name: str):
    if form.errors:
        if _is_htmx(request):
            return render(
                request,
                "development/plan_items.html",
                # 200: htmx swaps only successful answers, and the rows
                # come back with the form's errors in place.
                _items_context(request, plan, **{name: form}),
            )
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("development:plan_edit", pk=plan.pk)
    return _render_items(request, plan)


@perm_required(OWN)
@require_POST
def plan_recommendation_add(request, pk):
    """Add a recommended activity (and a goal for its competency) to the plan."""
    plan = _editable_plan(request, pk)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Rekomendasi tidak dapat ditambahkan."))
        return _render_items(request, plan)
    data = form.cleaned_data
    try:
        services.plan_add_recommendation(
            plan=plan,
            by=request.user,
            competency=data["competency"],
            form=data["form"],
            title=data["title"],
            target_level=data["target_level"],
            planned_jp=data["jp"],
        )
    except ApplicationError as exc:
        _raise_http(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Kegiatan ditambahkan ke rencana."))
    return _render_items(request, plan)


# --- the workflow ----------------------------------------------------------------


def _workflow_step(request, pk, step, done_message: str):
    plan = _plan_or_404(request.user, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else None
    if comment is None:
        messages.error(request, _("Komentar paling banyak 2000 karakter."))
        return redirect("development:plan_detail", pk=plan.pk)
    try:
        step(plan=plan, by=request.user, comment=comment)
    except ApplicationError as exc:
        _raise_http(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message)
    return redirect("development:plan_detail", pk=plan.pk)


@perm_required(OWN)
@require_POST
def plan_submit(request, pk):
    return _workflow_step(
        request, pk, services.plan_submit, _("Rencana diajukan kepada atasan.")
    )


@perm_required(OWN)
@require_POST
def plan_revise(request, pk):
    return _workflow_step(
        request, pk, services.plan_revise, _("Rencana dibuka kembali untuk revisi.")
    )


@perm_required(REVIEW)
@require_POST
def plan_return(request, pk):
    return _workflow_step(
        request, pk, services.plan_return, _("Rencana dikembalikan dengan komentar.")
    )


@perm_required(REVIEW)
@require_POST
def plan_approve(request, pk):
    return _workflow_step(request, pk, services.plan_approve, _("Rencana disetujui."))


# --- the supervisor's inbox ------------------------------------------------------


@perm_required(REVIEW)
def plan_inbox(request):
    """Plans waiting for the user's decision: direct reports, or the HR subtree."""
    qs = selectors.plan_inbox_for(user=request.user)
    cursor_error = ""
    try:
        page = keyset_page(
            qs,
            order=("id", "id"),
            cursor=request.GET.get("cursor"),
            size=INBOX_PAGE_SIZE,
        )
    except ApplicationError as exc:
        cursor_error = exc.message
        page = keyset_page(qs, order=("id", "id"), cursor=None, size=INBOX_PAGE_SIZE)
    return render(
        request,
        "development/plan_inbox.html",
        {"page": page, "cursor_error": cursor_error},
    )


urlpatterns = [
    path("plans/", plan_list, name="plan_list"),
    path("plans/new/", plan_create, name="plan_create"),
    path("plans/inbox/", plan_inbox, name="plan_inbox"),
    path("plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_edit, name="plan_edit"),
    path("plans/<int:pk>/goals/", plan_goal_add, name="plan_goal_add"),
    path(
        "plans/<int:pk>/goals/<int:goal_id>/remove/",
        plan_goal_remove,
        name="plan_goal_remove",
    ),
    path("plans/<int:pk>/activities/", plan_activity_add, name="plan_activity_add"),
    path(
        "plans/<int:pk>/activities/<int:activity_id>/remove/",
        plan_activity_remove,
        name="plan_activity_remove",
    ),
    path(
        "plans/<int:pk>/recommendations/",
        plan_recommendation_add,
        name="plan_recommendation_add",
    ),
    path("plans/<int:pk>/submit/", plan_submit, name="plan_submit"),
    path("plans/<int:pk>/return/", plan_return, name="plan_return"),
    path("plans/<int:pk>/approve/", plan_approve, name="plan_approve"),
    path("plans/<int:pk>/revise/", plan_revise, name="plan_revise"),
]
