"""schemathesis against /api/openapi.json: no 500, answers match the schema, auth enforced.

Every operation of the schema gets a few generated requests (a superadmin's
token, so that permission refusals do not hide the handlers); each answer is
checked against the operation's declared responses; the same request without
a token must get 401 unless the operation is public on purpose
(test_every_endpoint.py lists those). Few examples per operation, drawn
deterministically, keep the run short; CI runs it on SQLite and PostgreSQL.
`JENJANG_SCHEMA_EXAMPLES` raises the number for a deeper local run.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from conftest import make_token
from jenjang.core.tests.test_every_endpoint import _is_public_operation

MAX_EXAMPLES = int(os.environ.get("JENJANG_SCHEMA_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance]
ONLY = os.environ.get("JENJANG_SCHEMA_ONLY", "")  # a path prefix, to debug one area
# Found and not yet fixed by the owning app (issue 12): listed so that the run
# stays green for everything else; an entry that passes again fails the test,
# so the list can only shrink.
KNOWN_FAILURES: dict[str, str] = {}


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(ONLY or "/"):
            yield operation


def _check(operation, token: str) -> None:
    @settings(
        max_examples=MAX_EXAMPLES,
        phases=[Phase.explicit, Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        print_blob=False,
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        case.validate_response(response, checks=CHECKS)
        anonymous = case.call()
        if _is_public_operation(case.method.lower(), case.path):
            case.validate_response(anonymous, checks=CHECKS)
        elif (
            anonymous.status_code == 404
            and "json" not in anonymous.headers.get("content-type", [""])[0]
        ):
            pass  # the generated path matches no route (a negative id …)
        else:
            assert anonymous.status_code == 401, anonymous.status_code

    run()


@pytest.fixture
def keep_test_connection():
    """Keep the test's connection across schemathesis' WSGI calls.

    WSGIHandler closes "old" connections when a request starts and ends; inside
    the test's transaction that closes the connection itself (on PostgreSQL),
    and every later query would fail. Django's test client disconnects the same
    handler for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_api_answers_match_the_schema(world, superadmin):
    token = make_token(superadmin)
    failures = []
    count = 0
    for operation in _operations():
        count += 1
        key = f"{operation.method.upper()} {operation.path}"
        try:
            _check(operation, token)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - all reported below
            if key not in KNOWN_FAILURES:
                failures.append(f"{key}: {exc}"[:800])
        else:
            if key in KNOWN_FAILURES:
                failures.append(f"{key} passes now: remove it from KNOWN_FAILURES")
    assert count > (0 if ONLY else 100)
    assert failures == [], "\n\n".join(failures)
