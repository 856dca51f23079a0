"""Admin of the JP rule tables: who may add, change and see what."""

import datetime as dt

import pytest

from jenjang.accounts.models import Role, RoleGrant, User
from jenjang.development.models import AnnualTarget, ConversionRule, LedgerEntry
from jenjang.development.tests.test_ledger_support import form, post, seeded  # noqa: F401

RULES = "/admin/development/conversionrule/"
LEDGER = "/admin/development/ledgerentry/"


@pytest.fixture
def agency_hr(world) -> User:
    """An HR admin with an agency-wide grant (keeps that agency's rules)."""
    user = User.objects.create_user("hr.agency", password="x", is_staff=True)
    RoleGrant.objects.create(user=user, role=Role.HR_ADMIN, agency=world.agency)
    return user


@pytest.fixture
def staff(client_for, request):
    def make(persona):
        user = request.getfixturevalue(persona)
        User.objects.filter(pk=user.pk).update(is_staff=True)
        return client_for(persona)

    return make


def rule_data(world, **changes) -> dict:
    return {
        "agency": world.agency.pk,
        "form": form(9).pk,
        "unit": "day",
        "jp_per_unit": "6",
        "cap_jp": "",
        "cap_period": "",
        "effective_from": "2025-01-01",
        "note": "Perbup uji",
    } | changes


def test_agency_hr_adds_a_rule_for_the_agency(client_for, world, agency_hr):
    from django.test import Client

    from conftest import sign_in

    client = sign_in(Client(), agency_hr)
    assert client.get(RULES).status_code == 200
    response = client.post(f"{RULES}add/", rule_data(world))
    assert response.status_code == 302
    rule = ConversionRule.objects.get(agency=world.agency)
    assert (rule.jp_per_unit, rule.created_by) == (6, agency_hr)
    national = ConversionRule.objects.get(agency=None, form=form(9))
    assert client.get(f"{RULES}{national.pk}/change/").status_code == 200  # view only
    refused = client.post(f"{RULES}{national.pk}/change/", rule_data(world, agency=""))
    assert refused.status_code == 403
    national.refresh_from_db()
    assert national.jp_per_unit == 4


def test_bad_rule_is_a_form_error(client_for, world, agency_hr):
    from django.test import Client

    from conftest import sign_in

    client = sign_in(Client(), agency_hr)
    response = client.post(f"{RULES}add/", rule_data(world, cap_jp="3"))
    assert response.status_code == 200
    assert ConversionRule.objects.filter(agency=world.agency).count() == 0


def test_unit_hr_cannot_keep_agency_rules(staff, world):
    client = staff("hr_admin")
    assert client.get(RULES).status_code == 200
    assert client.get(f"{RULES}add/").status_code == 403


def test_a_used_rule_cannot_be_changed(staff, world):
    entry = post(
        world.employee, day=dt.date(2024, 5, 2), code=9, quantity=1, unit="day"
    )
    client = staff("superadmin")
    response = client.post(
        f"{RULES}{entry.rule_id}/change/", rule_data(world, agency="", jp_per_unit="9")
    )
    assert response.status_code == 403
    assert ConversionRule.objects.get(pk=entry.rule_id).jp_per_unit == 4
    target = AnnualTarget.objects.get()
    assert (
        client.get(f"/admin/development/annualtarget/{target.pk}/change/").status_code
        == 200
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("hr_admin_other", 200),
        ("superadmin", 200),
        ("employee", 403),
    ],
)
def test_ledger_is_read_only_and_scoped(staff, world, persona, status):
    entry = post(world.employee, day=dt.date(2024, 5, 2), jp=4)
    client = staff(persona)
    response = client.get(LEDGER)
    assert response.status_code == status
    if status == 200:
        visible = persona != "hr_admin_other"
        assert (f"{LEDGER}{entry.pk}/change/" in response.content.decode()) is visible
        assert client.get(f"{LEDGER}add/").status_code == 403
        change = client.post(f"{LEDGER}{entry.pk}/change/", {"jp": "9"})
        assert change.status_code == 403  # read-only, in scope or not
        detail = client.get(f"{LEDGER}{entry.pk}/change/")
        assert detail.status_code == (200 if visible else 404)
    assert LedgerEntry.objects.get().jp == 4
