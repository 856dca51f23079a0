"""Sign-in by NIP or username, wrong passwords, lockout, logout."""

import pytest
from django.test import Client

from conftest import PASSWORD
from jenjang.accounts.forms import LoginForm

LOGIN = "/accounts/login/"
INVALID_LOGIN = str(LoginForm.error_messages["invalid_login"])
LOCKED_OUT = "Akun dikunci sementara"


def _post_login(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_renders_one_identifier_field(world):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "NIP atau nama pengguna" in content
    assert 'name="username"' in content
    assert 'name="password"' in content


def test_sign_in_by_nip(world):
    client = Client()
    response = _post_login(client, world.employee.nip, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(world.employee.user.pk)


def test_sign_in_by_username_case_insensitive(world):
    client = Client()
    response = _post_login(client, "  Employee ", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.employee.user.pk)


def test_sign_in_follows_a_local_next_only(world):
    client = Client()
    response = _post_login(client, "employee", PASSWORD, next="/people/me/")
    assert response["Location"] == "/people/me/"
    client = Client()
    response = _post_login(client, "employee", PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("employee", "salah-sekali"),
        ("tidak-ada", PASSWORD),
        ("199001012015011999", PASSWORD),
        ("", PASSWORD),
    ],
)
def test_wrong_credentials_give_a_clear_message(world, username, password):
    client = Client()
    response = _post_login(client, username, password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    if username:
        assert INVALID_LOGIN in response.content.decode()


def test_lockout_after_five_failures_refuses_even_the_right_password(world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    for _attempt in range(4):
        response = _post_login(client, "employee", "salah-sekali")
        assert response.status_code == 200
        assert INVALID_LOGIN in response.content.decode()
    response = _post_login(client, "employee", "salah-sekali")
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert "Coba lagi dalam 30 menit." in response.content.decode()

    response = _post_login(client, "employee", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A fresh browser on the same address is locked out too.
    response = _post_login(Client(), "employee", PASSWORD)
    assert response.status_code == 429


def test_lockout_does_not_touch_another_account(world):
    client = Client()
    for _attempt in range(5):
        _post_login(client, "employee", "salah-sekali")
    response = _post_login(client, "mentor", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.mentor.user.pk)


def test_logout_is_post_only(client_for):
    client = client_for("employee")
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_signed_in_user_visiting_login_goes_home(client_for):
    response = client_for("employee").get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_lockout_counts_nip_and_username_as_one_account(world, settings):
    settings.AXES_USERNAME_CALLABLE = "jenjang.accounts.selectors.lockout_username"
    client = Client()
    for identifier in ["employee", world.employee.nip, "EMPLOYEE", world.employee.nip]:
        response = _post_login(client, identifier, "salah-sekali")
        assert response.status_code == 200
    response = _post_login(client, "employee", "salah-sekali")
    assert response.status_code == 429
    response = _post_login(client, world.employee.nip, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
