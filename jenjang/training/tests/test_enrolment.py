"""Enrolment rules: prerequisites, overlap, capacity and waitlist, approval, cancellation."""

import datetime as dt

import pytest

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.models import Position
from jenjang.people.tests.factories import rank
from jenjang.training.models import Enrolment, TrainingProgram
from jenjang.training.services import enrolments as svc
from jenjang.training.services.prerequisites import (
    LEADERSHIP_TARGETS,
    prerequisites_unmet,
)
from jenjang.training.tests.factories import TODAY, BatchFactory, ProgramFactory, seat

S = Enrolment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(world):
    return BatchFactory(org_unit=world.dinkes, capacity=1)


def test_self_request_then_supervisor_approves_into_a_seat(
    world, batch, employee, supervisor
):
    enrolment = svc.enrolment_request(batch=batch, by=employee)
    assert enrolment.status == S.REQUESTED
    assert enrolment.route == Enrolment.Route.SELF
    svc.enrolment_approve(enrolment=enrolment, by=supervisor)
    enrolment.refresh_from_db()
    assert enrolment.status == S.ENROLLED
    assert enrolment.decided_by == supervisor


def test_employee_cannot_approve_own_request(world, batch, supervisor):
    enrolment = svc.enrolment_request(batch=batch, by=supervisor)
    with pytest.raises(PermissionDenied):
        svc.enrolment_approve(enrolment=enrolment, by=supervisor)
    assert Enrolment.objects.get().status == S.REQUESTED


def test_hr_of_other_unit_cannot_approve(
    world, batch, employee, hr_admin_other, hr_admin
):
    enrolment = svc.enrolment_request(batch=batch, by=employee)
    with pytest.raises(PermissionDenied):
        svc.enrolment_approve(enrolment=enrolment, by=hr_admin_other)
    svc.enrolment_approve(enrolment=enrolment, by=hr_admin)
    assert Enrolment.objects.get().status == S.ENROLLED


def test_full_batch_waitlists_and_promotes_when_a_seat_frees(world, batch, supervisor):
    first = svc.enrolment_nominate(batch=batch, employee=world.employee, by=supervisor)
    second = svc.enrolment_nominate(
        batch=batch, employee=world.puskesmas_employee, by=supervisor
    )
    assert (first.status, second.status) == (S.ENROLLED, S.WAITLISTED)
    assert second.waitlisted_at is not None
    svc.enrolment_cancel(enrolment=first, by=world.employee.user)
    second.refresh_from_db()
    assert second.status == S.ENROLLED
    assert second.waitlisted_at is None
    assert Enrolment.objects.get(pk=first.pk).status == S.CANCELLED


def test_waitlist_promotes_oldest_first(world, batch, hr_admin):
    batch.capacity = 1
    batch.save()
    seat(batch, world.employee)
    older = seat(batch, world.puskesmas_employee, S.WAITLISTED)
    newer = seat(batch, world.mentor, S.WAITLISTED)
    newer.waitlisted_at = older.waitlisted_at + dt.timedelta(minutes=1)
    newer.save()
    batch.capacity = 2
    from jenjang.training.services.catalog import batch_save

    organiser_user = hr_admin
    batch_save(batch=batch, by=organiser_user)
    assert Enrolment.objects.get(pk=older.pk).status == S.ENROLLED
    assert Enrolment.objects.get(pk=newer.pk).status == S.WAITLISTED


def test_overlapping_batches_refused_with_reason(world, batch, employee):
    svc.enrolment_request(batch=batch, by=employee)
    other = BatchFactory(
        org_unit=world.dinkes,
        program=ProgramFactory(title="Akuntansi Akrual"),
        starts_on=batch.ends_on,
        ends_on=batch.ends_on + dt.timedelta(days=1),
    )
    with pytest.raises(ApplicationError) as err:
        svc.enrolment_request(batch=other, by=employee)
    assert err.value.code == "overlap"
    assert str(batch) in err.value.message
    assert Enrolment.objects.filter(batch=other).count() == 0


