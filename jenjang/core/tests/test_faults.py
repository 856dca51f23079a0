"""The database going away during a request: a 503 the user can read, not a trace.

Every query fails with the error a broken or refused connection raises
(OperationalError); pages answer with the 503 page, the API with its error
shape, the health check with 503; when the database answers again, so does
the site. (The import-level fault, with a real PostgreSQL stopped and
restarted, is jenjang/people/tests/test_import_faults.py.)
"""

import contextlib

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from conftest import make_token, sign_in

pytestmark = pytest.mark.django_db
DOWN_PAGE = "Layanan sedang tidak tersedia"
DOWN_BODY = {
    "code": "database_unavailable",
    "message": "Basis data sedang tidak dapat dihubungi, jadi permintaan Anda tidak "
    "dapat diselesaikan. Coba lagi beberapa saat lagi.",
    "details": None,
}


@contextlib.contextmanager
def database_down(monkeypatch):
    """Make every query fail as a lost connection does."""

    def refuse(self, *args, **kwargs):
        raise OperationalError(
            "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
        )

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        patch.setattr(CursorWrapper, "executemany", refuse)
        yield


def test_page_answers_503_then_recovers(world, hr_admin, monkeypatch):
    client = sign_in(Client(raise_request_exception=False), hr_admin)
    with database_down(monkeypatch):
        response = client.get("/people/employees/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert DOWN_PAGE in page
    assert 'id="database-unavailable"' in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    assert client.get("/people/employees/").status_code == 200


def test_anonymous_page_answers_503(world, monkeypatch):
    client = Client(raise_request_exception=False)
    with database_down(monkeypatch):
        response = client.post(
            "/accounts/login/", {"username": "x", "password": "y"}, follow=False
        )
    assert response.status_code == 503
    assert DOWN_PAGE in response.content.decode()


@pytest.mark.parametrize("auth", ["session", "token"])
def test_api_answers_its_error_shape_then_recovers(world, hr_admin, monkeypatch, auth):
    if auth == "token":
        client = Client(
            raise_request_exception=False,
            headers={"Authorization": f"Bearer {make_token(hr_admin)}"},
        )
    else:
        client = sign_in(Client(raise_request_exception=False), hr_admin)
    with database_down(monkeypatch):
        response = client.get("/api/employees")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == DOWN_BODY
    assert client.get("/api/employees").status_code == 200


def test_write_refused_leaves_nothing_half_done(world, hr_admin, monkeypatch):
    from jenjang.people.models import Employee

    client = sign_in(Client(raise_request_exception=False), hr_admin)
    before = list(Employee.objects.order_by("pk").values_list("pk", "name"))
    with database_down(monkeypatch):
        response = client.post(
            f"/people/employees/{world.employee.pk}/edit/", {"name": "Diubah"}
        )
    assert response.status_code == 503
    assert list(Employee.objects.order_by("pk").values_list("pk", "name")) == before


def test_health_check_reports_the_database(monkeypatch):
    client = Client(raise_request_exception=False)
    with database_down(monkeypatch):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "database_unavailable"}
    assert client.get("/healthz").json() == {"status": "ok"}


def test_other_database_errors_stay_500(world, hr_admin, monkeypatch):
    # Only a lost database is a 503; a broken query is a bug: the 500 page.
    from django.db import ProgrammingError

    def broken(self, *args, **kwargs):
        raise ProgrammingError("column does not exist")

    client = sign_in(Client(raise_request_exception=False), hr_admin)
    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/people/employees/")
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()
