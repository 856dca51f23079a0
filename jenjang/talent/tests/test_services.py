"""Reviews, human confirmation, remedial plans, succession and eligibility."""

import datetime as dt
from decimal import Decimal

import pytest

from jenjang.competencies.models import Competency
from jenjang.competencies.tests.factories import AssessmentFactory
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.models import Position
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory
from jenjang.talent import selectors, services
from jenjang.talent.models import (
    KeyPosition,
    Placement,
    PromotionDecision,
    RemedialPlan,
)
from jenjang.talent.tests.factories import potential, review

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 1)


@pytest.fixture
def placed(world, hr_admin, predikat):
    """A run review: employee in box 9, puskesmas employee in box 1."""
    potential(world.employee, 95)
    predikat.set(world.employee, 2025, "sangat_baik")
    predikat.set(world.employee, 2024, "sangat_baik")
    potential(world.puskesmas_employee, 50)
    predikat.set(world.puskesmas_employee, 2025, "kurang")
    potential(world.mentor, 80)
    predikat.set(world.mentor, 2025, "baik")
    r = review(world.agency, by=hr_admin, org_unit=world.dinkes)
    result = services.review_run(review=r, by=hr_admin, today=TODAY)
    return r, result


def test_review_run_places_people_in_the_tables_boxes(world, placed):
    r, result = placed
    boxes = dict(
        Placement.objects.filter(review=r).values_list("employee__name", "computed_box")
    )
    # The supervisor has no predikat: not placed. BPKAD is outside HR's scope.
    assert boxes == {"Budi Santoso": 9, "Dewi Lestari": 1, "Agus Salim": 5}
    assert result["computed"] == 3
    assert result["not_placed"] == 1
    assert result["remedial_proposed"] == 1


def test_placement_records_its_inputs(world, placed):
    r, _result = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    assert p.inputs["predikat"] == {"2024": "sangat_baik", "2025": "sangat_baik"}
    assert p.inputs["potential"]["track_record"] == "95.00"
    assert p.potential_score == Decimal("95.00")
    assert (p.potential_level, p.performance_level) == ("tinggi", "atas")


def test_placement_has_no_effect_until_a_person_confirms(world, placed, employee):
    r, _ = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    assert not p.is_confirmed
    assert selectors.latest_confirmed_boxes([world.employee.pk]) == {}
    assert selectors.employee_talent_summary(employee=world.employee) == {
        "placement": None
    }


def test_confirm_with_override_needs_a_reason(world, placed, hr_admin):
    r, _ = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    with pytest.raises(ApplicationError) as err:
        services.placement_confirm(placement=p, by=hr_admin, override_box=8)
    assert err.value.code == "reason_required"
    p.refresh_from_db()
    assert p.confirmed_at is None
    done = services.placement_confirm(
        placement=p, by=hr_admin, override_box=8, reason="Baru dimutasi."
    )
    assert (done.computed_box, done.override_box, done.box) == (9, 8, 8)
    assert done.confirmed_by == hr_admin
    assert (
        selectors.latest_confirmed_boxes([world.employee.pk])[world.employee.pk].box
        == 8
    )


def test_nobody_confirms_their_own_placement(world, placed, hr_admin):
    r, _ = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    world.employee.user = hr_admin
    world.employee.save()
    p.employee.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.placement_confirm(placement=p, by=hr_admin)
    assert Placement.objects.get(pk=p.pk).confirmed_at is None


def test_hr_of_another_unit_cannot_confirm(world, placed, hr_admin_other):
    r, _ = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    with pytest.raises(PermissionDenied):
        services.placement_confirm(placement=p, by=hr_admin_other)
    assert Placement.objects.get(pk=p.pk).confirmed_at is None


def test_rerun_keeps_confirmed_placements(world, placed, hr_admin, predikat):
    r, _ = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    services.placement_confirm(placement=p, by=hr_admin)
    predikat.set(world.employee, 2025, "baik")
    result = services.review_run(review=r, by=hr_admin, today=TODAY)
    assert result["kept"] == 1
    assert Placement.objects.get(review=r, employee=world.employee).computed_box == 9


