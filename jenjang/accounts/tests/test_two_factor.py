"""Second factor: TOTP for HR admins and superadmins, backup codes, setup."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jenjang.accounts.services import BACKUP_CODE_COUNT

TWO_FACTOR = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"
WRONG_CODE = "Kode salah atau sudah kedaluwarsa."
BACKEND = "jenjang.accounts.backends.NipOrUsernameBackend"


def unverified_client(user) -> Client:
    """A session signed in with the password only."""
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A 6-digit code valid in none of the windows the device accepts."""
    valid = {
        totp(device.bin_key, device.step, device.t0, device.digits, drift)
        for drift in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(f"{n:06d}" for n in range(1_000_000) if n not in valid)


@pytest.fixture
def hr_device(hr_admin) -> TOTPDevice:
    return TOTPDevice.objects.create(user=hr_admin, name="ponsel", confirmed=True)


def test_hr_admin_without_verified_device_is_sent_to_two_factor(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    response = client.get("/people/employees/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fpeople%2Femployees%2F"
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_hr_admin_without_any_device_is_sent_on_to_setup(hr_admin):
    client = unverified_client(hr_admin)
    response = client.get("/accounts/two-factor/?next=%2Fpeople%2Femployees%2F")
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/accounts/two-factor/setup/?next=%2Fpeople%2Femployees%2F"
    )


def test_session_api_refused_until_verified_but_employee_passes(
    hr_admin, hr_device, employee
):
    response = unverified_client(hr_admin).get("/api/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    response = unverified_client(employee).get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == "employee"


def test_unverified_hr_admin_cannot_reach_the_token_page(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    response = client.get("/accounts/tokens/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Faccounts%2Ftokens%2F"
    response = client.post("/accounts/tokens/", {"name": "curi"})
    assert response.status_code == 302
    assert not hr_admin.api_tokens.exists()


def test_totp_code_verifies_the_session(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    response = client.post(
        TWO_FACTOR, {"code": code_for(hr_device), "next": "/people/employees/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/people/employees/"
    assert client.session[DEVICE_ID_SESSION_KEY] == hr_device.persistent_id
    assert client.get("/api/me").status_code == 200
    assert client.get("/accounts/tokens/").status_code == 200


def test_code_with_spaces_is_accepted(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    code = code_for(hr_device)
    response = client.post(TWO_FACTOR, {"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_used_code_cannot_be_replayed(hr_admin, hr_device):
    code = code_for(hr_device)
    assert (
        unverified_client(hr_admin).post(TWO_FACTOR, {"code": code}).status_code == 302
    )
    client = unverified_client(hr_admin)
    response = client.post(TWO_FACTOR, {"code": code})
    assert response.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session


@pytest.mark.parametrize("code", ["wrong", "", "12345", "1234567", "abcdefgh"])
def test_wrong_code_fails_with_a_clear_message(hr_admin, hr_device, code):
    code = code if code != "wrong" else wrong_code_for(hr_device)
    client = unverified_client(hr_admin)
    response = client.post(TWO_FACTOR, {"code": code, "next": "/people/employees/"})
    assert response.status_code == 200
    content = response.content.decode()
    expected = "Kode verifikasi wajib diisi." if code == "" else WRONG_CODE
    assert expected in content
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/people/employees/").status_code == 302


def test_repeated_wrong_codes_are_throttled(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    client.post(TWO_FACTOR, {"code": wrong_code_for(hr_device)})
    response = client.post(TWO_FACTOR, {"code": code_for(hr_device)})
    assert response.status_code == 200
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_static_backup_code_works_once(hr_admin, hr_device):
    backup = StaticDevice.objects.create(user=hr_admin, name="cadangan")
    backup.token_set.create(token="abcd2345")
    client = unverified_client(hr_admin)
    response = client.post(
        TWO_FACTOR, {"code": "ABCD 2345", "next": "/people/employees/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/people/employees/"
    assert client.session[DEVICE_ID_SESSION_KEY] == backup.persistent_id
    assert not StaticToken.objects.filter(device=backup).exists()

    again = unverified_client(hr_admin)
    response = again.post(TWO_FACTOR, {"code": "abcd2345"})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in again.session


def test_backup_code_attempt_does_not_throttle_the_totp_device(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    client.post(TWO_FACTOR, {"code": "zzzzzzzz"})
    hr_device.refresh_from_db()
    assert hr_device.throttling_failure_count == 0


def test_next_must_be_local(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    response = client.post(
        TWO_FACTOR, {"code": code_for(hr_device), "next": "https://evil.example/x"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_verified_user_sees_state_and_can_renew_backup_codes(client_for, hr_admin):
    client = client_for("hr_admin")
    response = client.get(TWO_FACTOR)
    assert response.status_code == 200
    assert "Sesi ini sudah terverifikasi." in response.content.decode()
    response = client.post(TWO_FACTOR, {"action": "backup_codes"})
    assert response.status_code == 200
    tokens = list(StaticToken.objects.filter(device__user=hr_admin))
    assert len(tokens) == BACKUP_CODE_COUNT
    for token in tokens:
        assert token.token in response.content.decode()


def test_unverified_user_cannot_renew_backup_codes(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    response = client.post(TWO_FACTOR, {"action": "backup_codes"})
    assert response.status_code == 302
    assert not StaticToken.objects.filter(device__user=hr_admin).exists()


# --- setup ----------------------------------------------------------------------


def test_setup_shows_qr_and_secret_and_confirms_with_a_valid_code(hr_admin):
    client = unverified_client(hr_admin)
    response = client.get(SETUP + "?next=/people/employees/")
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=hr_admin)
    assert device.confirmed is False
    content = response.content.decode()
    assert "<svg" in content
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in content
    # Reloading the page keeps the same pending device.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=hr_admin).count() == 1

    response = client.post(
        SETUP, {"code": code_for(device), "next": "/people/employees/"}
    )
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    codes = list(
        StaticToken.objects.filter(device__user=hr_admin).values_list(
            "token", flat=True
        )
    )
    assert len(codes) == BACKUP_CODE_COUNT
    content = response.content.decode()
    assert all(code in content for code in codes)
    assert client.get("/people/employees/").status_code != 302


def test_setup_wrong_code_changes_nothing(hr_admin):
    client = unverified_client(hr_admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=hr_admin)
    response = client.post(SETUP, {"code": wrong_code_for(device)})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert not StaticDevice.objects.filter(user=hr_admin).exists()


def test_setup_refused_while_a_confirmed_device_is_unverified(hr_admin, hr_device):
    client = unverified_client(hr_admin)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2F"
    assert TOTPDevice.objects.filter(user=hr_admin).count() == 1


def test_employee_may_set_up_two_factor_voluntarily(employee):
    client = unverified_client(employee)
    response = client.get(TWO_FACTOR)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=employee)
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


@pytest.mark.parametrize("persona", ["employee", "anonymous"])
def test_two_factor_pages_need_sign_in(client_for, persona):
    client = client_for(persona)
    for url in (TWO_FACTOR, SETUP):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/?next=")
        else:
            assert response.status_code == 200


def test_full_sign_in_of_an_hr_admin(hr_admin, hr_device):
    from conftest import PASSWORD

    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "hr_admin", "password": PASSWORD, "next": "/people/employees/"},
    )
    assert response["Location"] == "/people/employees/"
    response = client.get("/people/employees/")
    assert response["Location"] == "/accounts/two-factor/?next=%2Fpeople%2Femployees%2F"
    response = client.post(
        response["Location"],
        {"code": code_for(hr_device), "next": "/people/employees/"},
    )
    assert response["Location"] == "/people/employees/"
    assert client.get("/people/employees/").status_code == 200
