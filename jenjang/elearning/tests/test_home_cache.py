"""The learner home is served from the shared cache until something it shows changes.

Each change below goes through the service a user's action calls; the next
visit must show it (a miss, rebuilt from the database), and a visit after
that is a hit with the same page.
"""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.utils import timezone

from conftest import sign_in
from jenjang.core.response_cache import HIT_HEADER
from jenjang.elearning.services import community, courses, learning
from jenjang.elearning.tests.conftest import build_course, lessons
from jenjang.elearning.tests.test_paths import _program, pass_programme
from jenjang.notifications.services import notifications_mark_read, notify
from jenjang.people.services import employee_update

pytestmark = pytest.mark.django_db

HOME = "/elearning/"


def _visit(client: Client) -> tuple[str, str]:
    response = client.get(HOME)
    assert response.status_code == 200
    return response[HIT_HEADER], response.content.decode()


def _settled(client: Client) -> str:
    """Visit until the page is served from the cache; return it.

    The first visit of a client without a CSRF cookie sets one, so the page
    kept for its second visit (with the cookie) is hit on its third.
    """
    for _ in range(3):
        state, page = _visit(client)
        if state == "hit":
            return page
    raise AssertionError("the learner home was never served from the cache")


def test_second_visit_is_a_hit_with_the_same_page(client_for, enrolment):
    client = client_for("employee")
    client.get(HOME)  # sets the CSRF cookie, part of the key
    first = client.get(HOME)
    second = client.get(HOME)
    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert "Kepemimpinan Pelayanan" in second.content.decode()
    assert "private" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def _enrol_another(world, organiser, employee_user):
    other = build_course(
        organiser=organiser, unit=world.dinkes, title="Anggaran Kinerja"
    )
    learning.enrolment_create(course=other, employee=world.employee, by=employee_user)
    return "Anggaran Kinerja"


def _complete_text_lesson(world, enrolment, employee_user):
    text = lessons(enrolment)["text"]
    learning.lesson_complete(enrolment=enrolment, lesson=text, by=employee_user)
    return 'aria-valuenow="50"'


def _open_lesson(world, enrolment, employee_user):
    learning.lesson_open(enrolment=enrolment, lesson=lessons(enrolment)["text"])
    return "Lanjutkan"


def _notify(world, enrolment, employee_user):
    notify(user=employee_user, title="Pengingat kursus")
    return 'id="notification-unread"'


def _publish_path(world, enrolment, employee_user):
    community.path_create(
        agency=world.agency,
        title="Jalur Pelayanan Prima",
        items=[{"course": enrolment.course}],
    )
    return "Jalur Pelayanan Prima"


def _course_retitled(world, enrolment, employee_user):
    course = enrolment.course
    course.title = "Kepemimpinan Pelayanan Publik"
    course.save(update_fields=["title"])
    return "Kepemimpinan Pelayanan Publik"