def test_remedial_plan_once_per_triggering_evaluation(world, placed, hr_admin):
    r, _ = placed
    services.review_run(review=r, by=hr_admin, today=TODAY)
    # Confirming the low performer's box 1 triggers again for the same year.
    p = Placement.objects.get(review=r, employee=world.puskesmas_employee)
    services.placement_confirm(placement=p, by=hr_admin)
    plan = RemedialPlan.objects.get(employee=world.puskesmas_employee)
    assert plan.evaluation_year == 2025
    assert plan.trigger == "predikat"
    assert plan.trigger_predikat == "kurang"
    assert plan.review_on == dt.date(2026, 8, 1)
    assert RemedialPlan.objects.count() == 1


def test_confirmed_box_three_proposes_a_remedial_plan(world, hr_admin, predikat):
    potential(world.mentor, 80)
    predikat.set(world.mentor, 2025, "baik")
    predikat.set(world.mentor, 2024, "butuh_perbaikan")
    r = review(world.agency, by=hr_admin)
    services.review_run(review=r, by=hr_admin, today=TODAY)
    p = Placement.objects.get(review=r, employee=world.mentor)
    assert p.computed_box == 5  # baik + butuh perbaikan: tie goes to the latest
    assert not RemedialPlan.objects.exists()
    services.placement_confirm(placement=p, by=hr_admin, override_box=3, reason="x")
    plan = RemedialPlan.objects.get(employee=world.mentor)
    assert (plan.trigger, plan.placement_id) == ("box", p.pk)


def test_supervisor_confirms_remedial_plan_not_the_employee(
    world, placed, supervisor, employee, hr_admin_other
):
    plan = RemedialPlan.objects.get(employee=world.puskesmas_employee)
    for outsider in (employee, hr_admin_other):
        with pytest.raises(PermissionDenied):
            services.remedial_confirm(plan=plan, by=outsider, coaching="x")
    with pytest.raises(ApplicationError) as err:
        services.remedial_confirm(plan=plan, by=supervisor, coaching=" ")
    assert err.value.code == "required"
    done = services.remedial_confirm(
        plan=plan, by=supervisor, coaching="Konseling kinerja dua pekan sekali."
    )
    assert done.status == RemedialPlan.Status.IN_PROGRESS
    assert done.confirmed_by == supervisor


def test_follow_up_closes_improved_and_not_improved(
    world, placed, supervisor, predikat
):
    plan = RemedialPlan.objects.get(employee=world.puskesmas_employee)
    services.remedial_confirm(plan=plan, by=supervisor, coaching="Bimbingan.")
    assert services.remedial_follow_up(employee_ids=[plan.employee_id], year=2026) == 0
    predikat.set(world.puskesmas_employee, 2026, "baik")
    assert services.remedial_follow_up(employee_ids=[plan.employee_id], year=2026) == 1
    plan.refresh_from_db()
    assert (plan.status, plan.outcome_predikat) == ("improved", "baik")


def test_scoped_views_of_placements(world, placed, leader, supervisor, employee):
    r, _ = placed
    names = {
        u.username: set(
            selectors.placements_visible_to(user=u, review=r).values_list(
                "employee__name", flat=True
            )
        )
        for u in (leader, supervisor, employee)
    }
    assert names["leader"] == {"Budi Santoso", "Dewi Lestari", "Agus Salim"}
    assert names["supervisor"] == {"Budi Santoso", "Dewi Lestari", "Agus Salim"}
    assert names["employee"] == set()


