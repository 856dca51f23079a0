"""The IDP workflow in the services: drafting, editing, submit, return, approve, revise."""

import datetime as dt
from decimal import Decimal

import pytest

from jenjang.accounts.models import Role, RoleGrant
from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import (
    AnnualTarget,
    DevelopmentPlan,
    PlanActivity,
    PlanEvent,
    PlanGoal,
)
from jenjang.development.services import plans as services
from jenjang.development.tests import test_plans_helpers as helpers
from jenjang.development.tests.test_plans_helpers import (
    YEAR,
    add_goal,
    make_competency,
    make_plan,
)
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory, UserFactory

Status = DevelopmentPlan.Status
Action = PlanEvent.Action

# Fixtures shared by the IDP test modules.
forms = helpers.forms
frozen_time = helpers.frozen_time
gaps = helpers.gaps
hr_approves_plans = helpers.hr_approves_plans


def events(plan) -> list[tuple[str, str, str]]:
    return [
        (e.action, e.actor.username if e.actor else "", e.comment)
        for e in plan.events.order_by("at", "id")
    ]


def state(plan) -> tuple:
    plan.refresh_from_db()
    return (
        plan.status,
        plan.target_jp,
        plan.notes,
        plan.goals.count(),
        plan.activities.count(),
        plan.events.count(),
    )


def add_activity(plan, by, forms, **overrides):
    values = {
        "form": forms[3],
        "title": "Pelatihan analisis data",
        "planned_start": dt.date(YEAR, 5, 4),
        "planned_end": dt.date(YEAR, 5, 8),
        "planned_jp": "40",
    } | overrides
    return services.activity_add(plan=plan, by=by, **values)


def refusal(call, code: str) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.code == code, caught.value.as_dict()
    return caught.value


# --- drafting --------------------------------------------------------------------


def test_create_drafts_plan_with_default_target_and_goals_from_gaps(
    world, employee, gaps
):
    plan = services.plan_create(employee=world.employee, year=YEAR, by=employee)

    assert (plan.status, plan.year, plan.target_jp) == (
        Status.DRAFT,
        YEAR,
        Decimal("20"),
    )
    goals = list(
        plan.goals.order_by("id").values_list(
            "competency__name", "current_level", "target_level"
        )
    )
    assert goals == [("Analisis Data Kesehatan", 1, 4), ("Pelayanan Publik Uji", 2, 3)]
    assert events(plan) == [(Action.CREATED, "employee", "")]


def test_create_takes_the_agency_target_in_force(world, employee):
    AnnualTarget.objects.create(
        agency=world.agency,
        minimum_jp=Decimal("24"),
        effective_from=dt.date(2025, 1, 1),
        source="Perbup Contoh",
    )
    AnnualTarget.objects.create(
        agency=world.agency,
        minimum_jp=Decimal("30"),
        effective_from=dt.date(2027, 1, 1),
        source="Perbup Contoh (baru)",
    )
    plan = services.plan_create(employee=world.employee, year=YEAR, by=employee)
    assert plan.target_jp == Decimal("24")


def test_one_plan_per_employee_per_year(world, employee):
    services.plan_create(employee=world.employee, year=YEAR, by=employee)
    error = refusal(
        lambda: services.plan_create(employee=world.employee, year=YEAR, by=employee),
        "plan_exists",
    )
    assert (error.status, error.message) == (409, "Rencana tahun 2026 sudah ada.")
    assert DevelopmentPlan.objects.filter(employee=world.employee).count() == 1


def test_next_year_allowed_but_not_past_or_far_years(world, employee):
    services.plan_create(employee=world.employee, year=YEAR + 1, by=employee)
    for year in (YEAR - 1, YEAR + 2):
        error = refusal(
            lambda year=year: services.plan_create(
                employee=world.employee, year=year, by=employee
            ),
            "invalid_year",
        )
        assert error.message == "Rencana hanya dapat dibuat untuk tahun 2026 atau 2027."
    assert list(DevelopmentPlan.objects.values_list("year", flat=True)) == [YEAR + 1]


