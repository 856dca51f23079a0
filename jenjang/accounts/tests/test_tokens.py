"""Personal access tokens: the page, the API, and who may use them."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from jenjang.accounts.models import ApiToken
from jenjang.accounts.services import api_token_create
from jenjang.people.tests.factories import UserFactory

PAGE = "/accounts/tokens/"
SIGNED_IN = [
    "employee",
    "supervisor",
    "mentor",
    "organiser",
    "hr_admin",
    "hr_admin_other",
    "leader",
    "superadmin",
]
ALL_PERSONAS = [*SIGNED_IN, "anonymous"]


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- the page -------------------------------------------------------------------


def test_create_on_the_page_shows_the_key_once(client_for, employee):
    client = client_for("employee")
    response = client.post(PAGE, {"name": "skrip laporan", "expires_in_days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=employee)
    raw = response.context["raw_key"]
    assert raw.startswith("jjg_")
    assert token.key_hash == ApiToken.hash_key(raw)
    assert token.hint == raw[:8]
    assert token.name == "skrip laporan"
    assert (
        dt.timedelta(days=29, hours=23)
        < token.expires_at - timezone.now()
        <= dt.timedelta(days=30)
    )
    assert raw in response.content.decode()

    again = client.get(PAGE)
    assert raw not in again.content.decode()
    assert "skrip laporan" in again.content.decode()
    assert Client().get("/api/me", **bearer(raw)).json()["username"] == "employee"


def test_token_without_expiry(client_for, employee):
    client_for("employee").post(PAGE, {"name": "selamanya"})
    assert ApiToken.objects.get(user=employee).expires_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Nama token wajib diisi."),
        ({"name": "x", "expires_in_days": "0"}, "Masa berlaku paling sedikit 1 hari."),
        ({"name": "x", "expires_in_days": "366"}, "Masa berlaku paling lama 365 hari."),
        (
            {"name": "x", "expires_in_days": "besok"},
            "Masa berlaku harus berupa bilangan bulat (hari).",
        ),
        ({"name": "x" * 101}, "Nama token paling panjang 100 karakter."),
    ],
)
def test_bad_input_on_the_page_changes_nothing(client_for, employee, data, message):
    response = client_for("employee").post(PAGE, data)
    assert response.status_code == 200
    assert response.context["raw_key"] is None
    assert message in response.content.decode()
    assert not ApiToken.objects.filter(user=employee).exists()


def test_revoke_on_the_page(client_for, employee):
    token, raw = api_token_create(user=employee, name="lama")
    client = client_for("employee")
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert response["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Token \u201clama\u201d dicabut." in client.get(PAGE).content.decode()
    assert Client().get("/api/me", **bearer(raw)).status_code == 401


def test_revoke_twice_says_so(client_for, employee):
    token, _raw = api_token_create(user=employee, name="lama")
    client = client_for("employee")
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert "Token ini sudah dicabut." in client.get(PAGE).content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at


def test_revoke_needs_post(client_for, employee):
    token, _raw = api_token_create(user=employee, name="lama")
    response = client_for("employee").get(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_page_lists_only_own_tokens(client_for, employee, mentor):
    api_token_create(user=employee, name="punya pegawai")
    api_token_create(user=mentor, name="punya mentor")
    content = client_for("employee").get(PAGE).content.decode()
    assert "punya pegawai" in content
    assert "punya mentor" not in content


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_page_access(client_for, persona):
    client = client_for(persona)
    response = client.get(PAGE)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/accounts/tokens/"
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_page_create_access(client_for, persona):
    client = client_for(persona)
    response = client.post(PAGE, {"name": "uji"})
    if persona == "anonymous":
        assert response.status_code == 302
        assert not ApiToken.objects.exists()
    else:
        assert response.status_code == 200
        assert ApiToken.objects.get().user.username == persona


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_page_revoke_of_someone_elses_token_is_404(client_for, persona):
    owner = UserFactory(username="pemilik")
    token, _raw = api_token_create(user=owner, name="bukan milikmu")
    response = client_for(persona).post(f"/accounts/tokens/{token.pk}/revoke/")
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        # Even a superadmin revokes others' tokens in the admin, not here.
        assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


# --- the API --------------------------------------------------------------------


def test_api_me(client_for, world):
    body = client_for("supervisor").get("/api/me").json()
    assert body == {
        "username": "supervisor",
        "name": "Siti Rahmawati",
        "roles": ["employee", "supervisor"],
        "active_role": None,
        "employee_id": world.supervisor.pk,
    }


def test_api_me_without_employee_record(client_for):
    body = client_for("hr_admin").get("/api/me").json()
    assert body == {
        "username": "hr_admin",
        "name": "hr_admin",
        "roles": ["hr_admin"],
        "active_role": None,
        "employee_id": None,
    }


def test_api_create_list_and_revoke(client_for, employee):
    client = client_for("employee")
    response = client.post(
        "/api/tokens",
        {"name": "integrasi", "expires_in_days": 7},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    raw = body["key"]
    assert raw.startswith("jjg_")
    token = ApiToken.objects.get(user=employee)
    assert token.key_hash == ApiToken.hash_key(raw)
    assert body["id"] == token.pk
    assert body["status"] == "active"
    assert body["hint"] == raw[:8]

    listed = Client().get("/api/tokens", **bearer(raw))
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [token.pk]
    assert "key" not in listed.json()[0]
    token.refresh_from_db()
    assert token.last_used_at is not None

    response = Client().delete(f"/api/tokens/{token.pk}", **bearer(raw))
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/tokens", **bearer(raw)).status_code == 401
    listed = client.get("/api/tokens").json()
    assert listed[0]["status"] == "revoked"
    response = client.delete(f"/api/tokens/{token.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "token_already_revoked"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"name": ""}, 422, "invalid_input"),
        ({}, 422, "invalid_input"),
        ({"name": "   "}, 400, "token_name_required"),
        ({"name": "x", "expires_in_days": 0}, 422, "invalid_input"),
        ({"name": "x", "expires_in_days": 366}, 422, "invalid_input"),
        ({"name": "x", "expires_in_days": "besok"}, 422, "invalid_input"),
        ({"name": "x" * 101}, 422, "invalid_input"),
    ],
)
def test_api_bad_input_changes_nothing(client_for, employee, payload, status, code):
    response = client_for("employee").post(
        "/api/tokens", payload, content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not ApiToken.objects.exists()


def test_api_malformed_json_is_not_a_500(client_for):
    response = client_for("employee").post(
        "/api/tokens", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_expired_token_is_refused(employee, time_machine):
    _token, raw = api_token_create(
        user=employee, name="singkat", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    assert Client().get("/api/me", **bearer(raw)).status_code == 200
    # The token (now in the shared cache) runs out a day later.
    time_machine.move_to(timezone.now() + dt.timedelta(days=1, seconds=1))
    response = Client().get("/api/me", **bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_of_inactive_user_is_refused(employee):
    _token, raw = api_token_create(user=employee, name="x")
    employee.is_active = False
    employee.save()
    assert Client().get("/api/me", **bearer(raw)).status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer jjg_palsu", "Token abc", "jjg_"])
def test_garbage_tokens_are_refused(world, header):
    response = Client().get("/api/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_api_access_matrix(client_for, persona):
    client = client_for(persona)
    owner = UserFactory(username="pemilik")
    foreign, _raw = api_token_create(user=owner, name="bukan milikmu")

    me = client.get("/api/me")
    listing = client.get("/api/tokens")
    created = client.post(
        "/api/tokens", {"name": "uji"}, content_type="application/json"
    )
    foreign_delete = client.delete(f"/api/tokens/{foreign.pk}")

    if persona == "anonymous":
        assert [me.status_code, listing.status_code, created.status_code] == [
            401,
            401,
            401,
        ]
        assert foreign_delete.status_code == 401
        assert ApiToken.objects.count() == 1
    else:
        assert me.status_code == 200
        assert me.json()["username"] == persona
        assert listing.status_code == 200
        assert listing.json() == []
        assert created.status_code == 201
        own = ApiToken.objects.get(user__username=persona)
        assert foreign_delete.status_code == 404
        assert foreign_delete.json()["code"] == "not_found"
        assert client.delete(f"/api/tokens/{own.pk}").status_code == 204
    assert ApiToken.objects.get(pk=foreign.pk).revoked_at is None


def test_token_acts_with_all_held_roles(supervisor):
    _token, raw = api_token_create(user=supervisor, name="x")
    body = Client().get("/api/me", **bearer(raw)).json()
    assert body["roles"] == ["employee", "supervisor"]
    assert body["active_role"] is None
