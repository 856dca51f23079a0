"""The API's shared pieces: token and session auth, the error shape, keyset pages."""

import datetime as dt
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from jenjang.accounts.models import ApiToken
from jenjang.core.api import (
    SessionAuth,
    TokenAuth,
    install_error_handlers,
    require_perm,
)
from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.core.pagination import (
    MAX_PAGE_SIZE,
    decode_cursor,
    encode_cursor,
    keyset_page,
)
from jenjang.people.models import Employee
from jenjang.people.tests.factories import EmployeeFactory

BAD_CURSOR = {
    "code": "bad_cursor",
    "message": "Kursor halaman tidak sah.",
    "details": None,
}


def make_token(user, **fields) -> str:
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(
        user=user, name="uji", key_hash=ApiToken.hash_key(raw), hint=raw[:8], **fields
    )
    return raw


# --- TokenAuth -----------------------------------------------------------------


def test_token_auth_returns_the_owner_and_stamps_last_use(world, hr_admin):
    raw = make_token(hr_admin)
    request = RequestFactory().get("/api/x")
    assert TokenAuth().authenticate(request, raw) == hr_admin
    assert request.user == hr_admin
    assert request.user.active_role is None
    assert ApiToken.objects.get(user=hr_admin).last_used_at is not None


@pytest.mark.parametrize("state", ["revoked", "expired", "inactive_user", "unknown"])
def test_token_auth_refuses_dead_tokens(world, hr_admin, state):
    fields = {
        "revoked": {"revoked_at": timezone.now()},
        "expired": {"expires_at": timezone.now() - dt.timedelta(seconds=1)},
    }.get(state, {})
    raw = make_token(hr_admin, **fields)
    if state == "inactive_user":
        hr_admin.is_active = False
        hr_admin.save(update_fields=["is_active"])
    if state == "unknown":
        raw = ApiToken.new_raw_key()
    assert TokenAuth().authenticate(RequestFactory().get("/"), raw) is None


# --- SessionAuth ---------------------------------------------------------------


def session_request(method: str, user, cookie: str | None = "abc"):
    request = getattr(RequestFactory(enforce_csrf_checks=True), method)("/api/x")
    if cookie:
        request.COOKIES[settings.SESSION_COOKIE_NAME] = cookie
    request.user = user if user is not None else AnonymousUser()
    return request


def test_session_auth_without_cookie_is_anonymous_not_a_csrf_failure(world, employee):
    assert SessionAuth()._get_key(session_request("post", employee, None)) is None


def test_session_auth_with_a_stale_cookie_is_anonymous_not_a_csrf_failure(world):
    request = session_request("post", None)
    assert SessionAuth()._get_key(request) == "abc"
    assert SessionAuth().authenticate(request, "abc") is None


def test_session_auth_with_cookie_and_no_csrf_token_is_refused(world, employee):
    with pytest.raises(ApplicationError) as caught:
        SessionAuth()._get_key(session_request("post", employee))
    assert caught.value.status == 403
    assert caught.value.code == "csrf_failed"


def test_session_auth_safe_method_needs_no_csrf_token(world, employee):
    assert SessionAuth()._get_key(session_request("get", employee)) == "abc"


def test_session_auth_refuses_hr_admin_without_second_factor(world, hr_admin):
    request = RequestFactory().get("/api/x")
    request.user = hr_admin
    hr_admin.is_verified = lambda: False
    assert SessionAuth().authenticate(request, "abc") is None
    hr_admin.is_verified = lambda: True
    assert SessionAuth().authenticate(request, "abc") == hr_admin


def test_session_auth_takes_an_employee_without_second_factor(world, employee):
    request = RequestFactory().get("/api/x")
    request.user = employee
    employee.is_verified = lambda: False
    assert SessionAuth().authenticate(request, "abc") == employee


def test_api_refuses_a_signed_in_hr_admin_who_owes_the_second_factor(world, hr_admin):
    client = Client()
    client.force_login(
        hr_admin, backend="jenjang.accounts.backends.NipOrUsernameBackend"
    )
    response = client.get("/api/ranks")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


# --- require_perm --------------------------------------------------------------


def test_require_perm(world, hr_admin, employee):
    request = RequestFactory().get("/")
    request.auth = hr_admin
    require_perm(request, "people.change")
    request.auth = employee
    with pytest.raises(PermissionDenied):
        require_perm(request, "people.change")


# --- error handlers ------------------------------------------------------------


@pytest.fixture(scope="module")
def handlers_api():
    api = NinjaAPI(urls_namespace="test-core-errors")
    install_error_handlers(api)
    return api


def answer(api, exc) -> tuple[int, dict]:
    response = api.on_exception(RequestFactory().get("/"), exc)
    return response.status_code, json.loads(response.content)