def test_nobody_drafts_a_plan_for_someone_else(world, supervisor):
    error = refusal(
        lambda: services.plan_create(employee=world.employee, year=YEAR, by=supervisor),
        "forbidden",
    )
    assert error.status == 403
    assert not DevelopmentPlan.objects.exists()


@pytest.mark.parametrize("target", ["0", "-5", "1000", "NaN", "abc", None])
def test_bad_target_is_refused_and_nothing_changes(world, employee, target):
    plan = services.plan_create(employee=world.employee, year=YEAR, by=employee)
    before = state(plan)
    if target is None:
        services.plan_update(plan=plan, by=employee, target_jp=None)  # no change
    else:
        error = refusal(
            lambda: services.plan_update(plan=plan, by=employee, target_jp=target),
            "invalid_jp",
        )
        assert error.message == "JP harus lebih dari 0 dan paling banyak 999."
    assert state(plan) == before


# --- editing rows ----------------------------------------------------------------


def test_goals_and_activities_are_added_and_removed(world, employee, forms, gaps):
    plan = services.plan_create(
        employee=world.employee, year=YEAR, by=employee, prefill_goals=False
    )
    goal = services.goal_add(
        plan=plan, by=employee, competency=gaps["service"], target_level=3
    )
    assert (goal.current_level, goal.target_level) == (2, 3)
    activity = add_activity(plan, employee, forms, goal=goal, planned_jp="7.5")
    assert (activity.planned_jp, activity.goal_id) == (Decimal("7.50"), goal.pk)

    services.goal_remove(plan=plan, goal_id=goal.pk, by=employee)
    activity.refresh_from_db()
    assert activity.goal_id is None
    services.activity_remove(plan=plan, activity_id=activity.pk, by=employee)
    assert (plan.goals.count(), plan.activities.count()) == (0, 0)


def test_goal_twice_for_one_competency_is_refused(world, employee, gaps):
    plan = services.plan_create(employee=world.employee, year=YEAR, by=employee)
    error = refusal(
        lambda: services.goal_add(
            plan=plan, by=employee, competency=gaps["data"], target_level=4
        ),
        "goal_exists",
    )
    assert error.message == "Sasaran untuk Analisis Data Kesehatan sudah ada."
    assert plan.goals.count() == 2


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        (
            {"planned_start": dt.date(YEAR - 1, 12, 30)},
            "dates_outside_year",
            "Tanggal kegiatan harus di dalam tahun 2026.",
        ),
        (
            {"planned_end": dt.date(YEAR + 1, 1, 2)},
            "dates_outside_year",
            "Tanggal kegiatan harus di dalam tahun 2026.",
        ),
        (
            {"planned_start": dt.date(YEAR, 6, 2), "planned_end": dt.date(YEAR, 6, 1)},
            "dates_reversed",
            "Tanggal selesai tidak boleh sebelum tanggal mulai.",
        ),
        (
            {"planned_jp": "0"},
            "invalid_jp",
            "JP harus lebih dari 0 dan paling banyak 999.",
        ),
        ({"title": "   "}, "required", "Isian ini wajib diisi."),
        ({"title": "x\x00y"}, "invalid_text", "Teks mengandung karakter tidak sah."),
    ],
)
def test_bad_activity_is_refused(world, employee, forms, overrides, code, message):
    plan = services.plan_create(employee=world.employee, year=YEAR, by=employee)
    error = refusal(lambda: add_activity(plan, employee, forms, **overrides), code)
    assert error.message == message
    assert not PlanActivity.objects.exists()


