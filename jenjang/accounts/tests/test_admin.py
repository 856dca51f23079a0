"""Admin for users, role grants and tokens: superadmins only."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from conftest import sign_in
from jenjang.accounts.models import ApiToken, Role, RoleGrant
from jenjang.accounts.services import api_token_create
from jenjang.people.tests.factories import UserFactory

ADMIN_PAGES = [
    "/admin/accounts/user/",
    "/admin/accounts/rolegrant/",
    "/admin/accounts/apitoken/",
    "/admin/accounts/rolegrant/add/",
]


@pytest.fixture
def staff_hr_admin(hr_admin):
    hr_admin.is_staff = True
    hr_admin.save()
    return hr_admin


@pytest.mark.parametrize("persona", ["staff_hr_admin", "employee", "leader"])
def test_non_superadmins_do_not_see_account_admin(client, request, persona):
    user = request.getfixturevalue(persona)
    sign_in(client, user)
    for url in ADMIN_PAGES:
        response = client.get(url)
        if user.is_staff:
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/")
    if user.is_staff:
        index = client.get("/admin/")
        assert index.status_code == 200
        assert "/admin/accounts/" not in index.content.decode()


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
        ("superadmin", 200),
        ("anonymous", 302),
    ],
)
def test_rolegrant_admin_access(client_for, persona, expected):
    response = client_for(persona).get("/admin/accounts/rolegrant/")
    assert response.status_code == expected


def test_superadmin_sees_the_account_admin(client_for, hr_admin, employee):
    api_token_create(user=employee, name="skrip")
    client = client_for("superadmin")
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url
    grant = RoleGrant.objects.get(user=hr_admin)
    assert (
        client.get(f"/admin/accounts/rolegrant/{grant.pk}/change/").status_code == 200
    )
    assert client.get(f"/admin/accounts/user/{hr_admin.pk}/change/").status_code == 200
    token = ApiToken.objects.get()
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    assert token.key_hash in page.content.decode()
    assert 'name="key_hash"' not in page.content.decode()


def test_superadmin_grants_a_role_in_the_admin_with_audit(
    client_for, world, superadmin
):
    user = UserFactory(username="baru")
    response = client_for("superadmin").post(
        "/admin/accounts/rolegrant/add/",
        {
            "user": user.pk,
            "role": Role.LEADER,
            "agency": "",
            "org_unit": world.dinkes.pk,
        },
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.org_unit, grant.granted_by) == (
        Role.LEADER,
        world.dinkes,
        superadmin,
    )
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(RoleGrant),
        object_pk=str(grant.pk),
        action=LogEntry.Action.CREATE,
    )
    assert entry.actor == superadmin


def test_admin_refuses_a_scoped_role_without_scope(client_for, world):
    user = UserFactory(username="baru")
    response = client_for("superadmin").post(
        "/admin/accounts/rolegrant/add/",
        {"user": user.pk, "role": Role.HR_ADMIN, "agency": "", "org_unit": ""},
    )
    assert response.status_code == 200
    assert (
        "Peran Admin kepegawaian memerlukan cakupan: instansi atau unit kerja."
        in response.content.decode()
    )
    assert not RoleGrant.objects.filter(user=user).exists()


def test_admin_delete_revokes_with_audit(client_for, superadmin, leader):
    grant = RoleGrant.objects.get(user=leader)
    grant_pk = grant.pk
    response = client_for("superadmin").post(
        f"/admin/accounts/rolegrant/{grant_pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant_pk).exists()
    entry = LogEntry.objects.get(object_pk=str(grant_pk), action=LogEntry.Action.DELETE)
    assert entry.actor == superadmin


def test_admin_revokes_tokens(client_for, employee):
    token, _raw = api_token_create(user=employee, name="skrip")
    response = client_for("superadmin").post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_staff_hr_admin_cannot_post_a_grant(client, staff_hr_admin):
    sign_in(client, staff_hr_admin)
    response = client.post(
        "/admin/accounts/rolegrant/add/",
        {"user": staff_hr_admin.pk, "role": Role.SUPERADMIN},
    )
    assert response.status_code == 403
    assert not RoleGrant.objects.filter(role=Role.SUPERADMIN).exists()


def test_superadmin_adds_a_user_in_the_admin(client_for):
    client = client_for("superadmin")
    assert client.get("/admin/accounts/user/add/").status_code == 200
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "pengguna.baru",
            "password1": "Kata-Sandi-Kuat-2025",
            "password2": "Kata-Sandi-Kuat-2025",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    from jenjang.accounts.models import User

    assert User.objects.get(username="pengguna.baru").check_password(
        "Kata-Sandi-Kuat-2025"
    )


def test_admin_password_validation_refuses_a_weak_password(client_for):
    client = client_for("superadmin")
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "lemah",
            "password1": "12345678",
            "password2": "12345678",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    from jenjang.accounts.models import User

    assert not User.objects.filter(username="lemah").exists()
