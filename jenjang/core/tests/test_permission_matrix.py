"""The permission matrix: every endpoint, every role, in scope and out of scope.

Discovery is test_every_endpoint's (the URL resolver and the OpenAPI schema);
the expected statuses are in `permission_matrix.py`, grouped by app. An
endpoint the matrix does not name fails here, so a new page or API operation
cannot slip in without someone deciding who may reach it.

Three tables:
- pages: GET for each persona (and POST for the pages that take only POST),
  with ids that exist nowhere;
- API operations: each method for each persona with a personal token, an
  empty JSON body and ids that exist nowhere;
- records: every page and operation that takes an employee id, called for
  real people inside and outside the caller's reach (the HR admin of another
  unit, an employee looking at a colleague, a leader of another agency).

Whatever a persona is refused (any 4xx) must leave the database as it was:
the rows of every table are fingerprinted before and after the refused
writes.

`JENJANG_MATRIX_DUMP=/tmp/dir` writes what is observed (one JSON per persona)
instead of checking it, to review when the rules change.
"""

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from conftest import make_token, sign_in
from jenjang.accounts.models import Role, RoleGrant
from jenjang.core.tests import permission_matrix as m
from jenjang.core.tests.test_every_endpoint import (
    CONVERTER,
    OPERATIONS,
    PAGES,
    SAMPLES,
    _api_url,
    _walk,
)
from jenjang.people.tests.factories import AgencyFactory, UserFactory, make_unit

DUMP = os.environ.get("JENJANG_MATRIX_DUMP")
WRITES = {"post", "put", "patch", "delete"}
# Tables a refused request may still touch: sessions, tokens' last use,
# sign-in bookkeeping, second-factor throttling.
NOISE_TABLES = {
    "django_session",
    "accounts_apitoken",
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
    "otp_static_statictoken",
}
NOISE_APPS = {"axes", "sessions", "django_tasks_db"}
EMPLOYEE_ROUTE = re.compile(r"employees/<int:\w+>|<int:employee_(?:id|pk)>")
EMPLOYEE_PARAM = re.compile(r"\{employee_(?:id|pk)\}")


# ---------------------------------------------------------------------------
# Personas and the people they look at.


@pytest.fixture
def leader_other(world):
    """A leader of another agency (the next regency)."""
    agency = AgencyFactory(code="3398", name="Pemerintah Kabupaten Sebelah")
    make_unit("Pemerintah Kabupaten Sebelah", agency=agency, code="SEBELAH")
    user = UserFactory(username="leader_other")
    RoleGrant.objects.create(user=user, role=Role.LEADER, agency=agency)
    return user


def _target(world, who: str):
    return {
        "self": world.employee,
        "colleague": world.supervisor,
        "report": world.employee,
        "puskesmas": world.puskesmas_employee,
        "bpkad": world.bpkad_employee,
        "dinkes": world.employee,
    }[who]


# ---------------------------------------------------------------------------
# Discovery of what takes an employee id.


def record_pages() -> list[tuple[str, str]]:
    """(route with <…> left in, url name) of pages taking an employee id."""
    from django.urls import get_resolver

    found = []
    for route, name in _walk(get_resolver().url_patterns):
        if EMPLOYEE_ROUTE.search(route) and not route.startswith(("api/", "admin/")):
            found.append((route, name))
    return sorted(set(found))


def record_operations() -> list[tuple[str, str]]:
    return sorted((meth, p) for meth, p, _ in OPERATIONS if EMPLOYEE_PARAM.search(p))


def _page_url(route: str, employee_pk: int) -> str:
    def fill(match):
        if EMPLOYEE_ROUTE.search(match.group(0)) or match.group("name") in {
            "employee_id",
            "employee_pk",
            "pk",
        }:
            return str(employee_pk)
        return SAMPLES.get(match.group("kind") or "str", "x")

    # Only the first int parameter after employees/ is the employee.
    head, sep, tail = route.partition("employees/")
    if sep:
        tail = CONVERTER.sub(fill, tail, count=1)
        tail = CONVERTER.sub(
            lambda mm: SAMPLES.get(mm.group("kind") or "str", "x"), tail
        )
        return "/" + head + sep + tail
    return "/" + CONVERTER.sub(fill, route)


def _op_url(path: str, employee_pk: int) -> str:
    path = EMPLOYEE_PARAM.sub(str(employee_pk), path)
    return _api_url(path)


# ---------------------------------------------------------------------------
# Observation.


def _page_key(url, name):
    return name or url


def _op_key(method, path):
    return f"{method.upper()} {path}"