def test_activity_cannot_point_to_another_plans_goal(
    world, employee, mentor, forms, gaps
):
    other = make_plan(world.mentor)
    foreign = add_goal(other, gaps["service"])
    plan = services.plan_create(employee=world.employee, year=YEAR, by=employee)
    refusal(lambda: add_activity(plan, employee, forms, goal=foreign), "invalid_goal")
    assert plan.activities.count() == 0


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
def test_submitted_or_approved_plan_is_not_editable(
    world, employee, forms, gaps, status
):
    plan = make_plan(world.employee, status=status)
    before = state(plan)
    calls = [
        lambda: services.plan_update(plan=plan, by=employee, target_jp="30"),
        lambda: services.goal_add(
            plan=plan, by=employee, competency=gaps["data"], target_level=4
        ),
        lambda: add_activity(plan, employee, forms),
        lambda: services.activity_remove(
            plan=plan, activity_id=plan.activities.get().pk, by=employee
        ),
    ]
    for call in calls:
        error = refusal(call, "plan_not_editable")
        assert error.status == 409
    assert state(plan) == before


def test_only_the_owner_edits(world, supervisor, hr_admin, forms):
    plan = make_plan(world.employee)
    before = state(plan)
    for user in (supervisor, hr_admin):
        refusal(lambda user=user: add_activity(plan, user, forms), "forbidden")
        refusal(
            lambda user=user: services.plan_update(plan=plan, by=user, notes="x"),
            "forbidden",
        )
    assert state(plan) == before


def test_patch_replaces_rows_all_or_nothing(world, employee, forms, gaps):
    plan = make_plan(world.employee, activities=2)
    before = state(plan)
    bad = [
        {
            "form": forms[14],
            "title": "Coaching",
            "planned_start": dt.date(YEAR, 2, 1),
            "planned_end": dt.date(YEAR, 1, 1),  # reversed: refused
            "planned_jp": "2",
        }
    ]
    refusal(
        lambda: services.plan_update(
            plan=plan,
            by=employee,
            target_jp="25",
            goals=[{"competency": gaps["data"], "target_level": 4}],
            activities=bad,
        ),
        "dates_reversed",
    )
    assert state(plan) == before

    bad[0]["planned_end"] = dt.date(YEAR, 2, 1)
    bad[0]["goal_competency"] = gaps["data"]
    services.plan_update(
        plan=plan,
        by=employee,
        target_jp="25",
        goals=[{"competency": gaps["data"], "target_level": 4}],
        activities=bad,
    )
    plan.refresh_from_db()
    activity = plan.activities.get()
    assert (plan.target_jp, activity.title, activity.goal.competency) == (
        Decimal("25"),
        "Coaching",
        gaps["data"],
    )


# --- the workflow ----------------------------------------------------------------


def test_full_workflow_leaves_its_history(world, employee, supervisor, forms, gaps):
    plan = services.plan_create(employee=world.employee, year=YEAR, by=employee)
    add_activity(plan, employee, forms)
    services.plan_submit(plan=plan, by=employee, comment="Mohon ditinjau")
    assert plan.status == Status.SUBMITTED
    services.plan_return(plan=plan, by=supervisor, comment="Tambahkan coaching.")
    assert plan.status == Status.RETURNED
    add_activity(
        plan, employee, forms, form=forms[14], title="Coaching", planned_jp="2"
    )
    services.plan_submit(plan=plan, by=employee)
    services.plan_approve(plan=plan, by=supervisor, comment="Setuju")

    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (Status.APPROVED, supervisor)
    assert plan.approved_at is not None
    assert events(plan) == [
        (Action.CREATED, "employee", ""),
        (Action.SUBMITTED, "employee", "Mohon ditinjau"),
        (Action.RETURNED, "supervisor", "Tambahkan coaching."),
        (Action.SUBMITTED, "employee", ""),
        (Action.APPROVED, "supervisor", "Setuju"),
    ]


def test_revision_sends_approved_plan_back_to_draft(world, employee, supervisor):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    services.plan_approve(plan=plan, by=supervisor)
    services.plan_revise(plan=plan, by=employee, comment="Mutasi jabatan")

    plan.refresh_from_db()
    assert (plan.status, plan.approved_by, plan.approved_at) == (
        Status.DRAFT,
        None,
        None,
    )
    assert events(plan)[-1] == (
        Action.EDITED,
        "employee",
        "Dibuka kembali untuk revisi. Mutasi jabatan",
    )
    assert services.can_edit(employee, plan)


