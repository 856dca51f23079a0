"""Shared personas: one small regency with two departments.

Dinas Kesehatan (with a puskesmas under it) and BPKAD. The HR admin, leader
and organiser are scoped to Dinas Kesehatan; `hr_admin_other` to BPKAD.
Persona fixtures return a `User`; `client_for(persona)` gives a signed-in
client (with the second factor verified for roles that need it).
"""

import datetime as dt
import os
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from jenjang.accounts.models import Role, RoleGrant, User
from jenjang.people.models import Agency, Employee, OrgUnit, Position
from jenjang.people.tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    UserFactory,
    ensure_ranks,
    make_unit,
)

PASSWORD = "Rahasia-123!"
# The API's error bodies, as tests expect them literally.
NOT_FOUND = {"code": "not_found", "message": "Data tidak ditemukan.", "details": None}
FORBIDDEN = {"code": "forbidden", "message": "Anda tidak berwenang.", "details": None}
PERSONAS = [
    "employee",
    "supervisor",
    "mentor",
    "organiser",
    "hr_admin",
    "hr_admin_other",
    "leader",
    "superadmin",
    "anonymous",
]


# Tests assert behaviour, never speed: the machine is shared and noisy.
hypothesis_settings.register_profile(
    "jenjang", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("jenjang")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request, django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """With browser flows on SQLite, the test database is a file, not memory.

    For an in-memory database Django hands the test's one connection to every
    thread of the live server. The dashboard loads its sections in parallel,
    and CPython's sqlite3 module calls some SQLite functions (finalising a
    statement, reading a column name) while holding the GIL; with one thread
    inside a query that calls back into Python (the date functions Django
    registers) they wait for each other forever. A file gives each thread its
    own connection. Seen as a browser flow that hung with no timeout firing.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    uses_live_server = any(
        "live_server" in getattr(item, "fixturenames", ())
        for item in request.session.items
    )
    if database["ENGINE"].endswith("sqlite3") and uses_live_server:
        folder = tmp_path_factory.mktemp("sqlite")  # one per xdist worker
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


@pytest.fixture(autouse=True)
def _default_language():
    # A request in an earlier test may leave another language active in this
    # thread; services called directly must speak the default language.
    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_shared_cache():
    # Users, grants and whole pages are kept in the cache by primary key; a
    # rolled-back test leaves its rows' ids free for the next test's rows.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    # A content type created inside one test's rolled-back transaction must
    # not linger in the manager's cache for the next test.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.MEDIA_ROOT = os.environ.get(
        "JENJANG_TEST_MEDIA", "/tmp/jenjang-test-media"
    )


@dataclass
class World:
    agency: Agency
    root: OrgUnit
    dinkes: OrgUnit
    puskesmas: OrgUnit
    bpkad: OrgUnit
    head_position: Position
    staff_position: Position
    puskesmas_position: Position
    bpkad_position: Position
    supervisor: Employee
    employee: Employee
    mentor: Employee
    puskesmas_employee: Employee
    bpkad_employee: Employee


def _employee(position: Position, username: str | None, **kw) -> Employee:
    user = UserFactory(username=username) if username else None
    return EmployeeFactory(position=position, user=user, **kw)


@pytest.fixture
def world(db) -> World:
    ensure_ranks()
    agency = AgencyFactory(code="3399", name="Pemerintah Kabupaten Contoh")
    root = make_unit("Pemerintah Kabupaten Contoh", agency=agency, code="PEMKAB")
    dinkes = make_unit("Dinas Kesehatan", agency=agency, parent=root, code="DINKES")
    puskesmas = make_unit(
        "Puskesmas Sukamaju", agency=agency, parent=dinkes, code="PKM-SM"
    )
    bpkad = make_unit("BPKAD", agency=agency, parent=root, code="BPKAD")
    head = PositionFactory(
        org_unit=dinkes,
        code="DK-01",
        title="Kepala Seksi SDM Kesehatan",
        kind=Position.Kind.PENGAWAS,
    )
    staff = PositionFactory(
        org_unit=dinkes, code="DK-02", title="Pengelola Data Kesehatan", reports_to=head
    )
    pkm = PositionFactory(
        org_unit=puskesmas, code="PKM-01", title="Perawat", reports_to=head
    )
    bpkad_pos = PositionFactory(org_unit=bpkad, code="BK-01", title="Analis Keuangan")
    supervisor = _employee(
        head,
        "supervisor",
        name="Siti Rahmawati",
        gender="P",
        birth_date=dt.date(1978, 5, 2),
    )
    employee = _employee(staff, "employee", name="Budi Santoso")
    mentor = _employee(
        staff, "mentor", name="Agus Salim", birth_date=dt.date(1975, 1, 9)
    )
    pkm_emp = _employee(pkm, None, name="Dewi Lestari", gender="P")
    bpkad_emp = _employee(
        bpkad_pos, None, name="Rudi Hartono", birth_date=dt.date(1990, 7, 7)
    )
    RoleGrant.objects.create(user=employee.user, role=Role.EMPLOYEE)
    RoleGrant.objects.create(user=supervisor.user, role=Role.EMPLOYEE)
    RoleGrant.objects.create(user=supervisor.user, role=Role.SUPERVISOR)
    RoleGrant.objects.create(user=mentor.user, role=Role.MENTOR)
    return World(
        agency,
        root,
        dinkes,
        puskesmas,
        bpkad,
        head,
        staff,
        pkm,
        bpkad_pos,
        supervisor,
        employee,
        mentor,
        pkm_emp,
        bpkad_emp,
    )


def _scoped_user(username: str, role: str, unit: OrgUnit) -> User:
    user = UserFactory(username=username)
    RoleGrant.objects.create(user=user, role=role, org_unit=unit)
    return user


@pytest.fixture
def employee(world) -> User:
    return world.employee.user


@pytest.fixture
def supervisor(world) -> User:
    return world.supervisor.user


@pytest.fixture
def mentor(world) -> User:
    return world.mentor.user


@pytest.fixture
def organiser(world) -> User:
    return _scoped_user("organiser", Role.ORGANISER, world.dinkes)


@pytest.fixture
def hr_admin(world) -> User:
    return _scoped_user("hr_admin", Role.HR_ADMIN, world.dinkes)


@pytest.fixture
def hr_admin_other(world) -> User:
    return _scoped_user("hr_admin_other", Role.HR_ADMIN, world.bpkad)


@pytest.fixture
def leader(world) -> User:
    return _scoped_user("leader", Role.LEADER, world.dinkes)


@pytest.fixture
def superadmin(world) -> User:
    user = UserFactory(username="superadmin", is_staff=True)
    RoleGrant.objects.create(user=user, role=Role.SUPERADMIN)
    return user


@pytest.fixture
def anonymous(world) -> None:
    return None


def sign_in(client: Client, user: User | None) -> Client:
    """Sign `user` in on `client`, verifying a TOTP device when the role needs one."""
    if user is None:
        return client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user, backend="jenjang.accounts.backends.NipOrUsernameBackend")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(request, world):
    """Return a factory: persona name -> signed-in Client."""

    def make(persona: str) -> Client:
        user = request.getfixturevalue(persona)
        return sign_in(Client(), user)

    return make


def make_token(user: User, **fields) -> str:
    """Create a personal access token for `user`; return its raw key."""
    from jenjang.accounts.models import ApiToken

    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(
        user=user, name="uji", key_hash=ApiToken.hash_key(raw), hint=raw[:8], **fields
    )
    return raw


def token_client(user: User, **kwargs) -> Client:
    return Client(headers={"Authorization": f"Bearer {make_token(user)}"}, **kwargs)


@pytest.fixture
def api_for(request, world):
    """Return a factory: (persona, auth="session"|"token") -> an API client."""

    def make(persona: str, auth: str = "session") -> Client:
        user = request.getfixturevalue(persona)
        if user is None:
            return Client()
        if auth == "token":
            return token_client(user)
        return sign_in(Client(), user)

    return make


def pytest_collection_modifyitems(config, items) -> None:
    """Refuse a transactional test that does not put the seed rows back.

    A transactional test ends by flushing every table; without serialized
    rollback the flush also re-creates content types under new ids, and the
    next test that restores the migrations' rows fails on a duplicate content
    type (seen in CI's PostgreSQL pass). Browser tests: see e2e/conftest.py.
    """
    offenders = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "transactional tests without serialized_rollback=True: "
            + ", ".join(offenders)
        )
