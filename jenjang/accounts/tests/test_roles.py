"""Role switch, role grants (rules, permission, audit)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from jenjang.accounts.middleware import ACTIVE_ROLE_SESSION_KEY
from jenjang.accounts.models import Role, RoleGrant
from jenjang.accounts.roles import forget_roles
from jenjang.accounts.services import role_grant_create, role_grant_revoke
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import people_scope_q, scope_for
from jenjang.people.models import Employee
from jenjang.people.tests.factories import UserFactory

SWITCH = "/accounts/role/"


def visible_names(user, active_role=None) -> list[str]:
    forget_roles(user)
    user.active_role = active_role
    return sorted(
        Employee.objects.filter(people_scope_q(scope_for(user))).values_list(
            "name", flat=True
        )
    )


# --- role switch ----------------------------------------------------------------


def test_switch_to_employee_narrows_the_supervisor_to_self(client_for, supervisor):
    assert visible_names(supervisor) == [
        "Agus Salim",
        "Budi Santoso",
        "Dewi Lestari",
        "Siti Rahmawati",
    ]
    client = client_for("supervisor")
    response = client.post(SWITCH, {"role": "employee", "next": "/people/me/"})
    assert response.status_code == 302
    assert response["Location"] == "/people/me/"
    assert client.session[ACTIVE_ROLE_SESSION_KEY] == "employee"
    me = client.get("/api/me").json()
    assert me["active_role"] == "employee"
    assert me["roles"] == ["employee", "supervisor"]
    assert visible_names(supervisor, client.session[ACTIVE_ROLE_SESSION_KEY]) == [
        "Siti Rahmawati"
    ]


def test_switch_back_to_all_roles(client_for):
    client = client_for("supervisor")
    client.post(SWITCH, {"role": "employee"})
    response = client.post(SWITCH, {"role": ""})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert ACTIVE_ROLE_SESSION_KEY not in client.session
    assert client.get("/api/me").json()["active_role"] is None


@pytest.mark.parametrize("role", ["hr_admin", "superadmin", "raja", "employee "])
def test_switch_to_a_role_not_held_changes_nothing(client_for, role):
    client = client_for("supervisor")
    client.post(SWITCH, {"role": "supervisor"})
    response = client.post(SWITCH, {"role": role, "next": "/people/me/"}, follow=False)
    assert response.status_code == 302
    assert client.session[ACTIVE_ROLE_SESSION_KEY] == "supervisor"
    page = client.get("/accounts/tokens/")
    assert "Peran tidak dikenal atau bukan milik Anda." in page.content.decode()


def test_switch_ignores_a_foreign_next(client_for):
    client = client_for("supervisor")
    response = client.post(SWITCH, {"role": "employee", "next": "//evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("employee", 302),
        ("supervisor", 302),
        ("mentor", 302),
        ("organiser", 302),
        ("hr_admin", 302),
        ("hr_admin_other", 302),
        ("leader", 302),
        ("superadmin", 302),
        ("anonymous", 302),
    ],
)
def test_switch_access(client_for, persona, expected):
    client = client_for(persona)
    response = client.post(SWITCH, {"role": "employee"})
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
        assert ACTIVE_ROLE_SESSION_KEY not in client.session
    elif persona in ("employee", "supervisor"):
        assert client.session[ACTIVE_ROLE_SESSION_KEY] == "employee"
    else:
        # They do not hold the employee role here: nothing changes.
        assert ACTIVE_ROLE_SESSION_KEY not in client.session
    assert client.get(SWITCH).status_code == 405


# --- role grants ----------------------------------------------------------------


def test_superadmin_grants_a_scoped_role_and_the_audit_log_records_it(
    world, superadmin
):
    user = UserFactory(username="baru")
    grant = role_grant_create(
        user=user, role=Role.HR_ADMIN, org_unit=world.puskesmas, by=superadmin
    )
    assert grant.granted_by == superadmin
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(RoleGrant),
        object_pk=str(grant.pk),
    )
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == superadmin
    assert entry.changes_dict["role"] == ["None", "hr_admin"]
    assert visible_names(user) == ["Dewi Lestari"]


def test_revoking_a_grant_is_audited(world, superadmin, leader):
    grant = RoleGrant.objects.get(user=leader, role=Role.LEADER)
    grant_pk = grant.pk
    role_grant_revoke(grant=grant, by=superadmin)
    assert not RoleGrant.objects.filter(user=leader).exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(RoleGrant),
        object_pk=str(grant_pk),
        action=LogEntry.Action.DELETE,
    )
    assert entry.actor == superadmin


@pytest.mark.parametrize(
    ("role", "scope", "message"),
    [
        (
            Role.HR_ADMIN,
            {},
            "Peran Admin kepegawaian memerlukan cakupan: instansi atau unit kerja.",
        ),
        (
            Role.LEADER,
            {"agency": "agency", "org_unit": "dinkes"},
            "Pilih instansi atau unit kerja, tidak keduanya.",
        ),
        (
            Role.EMPLOYEE,
            {"org_unit": "dinkes"},
            "Peran Pegawai tidak memakai cakupan instansi atau unit kerja.",
        ),
        ("raja", {}, "Peran tidak dikenal."),
    ],
)
def test_bad_grants_are_refused_with_a_message(world, superadmin, role, scope, message):
    user = UserFactory(username="baru")
    kwargs = {key: getattr(world, value) for key, value in scope.items()}
    before = LogEntry.objects.count()
    with pytest.raises(ApplicationError) as exc:
        role_grant_create(user=user, role=role, by=superadmin, **kwargs)
    assert exc.value.code == "invalid_role_grant"
    assert exc.value.message == message
    assert not RoleGrant.objects.filter(user=user).exists()
    assert LogEntry.objects.count() == before


def test_duplicate_grant_is_refused(world, superadmin, hr_admin):
    with pytest.raises(ApplicationError) as exc:
        role_grant_create(
            user=hr_admin, role=Role.HR_ADMIN, org_unit=world.dinkes, by=superadmin
        )
    assert exc.value.message == "Pengguna ini sudah memiliki peran tersebut."
    assert RoleGrant.objects.filter(user=hr_admin).count() == 1


@pytest.mark.parametrize(
    "persona",
    ["employee", "supervisor", "mentor", "organiser", "hr_admin", "leader"],
)
def test_only_superadmins_grant_roles(world, request, persona):
    by = request.getfixturevalue(persona)
    user = UserFactory(username="baru")
    with pytest.raises(PermissionDenied):
        role_grant_create(user=user, role=Role.HR_ADMIN, org_unit=world.dinkes, by=by)
    with pytest.raises(PermissionDenied):
        role_grant_create(user=by, role=Role.SUPERADMIN, by=by)
    assert not RoleGrant.objects.filter(user=user).exists()
    assert not RoleGrant.objects.filter(role=Role.SUPERADMIN).exists()


def test_switched_role_does_not_lend_power_to_grant(world, superadmin):
    RoleGrant.objects.create(user=superadmin, role=Role.EMPLOYEE)
    forget_roles(superadmin)
    superadmin.active_role = Role.EMPLOYEE
    with pytest.raises(PermissionDenied):
        role_grant_create(
            user=UserFactory(username="baru"), role=Role.MENTOR, by=superadmin
        )