def test_submit_needs_an_activity(world, employee):
    plan = make_plan(world.employee, activities=0)
    error = refusal(lambda: services.plan_submit(plan=plan, by=employee), "plan_empty")
    assert error.message == "Tambahkan paling sedikit satu kegiatan sebelum mengajukan."
    assert state(plan)[0] == Status.DRAFT


def test_only_the_owner_submits_and_revises(world, supervisor, hr_admin):
    draft = make_plan(world.employee)
    approved = make_plan(world.mentor, status=Status.APPROVED)
    for user in (supervisor, hr_admin):
        refusal(
            lambda user=user: services.plan_submit(plan=draft, by=user), "forbidden"
        )
        refusal(
            lambda user=user: services.plan_revise(plan=approved, by=user), "forbidden"
        )
    assert (state(draft)[0], state(approved)[0]) == (Status.DRAFT, Status.APPROVED)


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_return_needs_a_comment(world, supervisor, comment):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    before = state(plan)
    error = refusal(
        lambda: services.plan_return(plan=plan, by=supervisor, comment=comment),
        "comment_required",
    )
    assert error.message == "Tuliskan komentar: apa yang perlu diperbaiki."
    assert state(plan) == before


def test_employee_cannot_approve_or_return_own_plan(world, employee):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    before = state(plan)
    for call in (
        lambda: services.plan_approve(plan=plan, by=employee),
        lambda: services.plan_return(plan=plan, by=employee, comment="Ok"),
    ):
        error = refusal(call, "forbidden")
        assert error.message == (
            "Anda tidak dapat menyetujui atau mengembalikan rencana Anda sendiri."
        )
    assert state(plan) == before


def test_supervisor_cannot_approve_own_plan(world, supervisor):
    plan = make_plan(world.supervisor, status=Status.SUBMITTED)
    refusal(lambda: services.plan_approve(plan=plan, by=supervisor), "forbidden")
    assert state(plan)[0] == Status.SUBMITTED


def test_hr_admin_cannot_approve_own_plan(world, hr_admin):
    """An HR admin whose unit holds their own record still may not decide on it."""
    position = PositionFactory(org_unit=world.dinkes, title="Analis SDM")
    EmployeeFactory(position=position, user=hr_admin, name="Hana Admin")
    plan = make_plan(hr_admin.employee, status=Status.SUBMITTED)
    refusal(lambda: services.plan_approve(plan=plan, by=hr_admin), "forbidden")
    assert state(plan)[0] == Status.SUBMITTED


def test_peer_or_outsider_cannot_decide(world, mentor, hr_admin_other, leader):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    for user in (mentor, hr_admin_other, leader):
        error = refusal(
            lambda user=user: services.plan_approve(plan=plan, by=user), "forbidden"
        )
        assert error.message == (
            "Hanya atasan langsung atau admin kepegawaian yang dapat memutuskan."
        )
    assert state(plan)[0] == Status.SUBMITTED


def test_hr_admin_in_scope_decides(world, hr_admin):
    plan = make_plan(world.puskesmas_employee, status=Status.SUBMITTED)
    services.plan_return(plan=plan, by=hr_admin, comment="Lengkapi sasaran.")
    assert events(plan)[-1] == (Action.RETURNED, "hr_admin", "Lengkapi sasaran.")


