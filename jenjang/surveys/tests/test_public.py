"""The public survey: the form without sign-in, exactly-once submission by
client UUID, and the protections (honeypot, rate limit, near-duplicates)."""

import datetime as dt
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from jenjang.surveys.models import Response
from jenjang.surveys.services.responses import Outcome, response_submit_public
from jenjang.surveys.tests.conftest import answers

pytestmark = pytest.mark.django_db
API = "/api/surveys/public/pkm-sukamaju/responses"


def _post(client, body, ip="10.0.0.1", ua="Mozilla/5.0 test"):
    return client.post(
        API,
        data=json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=ua,
    )


def _service(unit):
    return unit.services.get(name="Rawat jalan")


def test_public_form_needs_no_sign_in_and_is_accessible(unit):
    page = Client().get("/surveys/s/pkm-sukamaju/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<fieldset") == 9
    assert html.count("<legend") == 9
    assert 'name="website"' in html  # the honeypot
    assert 'name="client_uuid"' in html
    assert "Rawat jalan" in html
    assert "htmx" not in html
    assert "bootstrap.bundle" not in html
    assert 'src="/static/surveys/offline.js"' in html


def test_public_form_speaks_english(unit):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/surveys/s/pkm-sukamaju/").content.decode()
    assert "Send response" in html
    assert "Requirements" in html


def test_unknown_or_closed_unit_is_404(unit):
    assert Client().get("/surveys/s/nope/").status_code == 404
    unit.is_active = False
    unit.save()
    assert Client().get("/surveys/s/pkm-sukamaju/").status_code == 404
    assert _post(Client(), answers(service=_service(unit).pk)).status_code == 404


def test_form_post_without_javascript(unit):
    client = Client()
    body = answers(service=_service(unit).pk, client_uuid=str(uuid.uuid4()))
    reply = client.post("/surveys/s/pkm-sukamaju/", body, REMOTE_ADDR="10.1.1.1")
    assert reply.status_code == 302
    assert reply["Location"] == "/surveys/s/pkm-sukamaju/terima-kasih/"
    row = Response.objects.get()
    assert row.answers == [4, 3, 3, 4, 3, 3, 4, 3, 3]
    assert row.channel == Response.Channel.ONLINE
    assert str(row.client_uuid) == body["client_uuid"]


def test_form_post_with_missing_answers_shows_messages(unit):
    body = answers(service=_service(unit).pk)
    del body["u3"]
    reply = Client().post("/surveys/s/pkm-sukamaju/", body)
    assert reply.status_code == 400
    assert "Pilih jawaban 1 sampai 4." in reply.content.decode()
    assert Response.objects.count() == 0


def test_same_client_uuid_is_stored_exactly_once(unit):
    client = Client()
    body = answers(service=_service(unit).pk, client_uuid=str(uuid.uuid4()))
    first = _post(client, body)
    again = _post(client, body)
    from_elsewhere = _post(client, body, ip="10.9.9.9", ua="other")
    assert first.status_code == 201
    assert first.json() == {"status": "created", "client_uuid": body["client_uuid"]}
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "client_uuid": body["client_uuid"]}
    assert from_elsewhere.json()["status"] == "duplicate"
    assert Response.objects.filter(client_uuid=body["client_uuid"]).count() == 1


def test_a_resend_from_another_network_is_caught_by_the_unique_constraint(unit):
    # The phone kept it offline at the counter and resent it from home: no
    # near-duplicate match (another sender), so the insert itself meets the
    # unique client UUID and answers "duplicate".
    body = answers(service=_service(unit).pk, client_uuid=str(uuid.uuid4()))
    _post(Client(), body)
    row, outcome = response_submit_public(
        service_unit=unit, data=body, ip="10.0.0.2", user_agent="home"
    )
    assert outcome == Outcome.DUPLICATE
    assert str(row.client_uuid) == body["client_uuid"]
    assert Response.objects.count() == 1


def test_a_client_uuid_of_another_unit_is_refused(unit, other_unit):
    body = answers(service=_service(unit).pk, client_uuid=str(uuid.uuid4()))
    _post(Client(), body)
    reply = Client().post(
        "/api/surveys/public/bpkad-loket/responses",
        data=json.dumps({**body, "service": ""}),
        content_type="application/json",
    )
    assert reply.status_code == 409
    assert reply.json()["code"] == "uuid_conflict"
    assert Response.objects.count() == 1


def test_offline_response_keeps_the_time_it_was_typed(unit):
    typed = timezone.now() - dt.timedelta(days=2)
    body = answers(service=_service(unit).pk, filled_at=typed.isoformat())
    assert _post(Client(), body).status_code == 201
    assert Response.objects.get().submitted_at == typed.replace(
        microsecond=typed.microsecond
    )


@pytest.mark.parametrize(
    "claimed",
    [
        lambda now: (now + dt.timedelta(days=1)).isoformat(),
        lambda now: (now - dt.timedelta(days=40)).isoformat(),
        lambda now: "kemarin",
        lambda now: "2026-01-01T10:00:00",  # no time zone
    ],
)
def test_implausible_typing_time_becomes_receipt_time(unit, claimed):
    now = timezone.now()
    body = answers(service=_service(unit).pk, filled_at=claimed(now))
    assert _post(Client(), body).status_code == 201
    assert abs(Response.objects.get().submitted_at - now) < dt.timedelta(minutes=1)