def test_box_counts_and_transitions(world, placed, hr_admin, predikat):
    r, _ = placed
    qs = selectors.placements_visible_to(user=hr_admin, review=r)
    assert selectors.box_counts(qs) == {
        1: 1,
        2: 0,
        3: 0,
        4: 0,
        5: 1,
        6: 0,
        7: 0,
        8: 0,
        9: 1,
    }
    predikat.set(world.employee, 2026, "baik")
    predikat.set(world.puskesmas_employee, 2026, "baik")
    predikat.set(world.mentor, 2026, "sangat_baik")
    predikat.set(world.mentor, 2025, "sangat_baik")
    r2 = review(
        world.agency,
        year=2026,
        name="Pemetaan 2026",
        by=hr_admin,
        org_unit=world.dinkes,
    )
    services.review_run(review=r2, by=hr_admin, today=TODAY)
    # An open review is no record to compare with: only a closed one is.
    assert selectors.transitions(user=hr_admin, review=r2).previous is None
    for p in Placement.objects.filter(review=r):
        services.placement_confirm(placement=p, by=hr_admin, today=TODAY)
    services.review_close(review=r, by=hr_admin)
    t = selectors.transitions(user=hr_admin, review=r2)
    assert t.previous == r
    # Budi 9 → 8 (sangat baik + baik: tie to the latest), Dewi 1 → 2, Agus 5 → 7
    assert t.matrix == {9: {8: 1}, 1: {2: 1}, 5: {7: 1}}
    assert (t.moved_up, t.moved_down, t.stayed, t.new) == (2, 1, 0, 0)


def test_succession_candidates_ranked(world, hr_admin, predikat):
    comp = Competency.objects.filter(kind="managerial").first()
    key_pos = PositionFactory(
        org_unit=world.dinkes,
        code="DK-KEY",
        title="Kepala Bidang",
        kind="administrator",
    )
    from jenjang.competencies.models import PositionStandard

    PositionStandard.objects.create(position=key_pos, competency=comp, required_level=4)
    strong = EmployeeFactory(position=world.staff_position, name="Kuat")
    weak = EmployeeFactory(position=world.staff_position, name="Lemah")
    for e, level in ((strong, 4), (weak, 2)):
        AssessmentFactory(employee=e, competency=comp, level=level)
        potential(e, 95)
        predikat.set(e, 2025, "sangat_baik")
    r = review(world.agency, by=hr_admin)
    services.review_run(review=r, by=hr_admin, today=TODAY)
    for p in Placement.objects.filter(review=r, employee__in=[strong, weak]):
        services.placement_confirm(placement=p, by=hr_admin)
    key = services.key_position_add(position=key_pos, by=hr_admin)
    ranked = selectors.succession_candidates(
        user=hr_admin, key_position=key, today=TODAY
    )
    assert [c.employee.name for c in ranked] == ["Kuat", "Lemah"]
    assert ranked[0].fit == Decimal("100.0")
    assert "PKA belum diikuti" in ranked[0].readiness.reasons
    plan = services.succession_plan_build(key_position=key, by=hr_admin, today=TODAY)
    assert list(plan.candidates.values_list("employee__name", "rank_order")) == [
        ("Kuat", 1),
        ("Lemah", 2),
    ]
    assert KeyPosition.objects.count() == 1


def test_progress_candidates_with_evidence(world, hr_admin, predikat):
    comps = list(Competency.objects.filter(kind="managerial")[:2])
    for comp in comps:
        AssessmentFactory(
            employee=world.employee,
            competency=comp,
            level=2,
            assessed_on=dt.date(2024, 1, 1),
        )
        AssessmentFactory(
            employee=world.employee,
            competency=comp,
            level=3,
            assessed_on=dt.date(2025, 12, 1),
        )
    predikat.set(world.employee, 2025, "baik")
    rows = selectors.progress_candidates(
        user=hr_admin, agency=world.agency, today=dt.date(2026, 2, 1)
    )
    assert [r.employee for r in rows] == [world.employee]
    assert len(rows[0].result.evidence) == 2
    predikat.set(world.employee, 2025, "butuh_perbaikan")
    assert (
        selectors.progress_candidates(
            user=hr_admin, agency=world.agency, today=dt.date(2026, 2, 1)
        )
        == []
    )


def test_decision_history_is_kept(world, hr_admin):
    for decision in ("deferred", "larger_assignment"):
        services.promotion_decision_record(
            employee=world.employee,
            by=hr_admin,
            kind="progress",
            decision=decision,
            reason="Pertimbangan rapat Baperjakat.",
        )
    with pytest.raises(ApplicationError):
        services.promotion_decision_record(
            employee=world.employee,
            by=hr_admin,
            kind="progress",
            decision="promoted",
            reason="",
        )
    assert PromotionDecision.objects.filter(employee=world.employee).count() == 2


