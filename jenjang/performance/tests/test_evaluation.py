"""Realisation, feedback, evaluation, head-of-unit rule, objection, angka kredit."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.models import Position
from jenjang.performance.models import (
    CreditAward,
    Evaluation,
    ImprovementPlan,
    Objection,
    OrgPerformance,
    Realisation,
    Skp,
)
from jenjang.performance.selectors import annual_predikat
from jenjang.performance.services import evaluation as svc
from jenjang.performance.tests.helpers import (
    YEAR,
    add_head_of_department,
    employee_skp,
    period,
    supervisor_skp,
)

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)


def _rate(world, skp, per, hasil="sesuai", perilaku="sesuai"):
    return svc.evaluation_save(
        skp=skp,
        period=per,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        justification_hasil="Capaian sesuai target.",
        justification_perilaku="Perilaku sesuai panduan.",
        by=world.supervisor.user,
    )


def test_employee_records_realisation_with_evidence(world):
    skp = employee_skp(world)
    indicator = skp.rhks.get().indicators.get()

    row = svc.realisation_record(
        indicator=indicator,
        period=period(skp),
        value="3 laporan",
        notes="Tepat waktu",
        evidence_url="https://drive.example.id/laporan",
        by=world.employee.user,
    )
    # Recording again corrects the same row.
    svc.realisation_record(
        indicator=indicator,
        period=period(skp),
        value="4 laporan",
        by=world.employee.user,
    )

    row.refresh_from_db()
    assert Realisation.objects.count() == 1
    assert row.value == "4 laporan"


def test_realisation_rules(world):
    skp = employee_skp(world, approve=False)
    indicator = skp.rhks.get().indicators.get()
    with pytest.raises(ApplicationError) as err:
        svc.realisation_record(
            indicator=indicator, period=period(skp), value="1", by=world.employee.user
        )
    assert err.value.code == "skp_not_approved"
    Skp.objects.filter(pk=skp.pk).update(status="approved")
    skp.refresh_from_db()
    with pytest.raises(PermissionDenied):
        svc.realisation_record(
            indicator=indicator, period=period(skp), value="1", by=world.supervisor.user
        )
    with pytest.raises(ApplicationError) as err:
        svc.realisation_record(
            indicator=indicator,
            period=period(skp),
            value="1",
            evidence_url="javascript:alert(1)",
            by=world.employee.user,
        )
    assert err.value.code == "invalid_url"
    assert not Realisation.objects.exists()


def test_feedback_either_side_with_actions(world):
    skp = employee_skp(world)
    fb = svc.feedback_create(
        skp=skp,
        strengths="Laporan rapi",
        improvements="Ketepatan waktu",
        next_steps="Buat jadwal",
        actions=[{"text": "Jadwal mingguan", "due_date": dt.date(2025, 3, 1)}],
        by=world.supervisor.user,
    )
    dialog = svc.feedback_create(
        skp=skp, kind="dialogue", improvements="Minta arahan", by=world.employee.user
    )
    assert fb.started_by == world.supervisor
    assert dialog.started_by == world.employee
    assert list(fb.actions.values_list("text", "due_date")) == [
        ("Jadwal mingguan", dt.date(2025, 3, 1))
    ]
    assert set(fb.participants.all()) == {world.employee, world.supervisor}
    with pytest.raises(PermissionDenied):
        svc.feedback_create(skp=skp, improvements="x", by=world.mentor.user)
    with pytest.raises(ApplicationError):
        svc.feedback_create(skp=skp, improvements="  ", by=world.supervisor.user)


@time_machine.travel(TODAY, tick=False)
def test_evaluation_computes_the_predikat_from_the_matrix(world):
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp), "di_atas", "di_atas")
    assert evaluation.predikat == evaluation.final_predikat == "sangat_baik"
    assert evaluation.heads_unit is False
    # A draft may be changed; the predikat follows.
    evaluation = _rate(world, skp, period(skp), "di_bawah", "sesuai")
    assert evaluation.predikat == "butuh_perbaikan"
    assert Evaluation.objects.count() == 1

    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    evaluation.refresh_from_db()
    assert evaluation.objection_deadline == dt.date(2026, 1, 24)
    with pytest.raises(ApplicationError) as err:
        _rate(world, skp, period(skp), "sesuai", "sesuai")
    assert err.value.code == "evaluation_issued"


def test_only_the_evaluator_rates(world, hr_admin):
    skp = employee_skp(world)
    for user in (world.employee.user, hr_admin, world.mentor.user):
        with pytest.raises(PermissionDenied):
            svc.evaluation_save(
                skp=skp,
                period=period(skp),
                rating_hasil="sesuai",
                rating_perilaku="sesuai",
                justification_hasil="x",
                justification_perilaku="x",
                by=user,
            )
    assert not Evaluation.objects.exists()


def test_justification_is_required(world):
    skp = employee_skp(world)
    with pytest.raises(ApplicationError) as err:
        svc.evaluation_save(
            skp=skp,
            period=period(skp),
            rating_hasil="sesuai",
            rating_perilaku="sesuai",
            justification_hasil="",
            justification_perilaku="x",
            by=world.supervisor.user,
        )
    assert err.value.code == "required"


# --- head of unit (SE MenPANRB 3/2023) ----------------------------------------------


@pytest.mark.parametrize(
    ("org", "perilaku", "rating", "predikat"),
    [
        ("istimewa", "di_atas", "di_atas", "sangat_baik"),
        ("baik", "di_atas", "sesuai", "baik"),
        ("butuh_perbaikan", "sesuai", "di_bawah", "butuh_perbaikan"),
        ("kurang", "sesuai", "di_bawah", "butuh_perbaikan"),
        ("sangat_kurang", "di_bawah", "di_bawah", "sangat_kurang"),
    ],
)
def test_head_of_unit_gets_the_units_rating(
    world, hr_admin, org, perilaku, rating, predikat
):
    kadis = add_head_of_department(world)
    skp = supervisor_skp(world)
    skp.evaluator = kadis
    skp.save()
    per = period(skp)
    with pytest.raises(ApplicationError) as err:
        svc.evaluation_save(
            skp=skp,
            period=per,
            rating_hasil="di_atas",
            rating_perilaku=perilaku,
            justification_hasil="x",
            justification_perilaku="x",
            by=kadis.user,
        )
    assert err.value.code == "org_predikat_missing"

    svc.org_predikat_set(org_unit=world.dinkes, period=per, predikat=org, by=hr_admin)
    # The evaluator's own rating hasil kerja is replaced by the unit's.
    evaluation = svc.evaluation_save(
        skp=skp,
        period=per,
        rating_hasil="di_atas",
        rating_perilaku=perilaku,
        justification_hasil="x",
        justification_perilaku="x",
        by=kadis.user,
    )
    assert evaluation.heads_unit is True
    assert evaluation.rating_hasil == rating
    assert evaluation.predikat == predikat


def test_staff_is_not_a_unit_head(world):
    skp = employee_skp(world)
    OrgPerformance.objects.create(
        org_unit=world.dinkes, period=period(skp), predikat="sangat_kurang"
    )
    evaluation = _rate(world, skp, period(skp), "di_atas", "di_atas")
    assert evaluation.heads_unit is False
    assert evaluation.predikat == "sangat_baik"


def test_org_predikat_is_set_only_in_scope(world, hr_admin, hr_admin_other, employee):
    skp = employee_skp(world)
    for user in (hr_admin_other, employee):
        with pytest.raises(PermissionDenied):
            svc.org_predikat_set(
                org_unit=world.dinkes, period=period(skp), predikat="baik", by=user
            )
    assert not OrgPerformance.objects.exists()
    svc.org_predikat_set(
        org_unit=world.dinkes, period=period(skp), predikat="baik", by=hr_admin
    )
    svc.org_predikat_set(
        org_unit=world.dinkes, period=period(skp), predikat="istimewa", by=hr_admin
    )
    assert OrgPerformance.objects.get().predikat == "istimewa"


# --- acknowledgement and objection ----------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_acknowledge_makes_it_final(world):
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp, annual=True))
    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    assert annual_predikat([world.employee.pk], [YEAR]) == {}
    with pytest.raises(PermissionDenied):
        svc.evaluation_acknowledge(evaluation=evaluation, by=world.supervisor.user)
    svc.evaluation_acknowledge(evaluation=evaluation, by=world.employee.user)
    assert annual_predikat([world.employee.pk], [YEAR]) == {
        (world.employee.pk, YEAR): "baik"
    }


@time_machine.travel(TODAY, tick=False)
def test_objection_goes_to_the_evaluators_supervisor_who_changes_it(world):
    kadis = add_head_of_department(world)
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp, annual=True), "di_bawah", "sesuai")
    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)

    objection = svc.evaluation_object(
        evaluation=evaluation,
        reason="Realisasi 12 laporan tidak dihitung",
        by=world.employee.user,
    )
    assert objection.reviewer == kadis
    evaluation.refresh_from_db()
    assert evaluation.status == "objected"
    # Pending: not final; the evaluator cannot decide their own rating.
    assert annual_predikat([world.employee.pk], [YEAR]) == {}
    with pytest.raises(PermissionDenied):
        svc.objection_decide(
            objection=objection,
            decision="confirmed",
            note="x",
            by=world.supervisor.user,
        )

    svc.objection_decide(
        objection=objection,
        decision="changed",
        rating_hasil="sesuai",
        rating_perilaku="sesuai",
        note="Bukti realisasi lengkap",
        by=kadis.user,
    )

    evaluation.refresh_from_db()
    objection.refresh_from_db()
    assert evaluation.status == "decided"
    assert evaluation.predikat == "butuh_perbaikan"  # the original stays on record
    assert evaluation.final_predikat == "baik"
    assert objection.original_predikat == "butuh_perbaikan"
    assert objection.decided_by == kadis.user
    assert annual_predikat([world.employee.pk], [YEAR]) == {
        (world.employee.pk, YEAR): "baik"
    }
    # Baik after the objection: no improvement plan.
    assert not ImprovementPlan.objects.exists()
    with pytest.raises(ApplicationError) as err:
        svc.objection_decide(
            objection=objection, decision="confirmed", note="x", by=kadis.user
        )
    assert err.value.code == "objection_decided"


@time_machine.travel(TODAY, tick=False)
def test_confirmed_objection_keeps_the_predikat_and_opens_the_plan(world):
    kadis = add_head_of_department(world)
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp, annual=True), "di_bawah", "di_bawah")
    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    objection = svc.evaluation_object(
        evaluation=evaluation, reason="Tidak setuju", by=world.employee.user
    )
    svc.objection_decide(
        objection=objection, decision="confirmed", note="Sesuai bukti", by=kadis.user
    )
    evaluation.refresh_from_db()
    assert evaluation.final_predikat == "sangat_kurang"
    plan = ImprovementPlan.objects.get()
    assert plan.employee == world.employee
    assert plan.supervisor == world.supervisor
    assert plan.opened_on == dt.date(2026, 1, 10)
    assert plan.review_due == dt.date(2026, 7, 10)
    assert plan.activities.filter(kind="coaching").count() == 1


def test_without_an_atasan_pejabat_penilai_hr_decides(world, hr_admin, hr_admin_other):
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp, annual=True))
    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    objection = svc.evaluation_object(
        evaluation=evaluation, reason="Tidak setuju", by=world.employee.user
    )
    assert objection.reviewer is None
    with pytest.raises(PermissionDenied):
        svc.objection_decide(
            objection=objection, decision="confirmed", note="x", by=hr_admin_other
        )
    svc.objection_decide(
        objection=objection, decision="confirmed", note="Tetap", by=hr_admin
    )
    assert Objection.objects.get().decision == "confirmed"


def test_objection_window_closes(world):
    skp = employee_skp(world)
    with time_machine.travel(TODAY, tick=False):
        evaluation = _rate(world, skp, period(skp, annual=True))
        svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    with time_machine.travel(dt.datetime(2026, 1, 25, 9, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ApplicationError) as err:
            svc.evaluation_object(
                evaluation=evaluation, reason="Terlambat", by=world.employee.user
            )
        assert err.value.code == "objection_window_closed"
        assert not Objection.objects.exists()
        # Past the window the result stands and the job closes it.
        assert annual_predikat([world.employee.pk], [YEAR]) == {
            (world.employee.pk, YEAR): "baik"
        }
        assert svc.evaluations_finalize_expired() == 1
        assert svc.evaluations_finalize_expired() == 0
    evaluation.refresh_from_db()
    assert evaluation.status == "closed"


# --- angka kredit -------------------------------------------------------------------


def _make_fungsional(world, level="ahli_muda", tmt=dt.date(2020, 1, 1)):
    pos = world.staff_position
    pos.kind = Position.Kind.FUNGSIONAL
    pos.functional_level = level
    pos.save()
    world.employee.position_tmt = tmt
    world.employee.save()


@time_machine.travel(TODAY, tick=False)
def test_angka_kredit_on_the_final_annual_predikat(world):
    _make_fungsional(world)
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp, annual=True), "di_atas", "di_atas")
    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    svc.evaluation_acknowledge(evaluation=evaluation, by=world.employee.user)

    award = CreditAward.objects.get()
    assert (award.predikat, award.percent, award.coefficient, award.months) == (
        "sangat_baik",
        Decimal("150"),
        Decimal("25"),
        12,
    )
    assert award.amount == Decimal("37.500")


@time_machine.travel(TODAY, tick=False)
def test_angka_kredit_pro_rated_from_the_position_tmt(world):
    _make_fungsional(world, "ahli_pertama", tmt=dt.date(YEAR, 7, 1))
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp, annual=True))
    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    svc.evaluation_acknowledge(evaluation=evaluation, by=world.employee.user)
    award = CreditAward.objects.get()
    assert award.months == 6
    assert award.amount == Decimal("6.250")  # 6/12 × 100% × 12.5


def test_no_angka_kredit_for_periodic_or_non_fungsional(world):
    skp = employee_skp(world)
    evaluation = _rate(world, skp, period(skp, annual=True))
    svc.evaluation_issue(evaluation=evaluation, by=world.supervisor.user)
    svc.evaluation_acknowledge(evaluation=evaluation, by=world.employee.user)
    assert not CreditAward.objects.exists()


@pytest.mark.parametrize(
    ("tmt", "months"),
    [
        (dt.date(2020, 5, 5), 12),
        (dt.date(YEAR, 1, 1), 12),
        (dt.date(YEAR, 3, 1), 10),
        (dt.date(YEAR, 3, 2), 9),
        (dt.date(YEAR, 12, 15), 0),
        (dt.date(YEAR + 1, 1, 1), 0),
    ],
)
def test_fungsional_months(tmt, months):
    assert svc.fungsional_months(position_tmt=tmt, year=YEAR) == months
