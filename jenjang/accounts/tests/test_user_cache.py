"""A signed-in request reads its user and grants from the shared cache, never stale.

Each change that must end or narrow access (password, deactivation, a role
taken away, a grant added) holds on the very next request, though the user
and their grants were kept in the cache by the request before.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import sign_in
from jenjang.accounts.models import Role, RoleGrant
from jenjang.accounts.services import role_grant_create

pytestmark = pytest.mark.django_db

PAGE = "/notifications/"


def _warm(user) -> Client:
    client = sign_in(Client(), user)
    assert client.get(PAGE).status_code == 200
    return client


def test_a_warm_request_reads_no_user_or_grant_rows(employee):
    client = _warm(employee)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "accounts_user" not in tables
    assert "accounts_rolegrant" not in tables


def test_a_password_change_ends_other_sessions_at_once(employee):
    client = _warm(employee)
    employee.set_password("kata-sandi-baru-yang-panjang")
    employee.save()
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_deactivation_signs_out_at_once(employee):
    client = _warm(employee)
    employee.is_active = False
    employee.save(update_fields=["is_active"])
    assert client.get(PAGE).status_code == 302


def test_a_removed_role_is_refused_at_once(world, hr_admin, superadmin):
    client = _warm(hr_admin)
    assert client.get("/people/employees/").status_code == 200
    RoleGrant.objects.filter(user=hr_admin).delete()
    assert client.get("/people/employees/").status_code == 403


def test_a_granted_role_opens_at_once(world, employee, superadmin):
    client = _warm(employee)
    assert client.get("/people/employees/").status_code == 403
    role_grant_create(
        user=employee, role=Role.HR_ADMIN, agency=world.agency, by=superadmin
    )
    assert client.get("/people/employees/").status_code == 200


def test_a_warm_api_call_reads_no_token_user_or_grant_rows(world, hr_admin):
    from conftest import token_client

    client = token_client(hr_admin)
    assert client.get("/api/me").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/me").status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("accounts_apitoken", "accounts_user", "accounts_rolegrant"):
        assert table not in tables