def test_adjacent_batches_do_not_overlap(world, batch, employee):
    svc.enrolment_request(batch=batch, by=employee)
    later = BatchFactory(
        org_unit=world.dinkes,
        starts_on=batch.ends_on + dt.timedelta(days=1),
        ends_on=batch.ends_on + dt.timedelta(days=2),
    )
    assert svc.enrolment_request(batch=later, by=employee).status == S.REQUESTED


def test_cancelled_enrolment_does_not_block_overlap(world, batch, employee):
    first = svc.enrolment_request(batch=batch, by=employee)
    svc.enrolment_cancel(enrolment=first, by=employee)
    other = BatchFactory(org_unit=world.dinkes, starts_on=batch.starts_on)
    assert svc.enrolment_request(batch=other, by=employee).status == S.REQUESTED


def test_already_enrolled(world, batch, employee):
    svc.enrolment_request(batch=batch, by=employee)
    with pytest.raises(ApplicationError) as err:
        svc.enrolment_request(batch=batch, by=employee)
    assert err.value.code == "already_enrolled"


def test_batch_that_started_is_closed(world, employee):
    started = BatchFactory(org_unit=world.dinkes, starts_on=TODAY)
    with pytest.raises(ApplicationError) as err:
        svc.enrolment_request(batch=started, by=employee)
    assert err.value.code == "batch_closed"


@pytest.mark.parametrize(
    ("leadership", "kind", "met"),
    [
        (leadership, kind, kind in LEADERSHIP_TARGETS[leadership])
        for leadership in LEADERSHIP_TARGETS
        for kind in (
            Position.Kind.JPT_MADYA,
            Position.Kind.JPT_PRATAMA,
            Position.Kind.ADMINISTRATOR,
            Position.Kind.PENGAWAS,
            Position.Kind.PELAKSANA,
        )
    ],
)
def test_leadership_training_serves_its_position_level(world, leadership, kind, met):
    """Domain file §4.2: PKN I → JPT Madya, PKN II → JPT Pratama, PKA →
    Administrator, PKP → Pengawas."""
    program = ProgramFactory(leadership=leadership)
    world.staff_position.kind = kind
    world.staff_position.save()
    world.employee.refresh_from_db()
    unmet = prerequisites_unmet(program, world.employee)
    assert (unmet == []) is met
    if not met:
        assert unmet[0].code == "leadership_level"
        assert program.get_leadership_display() in unmet[0].reason


def test_leadership_table_matches_domain_file():
    assert LEADERSHIP_TARGETS == {
        TrainingProgram.Leadership.PKN_I: ("jpt_madya",),
        TrainingProgram.Leadership.PKN_II: ("jpt_pratama",),
        TrainingProgram.Leadership.PKA: ("administrator",),
        TrainingProgram.Leadership.PKP: ("pengawas",),
    }


def test_min_rank_reason(world):
    world.employee.rank = rank("III/a")
    world.employee.save()
    program = ProgramFactory(min_rank=rank("III/c"))
    (unmet,) = prerequisites_unmet(program, world.employee)
    assert unmet.code == "min_rank"
    assert unmet.reason == "Golongan minimum III/c; golongan Anda III/a."
    world.employee.rank = rank("III/d")
    world.employee.save()
    assert prerequisites_unmet(program, world.employee) == []


def test_competency_level_reason(world):
    from jenjang.competencies.tests.factories import (
        AssessmentFactory,
        CompetencyFactory,
    )

    competency = CompetencyFactory(name="Analisis Data Kesehatan")
    program = ProgramFactory(prereq_competency=competency, prereq_level=2)
    (unmet,) = prerequisites_unmet(program, world.employee)
    assert unmet.reason == (
        "Perlu kompetensi Analisis Data Kesehatan minimal level 2; "
        "level Anda belum dinilai."
    )
    AssessmentFactory(employee=world.employee, competency=competency, level=2)
    assert prerequisites_unmet(program, world.employee) == []