@pytest.mark.parametrize(
    "change",
    [_complete_text_lesson, _open_lesson, _notify, _publish_path, _course_retitled],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_change_the_home_shows_is_shown_at_once(
    client_for, world, enrolment, employee, change
):
    client = client_for("employee")
    before = _settled(client)
    expected = change(world, enrolment, employee)
    assert expected not in before
    state, after = _visit(client)
    assert state == "miss"
    assert expected in after
    assert _visit(client) == ("hit", after)


def test_a_new_enrolment_and_an_assignment_are_shown_at_once(
    client_for, world, organiser, employee, enrolment, hr_admin
):
    import datetime as dt

    client = client_for("employee")
    _settled(client)
    title = _enrol_another(world, organiser, employee)
    assert title in _visit(client)[1]
    assigned = build_course(organiser=organiser, unit=world.dinkes, title="Wajib TIK")
    _settled(client)
    learning.assignment_create(
        course=assigned,
        due_on=timezone.localdate() + dt.timedelta(days=30),
        by=hr_admin,
        org_unit=world.dinkes,
    )
    state, page = _visit(client)
    assert state == "miss"
    assert "Wajib TIK" in page.split("Katalog kursus")[0]  # under "my courses"


def test_completing_a_path_programme_elsewhere_is_shown_at_once(
    client_for, world, enrolment, employee
):
    program = _program(world, title="Latsar CPNS")
    community.path_create(
        agency=world.agency,
        title="Jalur Latsar",
        items=[{"training_program_id": program.pk}],
    )
    client = client_for("employee")
    before = _settled(client)
    assert "bi-check-circle-fill" not in before
    pass_programme(world, program)
    state, after = _visit(client)
    assert state == "miss"
    assert "bi-check-circle-fill" in after


def test_reading_the_inbox_clears_the_bell_at_once(client_for, enrolment, employee):
    notify(user=employee, title="Pengingat")
    client = client_for("employee")
    assert 'id="notification-unread"' in _settled(client)
    notifications_mark_read(user=employee)
    state, page = _visit(client)
    assert (state, 'id="notification-unread"' in page) == ("miss", False)


def test_the_employee_record_changing_rebuilds_the_page(
    client_for, world, enrolment, hr_admin
):
    client = client_for("employee")
    _settled(client)
    employee_update(employee=world.employee, by=hr_admin, name="Nama Baru Pegawai")
    assert _visit(client)[0] == "miss"


def test_another_users_change_leaves_my_page_kept(
    client_for, world, enrolment, supervisor, organiser
):
    mine = client_for("employee")
    _settled(mine)
    other = build_course(organiser=organiser, unit=world.dinkes, title="Lain")
    supervisor_employee = supervisor.employee
    learning.enrolment_create(course=other, employee=supervisor_employee, by=supervisor)
    # The catalogue changed (a new course), so everyone's page is rebuilt once;
    # the supervisor's enrolment after that touches only the supervisor.
    _settled(mine)
    notify(user=supervisor, title="Untuk atasan")
    assert _visit(mine)[0] == "hit"


def test_each_user_gets_their_own_page(client_for, world, enrolment, supervisor):
    mine = client_for("employee")
    theirs = client_for("supervisor")
    my_page = _settled(mine)
    state, their_page = _visit(theirs)
    assert state == "miss"
    assert their_page != my_page
    # Only the employee is enrolled: the supervisor's "my courses" is empty.
    empty = "Belum ada kursus. Pilih dari katalog."
    assert (empty in my_page, empty in their_page) == (False, True)


def test_language_is_part_of_the_key(client_for, enrolment):
    client = client_for("employee")
    _settled(client)
    client.cookies["django_language"] = "en"
    english = client.get(HOME)
    assert english[HIT_HEADER] == "miss"
    assert 'lang="en"' in english.content.decode()


def test_a_pending_message_is_shown_not_hidden_behind_the_cache(client_for, enrolment):
    client = client_for("employee")
    _settled(client)
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode(
        [Message(constants.SUCCESS, "Pesan uji tersimpan")]
    )
    response = client.get(HOME)
    assert response.get(HIT_HEADER) is None  # the cache was not used
    assert "Pesan uji tersimpan" in response.content.decode()
    # Shown once; the page after it is kept again.
    assert "Pesan uji tersimpan" not in _settled(client)


def test_the_csrf_token_in_a_kept_page_is_accepted(world, enrolment, employee):
    client = sign_in(Client(enforce_csrf_checks=True), employee)
    page = _settled(client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 302  # signed out: to the sign-in page


def test_a_revoked_role_is_refused_although_the_page_was_kept(
    client_for, world, enrolment, employee
):
    from jenjang.accounts.models import RoleGrant

    client = client_for("employee")
    _settled(client)
    RoleGrant.objects.filter(user=employee).delete()
    assert client.get(HOME).status_code == 403


def test_a_new_version_published_is_shown_at_once(
    client_for, world, organiser, enrolment
):
    from jenjang.elearning.models import Lesson

    client = client_for("employee")
    before = _settled(client)
    course = enrolment.course
    module = courses.draft_version(course).modules.first()
    courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="Bacaan tambahan",
        kind=Lesson.Kind.TEXT,
        body="Isi",
        estimated_minutes=45,
    )
    courses.course_publish(course=course, by=organiser)
    state, after = _visit(client)
    assert state == "miss"
    jp = re.compile(r'badge text-bg-secondary">([^<]+) JP')
    assert jp.findall(before) != jp.findall(after)


def test_an_import_that_changes_the_employee_rebuilds_the_page(
    client_for, world, enrolment, hr_admin
):
    from jenjang.people.tests.test_import import _row_for
    from jenjang.people.tests.test_import_helpers import csv_bytes, write

    client = client_for("employee")
    _settled(client)
    row = _row_for(world.employee, nama="Nama Dari Impor")
    _summary, errors = write(csv_bytes([row]), agency=world.agency, user=hr_admin)
    assert errors == []
    assert _visit(client)[0] == "miss"