def _call(client, method, url, *, json_body: bool):
    if json_body:
        return getattr(client, method)(url, data={}, content_type="application/json")
    return getattr(client, method)(url)


def fingerprint() -> str:
    """A digest of every row of every table a request may change."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            meta = model._meta
            if (
                meta.db_table in NOISE_TABLES
                or meta.app_label in NOISE_APPS
                or not meta.managed
                or meta.proxy
            ):
                continue
            table = connection.ops.quote_name(meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own names
            rows = sorted(repr(r) for r in cursor.fetchall())
            digest.update(meta.db_table.encode())
            digest.update("\n".join(rows).encode())
    return digest.hexdigest()


class Observer:
    """Calls what a persona may call; keeps statuses; checks refused writes."""

    def __init__(self):
        self.statuses: dict[str, dict[str, int]] = {
            "pages": {},
            "post": {},
            "ops": {},
        }
        self.changed_by_refusal: list[str] = []

    def _write(self, key, send):
        before = fingerprint()
        response = send()
        if 400 <= response.status_code < 500 and fingerprint() != before:
            self.changed_by_refusal.append(f"{key} -> {response.status_code}")
        return response

    def pages(self, client):
        post_only = []
        for url, name in PAGES:
            key = _page_key(url, name)
            status = client.get(url).status_code
            self.statuses["pages"][key] = status
            if status == 405 and key not in m.NOT_POSTED:
                post_only.append((url, key))
        # Refused posts first, in one batch (then one by one if that changed
        # anything), then the others each on its own.
        expected = self.expected_posts
        refused = [(u, k) for u, k in post_only if expected.get(k, 200) >= 400]
        before = fingerprint()
        for url, key in refused:
            self.statuses["post"][key] = client.post(url).status_code
        if fingerprint() != before:
            self.changed_by_refusal.append("a refused page POST changed the data")
        for url, key in post_only:
            if (url, key) not in refused:
                response = self._write(key, lambda u=url: client.post(u))
                self.statuses["post"][key] = response.status_code

    def operations(self, client):
        reads = [(m_, p) for m_, p, _ in OPERATIONS if m_ not in WRITES]
        writes = [(m_, p) for m_, p, _ in OPERATIONS if m_ in WRITES]
        for method, path in reads:
            response = _call(client, method, _api_url(path), json_body=True)
            self.statuses["ops"][_op_key(method, path)] = response.status_code
        # Refused writes first, in one batch; the one that changed something
        # is then found one by one.
        expected = self.expected_ops
        refused = [w for w in writes if expected.get(_op_key(*w), 200) >= 400]
        allowed = [w for w in writes if w not in refused]
        before = fingerprint()
        for method, path in refused:
            response = _call(client, method, _api_url(path), json_body=True)
            self.statuses["ops"][_op_key(method, path)] = response.status_code
        if fingerprint() != before:
            self.changed_by_refusal.append("a refused API write changed the data")
        for method, path in allowed:
            key = _op_key(method, path)
            response = self._write(
                key,
                lambda mm=method, pp=path: _call(
                    client, mm, _api_url(pp), json_body=True
                ),
            )
            self.statuses["ops"][key] = response.status_code

    expected_ops: dict[str, int] = {}
    expected_posts: dict[str, int] = {}


# ---------------------------------------------------------------------------
# The tests.


def test_every_endpoint_has_an_entry_and_every_entry_an_endpoint():
    pages = {_page_key(u, n) for u, n in PAGES}
    ops = {_op_key(meth, p) for meth, p, _ in OPERATIONS}
    records = {n for _r, n in record_pages()} | {
        _op_key(meth, p) for meth, p in record_operations()
    }
    assert sorted(pages - set(m.PAGES)) == [], "pages missing from the matrix"
    assert sorted(set(m.PAGES) - pages) == [], "matrix names pages that are gone"
    assert sorted(ops - set(m.OPERATIONS)) == [], "API operations missing"
    assert sorted(set(m.OPERATIONS) - ops) == [], "matrix names operations gone"
    assert sorted(records - set(m.RECORDS)) == [], "employee records missing"
    assert sorted(set(m.RECORDS) - records) == [], "matrix names records gone"


def test_the_profiles_read_as_meant():
    assert m.expand("302 *:403 hr_admin,superadmin:200") == {
        "anonymous": 302,
        "employee": 403,
        "supervisor": 403,
        "mentor": 403,
        "organiser": 403,
        "hr_admin": 200,
        "hr_admin_other": 403,
        "leader": 403,
        "leader_other": 403,
        "superadmin": 200,
    }
    assert m.expand_cases("*:404 hr_admin>puskesmas:200")["hr_admin>puskesmas"] == 200
    assert m.expand_cases("*:404 hr_admin>puskesmas:200")["leader>bpkad"] == 404


def _client(user, *, token: bool) -> Client:
    # A server error is an answer like any other here: the matrix has no 500.
    if user is None:
        return Client(raise_request_exception=False)
    if token:
        return Client(
            headers={"Authorization": f"Bearer {make_token(user)}"},
            raise_request_exception=False,
        )
    return sign_in(Client(raise_request_exception=False), user)


def _mismatches(table: dict, observed: dict, persona: str) -> list[str]:
    out = []
    for key, status in sorted(observed.items()):
        if key not in table:
            out.append(
                f"{key}: no entry in permission_matrix.py ({persona} got {status})"
            )
            continue
        want = m.expand(table[key])[persona]
        if status != want:
            out.append(f"{key}: {persona} got {status}, matrix says {want}")
    return out


@pytest.mark.parametrize("persona", m.PERSONAS)
def test_pages_answer_each_persona_as_the_matrix_says(
    request, persona, world, leader_other
):
    user = request.getfixturevalue(persona)
    observer = Observer()
    observer.expected_posts = {k: m.expand(v)[persona] for k, v in m.POSTS.items()}
    observer.pages(_client(user, token=False))
    if DUMP:
        _dump(persona, "pages", observer)
        return
    assert observer.changed_by_refusal == []
    assert _mismatches(m.PAGES, observer.statuses["pages"], persona) == []
    assert _mismatches(m.POSTS, observer.statuses["post"], persona) == []


@pytest.mark.parametrize("persona", m.PERSONAS)
def test_api_answers_each_persona_as_the_matrix_says(
    request, persona, world, leader_other
):
    user = request.getfixturevalue(persona)
    observer = Observer()
    observer.expected_ops = {k: m.expand(v)[persona] for k, v in m.OPERATIONS.items()}
    observer.operations(_client(user, token=True))
    if DUMP:
        _dump(persona, "ops", observer)
        return
    assert observer.changed_by_refusal == []
    assert _mismatches(m.OPERATIONS, observer.statuses["ops"], persona) == []


def test_employee_records_in_and_out_of_scope(request, world, leader_other):
    observed: dict[str, dict[str, int]] = {}
    refusals: list[str] = []
    clients = {}
    for case in m.CASES:
        persona, who = case.split(">")
        if persona not in clients:
            user = request.getfixturevalue(persona)
            clients[persona] = (
                _client(user, token=False),
                _client(user, token=True),
            )
        page_client, api_client = clients[persona]
        target = _target(world, who)
        for route, name in record_pages():
            url = _page_url(route, target.pk)
            status = page_client.get(url).status_code
            if status == 405:
                before = fingerprint()
                status = page_client.post(url).status_code
                if status >= 400 and fingerprint() != before:
                    refusals.append(f"POST {url} as {case} -> {status}")
            observed.setdefault(name, {})[case] = status
        for method, path in record_operations():
            url = _op_url(path, target.pk)
            before = fingerprint() if method in WRITES else None
            status = _call(api_client, method, url, json_body=True).status_code
            if before is not None and status >= 400 and fingerprint() != before:
                refusals.append(f"{method.upper()} {url} as {case} -> {status}")
            observed.setdefault(_op_key(method, path), {})[case] = status
    if DUMP:
        Path(DUMP, "records.json").write_text(json.dumps(observed, indent=1))
        return
    assert refusals == []
    mismatches = []
    for key, statuses in sorted(observed.items()):
        if key not in m.RECORDS:
            mismatches.append(f"{key}: no entry in permission_matrix.RECORDS")
            continue
        want = m.expand_cases(m.RECORDS[key])
        for case, status in statuses.items():
            if status != want[case]:
                mismatches.append(
                    f"{key}: {case} got {status}, matrix says {want[case]}"
                )
    assert mismatches == []
    # Whatever the endpoint: out of reach is never a success.
    leaks = [
        f"{key}: {case} got {status}"
        for key, statuses in observed.items()
        for case, status in statuses.items()
        if case in m.OUT_OF_SCOPE and 200 <= status < 300
    ]
    assert leaks == []


def _dump(persona, part, observer):
    Path(DUMP).mkdir(parents=True, exist_ok=True)
    Path(DUMP, f"{part}-{persona}.json").write_text(
        json.dumps(observer.statuses, indent=1)
    )
