"""Pages: access per persona, HR runs and publishes a round, the pair works."""

import datetime as dt

import pytest
import time_machine

from conftest import PERSONAS
from jenjang.development.models import LedgerEntry
from jenjang.mentoring.models import MatchingRound, Relationship, Session
from jenjang.mentoring.tests.factories import (
    competency,
    make_mentor,
    make_request,
    make_senior,
)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(
        dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=False
    ):
        yield


@pytest.fixture
def ready(world, hr_admin):
    comp = competency("analisis-data")
    make_senior(world.mentor)
    make_mentor(world.mentor, {comp: 4}, capacity=2, by=hr_admin)
    make_request(world.employee, {comp: 3})
    return comp


PAGES = {
    "/mentoring/": {
        "employee",
        "supervisor",
        "mentor",
        "organiser",
        "hr_admin",
        "hr_admin_other",
        "leader",
        "superadmin",
    },
    "/mentoring/rounds/": {"hr_admin", "hr_admin_other", "superadmin"},
    "/mentoring/mentors/": {"hr_admin", "hr_admin_other", "superadmin"},
    "/mentoring/requests/": {"hr_admin", "hr_admin_other", "superadmin"},
    "/mentoring/overview/": {"hr_admin", "hr_admin_other", "leader", "superadmin"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(PAGES))
def test_page_access(client_for, persona, url):
    r = client_for(persona).get(url)
    if persona == "anonymous":
        assert r.status_code == 302
        assert "/accounts/login/" in r["Location"]
    elif persona in PAGES[url]:
        assert r.status_code == 200
    else:
        assert r.status_code == 403


def test_hr_runs_and_publishes_then_the_pair_works(
    client_for, world, ready, django_capture_on_commit_callbacks
):
    hr = client_for("hr_admin")
    r = hr.post(
        "/mentoring/rounds/",
        {
            "name": "Putaran Maret",
            "org_unit": world.dinkes.pk,
            "w_coverage": 40,
            "w_field": 20,
            "w_seniority": 15,
            "w_unit": 10,
            "w_load": 15,
            "min_rank_gap": 1,
            "max_rank_gap": 8,
        },
    )
    rnd = MatchingRound.objects.get()
    assert r["Location"] == f"/mentoring/rounds/{rnd.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/mentoring/rounds/{rnd.pk}/run/")
    page = hr.get(f"/mentoring/rounds/{rnd.pk}/").content.decode()
    assert "Agus Salim" in page
    assert "Kecocokan kompetensi 40,0" in page or "Kecocokan kompetensi 40.0" in page
    progress = hr.get(f"/mentoring/rounds/{rnd.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    hr.post(f"/mentoring/rounds/{rnd.pk}/publish/")
    rel = Relationship.objects.get()
    client_for("employee").post(f"/mentoring/pairs/{rel.pk}/accept/")
    mentor = client_for("mentor")
    mentor.post(f"/mentoring/pairs/{rel.pk}/accept/")
    rel.refresh_from_db()
    assert rel.status == Relationship.Status.ACTIVE
    mentor.post(
        f"/mentoring/pairs/{rel.pk}/sessions/",
        {
            "held_on": "2026-03-16",
            "duration_minutes": 60,
            "topics": "Membaca data",
            "notes": "Hanya untuk kita",
            "action_items": "Susun dasbor\nBaca modul",
        },
    )
    session = Session.objects.get()
    assert session.action_items.count() == 2
    assert LedgerEntry.objects.filter(employee=world.employee).count() == 1
    mine = client_for("employee").get(f"/mentoring/pairs/{rel.pk}/").content.decode()
    assert "Hanya untuk kita" in mine
    hr_page = hr.get(f"/mentoring/pairs/{rel.pk}/").content.decode()
    assert "Membaca data" in hr_page
    assert "Hanya untuk kita" not in hr_page
    other = client_for("hr_admin_other").get(f"/mentoring/pairs/{rel.pk}/")
    assert other.status_code == 404


def test_bad_session_input_shows_a_message_and_saves_nothing(
    client_for, world, ready, hr_admin
):
    from jenjang.mentoring.services import pairs as pair_services

    rel = pair_services.coaching_start(
        coach=world.supervisor, member=world.employee, by=world.supervisor.user
    )
    r = client_for("supervisor").post(
        f"/mentoring/pairs/{rel.pk}/sessions/",
        {"held_on": "2026-03-20", "duration_minutes": 60, "topics": "Besok"},
        follow=True,
    )
    assert r.status_code == 200
    assert "Tanggal sesi tidak boleh di masa depan." in r.content.decode()
    assert not Session.objects.exists()


def test_request_form_prefills_from_gaps(client_for, world):
    r = client_for("employee").get("/mentoring/request/")
    assert r.status_code == 200
    r = client_for("employee").post(
        "/mentoring/request/",
        {"goals": "Belajar", "unit_preference": "other", "mode": "any"},
    )
    assert r.status_code == 302
    assert world.employee.mentee_requests.get().unit_preference == "other"


def test_home_panel_shows_a_waiting_proposal(client_for, world, ready, hr_admin):
    from jenjang.mentoring.services import rounds as round_services

    rnd = round_services.round_create(name="R", org_unit=world.dinkes, by=hr_admin)
    rnd = round_services.round_run(round_id=rnd.pk)
    round_services.round_publish(round=rnd, by=hr_admin)
    page = client_for("employee").get("/").content.decode()
    assert 'id="mentoring-home-panel"' in page
    assert "usulan pasangan menunggu jawaban Anda" in page