def test_career_path_one_level_up_with_gaps(world):
    from jenjang.people.tests.factories import JobFieldFactory

    field = JobFieldFactory(code="kesehatan")
    Position.objects.filter(pk=world.staff_position.pk).update(job_field=field)
    world.employee.refresh_from_db()
    PositionFactory(
        org_unit=world.dinkes,
        code="DK-09",
        title="Kasubbag Data",
        kind="pengawas",
        job_field=field,
    )
    PositionFactory(
        org_unit=world.puskesmas,
        code="PKM-09",
        title="Pengelola Data Puskesmas",
        job_field=field,
    )
    steps = selectors.career_paths(employee=world.employee)
    assert [(s.position.title, s.move) for s in steps] == [
        ("Kasubbag Data", "up"),
        ("Pengelola Data Puskesmas", "lateral"),
    ]


def test_review_reads_final_ratings_from_performance(world, hr_admin):
    """No stub: the performance area's final annual evaluations feed the axis."""
    from jenjang.performance.tests.factories import make_final_rating

    make_final_rating(world.employee, 2025, "sangat_baik")
    make_final_rating(world.employee, 2024, "baik")
    potential(world.employee, 80)
    r = review(world.agency, by=hr_admin)
    result = services.review_run(review=r, by=hr_admin, today=TODAY)
    assert result["computed"] == 1
    p = Placement.objects.get(review=r)
    assert (p.employee, p.performance_level, p.computed_box) == (
        world.employee,
        "atas",
        7,
    )


def test_remedial_activities_join_the_employees_idp(world, supervisor, employee):
    from jenjang.competencies.models import PositionStandard
    from jenjang.development.models import PlanActivity
    from jenjang.development.services.conversion import ensure_seeded
    from jenjang.development.services.plans import plan_create
    from jenjang.development.tests.test_plans_helpers import assess, make_competency

    ensure_seeded()
    comp = make_competency("pelayanan-uji", "Pelayanan Uji", "managerial")
    PositionStandard.objects.create(
        position=world.staff_position, competency=comp, required_level=4
    )
    assess(world.employee, comp, 2)
    plan, created = services.remedial_propose(
        employee_id=world.employee.pk,
        year=2025,
        trigger="predikat",
        predikat="kurang",
        today=TODAY,
    )
    assert created
    assert plan.activities.filter(competency=comp).exists()
    with pytest.raises(ApplicationError) as err:
        services.remedial_add_to_plan(plan=plan, by=employee, today=TODAY)
    assert err.value.code == "remedial_not_running"
    services.remedial_confirm(plan=plan, by=supervisor, coaching="Coaching mingguan.")
    with pytest.raises(ApplicationError) as err:
        services.remedial_add_to_plan(plan=plan, by=supervisor, today=TODAY)
    assert (err.value.code, err.value.message) == (
        "no_idp",
        "Pegawai belum menyusun rencana pengembangan (IDP) tahun 2026.",
    )
    idp = plan_create(employee=world.employee, year=TODAY.year, by=employee)
    added = services.remedial_add_to_plan(plan=plan, by=employee, today=TODAY)
    assert added == plan.activities.filter(competency__isnull=False).count() >= 1
    assert PlanActivity.objects.filter(plan=idp).count() == added
    assert services.remedial_add_to_plan(plan=plan, by=employee, today=TODAY) == 0
    plan.refresh_from_db()
    assert plan.development_plan == idp


def test_closing_a_review_makes_it_read_only(world, placed, hr_admin):
    r, _ = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    services.placement_confirm(placement=p, by=hr_admin, today=TODAY)
    closed = services.review_close(review=r, by=hr_admin)
    assert (closed.status, closed.closed_by) == ("closed", hr_admin)
    assert closed.closed_at is not None
    other = Placement.objects.get(review=r, employee=world.mentor)
    for call in (
        lambda: services.placement_confirm(placement=other, by=hr_admin),
        lambda: services.review_run(review=closed, by=hr_admin, today=TODAY),
        lambda: services.review_close(review=closed, by=hr_admin),
    ):
        with pytest.raises(ApplicationError) as err:
            call()
        assert (err.value.code, err.value.status) == ("review_closed", 409)
    other.refresh_from_db()
    assert other.confirmed_at is None


