"""The enrolment flows tell the right person once, in the inbox and by e-mail."""

import pytest
from django.core import mail

from jenjang.notifications.models import Notification
from jenjang.training.models import Enrolment
from jenjang.training.services import enrolments as svc
from jenjang.training.tests.factories import BatchFactory

S = Enrolment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(world):
    return BatchFactory(org_unit=world.dinkes, capacity=1)


def titles(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user)
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_request_reaches_the_supervisor_and_the_decision_the_employee(
    world, batch, employee, supervisor, django_capture_on_commit_callbacks
):
    employee.email = "pegawai@contoh.go.id"
    employee.save()
    supervisor.email = "atasan@contoh.go.id"
    supervisor.save()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = svc.enrolment_request(batch=batch, by=employee)
    assert titles(supervisor) == ["Permintaan pelatihan menunggu persetujuan Anda"]
    note = Notification.objects.get(user=supervisor)
    assert note.url == "/training/approvals/"
    assert world.employee.full_name in note.body
    assert [m.to for m in mail.outbox] == [["atasan@contoh.go.id"]]

    with django_capture_on_commit_callbacks(execute=True):
        svc.enrolment_approve(enrolment=enrolment, by=supervisor)
    assert titles(employee) == ["Permintaan pelatihan Anda disetujui"]
    assert [m.to for m in mail.outbox][-1] == ["pegawai@contoh.go.id"]


def test_rejection_tells_the_employee(world, batch, employee, supervisor):
    enrolment = svc.enrolment_request(batch=batch, by=employee)
    svc.enrolment_reject(enrolment=enrolment, by=supervisor, note="Beban kerja")
    assert titles(employee) == ["Permintaan pelatihan Anda ditolak"]


def test_nomination_and_a_freed_seat_are_told(world, batch, supervisor, mentor):
    first = svc.enrolment_nominate(batch=batch, employee=world.employee, by=supervisor)
    svc.enrolment_nominate(batch=batch, employee=world.mentor, by=supervisor)
    assert titles(world.employee.user) == ["Anda ditugaskan mengikuti pelatihan"]
    assert titles(mentor) == ["Anda ditugaskan mengikuti pelatihan (daftar tunggu)"]
    svc.enrolment_cancel(enrolment=first, by=world.employee.user)
    assert titles(mentor)[-1] == "Kursi pelatihan tersedia untuk Anda"


def test_a_refused_request_tells_nobody(world, batch, supervisor):
    svc.enrolment_request(batch=batch, by=supervisor)
    enrolment = Enrolment.objects.get()
    from jenjang.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.enrolment_approve(enrolment=enrolment, by=supervisor)
    assert (
        Notification.objects.filter(
            title__startswith="Permintaan pelatihan Anda"
        ).count()
        == 0
    )