def test_application_error_shape(handlers_api):
    exc = ApplicationError("nip_taken", "NIP sudah terdaftar.", details={"nip": 1})
    assert answer(handlers_api, exc) == (
        400,
        {"code": "nip_taken", "message": "NIP sudah terdaftar.", "details": {"nip": 1}},
    )
    assert answer(handlers_api, NotFound()) == (
        404,
        {"code": "not_found", "message": "Data tidak ditemukan.", "details": None},
    )
    assert answer(handlers_api, PermissionDenied()) == (
        403,
        {"code": "forbidden", "message": "Anda tidak berwenang.", "details": None},
    )


def test_validation_error_names_fields_as_the_client_sent_them(handlers_api):
    exc = NinjaValidationError(
        [
            {"loc": ("query", "size"), "msg": "too big"},
            {"loc": ("body", "payload", "birth_date"), "msg": "bad date"},
            {"loc": ("body", "payload"), "msg": "not an object"},
            {"loc": ("path", "employee_id"), "msg": "not an int"},
        ]
    )
    assert answer(handlers_api, exc) == (
        422,
        {
            "code": "invalid_input",
            "message": "Masukan tidak sah.",
            "details": [
                {"field": "size", "message": "too big"},
                {"field": "birth_date", "message": "bad date"},
                {"field": "payload", "message": "not an object"},
                {"field": "employee_id", "message": "not an int"},
            ],
        },
    )


def test_model_validation_error_becomes_400_with_fields(handlers_api):
    exc = DjangoValidationError({"email": ["E-mail tidak sah."]})
    assert answer(handlers_api, exc) == (
        400,
        {
            "code": "invalid_record",
            "message": "E-mail tidak sah.",
            "details": [{"field": "email", "message": "E-mail tidak sah."}],
        },
    )
    assert answer(handlers_api, DjangoValidationError("Rusak.")) == (
        400,
        {
            "code": "invalid_record",
            "message": "Rusak.",
            "details": [{"field": None, "message": "Rusak."}],
        },
    )


def test_http_errors_speak_indonesian_and_keep_the_reason(handlers_api):
    assert answer(handlers_api, HttpError(400, "Cannot parse request body")) == (
        400,
        {
            "code": "http_400",
            "message": "Permintaan tidak dapat dibaca.",
            "details": {"reason": "Cannot parse request body"},
        },
    )
    assert answer(handlers_api, HttpError(418, "teapot")) == (
        418,
        {"code": "http_418", "message": "teapot", "details": None},
    )
    assert answer(handlers_api, Http404()) == (
        404,
        {"code": "not_found", "message": "Data tidak ditemukan.", "details": None},
    )


def test_unparsable_body_is_400_with_the_error_shape(world, hr_admin):
    client = Client(headers={"Authorization": f"Bearer {make_token(hr_admin)}"})
    response = client.post(
        "/api/employees", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "http_400"


def test_unauthenticated_call_gets_401_shape(world):
    response = Client().get("/api/ranks")
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Perlu masuk (token atau sesi).",
        "details": None,
    }


# --- keyset pagination ---------------------------------------------------------


@pytest.fixture
def many(world):
    # Repeated names test the tie-break on id.
    for i in range(12):
        EmployeeFactory(position=world.staff_position, name=f"Sama {i % 3}")
    return Employee.objects.all()


def walk(qs, size: int) -> list[int]:
    seen, cursor = [], None
    while True:
        page = keyset_page(qs, order=("name", "id"), cursor=cursor, size=size)
        seen += [e.pk for e in page.items]
        if not page.has_next:
            assert page.next_cursor is None
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("size", [1, 4, 5, 17, 100])
def test_keyset_walk_visits_every_row_once_in_order(many, size):
    expected = list(
        Employee.objects.order_by("name", "id").values_list("pk", flat=True)
    )
    assert walk(Employee.objects.all(), size) == expected


def test_keyset_page_size_is_clamped(many):
    assert len(keyset_page(many, order=("name", "id"), cursor=None, size=0).items) == 1
    assert MAX_PAGE_SIZE == 200


def test_cursor_round_trip():
    assert decode_cursor(encode_cursor(["Budi", 7])) == ["Budi", 7]


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        "zzz",
        encode_cursor({"a": 1}),  # not a list
        encode_cursor(["Budi"]),  # one value
        encode_cursor(["Budi", "7"]),  # id not a number
        encode_cursor(["Budi", True]),
        encode_cursor(["Budi", 2**70]),  # past any id column
        encode_cursor([["x"], 1]),
        encode_cursor(["Bu\x00di", 1]),  # PostgreSQL refuses NUL
        encode_cursor(["\ud800", 1]),  # SQLite refuses a lone surrogate
        "A" * 2000,
    ],
)
def test_forged_cursors_are_refused_cleanly(world, cursor):
    with pytest.raises(ApplicationError) as caught:
        keyset_page(Employee.objects.all(), order=("name", "id"), cursor=cursor, size=5)
    assert caught.value.as_dict() == BAD_CURSOR