def test_earlier_program_required(world):
    basic = ProgramFactory(title="SIMPUS Dasar")
    advanced = ProgramFactory(title="SIMPUS Lanjut", prereq_program=basic)
    (unmet,) = prerequisites_unmet(advanced, world.employee)
    assert unmet.reason == "Harus lulus SIMPUS Dasar lebih dahulu."
    past = BatchFactory(
        program=basic,
        org_unit=world.dinkes,
        starts_on=TODAY - dt.timedelta(days=40),
        ends_on=TODAY - dt.timedelta(days=38),
    )
    seat(past, world.employee, S.PASSED)
    assert prerequisites_unmet(advanced, world.employee) == []


def test_request_refused_lists_every_unmet_prerequisite(world, employee):
    world.employee.rank = rank("II/a")
    world.employee.save()
    program = ProgramFactory(
        leadership=TrainingProgram.Leadership.PKA, min_rank=rank("III/d")
    )
    batch = BatchFactory(program=program, org_unit=world.dinkes)
    with pytest.raises(ApplicationError) as err:
        svc.enrolment_request(batch=batch, by=employee)
    assert [d["code"] for d in err.value.details] == [
        "prerequisite_leadership_level",
        "prerequisite_min_rank",
    ]
    assert not Enrolment.objects.exists()


def test_supervisor_nominates_only_direct_reports(world, batch, supervisor):
    with pytest.raises(PermissionDenied):
        svc.enrolment_nominate(
            batch=batch, employee=world.bpkad_employee, by=supervisor
        )
    e = svc.enrolment_nominate(batch=batch, employee=world.employee, by=supervisor)
    assert (e.status, e.route) == (S.ENROLLED, Enrolment.Route.NOMINATED)


def test_hr_nominates_in_scope_only(world, batch, hr_admin, hr_admin_other):
    with pytest.raises(PermissionDenied):
        svc.enrolment_nominate(batch=batch, employee=world.employee, by=hr_admin_other)
    assert not Enrolment.objects.exists()
    svc.enrolment_nominate(batch=batch, employee=world.puskesmas_employee, by=hr_admin)
    assert Enrolment.objects.get().employee == world.puskesmas_employee


def test_reject_needs_reason(world, batch, employee, supervisor):
    enrolment = svc.enrolment_request(batch=batch, by=employee)
    with pytest.raises(ApplicationError) as err:
        svc.enrolment_reject(enrolment=enrolment, by=supervisor, note=" ")
    assert err.value.code == "note_required"
    svc.enrolment_reject(enrolment=enrolment, by=supervisor, note="Beban kerja")
    assert Enrolment.objects.get().status == S.REJECTED


def test_participant_cannot_cancel_once_batch_started(
    world, employee, hr_admin, time_machine
):
    batch = BatchFactory(org_unit=world.dinkes)
    enrolment = svc.enrolment_request(batch=batch, by=employee)
    time_machine.move_to(dt.datetime.combine(batch.starts_on, dt.time(9)), tick=False)
    assert not svc.may_cancel(enrolment, employee)
    with pytest.raises(ApplicationError) as err:
        svc.enrolment_cancel(enrolment=enrolment, by=employee)
    assert err.value.code == "cannot_cancel"
    assert svc.may_cancel(enrolment, hr_admin)
    svc.enrolment_cancel(enrolment=enrolment, by=hr_admin, reason="Sakit")
    assert Enrolment.objects.get().status == S.CANCELLED


def test_one_active_enrolment_per_batch_in_database(world, batch):
    from django.db import IntegrityError, transaction

    seat(batch, world.employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        seat(batch, world.employee, S.REQUESTED)
    Enrolment.objects.update(status=S.CANCELLED)
    seat(batch, world.employee, S.REQUESTED)
    assert Enrolment.objects.count() == 2