def test_supervisor_across_a_vacant_position_decides(world, supervisor):
    """The atasan langsung follows the reporting line past a vacant post."""
    vacant = PositionFactory(
        org_unit=world.dinkes,
        title="Subkoordinator (kosong)",
        reports_to=world.head_position,
    )
    below = PositionFactory(org_unit=world.dinkes, title="Staf", reports_to=vacant)
    person = EmployeeFactory(position=below, user=UserFactory(username="staf"))
    RoleGrant.objects.create(user=person.user, role=Role.EMPLOYEE)
    plan = make_plan(person, status=Status.SUBMITTED)
    services.plan_approve(plan=plan, by=supervisor)
    assert state(plan)[0] == Status.APPROVED


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.DRAFT, "approve"),
        (Status.RETURNED, "approve"),
        (Status.APPROVED, "approve"),
        (Status.APPROVED, "return"),
        (Status.DRAFT, "return"),
    ],
)
def test_decisions_only_on_submitted_plans(world, supervisor, status, step):
    plan = make_plan(world.employee, status=status)
    before = state(plan)
    call = {
        "approve": lambda: services.plan_approve(plan=plan, by=supervisor),
        "return": lambda: services.plan_return(plan=plan, by=supervisor, comment="x"),
    }[step]
    error = refusal(call, "plan_wrong_status")
    assert error.status == 409
    assert state(plan) == before


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
def test_submit_only_from_draft_or_returned(world, employee, status):
    plan = make_plan(world.employee, status=status)
    refusal(lambda: services.plan_submit(plan=plan, by=employee), "plan_wrong_status")
    assert state(plan)[0] == status


def test_revise_only_approved(world, employee):
    plan = make_plan(world.employee, status=Status.SUBMITTED)
    refusal(lambda: services.plan_revise(plan=plan, by=employee), "plan_wrong_status")
    assert state(plan)[0] == Status.SUBMITTED


def test_recommendation_adds_goal_and_activity(world, employee, forms, gaps):
    plan = services.plan_create(
        employee=world.employee, year=YEAR, by=employee, prefill_goals=False
    )
    competency = make_competency("kerjasama-uji", "Kerjasama Uji", "managerial")
    activity = services.plan_add_recommendation(
        plan=plan,
        by=employee,
        competency=competency,
        form=forms[14],
        title="Coaching: Kerjasama Uji level 2",
        target_level=2,
        planned_jp="2",
    )
    goal = PlanGoal.objects.get(plan=plan)
    assert (goal.competency, goal.target_level) == (competency, 2)
    assert (
        activity.goal,
        activity.form,
        activity.planned_start,
        activity.planned_end,
        activity.planned_jp,
    ) == (goal, forms[14], dt.date(2026, 3, 10), dt.date(2026, 12, 31), Decimal("2.00"))


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.APPROVED])
def test_supervisor_adds_an_assigned_activity_with_its_reason(
    world, supervisor, forms, status
):
    plan = make_plan(world.employee, status=status)
    comp = make_competency("RMD-1", "Pelayanan publik", "technical")
    before = plan.activities.count()
    activity = services.plan_add_assigned_activity(
        plan=plan,
        by=supervisor,
        competency=comp,
        form=forms[3],
        title="Pelatihan pelayanan prima",
        target_level=3,
        planned_jp=Decimal("16"),
        reason="Rencana perbaikan kinerja 2025",
    )
    assert plan.activities.count() == before + 1
    assert (activity.goal.competency, activity.goal.target_level) == (comp, 3)
    assert events(plan)[-1] == (
        "edited",
        "supervisor",
        "Rencana perbaikan kinerja 2025",
    )
    plan.refresh_from_db()
    assert plan.status == status


@pytest.mark.parametrize("persona", ["employee", "mentor", "hr_admin_other"])
def test_only_a_reviewer_adds_an_assigned_activity(request, world, forms, persona):
    plan = make_plan(world.employee)
    comp = make_competency("RMD-2", "Pelayanan publik", "technical")
    counts = state(plan)
    with pytest.raises(ApplicationError):
        services.plan_add_assigned_activity(
            plan=plan,
            by=request.getfixturevalue(persona),
            competency=comp,
            form=forms[3],
            title="Pelatihan",
            target_level=3,
            planned_jp=Decimal("8"),
            reason="Perbaikan",
        )
    assert state(plan) == counts
