"""The mentoring API: access per persona, the whole flow, notes only for the pair."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum

from conftest import FORBIDDEN, NOT_FOUND, PERSONAS
from jenjang.development.models import LedgerEntry
from jenjang.mentoring.models import MatchingRound, MenteeRequest, Relationship, Session
from jenjang.mentoring.tests.factories import competency, make_mentor, make_senior

TODAY = dt.date(2026, 3, 16)
JSON = "application/json"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(
        dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC), tick=False
    ):
        yield


@pytest.fixture
def data(world, hr_admin):
    comp = competency("analisis-data")
    make_senior(world.mentor)
    profile = make_mentor(world.mentor, {comp: 4}, capacity=2, by=hr_admin)
    return comp, profile


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def _run(client, round_id, capture):
    with capture(execute=True):
        r = _post(client, f"/api/mentoring/rounds/{round_id}/run")
    assert r.status_code == 202
    return r


def _flow_to_active(api_for, world, data, capture):
    comp, profile = data
    mentee = api_for("employee")
    r = _post(
        mentee,
        "/api/mentoring/requests",
        {
            "goals": "Belajar analisis",
            "needs": [{"competency_id": comp.pk, "target_level": 3}],
        },
    )
    assert r.status_code == 201, r.content
    hr = api_for("hr_admin")
    r = _post(
        hr,
        "/api/mentoring/rounds",
        {"name": "Putaran 1", "org_unit_id": world.dinkes.pk},
    )
    assert r.status_code == 201, r.content
    round_id = r.json()["id"]
    _run(hr, round_id, capture)
    r = hr.get(f"/api/mentoring/rounds/{round_id}")
    assert r.json()["status"] == "done"
    assert r.json()["progress"] == 100
    proposals = hr.get(f"/api/mentoring/rounds/{round_id}/proposals").json()
    assert [p["mentor_id"] for p in proposals] == [profile.pk]
    assert proposals[0]["breakdown"]["coverage"] == 40.0
    r = _post(hr, f"/api/mentoring/rounds/{round_id}/publish")
    assert r.json()["published"] == 1
    pair_id = Relationship.objects.get().pk
    assert _post(mentee, f"/api/mentoring/pairs/{pair_id}/accept").status_code == 200
    mentor = api_for("mentor")
    r = _post(mentor, f"/api/mentoring/pairs/{pair_id}/accept")
    assert r.json()["status"] == "active"
    return pair_id


def test_whole_flow_posts_jp_and_hides_notes_from_hr(
    api_for, world, data, django_capture_on_commit_callbacks
):
    pair_id = _flow_to_active(api_for, world, data, django_capture_on_commit_callbacks)
    mentor = api_for("mentor")
    r = _post(
        mentor,
        f"/api/mentoring/pairs/{pair_id}/sessions",
        {
            "held_on": "2026-03-16",
            "duration_minutes": 60,
            "topics": "Membaca data",
            "notes": "Catatan pribadi",
            "action_items": [{"text": "Susun dasbor"}],
        },
    )
    assert r.status_code == 201, r.content
    jp = LedgerEntry.objects.filter(employee=world.employee).aggregate(s=Sum("jp"))["s"]
    assert jp == Decimal("2.00")
    mine = api_for("employee").get(f"/api/mentoring/pairs/{pair_id}").json()
    assert mine["sessions"][0]["notes"] == "Catatan pribadi"
    assert mine["my_side"] == "mentee"
    hr_view = api_for("hr_admin").get(f"/api/mentoring/pairs/{pair_id}")
    assert hr_view.status_code == 200
    assert hr_view.json()["sessions"][0]["notes"] is None
    assert hr_view.json()["my_side"] is None
    # Another agency's HR admin does not see the pair at all.
    other = api_for("hr_admin_other").get(f"/api/mentoring/pairs/{pair_id}")
    assert other.status_code == 404
    assert other.json() == NOT_FOUND
    overview = api_for("leader").get("/api/mentoring/overview").json()
    assert overview["active"] == 1
    assert overview["sessions_90d"] == 1


def test_hr_cannot_log_a_session_for_the_pair(
    api_for, world, data, django_capture_on_commit_callbacks
):
    pair_id = _flow_to_active(api_for, world, data, django_capture_on_commit_callbacks)
    r = _post(
        api_for("hr_admin"),
        f"/api/mentoring/pairs/{pair_id}/sessions",
        {"held_on": "2026-03-16", "duration_minutes": 30, "topics": "x"},
    )
    assert r.status_code == 404
    assert not Session.objects.exists()


def test_decline_through_the_api_reopens_the_request(
    api_for, world, data, django_capture_on_commit_callbacks
):
    comp, _profile = data
    _post(
        api_for("employee"),
        "/api/mentoring/requests",
        {"goals": "Belajar", "needs": [{"competency_id": comp.pk, "target_level": 3}]},
    )
    hr = api_for("hr_admin")
    rid = _post(
        hr, "/api/mentoring/rounds", {"name": "R", "org_unit_id": world.dinkes.pk}
    ).json()["id"]
    _run(hr, rid, django_capture_on_commit_callbacks)
    _post(hr, f"/api/mentoring/rounds/{rid}/publish")
    pair_id = Relationship.objects.get().pk
    r = _post(api_for("mentor"), f"/api/mentoring/pairs/{pair_id}/decline")
    assert r.json()["status"] == "declined"
    assert MenteeRequest.objects.get().status == "open"


def test_bad_input_gets_the_error_shape(api_for, world, data):
    hr = api_for("hr_admin")
    r = _post(
        hr,
        "/api/mentoring/rounds",
        {"name": "R", "org_unit_id": world.dinkes.pk, "w_field": 500},
    )
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_input"
    r = _post(
        hr,
        "/api/mentoring/rounds",
        {
            "name": "R",
            "org_unit_id": world.dinkes.pk,
            "min_rank_gap": 6,
            "max_rank_gap": 2,
        },
    )
    assert r.status_code == 400
    assert r.json()["code"] == "bad_rank_gap"
    assert not MatchingRound.objects.exists()
    r = _post(hr, "/api/mentoring/rounds", {"name": "R", "org_unit_id": world.bpkad.pk})
    assert r.status_code == 404


ALLOWED_ROUNDS = {"hr_admin", "superadmin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_round_creation_access(api_for, world, persona):
    r = _post(
        api_for(persona),
        "/api/mentoring/rounds",
        {"name": "R", "org_unit_id": world.dinkes.pk},
    )
    if persona in ALLOWED_ROUNDS:
        assert r.status_code == 201
        assert MatchingRound.objects.count() == 1
    else:
        assert r.status_code in (401, 403, 404)
        if r.status_code == 403:
            assert r.json() == FORBIDDEN
        assert not MatchingRound.objects.exists()


OVERVIEW_ALLOWED = {"hr_admin", "hr_admin_other", "leader", "superadmin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_overview_access(api_for, persona):
    r = api_for(persona, "token" if persona != "anonymous" else "session").get(
        "/api/mentoring/overview"
    )
    if persona in OVERVIEW_ALLOWED:
        assert r.status_code == 200
    elif persona == "anonymous":
        assert r.status_code == 401
    else:
        assert r.status_code == 403
        assert r.json() == FORBIDDEN


def test_coaching_via_api(api_for, world):
    r = _post(
        api_for("supervisor"),
        "/api/mentoring/coaching",
        {"member_id": world.employee.pk},
    )
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "coaching"
    r = _post(
        api_for("employee"), "/api/mentoring/coaching", {"member_id": world.mentor.pk}
    )
    assert r.status_code == 403
    assert Relationship.objects.count() == 1


def test_volunteer_as_mentor(api_for, world):
    r = api_for("mentor").put(
        "/api/mentoring/mentors/me",
        {"capacity": 3, "mode": "online"},
        content_type=JSON,
    )
    assert r.status_code == 200, r.content
    assert r.json()["source"] == "volunteer"
    assert r.json()["capacity"] == 3
    r = api_for("hr_admin").get("/api/mentoring/mentors")
    assert [m["employee"]["id"] for m in r.json()["items"]] == [world.mentor.pk]
    assert api_for("hr_admin_other").get("/api/mentoring/mentors").json()["items"] == []
