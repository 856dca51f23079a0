"""The events API: literal URLs, scope, the shared error shape."""

from decimal import Decimal

import pytest

from conftest import FORBIDDEN, NOT_FOUND
from jenjang.development.models import LedgerEntry
from jenjang.events.models import (
    CheckIn,
    Question,
    Registration,
    SessionSpeaker,
    Speaker,
)
from jenjang.events.tests.factories import make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    event = make_event(world, jp=Decimal("4"), capacity=1)
    speaker = Speaker.objects.create(
        agency=world.agency, name="Prof. Publik", institution="Univ", is_public=True
    )
    hidden = Speaker.objects.create(
        agency=world.agency, name="Rahasia", is_public=False
    )
    session = event.sessions.get()
    SessionSpeaker.objects.create(session=session, speaker=speaker)
    SessionSpeaker.objects.create(session=session, speaker=hidden)
    return event


def test_openapi_builds(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/events/{pk}/checkins" in response.json()["paths"]


def test_register_waitlist_and_ticket_code(api_for, world, event):
    first = api_for("employee", auth="token").post(f"/api/events/{event.pk}/register")
    assert first.status_code == 201
    assert first.json()["status"] == "registered"
    assert first.json()["ticket_code"]
    second = api_for("mentor").post(f"/api/events/{event.pk}/register")
    assert second.json()["status"] == "waitlisted"
    assert second.json()["ticket_code"] is None
    again = api_for("mentor").post(f"/api/events/{event.pk}/register")
    assert again.status_code == 409
    assert again.json()["code"] == "already_registered"
    cancel = api_for("employee").post(
        f"/api/events/registrations/{first.json()['id']}/cancel"
    )
    assert cancel.json()["status"] == "cancelled"
    mine = api_for("mentor").get("/api/events/registrations/mine").json()
    assert [r["status"] for r in mine] == ["registered"]


def test_event_outside_reach_is_not_found(api_for, world):
    from jenjang.people.tests.factories import AgencyFactory, PositionFactory, make_unit

    other = AgencyFactory(code="7777", name="Kota Lain")
    unit = make_unit("Dinas Lain", agency=other, code="DL")
    PositionFactory(org_unit=unit)
    foreign = make_event(world, unit=unit)
    foreign.agency = other
    foreign.save()
    response = api_for("employee").get(f"/api/events/{foreign.pk}")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 403),
        ("supervisor", 403),
        ("mentor", 403),
        ("organiser", 201),
        ("hr_admin", 201),
        ("hr_admin_other", 404),
        ("leader", 403),
        ("superadmin", 201),
        ("anonymous", 401),
    ],
)
def test_checkin_access(api_for, world, event, persona, status):
    reg = register(event, world.employee)
    session = event.sessions.get()
    response = api_for(persona).post(
        f"/api/events/{event.pk}/checkins",
        {"session": session.pk, "code": reg.ticket_code},
        content_type="application/json",
    )
    assert response.status_code == status
    if status == 403:
        assert response.json() == FORBIDDEN
    assert CheckIn.objects.exists() is (status == 201)
    assert LedgerEntry.objects.exists() is (status == 201)


def test_checkin_refusals_in_the_error_shape(api_for, world, event):
    reg = register(event, world.employee)
    session = event.sessions.get()
    api = api_for("organiser")
    url = f"/api/events/{event.pk}/checkins"
    body = {"session": session.pk, "code": reg.ticket_code}
    assert api.post(url, body, content_type="application/json").status_code == 201
    dup = api.post(url, body, content_type="application/json")
    assert dup.status_code == 409
    assert dup.json()["code"] == "already_checked_in"
    other = make_event(world, title="Lain")
    foreign = register(other, world.mentor)
    wrong = api.post(
        url,
        {"session": session.pk, "code": foreign.ticket_code},
        content_type="application/json",
    )
    assert wrong.json() == {
        "code": "wrong_event",
        "message": "Tiket ini untuk kegiatan lain, bukan untuk kegiatan ini.",
        "details": None,
    }


def test_questions_flow(api_for, world, event):
    register(event, world.employee)
    register(event, world.mentor, status=Registration.Status.REGISTERED)
    session = event.sessions.get()
    asked = api_for("employee").post(
        f"/api/events/sessions/{session.pk}/questions",
        {"text": "Apa target tahun ini?"},
        content_type="application/json",
    )
    assert asked.status_code == 201
    qid = asked.json()["id"]
    voted = api_for("mentor").post(f"/api/events/questions/{qid}/vote")
    assert voted.json()[0]["vote_count"] == 1
    assert voted.json()[0]["voted"] is True
    twice = api_for("mentor").post(f"/api/events/questions/{qid}/vote")
    assert twice.status_code == 409
    outsider = api_for("supervisor").post(f"/api/events/questions/{qid}/vote")
    assert outsider.status_code == 403
    denied = api_for("employee").post(
        f"/api/events/questions/{qid}/moderate",
        {"status": "hidden"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    done = api_for("organiser").post(
        f"/api/events/questions/{qid}/moderate",
        {"status": "answered"},
        content_type="application/json",
    )
    assert done.json()[0]["status"] == "answered"
    assert Question.objects.get().status == "answered"


def test_public_endpoints_expose_public_information_only(client, world, event):
    assert client.get(f"/api/public/events/{event.pk}").status_code == 404
    event.is_public = True
    event.save()
    register(event, world.employee)
    data = client.get(f"/api/public/events/{event.pk}").json()
    assert data["title"] == event.title
    assert "capacity" not in data
    assert "online_url" not in data
    names = [s["name"] for s in data["sessions"][0]["speakers"]]
    assert names == ["Prof. Publik"]
    assert world.employee.name not in str(data)
    listing = client.get("/api/public/events").json()
    assert [e["id"] for e in listing] == [event.pk]


def test_create_event_via_api(api_for, world):
    response = api_for("organiser").post(
        "/api/events",
        {
            "organiser_unit": world.dinkes.pk,
            "kind": "conference",
            "title": "Konferensi Kesehatan Daerah",
            "starts_at": "2030-03-01T09:00:00+07:00",
            "ends_at": "2030-03-02T16:00:00+07:00",
            "venue": "Hotel",
            "publish": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["development_form"] == 9
    outside = api_for("organiser").post(
        "/api/events",
        {
            "organiser_unit": world.bpkad.pk,
            "kind": "seminar",
            "title": "X",
            "starts_at": "2030-03-01T09:00:00+07:00",
            "ends_at": "2030-03-01T16:00:00+07:00",
            "venue": "Hotel",
        },
        content_type="application/json",
    )
    assert outside.status_code == 403
    bad = api_for("organiser").post(
        "/api/events",
        {
            "organiser_unit": world.dinkes.pk,
            "kind": "seminar",
            "title": "X",
            "starts_at": "2030-03-01T09:00:00+07:00",
            "ends_at": "2030-03-01T08:00:00+07:00",
            "venue": "Hotel",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "bad_times"
