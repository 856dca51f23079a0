"""SKP drafting, cascade integrity, the approval workflow and copying."""

import pytest

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory
from jenjang.performance.models import Rhk, Skp, SkpStep
from jenjang.performance.services import skp as svc
from jenjang.performance.tests.helpers import (
    YEAR,
    employee_skp,
    supervisor_skp,
)

pytestmark = pytest.mark.django_db


def test_skp_takes_the_evaluator_from_the_reporting_line(world):
    skp = svc.skp_create(employee=world.employee, year=YEAR, by=world.employee.user)

    assert skp.evaluator == world.supervisor
    assert skp.position == world.staff_position
    assert skp.status == Skp.Status.DRAFT
    assert list(skp.steps.values_list("action", flat=True)) == ["create"]


def test_only_the_employee_drafts_their_skp(world):
    with pytest.raises(PermissionDenied):
        svc.skp_create(employee=world.employee, year=YEAR, by=world.supervisor.user)
    assert not Skp.objects.exists()


def test_one_skp_per_year(world):
    svc.skp_create(employee=world.employee, year=YEAR, by=world.employee.user)
    with pytest.raises(ApplicationError) as err:
        svc.skp_create(employee=world.employee, year=YEAR, by=world.employee.user)
    assert err.value.code == "skp_exists"
    assert Skp.objects.count() == 1


# --- cascade integrity ----------------------------------------------------------


def test_rhk_cascades_from_the_evaluators_rhk_of_the_same_year(world):
    parent = supervisor_skp(world).rhks.first()
    skp = svc.skp_create(employee=world.employee, year=YEAR, by=world.employee.user)

    rhk = svc.rhk_add(
        skp=skp, text="Laporan", parent_id=parent.pk, by=world.employee.user
    )

    assert rhk.parent == parent
    assert list(svc.cascade_candidates(skp=skp)) == list(
        Rhk.objects.filter(skp__employee=world.supervisor).order_by(
            "kind", "order", "id"
        )
    )


def test_rhk_cannot_cascade_from_another_years_rhk(world):
    old_parent = supervisor_skp(world, YEAR - 1).rhks.first()
    supervisor_skp(world, YEAR)
    skp = svc.skp_create(employee=world.employee, year=YEAR, by=world.employee.user)

    with pytest.raises(ApplicationError) as err:
        svc.rhk_add(skp=skp, text="X", parent_id=old_parent.pk, by=world.employee.user)

    assert err.value.code == "cascade_wrong_year"
    assert not skp.rhks.exists()


def test_rhk_cannot_cascade_from_someone_elses_rhk(world):
    # The mentor's SKP (a colleague, not the evaluator).
    colleague = svc.skp_create(employee=world.mentor, year=YEAR, by=world.mentor.user)
    foreign = svc.rhk_add(
        skp=colleague,
        text="Rekap",
        parent_id=supervisor_skp(world).rhks.first().pk,
        by=world.mentor.user,
    )
    skp = svc.skp_create(employee=world.employee, year=YEAR, by=world.employee.user)

    with pytest.raises(ApplicationError) as err:
        svc.rhk_add(skp=skp, text="X", parent_id=foreign.pk, by=world.employee.user)
    assert err.value.code == "cascade_not_evaluator"

    with pytest.raises(ApplicationError) as err:
        svc.rhk_add(skp=skp, text="X", parent_id=999999, by=world.employee.user)
    assert err.value.code == "cascade_unknown"
    assert not skp.rhks.exists()


def test_update_rechecks_the_cascade(world):
    skp = employee_skp(world, approve=False)
    rhk = skp.rhks.get()
    own = svc.rhk_add(
        skp=skp, text="Sendiri", parent_id=rhk.parent_id, by=world.employee.user
    )
    with pytest.raises(ApplicationError) as err:
        svc.rhk_update(
            rhk=rhk, text="X", kind="utama", parent_id=own.pk, by=world.employee.user
        )
    assert err.value.code == "cascade_not_evaluator"
    rhk.refresh_from_db()
    assert rhk.text == "Laporan data kesehatan bulanan"


def test_top_of_the_line_cannot_name_an_rhk(world):
    # The supervisor has no evaluator (no superior position).
    skp = svc.skp_create(employee=world.supervisor, year=YEAR, by=world.supervisor.user)
    assert skp.evaluator is None
    pos = PositionFactory(org_unit=world.dinkes, title="Staf lain")
    someone = EmployeeFactory(position=pos)
    foreign = Rhk.objects.create(
        skp=Skp.objects.create(
            employee=someone,
            performance_year=skp.performance_year,
            position=pos,
            org_unit=world.dinkes,
        ),
        text="Lain",
    )
    with pytest.raises(ApplicationError) as err:
        svc.rhk_add(skp=skp, text="X", parent_id=foreign.pk, by=world.supervisor.user)
    assert err.value.code == "cascade_no_evaluator"


# --- workflow ---------------------------------------------------------------------


def test_submit_needs_a_complete_skp(world):
    supervisor_skp(world)
    skp = svc.skp_create(employee=world.employee, year=YEAR, by=world.employee.user)
    svc.rhk_add(skp=skp, text="Tanpa intervensi", by=world.employee.user)

    with pytest.raises(ApplicationError) as err:
        svc.skp_submit(skp=skp, by=world.employee.user)

    assert err.value.code == "skp_incomplete"
    assert [d["message"] for d in err.value.details] == [
        "RHK “Tanpa intervensi” belum memiliki indikator.",
        "RHK “Tanpa intervensi” belum mengintervensi RHK atasan.",
    ]
    skp.refresh_from_db()
    assert skp.status == Skp.Status.DRAFT


