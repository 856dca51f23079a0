"""No N+1: every list page and list API endpoint runs as many queries for 10
rows as for 100.

The endpoints are discovered, not listed: every page route and every GET API
operation without a path parameter (the index and list endpoints; a new one
is covered the day it is added). The data is `jenjang demo --employees N` at
two sizes, so every area's lists grow about tenfold between the two runs;
each run happens in a savepoint that is rolled back before the next. Each
endpoint is opened by the superadmin (everything visible) and by an agency's
HR admin (agency scope), and must make the same number of queries both
times. An endpoint whose count may legitimately change with the data is
listed in ALLOWED with the reason.
"""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import make_token, sign_in
from jenjang.accounts.models import Role, RoleGrant
from jenjang.core.tests.test_every_endpoint import OPERATIONS, PAGES
from jenjang.people.demo.catalogue import NATIONAL_CODE_PREFIX
from jenjang.people.models import Agency
from jenjang.people.national import build_everything
from jenjang.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 100, 1000  # employees; the lists grow about tenfold
TODAY = dt.date(2026, 11, 29)
# Endpoints whose query count depends on the data for a reason that is not an
# N+1 (url or "get /api/path": reason).
ALLOWED: dict[str, str] = {}

LIST_PAGES = [url for url, _name in PAGES if "tidak" not in url and "987654" not in url]
LIST_OPERATIONS = [
    f"/api{path.removeprefix('/api')}"
    for method, path, _public in OPERATIONS
    if method == "get" and "{" not in path
]


def _users():
    agency = Agency.objects.filter(code__startswith=NATIONAL_CODE_PREFIX).first()
    superadmin = UserFactory(username="nplus1.super", is_staff=True)
    RoleGrant.objects.create(user=superadmin, role=Role.SUPERADMIN)
    hr = UserFactory(username="nplus1.hr")
    RoleGrant.objects.create(user=hr, role=Role.HR_ADMIN, agency=agency)
    return {"superadmin": superadmin, "hr_admin": hr}


def _count(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def _measure(employees: int) -> dict[tuple[str, str], tuple[int, int]]:
    point = transaction.savepoint()
    try:
        build_everything(employees=employees, seed=5, today=TODAY, batch_size=2000)
        counts = {}
        for persona, user in _users().items():
            page_client = sign_in(Client(), user)
            api_client = Client(headers={"Authorization": f"Bearer {make_token(user)}"})
            for url in LIST_PAGES:
                counts[(persona, url)] = _count(page_client, url)
            for url in LIST_OPERATIONS:
                counts[(persona, f"get {url}")] = _count(api_client, url)
        return counts
    finally:
        transaction.savepoint_rollback(point)


def test_discovery_covers_the_list_endpoints():
    assert "/people/employees/" in LIST_PAGES
    assert "/api/employees" in LIST_OPERATIONS
    assert len(LIST_PAGES) > 40
    assert len(LIST_OPERATIONS) > 20


def test_list_endpoints_run_the_same_queries_for_10_rows_as_for_100():
    small = _measure(SMALL)
    large = _measure(LARGE)
    grown = {
        key: (small[key][1], large[key][1])
        for key in small
        if small[key][1] != large[key][1]
        and small[key][0] == large[key][0] == 200
        and key[1] not in ALLOWED
    }
    assert grown == {}
