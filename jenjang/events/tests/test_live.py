"""The polled question list: cached per version, 304 when unchanged, per-user parts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.events.models import Question, QuestionVote
from jenjang.events.services.questions import (
    question_ask,
    question_moderate,
    question_vote,
)
from jenjang.events.services.registrations import registration_cancel
from jenjang.events.tests.factories import make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(world):
    event = make_event(world)
    register(event, world.employee)
    register(event, world.mentor)
    return event, event.sessions.get()


def _url(session) -> str:
    return f"/events/sessions/{session.pk}/questions/"


def _pressed(html: str) -> dict[int, str]:
    """question id -> aria-pressed of its vote button."""
    found = {}
    for item in re.findall(r'<li class="[^"]*question[^"]*".*?</li>', html, re.S):
        qid = int(re.search(r'data-question="(\d+)"', item).group(1))
        pressed = re.search(r'aria-pressed="(true|false)"', item)
        found[qid] = pressed.group(1) if pressed else "none"
    return found


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _tables(sqls: list[str]) -> set[str]:
    return {re.search(r'FROM "(\w+)"', sql).group(1) for sql in sqls}


def _ask_many(session, author, n: int) -> None:
    Question.objects.bulk_create(
        [Question(session=session, author=author, text=f"Q{i}") for i in range(n)]
    )


def test_poll_queries_do_not_grow_with_the_questions(client_for, world, room):
    event, session = room
    other = make_event(world, title="Lokakarya")
    register(other, world.employee)
    other_session = other.sessions.get()
    _ask_many(session, world.mentor, 3)
    _ask_many(other_session, world.mentor, 40)
    QuestionVote.objects.bulk_create(
        [
            QuestionVote(question=q, voter=world.employee)
            for q in Question.objects.filter(session=other_session)[:20]
        ]
    )
    client = client_for("employee")
    client.get("/notifications/")  # the user and roles are in the shared cache now
    cold_small = _queries(client, _url(session))
    cold_big = _queries(client, _url(other_session))
    warm_small = _queries(client, _url(session))
    warm_big = _queries(client, _url(other_session))
    assert len(cold_small) == len(cold_big) == 10
    # Warm, the room reads no table: only the signing-in middleware does
    # (the session row, the test persona's 2FA device; user and roles come
    # from the shared cache).
    assert len(warm_small) == len(warm_big) == 2
    assert (
        _tables(warm_small)
        == _tables(warm_big)
        == {"django_session", "otp_totp_totpdevice"}
    )


def test_unchanged_list_answers_304_and_a_vote_changes_it(client_for, world, room):
    _event, session = room
    q = question_ask(session=session, text="Kapan SOP terbit?", by=world.mentor.user)
    client = client_for("employee")
    first = client.get(_url(session), HTTP_HX_REQUEST="true")
    etag = first["ETag"]
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    again = client.get(_url(session), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    question_vote(question=q, by=world.mentor.user)  # someone else's vote
    changed = client.get(_url(session), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert '<span class="vote-count">1</span>' in changed.content.decode()


def test_my_upvotes_stay_mine_through_the_shared_cache(client_for, world, room):
    _event, session = room
    q1 = question_ask(session=session, text="Satu?", by=world.mentor.user)
    q2 = question_ask(session=session, text="Dua?", by=world.mentor.user)
    employee, mentor = client_for("employee"), client_for("mentor")
    assert _pressed(employee.get(_url(session)).content.decode()) == {
        q1.pk: "false",
        q2.pk: "false",
    }
    voted = employee.post(f"/events/questions/{q1.pk}/vote/", HTTP_HX_REQUEST="true")
    assert _pressed(voted.content.decode()) == {q1.pk: "true", q2.pk: "false"}
    # The mentor reads the same cached render of this list version.
    assert _pressed(mentor.get(_url(session)).content.decode()) == {
        q1.pk: "false",
        q2.pk: "false",
    }
    question_vote(question=q2, by=world.mentor.user)
    assert _pressed(employee.get(_url(session)).content.decode()) == {
        q1.pk: "true",
        q2.pk: "false",
    }
    assert _pressed(mentor.get(_url(session)).content.decode()) == {
        q1.pk: "false",
        q2.pk: "true",
    }
    undo = employee.post(
        f"/events/questions/{q1.pk}/vote/", {"undo": "1"}, HTTP_HX_REQUEST="true"
    )
    assert _pressed(undo.content.decode()) == {q1.pk: "false", q2.pk: "false"}


def test_moderation_reaches_the_cached_list(client_for, world, room, organiser):
    _event, session = room
    q = question_ask(session=session, text="Tersembunyi?", by=world.mentor.user)
    employee, moderator = client_for("employee"), client_for("organiser")
    assert "Tersembunyi?" in employee.get(_url(session)).content.decode()
    assert "mark-answered" in moderator.get(_url(session)).content.decode()
    question_moderate(question=q, status=Question.Status.HIDDEN, by=organiser)
    assert "Tersembunyi?" not in employee.get(_url(session)).content.decode()
    hidden = moderator.get(_url(session)).content.decode()
    assert 'data-status="hidden"' in hidden
    assert "mark-answered" in hidden


def test_cancelled_registration_loses_the_vote_buttons(client_for, world, room):
    event, session = room
    question_ask(session=session, text="Masih bisa?", by=world.mentor.user)
    client = client_for("employee")
    assert 'aria-pressed="false"' in client.get(_url(session)).content.decode()
    reg = event.registrations.get(employee=world.employee)
    registration_cancel(registration=reg, by=world.employee.user)
    after = client.get(_url(session)).content.decode()
    assert "Masih bisa?" in after
    assert "aria-pressed" not in after


def test_a_room_of_another_agency_stays_hidden(client_for, world, room):
    from jenjang.people.tests.factories import AgencyFactory, make_unit

    agency = AgencyFactory(code="7777", name="Kota Lain")
    unit = make_unit("Dinas Lain", agency=agency, code="LAIN")
    world_other = type("W", (), {"agency": agency, "dinkes": unit})()
    hidden = make_event(world_other, audience="agency", title="Rapat internal")
    session = hidden.sessions.get()
    client = client_for("employee")
    assert client.get(_url(session)).status_code == 404
    assert client.get("/events/sessions/999999/questions/").status_code == 404


def test_the_poll_still_needs_sign_in_and_the_attend_role(client, room):
    from jenjang.people.tests.factories import UserFactory

    _event, session = room
    anonymous = client.get(_url(session))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    client.force_login(
        UserFactory(username="tanpa-peran"),
        backend="jenjang.accounts.backends.NipOrUsernameBackend",
    )
    assert client.get(_url(session)).status_code == 403


def test_a_deleted_session_room_stops_answering(client_for, world, room, organiser):
    import datetime as dt

    from jenjang.events.models import EventSession
    from jenjang.events.services.editing import session_delete

    event, _session = room
    extra = EventSession.objects.create(
        event=event,
        title="Panel",
        starts_at=event.starts_at,
        ends_at=event.starts_at + dt.timedelta(hours=1),
    )
    client = client_for("employee")
    assert client.get(_url(extra)).status_code == 200  # access now cached
    session_delete(session=extra, by=organiser)
    assert client.get(_url(extra)).status_code == 404