def test_unconfirmed_placements_of_a_closed_review_are_not_compared(
    world, placed, hr_admin, predikat
):
    r, _ = placed
    p = Placement.objects.get(review=r, employee=world.employee)
    services.placement_confirm(placement=p, by=hr_admin, today=TODAY)
    services.review_close(review=r, by=hr_admin)
    predikat.set(world.employee, 2026, "sangat_baik")
    predikat.set(world.mentor, 2026, "baik")
    r2 = review(
        world.agency,
        year=2026,
        name="Pemetaan 2026",
        by=hr_admin,
        org_unit=world.dinkes,
    )
    services.review_run(review=r2, by=hr_admin, today=TODAY)
    t = selectors.transitions(user=hr_admin, review=r2)
    assert t.matrix == {9: {9: 1}}
    assert (t.stayed, t.new) == (1, 2)  # Agus and Dewi: unconfirmed before


def test_a_review_that_never_ran_cannot_be_closed(world, hr_admin):
    r = review(world.agency, by=hr_admin, org_unit=world.dinkes)
    with pytest.raises(ApplicationError) as err:
        services.review_close(review=r, by=hr_admin)
    assert err.value.code == "review_not_run"
    r.refresh_from_db()
    assert r.status == "open"


@pytest.mark.parametrize("persona", ["supervisor", "leader", "employee"])
def test_only_hr_closes_a_review(request, world, placed, persona):
    r, _ = placed
    with pytest.raises(PermissionDenied):
        services.review_close(review=r, by=request.getfixturevalue(persona))
    r.refresh_from_db()
    assert r.status == "open"


def test_hr_of_another_unit_neither_closes_nor_wipes_a_review(
    world, placed, hr_admin_other
):
    r, _ = placed
    with pytest.raises(PermissionDenied):
        services.review_close(review=r, by=hr_admin_other)
    agency_wide = review(world.agency, name="Seluruh instansi", by=None)
    Placement.objects.create(
        review=agency_wide,
        employee=world.employee,
        potential_level="tinggi",
        performance_level="atas",
        computed_box=9,
    )
    services.review_run(review=agency_wide, by=hr_admin_other, today=TODAY)
    # BPKAD's HR recomputes only BPKAD's people; Dinkes' proposal stays.
    assert Placement.objects.filter(
        review=agency_wide, employee=world.employee
    ).exists()


def test_unit_hr_creating_a_review_maps_their_own_unit(world, hr_admin):
    r = services.review_create(
        agency=world.agency, by=hr_admin, name="Pemetaan Dinkes", year=2025
    )
    assert r.org_unit == world.dinkes


@pytest.fixture
def running_plan(world, supervisor):
    """A confirmed remedial plan of Budi with one activity aimed at a gap."""
    from jenjang.development.models import DevelopmentForm
    from jenjang.development.services.conversion import ensure_seeded
    from jenjang.development.tests.test_plans_helpers import make_competency
    from jenjang.talent.models import RemedialActivity

    ensure_seeded()
    plan, _ = services.remedial_propose(
        employee_id=world.employee.pk,
        year=2025,
        trigger="predikat",
        predikat="kurang",
        today=TODAY,
    )
    plan.activities.all().delete()
    RemedialActivity.objects.create(
        plan=plan,
        competency=make_competency("rmd-uji", "Pelayanan Uji", "technical"),
        form=DevelopmentForm.objects.get(siasn_code=3),
        target_level=3,
        title="Pelatihan pelayanan prima",
        jp=Decimal("16"),
    )
    services.remedial_confirm(plan=plan, by=supervisor, coaching="Coaching mingguan.")
    return plan


