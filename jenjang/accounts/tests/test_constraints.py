import pytest
from django.db import IntegrityError, transaction

from jenjang.accounts.models import Role, RoleGrant


def test_an_unscoped_grant_cannot_be_given_twice(employee):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=employee, role=Role.EMPLOYEE)
    assert RoleGrant.objects.filter(user=employee, role=Role.EMPLOYEE).count() == 1


def test_a_scoped_grant_cannot_be_given_twice(world, hr_admin):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(
            user=hr_admin, role=Role.HR_ADMIN, org_unit=world.dinkes
        )


def test_the_same_role_may_reach_two_units(world, hr_admin):
    RoleGrant.objects.create(user=hr_admin, role=Role.HR_ADMIN, org_unit=world.bpkad)
    assert RoleGrant.objects.filter(user=hr_admin, role=Role.HR_ADMIN).count() == 2


def test_a_scoped_role_needs_a_scope(world, employee):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=employee, role=Role.LEADER)
