"""Mentoring pages. Thin: parse, call a selector or service, render.

Scope comes from the selectors: whatever the user may not see is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.mentoring import forms as f
from jenjang.mentoring import selectors as sel
from jenjang.mentoring.links import pair_links, session_links
from jenjang.mentoring.models import MentorProfile, Relationship
from jenjang.mentoring.services import pairs as pair_services
from jenjang.mentoring.services import profiles as profile_services
from jenjang.mentoring.services import rounds as round_services
from jenjang.mentoring.services import sessions as session_services
from jenjang.mentoring.services.rules import RULES
from jenjang.people.models import Employee
from jenjang.people.selectors import (
    employee_direct_reports,
    employee_for_user,
    employee_list_visible_to,
)


def _or_404(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404 from None


def _fail(request, exc: ApplicationError) -> None:
    messages.error(request, exc.message)


def _labels() -> dict[str, str]:
    return {
        "coverage": _("Kecocokan kompetensi"),
        "field": _("Bidang tugas"),
        "seniority": _("Senioritas"),
        "unit": _("Preferensi unit"),
        "load": _("Pemerataan beban"),
    }


# --- employee, mentor, mentee ---------------------------------------------------------


@perm_required(sel.TAKE_PART)
def home(request):
    employee = employee_for_user(user=request.user)
    pairs = list(sel.pairs_of(user=request.user).order_by("-created_at", "-pk"))
    for rel in pairs:
        rel.my_side = pair_services.side_of(rel, request.user)
    context = {
        "employee": employee,
        "proposed": [r for r in pairs if r.status == Relationship.Status.PROPOSED],
        "active": [r for r in pairs if r.status == Relationship.Status.ACTIVE],
        "past": [
            r
            for r in pairs
            if r.status in (Relationship.Status.CLOSED, Relationship.Status.DECLINED)
        ],
        "requests": list(sel.own_requests(employee=employee)[:5]) if employee else [],
        "profile": sel.own_mentor_profile(employee=employee),
        "can_coach": has_perm(request.user, sel.COACH) and employee is not None,
        "labels": _labels(),
    }
    if context["can_coach"]:
        coached = {r.mentee_id for r in context["active"] if r.kind == "coaching"}
        team = [
            e for e in employee_direct_reports(employee=employee) if e.pk not in coached
        ]
        form = f.CoachingForm()
        form.fields["member"].choices = [(e.pk, e.name) for e in team]
        context.update(team=team, coaching_form=form)
    return render(request, "mentoring/home.html", context)


@perm_required(sel.TAKE_PART)
def request_new(request):
    employee = employee_for_user(user=request.user)
    if employee is None:
        raise Http404
    suggestions = profile_services.suggested_needs(employee=employee)
    form = f.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        needs = {}
        for raw in request.POST.getlist("need")[:10]:
            level = request.POST.get(f"level_{raw}", "3")
            needs[raw] = level
        try:
            profile_services.mentee_request_create(
                employee=employee,
                by=request.user,
                needs=needs,
                **form.cleaned_data,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Permintaan terkirim. Admin akan mencarikan mentor.")
            )
            return redirect("mentoring:home")
    return render(
        request,
        "mentoring/request_form.html",
        {"form": form, "suggestions": suggestions},
    )


@perm_required(sel.TAKE_PART)
@require_POST
def request_withdraw(request, pk):
    employee = employee_for_user(user=request.user)
    found = _or_404(sel.own_request_get, employee=employee, pk=pk)
    try:
        profile_services.mentee_request_withdraw(request=found, by=request.user)
        messages.success(request, _("Permintaan ditarik."))
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("mentoring:home")


@perm_required(sel.TAKE_PART)
def mentor_me(request):
    employee = employee_for_user(user=request.user)
    if employee is None:
        raise Http404
    profile = sel.own_mentor_profile(employee=employee)
    initial = _profile_initial(profile)
    form = f.MentorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save_profile(
                employee,
                form,
                request.user,
                profile.source if profile else MentorProfile.Source.VOLUNTEER,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Profil mentor disimpan."))
            return redirect("mentoring:home")
    return render(
        request, "mentoring/mentor_form.html", {"form": form, "profile": profile}
    )


def _profile_initial(profile: MentorProfile | None) -> dict:
    if profile is None:
        return {}
    return {
        "capacity": profile.capacity,
        "is_available": profile.is_available,
        "availability": profile.availability,
        "mode": profile.mode,
        "bio": profile.bio,
        "job_fields": list(profile.job_fields.all()),
    }


def _save_profile(employee, form, by, source):
    data = dict(form.cleaned_data)
    fields = data.pop("job_fields")
    data.pop("employee", None)
    return profile_services.mentor_profile_save(
        employee=employee,
        by=by,
        source=source,
        job_field_ids=[j.pk for j in fields],
        **data,
    )


@login_required
def pair_detail(request, pk):
    view = _or_404(sel.pair_get_for, user=request.user, pk=pk)
    rel = view.relationship
    proposal = rel.proposal
    context = {
        "view": view,
        "rel": rel,
        "goals": sel.pair_goals(relationship=rel),
        "sessions": _with_links(request.user, sel.pair_sessions(relationship=rel)),
        "feedback": list(rel.feedback.all()),
        "breakdown": _breakdown_rows(proposal.breakdown) if proposal else [],
        "pair_links": pair_links(user=request.user, relationship=rel),
        "session_form": f.SessionForm(),
        "goal_form": f.GoalForm(),
        "feedback_form": f.FeedbackForm(),
        "close_form": f.CloseForm(),
        "goal_statuses": f.Goal.Status.choices,
    }
    return render(request, "mentoring/pair_detail.html", context)


def _with_links(user, sessions) -> list:
    """The sessions, each with the records other areas link to it."""
    sessions = list(sessions)
    found = session_links(user=user, session_ids=[s.pk for s in sessions])
    for s in sessions:
        s.links = found.get(s.pk, [])
    return sessions


def _breakdown_rows(breakdown: dict) -> list[tuple[str, float]]:
    labels = _labels()
    return [(labels.get(k, k), v) for k, v in breakdown.items()]


def _pair_action(request, pk, action, success: str):
    view = _or_404(sel.pair_get_for, user=request.user, pk=pk)
    if view.side is None:
        raise Http404
    try:
        action(view.relationship)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, success)
    return redirect("mentoring:pair_detail", pk=pk)


@login_required
@require_POST
def pair_accept(request, pk):
    return _pair_action(
        request,
        pk,
        lambda rel: pair_services.relationship_accept(
            relationship=rel, by=request.user
        ),
        _("Usulan diterima."),
    )


@login_required
@require_POST
def pair_decline(request, pk):
    return _pair_action(
        request,
        pk,
        lambda rel: pair_services.relationship_decline(
            relationship=rel, by=request.user
        ),
        _("Usulan ditolak. Permintaan akan diikutkan pada putaran berikutnya."),
    )


@login_required
@require_POST
def session_add(request, pk):
    form = f.SessionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Periksa isian sesi: %(errors)s")
            % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)},
        )
        return redirect("mentoring:pair_detail", pk=pk)
    data = form.cleaned_data
    return _pair_action(
        request,
        pk,
        lambda rel: session_services.session_log(
            relationship=rel,
            by=request.user,
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            topics=data["topics"],
            notes=data["notes"],
            action_items=form.items(),
        ),
        _("Sesi dicatat. JP masuk ke buku besar mentee."),
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = _or_404(sel.session_get_for, user=request.user, pk=pk)
    form = f.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        session_services.session_cancel(session=session, by=request.user, reason=reason)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Sesi dibatalkan dan JP-nya dibatalkan."))
    return redirect("mentoring:pair_detail", pk=session.relationship_id)


@login_required
@require_POST
def action_item_toggle(request, pk):
    item = _or_404(sel.action_item_get_for, user=request.user, pk=pk)
    try:
        session_services.action_item_toggle(
            item=item, by=request.user, done=request.POST.get("done") == "1"
        )
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("mentoring:pair_detail", pk=item.session.relationship_id)


@login_required
@require_POST
def goal_add(request, pk):
    form = f.GoalForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Tujuan, ukuran keberhasilan dan tenggat wajib diisi.")
        )
        return redirect("mentoring:pair_detail", pk=pk)
    return _pair_action(
        request,
        pk,
        lambda rel: pair_services.goal_add(
            relationship=rel, by=request.user, **form.cleaned_data
        ),
        _("Tujuan ditambahkan."),
    )


@login_required
@require_POST
def goal_status(request, pk):
    goal = _or_404(sel.goal_get_for, user=request.user, pk=pk)
    try:
        pair_services.goal_update(
            goal=goal, by=request.user, status=request.POST.get("status", "")
        )
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("mentoring:pair_detail", pk=goal.relationship_id)


@login_required
@require_POST
def feedback(request, pk):
    form = f.FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nilai kepuasan harus 1 sampai 5."))
        return redirect("mentoring:pair_detail", pk=pk)
    return _pair_action(
        request,
        pk,
        lambda rel: pair_services.feedback_give(
            relationship=rel, by=request.user, **form.cleaned_data
        ),
        _("Terima kasih atas umpan baliknya."),
    )


@login_required
@require_POST
def pair_close(request, pk):
    form = f.CloseForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    results = {
        key.removeprefix("goal_"): value
        for key, value in request.POST.items()
        if key.startswith("goal_") and value and value != "open"
    }
    return _pair_action(
        request,
        pk,
        lambda rel: pair_services.relationship_close(
            relationship=rel, by=request.user, outcome=outcome, goal_results=results
        ),
        _("Pasangan diakhiri."),
    )


@perm_required(sel.COACH)
@require_POST
def coaching_start(request):
    coach = employee_for_user(user=request.user)
    try:
        member = Employee.objects.get(pk=int(request.POST.get("member", "")))
    except (Employee.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        rel = pair_services.coaching_start(
            coach=coach,
            member=member,
            by=request.user,
            rhythm=request.POST.get("rhythm", "biweekly"),
        )
    except ApplicationError as exc:
        _fail(request, exc)
        return redirect("mentoring:home")
    messages.success(request, _("Coaching dimulai."))
    return redirect("mentoring:pair_detail", pk=rel.pk)


# --- HR ----------------------------------------------------------------------------------


@perm_required(sel.MANAGE)
def mentor_list(request):
    form = f.AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nip = form.cleaned_data["employee"].replace(" ", "")
        employee = (
            employee_list_visible_to(user=request.user).filter(nip=nip).first()
            if nip.isdigit()
            else None
        )
        if employee is None:
            form.add_error("employee", _("Pegawai dengan NIP ini tidak ditemukan."))
        else:
            try:
                _save_profile(
                    employee, form, request.user, MentorProfile.Source.APPOINTED
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Mentor ditunjuk."))
                return redirect("mentoring:mentor_list")
    search = request.GET.get("q", "")[:100]
    mentors = sel.mentor_list_visible_to(user=request.user, search=search)[:500]
    return render(
        request,
        "mentoring/mentor_list.html",
        {"mentors": mentors, "form": form, "search": search},
    )


@perm_required(sel.MANAGE)
def request_list(request):
    status = request.GET.get("status", "open")
    if status not in dict(f.MenteeRequest.Status.choices):
        status = ""
    requests_ = sel.request_list_visible_to(user=request.user, status=status).order_by(
        "created_at", "pk"
    )[:500]
    return render(
        request,
        "mentoring/request_list.html",
        {
            "requests": requests_,
            "status": status,
            "statuses": f.MenteeRequest.Status.choices,
        },
    )


@perm_required(sel.MANAGE)
def round_list(request):
    units = sel.managed_units(user=request.user)
    form = f.RoundForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            created = round_services.round_create(
                name=data.pop("name"),
                org_unit=data.pop("org_unit"),
                by=request.user,
                min_rank_gap=data.pop("min_rank_gap"),
                max_rank_gap=data.pop("max_rank_gap"),
                allow_supervisor=data.pop("allow_supervisor"),
                weights=data,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("mentoring:round_detail", pk=created.pk)
    rounds = sel.round_list_visible_to(user=request.user)[:100]
    return render(
        request, "mentoring/round_list.html", {"rounds": rounds, "form": form}
    )


@perm_required(sel.MANAGE)
def round_detail(request, pk):
    rnd = _or_404(sel.round_get_visible_to, user=request.user, pk=pk)
    proposals = list(sel.round_proposals(round=rnd))
    labels = _labels()
    for p in proposals:
        p.rows = [(labels.get(k, k), v) for k, v in p.breakdown.items()]
    mentors = list(
        sel.mentor_list_visible_to(user=request.user).filter(
            employee__org_unit__path__startswith=rnd.org_unit.path
        )
    )
    settings_form = f.RoundForm(initial=f.RoundForm.initial_from(rnd), with_unit=False)
    context = {
        "round": rnd,
        "proposals": proposals,
        "rules": sel.round_rules(round=rnd),
        "unmatched": (
            list(sel.round_unmatched(round=rnd)[:200])
            if rnd.status == rnd.Status.DONE
            else []
        ),
        "mentors": mentors,
        "settings_form": settings_form,
        "labels": labels,
        "rule_docs": [(r.__name__, (r.__doc__ or "").strip()) for r in RULES],
        "percent": rnd.progress,
    }
    return render(request, "mentoring/round_detail.html", context)


@perm_required(sel.MANAGE)
def round_progress(request, pk):
    rnd = _or_404(sel.round_get_visible_to, user=request.user, pk=pk)
    response = render(
        request,
        "mentoring/round_progress.html",
        {"round": rnd, "percent": rnd.progress},
    )
    if not rnd.is_running and request.headers.get("HX-Request"):
        # The result is ready: reload the whole page to show the proposals.
        response["HX-Refresh"] = "true"
    return response


@perm_required(sel.MANAGE)
@require_POST
def round_update(request, pk):
    rnd = _or_404(sel.round_get_visible_to, user=request.user, pk=pk)
    form = f.RoundForm(request.POST, with_unit=False)
    if not form.is_valid():
        messages.error(request, _("Bobot harus bilangan 0 sampai 100."))
        return redirect("mentoring:round_detail", pk=pk)
    data = dict(form.cleaned_data)
    data.pop("name", None)
    try:
        round_services.round_update(
            round=rnd,
            by=request.user,
            min_rank_gap=data.pop("min_rank_gap"),
            max_rank_gap=data.pop("max_rank_gap"),
            allow_supervisor=data.pop("allow_supervisor"),
            weights=data,
        )
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Pengaturan disimpan. Hitung ulang putaran."))
    return redirect("mentoring:round_detail", pk=pk)


@perm_required(sel.MANAGE)
@require_POST
def round_run(request, pk):
    rnd = _or_404(sel.round_get_visible_to, user=request.user, pk=pk)
    try:
        round_services.round_enqueue(round=rnd, by=request.user)
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("mentoring:round_detail", pk=pk)


@perm_required(sel.MANAGE)
@require_POST
def round_rule(request, pk):
    rnd = _or_404(sel.round_get_visible_to, user=request.user, pk=pk)
    try:
        req = _or_404(
            sel.request_get_visible_to,
            user=request.user,
            pk=request.POST.get("request"),
        )
        mentor = _or_404(
            sel.mentor_get_visible_to, user=request.user, pk=request.POST.get("mentor")
        )
        round_services.pair_rule_set(
            round=rnd,
            request=req,
            mentor=mentor,
            kind=request.POST.get("kind", ""),
            by=request.user,
        )
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Aturan pasangan disimpan. Hitung ulang putaran."))
    return redirect("mentoring:round_detail", pk=pk)


@perm_required(sel.MANAGE)
@require_POST
def round_rule_delete(request, pk, rule_pk):
    rnd = _or_404(sel.round_get_visible_to, user=request.user, pk=pk)
    rule = rnd.rules.filter(pk=rule_pk).first()
    if rule is None:
        raise Http404
    try:
        round_services.pair_rule_delete(rule=rule, by=request.user)
    except ApplicationError as exc:
        _fail(request, exc)
    return redirect("mentoring:round_detail", pk=pk)


@perm_required(sel.MANAGE)
@require_POST
def round_publish(request, pk):
    rnd = _or_404(sel.round_get_visible_to, user=request.user, pk=pk)
    try:
        count = round_services.round_publish(round=rnd, by=request.user)
    except ApplicationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request,
            _("%(n)d pasangan diumumkan; mentor dan mentee diminta menjawab.")
            % {"n": count},
        )
    return redirect("mentoring:round_detail", pk=pk)


@perm_required(sel.OVERVIEW)
def overview(request):
    try:
        weeks = int(request.GET.get("weeks", "")) if request.GET.get("weeks") else None
    except ValueError:
        weeks = None
    if weeks is not None and not 1 <= weeks <= 52:
        weeks = None
    data = sel.overview(user=request.user, weeks=weeks)
    active = sel.pairs_in_scope(
        user=request.user, statuses=[Relationship.Status.ACTIVE]
    ).order_by("mentee__name", "pk")[:200]
    return render(
        request,
        "mentoring/overview.html",
        {"data": data, "active_pairs": active},
    )


urlpatterns = [
    path("", home, name="home"),
    path("request/", request_new, name="request_new"),
    path("request/<int:pk>/withdraw/", request_withdraw, name="request_withdraw"),
    path("mentor/", mentor_me, name="mentor_me"),
    path("pairs/<int:pk>/", pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/accept/", pair_accept, name="pair_accept"),
    path("pairs/<int:pk>/decline/", pair_decline, name="pair_decline"),
    path("pairs/<int:pk>/sessions/", session_add, name="session_add"),
    path("pairs/<int:pk>/goals/", goal_add, name="goal_add"),
    path("pairs/<int:pk>/feedback/", feedback, name="feedback"),
    path("pairs/<int:pk>/close/", pair_close, name="pair_close"),
    path("sessions/<int:pk>/cancel/", session_cancel, name="session_cancel"),
    path("action-items/<int:pk>/", action_item_toggle, name="action_item_toggle"),
    path("goals/<int:pk>/", goal_status, name="goal_status"),
    path("coaching/", coaching_start, name="coaching_start"),
    path("mentors/", mentor_list, name="mentor_list"),
    path("requests/", request_list, name="request_list"),
    path("rounds/", round_list, name="round_list"),
    path("rounds/<int:pk>/", round_detail, name="round_detail"),
    path("rounds/<int:pk>/progress/", round_progress, name="round_progress"),
    path("rounds/<int:pk>/settings/", round_update, name="round_update"),
    path("rounds/<int:pk>/run/", round_run, name="round_run"),
    path("rounds/<int:pk>/rules/", round_rule, name="round_rule"),
    path(
        "rounds/<int:pk>/rules/<int:rule_pk>/delete/",
        round_rule_delete,
        name="round_rule_delete",
    ),
    path("rounds/<int:pk>/publish/", round_publish, name="round_publish"),
    path("overview/", overview, name="overview"),
]
