"""GET /api/employees is kept in the shared cache until people data changes.

The kept answer must equal what the database says now, for this caller: a
change through any writer shows on the next call, and nothing one caller
may see reaches another.
"""

import pytest
from django.test import Client, override_settings

from conftest import token_client
from jenjang.accounts.models import Role, RoleGrant
from jenjang.accounts.services import api_token_revoke
from jenjang.core import versions
from jenjang.core.response_cache import HIT_HEADER
from jenjang.people.models import Employee, OrgUnit
from jenjang.people.services import employee_update
from jenjang.people.tests.test_import import _row_for
from jenjang.people.tests.test_import_helpers import csv_bytes, write

pytestmark = pytest.mark.django_db

URL = "/api/employees"
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _get(client: Client, url: str = URL):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response[HIT_HEADER], response.json()


def _fresh(url: str, user) -> dict:
    """What the endpoint answers with no cache at all (the database now)."""
    with override_settings(CACHES=NO_CACHE):
        _state, body = _get(token_client(user), url)
    return body


def test_second_call_is_a_hit_with_the_same_answer(world, hr_admin):
    client = token_client(hr_admin)
    first = _get(client)
    second = _get(client)
    assert (first[0], second[0]) == ("miss", "hit")
    assert second[1] == first[1]
    assert len(second[1]["items"]) == 4


def test_a_hit_equals_a_fresh_answer_for_each_page_and_filter(world, hr_admin):
    client = token_client(hr_admin)
    for url in (URL, f"{URL}?size=2", f"{URL}?q=dewi", f"{URL}?kind=PNS"):
        _get(client, url)
        state, kept = _get(client, url)
        assert state == "hit"
        assert kept == _fresh(url, hr_admin)


def _rename_by_service(world, hr_admin):
    employee_update(employee=world.employee, by=hr_admin, name="Budi Santoso Baru")


def _rename_unit(world, hr_admin):
    unit = OrgUnit.objects.get(pk=world.employee.org_unit_id)
    unit.name = "Dinas Kesehatan Baru"
    unit.save()


def _import_rename(world, hr_admin):
    row = _row_for(world.employee, nama="Budi Santoso Baru")
    summary, errors = write(csv_bytes([row]), agency=world.agency, user=hr_admin)
    assert errors == []


@pytest.mark.parametrize(
    "change",
    [_rename_by_service, _rename_unit, _import_rename],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_change_shows_on_the_next_call(world, hr_admin, change):
    client = token_client(hr_admin)
    _get(client)
    _, before = _get(client)
    change(world, hr_admin)
    state, after = _get(client)
    assert state == "miss"
    assert after != before
    assert after == _fresh(URL, hr_admin)


def test_callers_do_not_share_answers(world, hr_admin, hr_admin_other, employee):
    mine = _get(token_client(hr_admin))[1]
    _get(token_client(hr_admin))
    theirs = _get(token_client(hr_admin_other))
    assert theirs[0] == "miss"
    assert theirs[1] != mine
    # The employee sees their own NIP in full; the HR admin's kept page is not reused.
    RoleGrant.objects.create(user=employee, role=Role.HR_ADMIN, agency=world.agency)
    own = _get(token_client(employee))
    assert own[0] == "miss"
    assert own[1] == _fresh(URL, employee)


def test_revoked_token_and_removed_role_are_refused_at_once(world, hr_admin):
    from jenjang.accounts.models import ApiToken

    client = token_client(hr_admin)
    _get(client)
    assert _get(client)[0] == "hit"
    RoleGrant.objects.filter(user=hr_admin).delete()
    assert client.get(URL).status_code == 403
    RoleGrant.objects.create(user=hr_admin, role=Role.HR_ADMIN, agency=world.agency)
    assert client.get(URL).status_code == 200
    token = ApiToken.objects.get(user=hr_admin)
    api_token_revoke(token=token, by=hr_admin)
    assert client.get(URL).status_code == 401


def test_deactivated_user_is_refused_at_once(world, hr_admin):
    client = token_client(hr_admin)
    _get(client)
    hr_admin.is_active = False
    hr_admin.save()
    assert client.get(URL).status_code == 401


def test_a_bulk_load_restarts_every_kept_answer(world, hr_admin):
    client = token_client(hr_admin)
    _get(client)
    Employee.objects.filter(pk=world.employee.pk).update(name="Tanpa Sinyal")
    assert _get(client)[0] == "hit"  # a write past the services: still kept
    versions.restart_everything()  # what `jenjang demo` and a restore call
    state, body = _get(client)
    assert state == "miss"
    assert "Tanpa Sinyal" in [item["name"] for item in body["items"]]