def test_submit_return_resubmit_approve_is_recorded(world):
    skp = employee_skp(world, approve=False)
    user, sup = world.employee.user, world.supervisor.user

    svc.skp_submit(skp=skp, by=user)
    with pytest.raises(ApplicationError):
        svc.skp_return(skp=skp, by=sup, comment="")
    svc.skp_return(skp=skp, by=sup, comment="Target terlalu rendah")
    svc.rhk_add(
        skp=skp,
        text="Tambahan",
        kind="tambahan",
        parent_id=skp.rhks.get().parent_id,
        by=user,
    )
    svc.indicator_add(
        rhk=skp.rhks.get(kind="tambahan"),
        text="Rapat",
        aspect="waktu",
        target="4 kali",
        by=user,
    )
    svc.skp_submit(skp=skp, by=user)
    svc.skp_approve(skp=skp, by=sup, comment="OK")

    steps = list(
        skp.steps.values_list("action", "from_status", "to_status", "comment", "by")
    )
    assert steps == [
        ("create", "", "draft", "", user.pk),
        ("submit", "draft", "submitted", "", user.pk),
        ("return", "submitted", "returned", "Target terlalu rendah", sup.pk),
        ("submit", "returned", "submitted", "", user.pk),
        ("approve", "submitted", "approved", "OK", sup.pk),
    ]
    assert skp.approved_at is not None


def test_only_the_evaluator_approves(world, hr_admin):
    skp = employee_skp(world, approve=False)
    svc.skp_submit(skp=skp, by=world.employee.user)
    for user in (world.employee.user, world.mentor.user, hr_admin):
        with pytest.raises(PermissionDenied):
            svc.skp_approve(skp=skp, by=user)
    skp.refresh_from_db()
    assert skp.status == Skp.Status.SUBMITTED
    assert SkpStep.objects.filter(skp=skp, action="approve").count() == 0


def test_approved_skp_is_read_only_until_revised(world):
    skp = employee_skp(world)
    with pytest.raises(ApplicationError) as err:
        svc.rhk_add(skp=skp, text="X", by=world.employee.user)
    assert err.value.code == "skp_not_editable"
    svc.skp_revise(skp=skp, by=world.supervisor.user, comment="Ada perubahan tugas")
    assert skp.status == Skp.Status.RETURNED
    svc.rhk_add(
        skp=skp, text="X", parent_id=skp.rhks.first().parent_id, by=world.employee.user
    )


def test_expectations_and_specific_expectations(world):
    skp = employee_skp(world, approve=False)
    svc.expectation_add(skp=skp, text="Data tepat waktu", by=world.supervisor.user)
    svc.specific_expectation_set(
        skp=skp,
        value_code="akuntabel",
        text="Data tanpa salah",
        by=world.supervisor.user,
    )
    svc.specific_expectation_set(
        skp=skp, value_code="akuntabel", text="Data valid", by=world.supervisor.user
    )
    assert list(skp.expectations.values_list("text", flat=True)) == ["Data tepat waktu"]
    assert list(skp.specific_expectations.values_list("value__code", "text")) == [
        ("akuntabel", "Data valid")
    ]
    with pytest.raises(ApplicationError):
        svc.specific_expectation_set(
            skp=skp, value_code="nope", text="x", by=world.supervisor.user
        )
    with pytest.raises(PermissionDenied):
        svc.expectation_add(skp=skp, text="x", by=world.mentor.user)


def test_berakhlak_values_and_guides_are_seeded():
    from jenjang.performance.models import BehaviourGuide, BehaviourValue

    assert list(BehaviourValue.objects.values_list("name", flat=True)) == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert BehaviourGuide.objects.count() == 21
    for value in BehaviourValue.objects.all():
        assert value.guides.count() == 3


def test_copy_last_years_skp(world):
    last = employee_skp(world, year=YEAR - 1, approve=False)
    svc.expectation_add(skp=last, text="Lama", by=world.supervisor.user)
    svc.skp_submit(skp=last, by=world.employee.user)
    svc.skp_approve(skp=last, by=world.supervisor.user)
    supervisor_skp(world, YEAR)

    skp = svc.skp_copy_last_year(
        employee=world.employee, year=YEAR, by=world.employee.user
    )

    rhk = skp.rhks.get()
    assert rhk.text == "Laporan data kesehatan bulanan"
    # Re-cascaded onto this year's RHK of the evaluator with the same text.
    assert rhk.parent.skp.performance_year.year == YEAR
    assert rhk.parent.text == last.rhks.get().parent.text
    assert list(rhk.indicators.values_list("text", "target")) == [
        ("Jumlah laporan", "12 laporan")
    ]
    assert list(skp.expectations.values_list("text", flat=True)) == ["Lama"]
    assert skp.copied_from == last
    assert list(skp.steps.values_list("action", flat=True)) == ["create", "copy"]


def test_copy_without_last_year(world):
    with pytest.raises(ApplicationError) as err:
        svc.skp_copy_last_year(
            employee=world.employee, year=YEAR, by=world.employee.user
        )
    assert err.value.code == "no_previous_skp"
    assert not Skp.objects.exists()