def test_honeypot_is_thanked_and_dropped(unit):
    body = answers(service=_service(unit).pk, website="http://spam.example")
    reply = _post(Client(), body)
    assert reply.status_code == 200
    assert reply.json() == {"status": "ignored", "client_uuid": None}
    form = Client().post("/surveys/s/pkm-sukamaju/", body)
    assert form.status_code == 302
    assert Response.objects.count() == 0


def test_rate_limit_per_ip(unit, settings):
    settings.JENJANG_SURVEY_RATE_LIMIT = 3
    client = Client()
    service = _service(unit).pk
    codes = [
        _post(
            client, answers((i % 4 + 1,) * 9, service=service, suggestion=str(i))
        ).status_code
        for i in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    limited = _post(client, answers(service=service, suggestion="x"))
    assert limited.json()["code"] == "rate_limited"
    # Another address is not affected.
    assert _post(client, answers(service=service), ip="10.0.0.77").status_code == 201
    assert Response.objects.count() == 4


def test_resend_of_a_stored_response_does_not_count_against_the_limit(unit, settings):
    settings.JENJANG_SURVEY_RATE_LIMIT = 1
    body = answers(service=_service(unit).pk, client_uuid=str(uuid.uuid4()))
    client = Client()
    assert [_post(client, body).status_code for _ in range(3)] == [201, 200, 200]


def test_near_duplicate_from_the_same_sender_is_refused_gently(unit):
    client = Client()
    body = answers(service=_service(unit).pk, suggestion="Antrean lama")
    assert _post(client, body).status_code == 201
    twin = _post(client, body)
    assert twin.status_code == 409
    assert twin.json() == {
        "code": "near_duplicate",
        "message": "Tanggapan yang sama baru saja kami terima. Terima kasih!",
        "details": None,
    }
    # The form says thanks, and stores nothing more.
    form = client.post(
        "/surveys/s/pkm-sukamaju/",
        body,
        REMOTE_ADDR="10.0.0.1",
        HTTP_USER_AGENT="Mozilla/5.0 test",
    )
    assert form["Location"] == "/surveys/s/pkm-sukamaju/terima-kasih/?again=1"
    assert Response.objects.count() == 1


def test_honest_respondents_on_one_network_are_not_duplicates(unit):
    client = Client()
    service = _service(unit).pk
    # Same counter Wi-Fi and same answers, but another phone …
    assert _post(client, answers(service=service)).status_code == 201
    assert (
        _post(client, answers(service=service), ua="Android phone").status_code == 201
    )
    # … or the same tablet with a different answer.
    other = answers((4,) * 9, service=service)
    assert _post(client, other).status_code == 201
    assert Response.objects.count() == 3


def test_same_answers_later_are_accepted(unit, settings):
    client = Client()
    body = answers(service=_service(unit).pk)
    assert _post(client, body).status_code == 201
    Response.objects.update(received_at=timezone.now() - dt.timedelta(minutes=6))
    assert _post(client, body).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"u1": 5}, "u1"),
        ({"u2": 0}, "u2"),
        ({"u3": "tiga"}, "u3"),
        ({"u4": None}, "u4"),
        ({"u5": True}, "u5"),
        ({"service": 999999}, "service"),
        ({"service": ""}, "service"),
        ({"sex": "X"}, "sex"),
        ({"suggestion": "a" * 1001}, "suggestion"),
        ({"client_uuid": "bukan-uuid"}, "client_uuid"),
    ],
)
def test_bad_input_is_a_clear_message_and_stores_nothing(unit, change, field):
    body = answers(service=_service(unit).pk)
    body.update(change)
    reply = _post(Client(), body)
    assert reply.status_code == 400
    assert reply.json()["code"] == "invalid_response"
    assert [d["field"] for d in reply.json()["details"]] == [field]
    assert Response.objects.count() == 0


def test_unit_without_services_takes_no_service(world):
    from jenjang.surveys.tests.factories import ServiceUnitFactory

    ServiceUnitFactory(org_unit=world.dinkes, code="dinkes-loket")
    url = "/api/surveys/public/dinkes-loket/responses"
    ok = Client().post(url, answers(), content_type="application/json")
    assert ok.status_code == 201
    assert Response.objects.get().service is None


def test_public_form_definition(unit):
    body = Client().get("/api/surveys/public/pkm-sukamaju").json()
    assert body["name"] == "Puskesmas Sukamaju"
    assert [s["name"] for s in body["services"]] == ["Imunisasi", "Rawat jalan"]
    assert [u["field"] for u in body["unsur"]] == [f"u{i}" for i in range(1, 10)]


def test_poster_has_a_qr_code_of_the_public_address(unit):
    page = Client().get("/surveys/s/pkm-sukamaju/poster/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    assert "http://testserver/surveys/s/pkm-sukamaju/" in html
    svg = Client().get("/surveys/s/pkm-sukamaju/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml") or b"<svg" in svg.content[:200]


@pytest.mark.parametrize("code", ["level sasaran", "unit\u00a0ü", "x" * 400])
def test_any_typed_code_makes_a_cache_key_every_backend_accepts(code):
    from django.core.cache.backends.base import memcache_key_warnings

    from jenjang.surveys.selectors import public_cache_key

    key = public_cache_key(code)
    assert list(memcache_key_warnings(f":1:{key}")) == []
    assert key != public_cache_key(code + "-")
    assert Client().get(f"/surveys/s/{code}/").status_code == 404
