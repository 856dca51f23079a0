"""Attendance rule, results, JP posted exactly once, certificates, bulk jobs, reminders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from jenjang.certificates.models import Certificate
from jenjang.certificates.selectors import certificate_public
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.development.models import LedgerEntry
from jenjang.training.models import (
    Attendance,
    BatchCertificateJob,
    Enrolment,
    RecertificationReminder,
)
from jenjang.training.services import results as svc
from jenjang.training.services.jobs import (
    certificate_job_start,
    recertification_reminders_send,
)
from jenjang.training.tests.factories import (
    TODAY,
    BatchFactory,
    ProgramFactory,
    add_sessions,
    seat,
)

S = Enrolment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def past_batch(world):
    batch = BatchFactory(
        org_unit=world.dinkes,
        starts_on=TODAY - dt.timedelta(days=20),
        ends_on=TODAY - dt.timedelta(days=16),
        capacity=5,
        min_attendance_percent=75,
    )
    add_sessions(batch, 4)
    return batch


def attend(enrolment, sessions, by):
    for session in sessions:
        present = {
            a.enrolment_id
            for a in Attendance.objects.filter(session=session, present=True)
        } | {enrolment.pk}
        svc.attendance_mark(session=session, present_ids=present, by=by)


def test_attendance_rule_at_the_boundary(world, past_batch, organiser):
    e = seat(past_batch, world.employee)
    sessions = list(past_batch.sessions.all())
    attend(e, sessions[:2], organiser)
    assert svc.attendance_percent(e) == Decimal("50.00")
    assert not svc.meets_attendance(e)
    attend(e, sessions[2:3], organiser)
    assert svc.attendance_percent(e) == Decimal("75.00")
    assert svc.meets_attendance(e)  # exactly the minimum passes


def test_cannot_pass_below_minimum_attendance(world, past_batch, organiser):
    e = seat(past_batch, world.employee)
    attend(e, list(past_batch.sessions.all())[:1], organiser)
    with pytest.raises(ApplicationError) as err:
        svc.result_record(enrolment=e, passed=True, by=organiser)
    assert err.value.code == "attendance_below_min"
    assert err.value.message == (
        "Kehadiran 25.00% di bawah minimum 75%: tidak dapat lulus."
    )
    assert Enrolment.objects.get(pk=e.pk).status == S.ENROLLED
    assert not LedgerEntry.objects.exists()


def test_passing_posts_jp_exactly_once_and_issues_certificate(
    world, past_batch, organiser
):
    e = seat(past_batch, world.employee)
    attend(e, past_batch.sessions.all(), organiser)
    svc.result_record(enrolment=e, passed=True, post_score="88.5", by=organiser)
    svc.result_record(enrolment=e, passed=True, post_score="90", by=organiser)
    entry = LedgerEntry.objects.get()
    assert (entry.source_type, entry.source_id) == ("training.enrolment", str(e.pk))
    assert entry.jp == Decimal("24")
    assert entry.occurred_on == past_batch.ends_on
    assert entry.form.siasn_code == 3
    cert = Certificate.objects.get()
    assert (cert.source_type, cert.source_id) == ("training.enrolment", str(e.pk))
    assert cert.employee == world.employee
    assert cert.valid_until is None
    assert Enrolment.objects.get(pk=e.pk).post_score == Decimal("90")


def test_correcting_a_pass_reverses_jp_and_revokes_certificate(
    world, past_batch, organiser
):
    e = seat(past_batch, world.employee)
    attend(e, past_batch.sessions.all(), organiser)
    svc.result_record(enrolment=e, passed=True, by=organiser)
    number = Certificate.objects.get().number
    svc.result_record(enrolment=e, passed=False, note="Salah input", by=organiser)
    assert sum(x.jp for x in LedgerEntry.objects.all()) == 0
    assert LedgerEntry.objects.count() == 2
    assert certificate_public(number=number).status == "revoked"
    svc.result_record(enrolment=e, passed=True, by=organiser)
    assert sum(x.jp for x in LedgerEntry.objects.all()) == Decimal("24")
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 1


def test_compliance_program_certificate_expires_after_validity(world, organiser):
    program = ProgramFactory(
        title="Pencegahan dan Pengendalian Infeksi", validity_months=24
    )
    batch = BatchFactory(
        program=program,
        org_unit=world.dinkes,
        starts_on=dt.date(2026, 1, 30),
        ends_on=dt.date(2026, 1, 31),
    )
    e = seat(batch, world.employee)
    svc.result_record(enrolment=e, passed=False, by=organiser)  # no sessions: allowed
    batch.min_attendance_percent = 0
    batch.save()
    svc.result_record(enrolment=e, passed=True, by=organiser)
    assert Certificate.objects.get().valid_until == dt.date(2028, 1, 31)


def test_result_only_after_batch_ends(world, organiser):
    batch = BatchFactory(org_unit=world.dinkes)
    e = seat(batch, world.employee)
    with pytest.raises(ApplicationError) as err:
        svc.result_record(enrolment=e, passed=False, by=organiser)
    assert err.value.code == "batch_not_ended"


def test_other_units_organiser_cannot_record(world, past_batch, hr_admin_other):
    e = seat(past_batch, world.employee)
    with pytest.raises(PermissionDenied):
        svc.result_record(enrolment=e, passed=False, by=hr_admin_other)
    assert Enrolment.objects.get(pk=e.pk).status == S.ENROLLED


def test_bad_score_refused(world, past_batch, organiser):
    e = seat(past_batch, world.employee)
    with pytest.raises(ApplicationError) as err:
        svc.result_record(enrolment=e, passed=False, post_score="101", by=organiser)
    assert err.value.message == "Nilai post-test harus antara 0 dan 100."


def test_close_attendance(world, past_batch, organiser):
    good = seat(past_batch, world.employee)
    poor = seat(past_batch, world.puskesmas_employee)
    attend(good, past_batch.sessions.all(), organiser)
    counts = svc.attendance_close(batch=past_batch, by=organiser)
    assert counts == {"attended": 1, "failed": 1}
    assert Enrolment.objects.get(pk=good.pk).status == S.ATTENDED
    assert Enrolment.objects.get(pk=poor.pk).status == S.FAILED


def test_qr_checkin_during_session_only(world, employee, time_machine):
    batch = BatchFactory(org_unit=world.dinkes)
    (session,) = add_sessions(batch, 1)
    e = seat(batch, world.employee)
    with pytest.raises(ApplicationError) as err:
        svc.attendance_checkin(code=session.checkin_code, by=employee)
    assert err.value.code == "checkin_closed"
    time_machine.move_to(session.starts_at + dt.timedelta(minutes=5), tick=False)
    row = svc.attendance_checkin(code=session.checkin_code, by=employee)
    assert (row.enrolment, row.present, row.method) == (e, True, "qr")
    with pytest.raises(ApplicationError) as err:
        svc.attendance_checkin(code="nope", by=employee)
    assert err.value.code == "bad_code"


def test_qr_checkin_refuses_non_participant(world, supervisor, time_machine):
    batch = BatchFactory(org_unit=world.dinkes)
    (session,) = add_sessions(batch, 1)
    seat(batch, world.employee)
    time_machine.move_to(session.starts_at, tick=False)
    with pytest.raises(ApplicationError) as err:
        svc.attendance_checkin(code=session.checkin_code, by=supervisor)
    assert err.value.code == "not_participant"
    assert not Attendance.objects.exists()


def test_bulk_certificate_job_issues_for_every_passed(
    world, past_batch, organiser, django_capture_on_commit_callbacks
):
    passed = [
        seat(past_batch, world.employee, S.PASSED),
        seat(past_batch, world.puskesmas_employee, S.PASSED),
    ]
    seat(past_batch, world.mentor, S.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        job = certificate_job_start(batch=past_batch, by=organiser)
    job = BatchCertificateJob.objects.get(pk=job.pk)  # ran immediately in tests
    assert (job.status, job.done, job.total, job.percent) == ("done", 2, 2, 100)
    assert set(Certificate.objects.values_list("source_id", flat=True)) == {
        str(e.pk) for e in passed
    }
    with django_capture_on_commit_callbacks(execute=True):
        certificate_job_start(batch=past_batch, by=organiser)
    assert BatchCertificateJob.objects.count() == 2
    assert Certificate.objects.count() == 2  # idempotent


def test_bulk_certificate_job_needs_a_pass(world, past_batch, organiser):
    with pytest.raises(ApplicationError) as err:
        certificate_job_start(batch=past_batch, by=organiser)
    assert err.value.code == "nobody_passed"
    assert not BatchCertificateJob.objects.exists()


def test_recertification_reminder_sent_once(world, organiser):
    world.employee.email = "budi@example.go.id"
    world.employee.save()
    program = ProgramFactory(title="Bantuan Hidup Dasar", validity_months=12)
    batch = BatchFactory(
        program=program,
        org_unit=world.dinkes,
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 4, 2),
        min_attendance_percent=0,
    )
    e = seat(batch, world.employee)
    svc.result_record(enrolment=e, passed=True, by=organiser)
    assert Certificate.objects.get().valid_until == dt.date(2026, 4, 2)
    result = recertification_reminders_send(today=TODAY, within_days=60)
    assert (result.due, result.sent) == (1, 1)
    assert mail.outbox[0].to == ["budi@example.go.id"]
    assert "Bantuan Hidup Dasar" in mail.outbox[0].subject
    again = recertification_reminders_send(today=TODAY, within_days=60)
    assert (again.due, again.sent) == (0, 0)
    assert RecertificationReminder.objects.count() == 1
    assert len(mail.outbox) == 1
