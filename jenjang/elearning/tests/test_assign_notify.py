"""HR assigns a course to a group: each assignee is told once, in the inbox and by e-mail."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from jenjang.elearning.models import Enrolment
from jenjang.elearning.services import learning
from jenjang.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_assignees_notified_once(
    world, hr_admin, course, django_capture_on_commit_callbacks
):
    world.employee.user.email = "pegawai@contoh.go.id"
    world.employee.user.save(update_fields=["email"])
    due = timezone.localdate() + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assignment, new = learning.assignment_create(
            course=course, due_on=due, by=hr_admin, org_unit=world.dinkes
        )
    assert new == 4
    notes = Notification.objects.filter(key=f"elearning.assignment:{assignment.pk}")
    users = {
        e.employee.user_id
        for e in Enrolment.objects.filter(assignment=assignment).select_related(
            "employee"
        )
        if e.employee.user_id
    }
    assert set(notes.values_list("user_id", flat=True)) == users
    assert notes.count() == len(users)
    mine = notes.get(user=world.employee.user)
    enrolment = Enrolment.objects.get(course=course, employee=world.employee)
    assert mine.title == f"Kursus ditugaskan: {course.title}"
    assert mine.url == f"/elearning/learn/{enrolment.pk}/"
    assert course.title in mine.body
    # E-mail only to those with an address: here the employee alone.
    assert [m.to for m in mail.outbox] == [["pegawai@contoh.go.id"]]
    assert mail.outbox[0].subject == mine.title
    # Once per assignment: telling again sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert learning.assignment_notify(assignment=assignment) == 0
    assert notes.count() == len(users)
    assert len(mail.outbox) == 1


def test_second_assignment_notifies_only_its_own(world, hr_admin, course):
    due = timezone.localdate() + dt.timedelta(days=30)
    first, _n = learning.assignment_create(
        course=course, due_on=due, by=hr_admin, org_unit=world.dinkes
    )
    # Everyone is already enrolled with a due date: the second assignment
    # enrols nobody new and tells nobody.
    second, new = learning.assignment_create(
        course=course, due_on=due, by=hr_admin, org_unit=world.dinkes
    )
    assert new == 0
    assert not Notification.objects.filter(
        key=f"elearning.assignment:{second.pk}"
    ).exists()
    assert (
        Notification.objects.filter(key=f"elearning.assignment:{first.pk}").count()
        == Notification.objects.count()
    )
