"""Every page and API operation, discovered by itself, is guarded and never fails.

The URL resolver and the OpenAPI schema list every endpoint; nothing here is
written per endpoint, so a new page or API operation is covered the day it
is added. What is public must be listed below: a new public endpoint fails
until it is added here on purpose.

- Anonymous: a page answers with a redirect to sign-in (or 404/405), never
  its content; an API operation answers 401.
- Each persona: no page or API operation answers 500 for ids that exist
  nowhere (the test client re-raises server errors).
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import make_token
from jenjang.api import api

# Pages anyone may open without signing in (url names).
PUBLIC_PAGES = {
    "accounts:login",
    "certificates:verify",
    "certificates:verify_lookup",
    "healthz",
    "set_language",  # the public survey form switches language too
}
# Public pages of the areas, matched by name prefix: the survey form, public
# event and speaker pages.
PUBLIC_PAGE_PATTERNS = [
    re.compile(r"^surveys:public"),
    re.compile(r"^surveys:poster"),
    re.compile(r"^events:public"),
]
# API operations with no authentication (method, path).
PUBLIC_OPERATIONS: set[tuple[str, str]] = {
    ("get", "/api/certificates/verify/{number}"),
}
PUBLIC_OPERATION_PATTERNS = [
    re.compile(r"^(get|post) /api/surveys/public"),
    re.compile(r"^get /api/public/(events|speakers)"),
]
SAMPLES = {
    "int": "987654",
    "slug": "tidak-ada",
    "str": "tidak-ada",
    "uuid": str(uuid.UUID(int=0)),
    "path": "tidak/ada",
}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
SKIP_PREFIXES = ("api/", "admin/", "media/", "static/")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from _walk(p.url_patterns, prefix + route, ns)
        elif isinstance(p, URLPattern):
            yield prefix + route, f"{namespace}{p.name}" if p.name else ""


def _sample(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # regex routes belong to admin and the like
    path = CONVERTER.sub(lambda m: SAMPLES.get(m.group("kind") or "str", "x"), route)
    return "/" + path


def page_urls() -> list[tuple[str, str]]:
    found = []
    for route, name in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES):
            continue
        url = _sample(route)
        if url is not None:
            found.append((url, name))
    return sorted(set(found))


def _is_public_page(name: str) -> bool:
    return name in PUBLIC_PAGES or any(p.search(name) for p in PUBLIC_PAGE_PATTERNS)


def api_operations() -> list[tuple[str, str, bool]]:
    schema = api.get_openapi_schema()
    ops = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            # Ninja leaves "security" out of an operation with auth=None.
            ops.append((method, path, "security" not in spec))
    return sorted(set(ops))


def _is_public_operation(method: str, path: str) -> bool:
    return (method, path) in PUBLIC_OPERATIONS or any(
        p.search(f"{method} {path}") for p in PUBLIC_OPERATION_PATTERNS
    )


def _api_url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLES["int"], path)


PAGES = page_urls()
OPERATIONS = api_operations()


def test_discovery_finds_the_endpoints():
    assert len(PAGES) > 100
    assert len(OPERATIONS) > 100


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "name"), PAGES, ids=[n or u for u, n in PAGES])
def test_anonymous_gets_no_private_page(client, url, name):
    response = client.get(url)
    if _is_public_page(name):
        assert response.status_code in {200, 302, 404, 405}
        return
    assert response.status_code in {302, 401, 403, 404, 405}, name
    if response.status_code == 302:
        assert "/accounts/login/" in response.url, (name, response.url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "public"),
    OPERATIONS,
    ids=[f"{m} {p}" for m, p, _ in OPERATIONS],
)
def test_anonymous_api_call_needs_authentication(client, method, path, public):
    assert public == _is_public_operation(method, path), (
        "a public API operation must be listed in PUBLIC_OPERATIONS"
    )
    if public:
        return
    response = getattr(client, method)(
        _api_url(path), data={}, content_type="application/json"
    )
    assert response.status_code == 401, (method, path, response.status_code)


@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin", "leader"])
def test_no_page_fails_for_a_persona(client_for, persona):
    client = client_for(persona)
    statuses = {}
    for url, name in PAGES:
        response = client.get(url)
        statuses[name or url] = response.status_code
    assert 500 not in statuses.values()
    # Pages exist for everyone: never a 401 for a signed-in person.
    assert [n for n, s in statuses.items() if s == 401] == []


@pytest.mark.parametrize("persona", ["employee", "hr_admin"])
def test_no_api_operation_fails_for_a_persona(world, request, persona):
    user = request.getfixturevalue(persona)
    client = Client(headers={"Authorization": f"Bearer {make_token(user)}"})
    failures = []
    for method, path, _public in OPERATIONS:
        response = getattr(client, method)(
            _api_url(path), data={}, content_type="application/json"
        )
        if response.status_code >= 500 or response.status_code == 401:
            failures.append((method, path, response.status_code))
        elif response.status_code >= 400:
            body = (
                response.json()
                if response.get("Content-Type", "").startswith("application/json")
                else {}
            )
            if not {"code", "message"} <= set(body):
                failures.append((method, path, "error without the shared shape"))
    assert failures == []