def test_supervisor_adds_remedial_activities_to_an_approved_idp(
    world, supervisor, running_plan
):
    from jenjang.development.models import DevelopmentPlan, PlanActivity, PlanEvent

    idp = DevelopmentPlan.objects.create(
        employee=world.employee, year=TODAY.year, status="approved"
    )
    added = services.remedial_add_to_plan(plan=running_plan, by=supervisor, today=TODAY)
    assert added == 1
    activity = PlanActivity.objects.get(plan=idp)
    assert (activity.title, activity.planned_jp) == (
        "Pelatihan pelayanan prima",
        Decimal("16.00"),
    )
    event = PlanEvent.objects.get(plan=idp)
    assert (event.action, event.actor, event.comment) == (
        "edited",
        supervisor,
        "Rencana perbaikan kinerja (evaluasi 2025)",
    )
    idp.refresh_from_db()
    assert idp.status == "approved"
    running_plan.refresh_from_db()
    assert running_plan.development_plan == idp
    assert running_plan.activities.get().added_to_plan is True
    # Each activity goes in once.
    assert (
        services.remedial_add_to_plan(plan=running_plan, by=supervisor, today=TODAY)
        == 0
    )
    assert PlanActivity.objects.filter(plan=idp).count() == 1


@pytest.mark.parametrize("persona", ["mentor", "leader", "hr_admin_other"])
def test_others_cannot_add_remedial_activities(request, world, running_plan, persona):
    from jenjang.development.models import DevelopmentPlan

    idp = DevelopmentPlan.objects.create(employee=world.employee, year=TODAY.year)
    with pytest.raises(PermissionDenied):
        services.remedial_add_to_plan(
            plan=running_plan, by=request.getfixturevalue(persona), today=TODAY
        )
    assert not idp.activities.exists()
    assert running_plan.activities.get().added_to_plan is False


def _performance_plan(employee, year, predikat="kurang"):
    from jenjang.performance.services.improvement import improvement_plan_open
    from jenjang.performance.tests.factories import make_final_rating

    evaluation = make_final_rating(employee, year, predikat)
    return improvement_plan_open(evaluation=evaluation)


def test_no_second_plan_beside_the_performance_areas_plan(world, hr_admin, predikat):
    """One plan per triggering evaluation: performance's plan is that plan."""
    opened = _performance_plan(world.puskesmas_employee, 2025)
    assert opened is not None
    potential(world.puskesmas_employee, 50)
    predikat.set(world.puskesmas_employee, 2025, "kurang")
    potential(world.mentor, 50)
    predikat.set(world.mentor, 2025, "sangat_kurang")
    r = review(world.agency, by=hr_admin, org_unit=world.dinkes)
    result = services.review_run(review=r, by=hr_admin, today=TODAY)
    assert (result["remedial_proposed"], result["remedial_in_performance"]) == (1, 1)
    assert list(RemedialPlan.objects.values_list("employee__name", flat=True)) == [
        "Agus Salim"
    ]
    # Confirming Dewi's box 1 proposes nothing either.
    p = Placement.objects.get(review=r, employee=world.puskesmas_employee)
    services.placement_confirm(placement=p, by=hr_admin, today=TODAY)
    assert RemedialPlan.objects.count() == 1
    assert services.remedial_propose(
        employee_id=world.puskesmas_employee.pk,
        year=2025,
        trigger="box",
        today=TODAY,
    ) == (None, False)


def test_pipeline_counts_the_performance_plans_in_their_stage(
    world, hr_admin, supervisor, leader
):
    plan = _performance_plan(world.puskesmas_employee, 2025)
    services.remedial_propose(
        employee_id=world.mentor.pk, year=2025, trigger="predikat", today=TODAY
    )
    expected = {"opened": 1, "in_progress": 1, "improved": 0, "not_improved": 0}
    assert selectors.remedial_pipeline(user=hr_admin) == expected
    assert selectors.remedial_pipeline(user=supervisor) == expected
    assert list(selectors.performance_plans_visible_to(user=hr_admin)) == [plan]
    plan.status = "improved"
    plan.save()
    assert selectors.remedial_pipeline(user=hr_admin)["improved"] == 1
