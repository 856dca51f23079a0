from django.conf import settings
from django.test import Client

from conftest import sign_in


def test_a_signed_in_choice_is_remembered_for_the_next_browser(employee):
    sign_in(Client(), employee).post("/i18n/setlang/", {"language": "en", "next": "/"})
    employee.refresh_from_db()
    assert employee.preferred_language == "en"

    fresh = sign_in(Client(), employee)  # another browser: no language cookie
    page = fresh.get("/people/me/")
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "en"


def test_the_cookie_of_this_browser_wins_over_the_saved_choice(employee):
    employee.preferred_language = "en"
    employee.save()
    client = sign_in(Client(), employee)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    assert client.get("/people/me/").headers["Content-Language"] == "id"


def test_an_unknown_language_changes_nothing(employee):
    sign_in(Client(), employee).post("/i18n/setlang/", {"language": "xx", "next": "/"})
    employee.refresh_from_db()
    assert employee.preferred_language == "id"


def test_anonymous_visitors_can_switch_without_saving(world):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get("/accounts/login/").headers["Content-Language"] == "en"
