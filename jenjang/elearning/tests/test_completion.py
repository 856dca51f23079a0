"""Completion rule: required lessons done and required quiz passed → JP once, certificate."""

from decimal import Decimal

import pytest

from jenjang.certificates.models import Certificate
from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import LedgerEntry
from jenjang.elearning.models import CourseVersion, Enrolment, Lesson, XapiStatement
from jenjang.elearning.services import courses, learning, quiz
from jenjang.elearning.tests.conftest import build_course, lessons, right_answers

pytestmark = pytest.mark.django_db


def _finish(enrolment, user, answers=None):
    ls = lessons(enrolment)
    learning.lesson_complete(enrolment=enrolment, lesson=ls["text"], by=user)
    attempt = quiz.attempt_start(enrolment=enrolment, quiz=ls["quiz"].quiz)
    return quiz.attempt_submit(
        attempt=attempt,
        by=user,
        responses=right_answers(attempt) if answers is None else answers,
    )


def test_completion_posts_jp_once_and_issues_certificate(enrolment, employee):
    attempt = _finish(enrolment, employee)
    assert attempt.passed is True
    assert attempt.score == Decimal("100.00")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    entry = LedgerEntry.objects.get(source_type="elearning.enrolment")
    assert entry.source_id == str(enrolment.pk)
    assert entry.form.siasn_code == 16
    # 135 minutes = 3 JP, exactly the e-learning cap of 3 JP a day (domain §4.4).
    assert entry.jp == Decimal("3.00")
    assert enrolment.jp == Decimal("3.00")
    cert = Certificate.objects.get(source_type="elearning.enrolment")
    assert cert.number == enrolment.certificate_number
    assert cert.employee_id == enrolment.employee_id
    # Checking again changes nothing.
    assert (
        learning.enrolment_check_completion(enrolment=enrolment, by=employee) is False
    )
    assert LedgerEntry.objects.filter(source_type="elearning.enrolment").count() == 1
    assert Certificate.objects.filter(source_type="elearning.enrolment").count() == 1
    verbs = set(XapiStatement.objects.values_list("verb", flat=True))
    assert {"launched", "progressed", "completed", "passed", "answered"} <= verbs


def test_jp_capped_at_three_a_day(world, organiser, employee):
    course = build_course(organiser=organiser, unit=world.dinkes, minutes=(300, 60))
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    _finish(enrolment, employee)
    entry = LedgerEntry.objects.get(source_type="elearning.enrolment")
    assert learning.version_jp(enrolment.version) == Decimal("8.00")  # 360 / 45
    assert entry.jp == Decimal("3.00")


def test_failed_quiz_does_not_complete(enrolment, employee):
    attempt = _finish(enrolment, employee, answers={})
    assert attempt.passed is False
    assert attempt.score == Decimal("0.00")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    assert not LedgerEntry.objects.filter(source_type="elearning.enrolment").exists()
    assert XapiStatement.objects.filter(verb="failed").count() == 1


def test_optional_lesson_not_needed(world, organiser, employee, course):
    draft = courses.draft_version(course)
    module = draft.modules.get()
    extra = courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="Pengayaan",
        kind="text",
        body="x",
        required=False,
    )
    assert extra.module.version == draft
    courses.course_publish(course=course, by=organiser)
    course.refresh_from_db()
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    _finish(enrolment, employee)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_learner_keeps_started_version(world, organiser, employee, course, enrolment):
    v1 = enrolment.version
    draft = courses.draft_version(course)
    assert draft.number == 2
    module = draft.modules.get()
    courses.lesson_create(
        course=course, module_id=module.pk, title="Baru", kind="text", body="y"
    )
    courses.course_publish(course=course, by=organiser)
    course.refresh_from_db()
    v1.refresh_from_db()
    assert course.published_version.number == 2
    assert v1.status == CourseVersion.Status.ARCHIVED
    enrolment.refresh_from_db()
    assert enrolment.version_id == v1.pk
    _finish(enrolment, employee)  # two lessons of v1 are enough
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert Lesson.objects.filter(module__version=course.published_version).count() == 3


def test_prerequisite_required(world, organiser, employee, course):
    second = build_course(organiser=organiser, unit=world.dinkes, title="Lanjutan")
    second.prerequisites.add(course)
    with pytest.raises(ApplicationError) as err:
        learning.enrolment_create(course=second, employee=world.employee, by=employee)
    assert err.value.code == "prerequisites_missing"
    assert "Kepemimpinan Pelayanan" in err.value.message
    assert not Enrolment.objects.filter(course=second).exists()


def test_markdown_is_sanitised():
    html = learning.render_markdown(
        "**tebal** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<strong>tebal</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_assignment_enrols_group_in_scope(world, hr_admin, course):
    import datetime as dt

    from django.utils import timezone

    due = timezone.localdate() + dt.timedelta(days=30)
    assignment, new = learning.assignment_create(
        course=course, due_on=due, by=hr_admin, org_unit=world.dinkes
    )
    enrolled = set(
        Enrolment.objects.filter(course=course).values_list("employee_id", flat=True)
    )
    # Dinkes subtree: supervisor, employee, mentor, puskesmas nurse; not BPKAD.
    assert enrolled == {
        world.supervisor.pk,
        world.employee.pk,
        world.mentor.pk,
        world.puskesmas_employee.pk,
    }
    assert new == 4
    assert set(Enrolment.objects.values_list("due_on", flat=True)) == {due}


def test_assignment_outside_scope_refused(world, hr_admin, course):
    import datetime as dt

    from django.utils import timezone

    with pytest.raises(ApplicationError) as err:
        learning.assignment_create(
            course=course,
            due_on=timezone.localdate() + dt.timedelta(days=3),
            by=hr_admin,
            org_unit=world.bpkad,
        )
    assert err.value.code == "forbidden"
    assert not Enrolment.objects.exists()
