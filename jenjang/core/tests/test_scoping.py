"""The one scoping function: who sees which employees and units."""

from jenjang.accounts.models import Role, RoleGrant
from jenjang.accounts.roles import forget_roles
from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.people.models import Employee, OrgUnit
from jenjang.people.tests.factories import UserFactory


def visible_names(user) -> set[str]:
    return set(
        Employee.objects.filter(people_scope_q(scope_for(user))).values_list(
            "name", flat=True
        )
    )


def visible_units(user) -> set[str]:
    return set(
        OrgUnit.objects.filter(unit_scope_q(scope_for(user))).values_list(
            "code", flat=True
        )
    )


DINKES_PEOPLE = {"Siti Rahmawati", "Budi Santoso", "Agus Salim", "Dewi Lestari"}


def test_hr_admin_of_dinkes_sees_the_dinkes_subtree_only(hr_admin):
    assert visible_names(hr_admin) == DINKES_PEOPLE
    assert visible_units(hr_admin) == {"DINKES", "PKM-SM"}


def test_hr_admin_of_bpkad_sees_bpkad_only(hr_admin_other):
    assert visible_names(hr_admin_other) == {"Rudi Hartono"}


def test_leader_sees_only_their_subtree(leader):
    assert visible_names(leader) == DINKES_PEOPLE
    assert "BPKAD" not in visible_units(leader)


def test_agency_grant_reaches_the_whole_agency(world):
    user = UserFactory(username="agency_hr")
    RoleGrant.objects.create(user=user, role=Role.HR_ADMIN, agency=world.agency)
    assert visible_names(user) == DINKES_PEOPLE | {"Rudi Hartono"}


def test_superadmin_sees_everything(superadmin):
    assert len(visible_names(superadmin)) == Employee.objects.count()


def test_employee_sees_only_self(employee):
    assert visible_names(employee) == {"Budi Santoso"}


def test_supervisor_sees_self_and_direct_reports(supervisor):
    # Budi and Agus hold the staff position, Dewi the puskesmas position; all
    # three report to the head position that Siti holds.
    assert visible_names(supervisor) == DINKES_PEOPLE


def test_active_role_narrows_the_scope(supervisor):
    supervisor.active_role = Role.EMPLOYEE
    assert visible_names(supervisor) == {"Siti Rahmawati"}


def test_active_role_not_held_falls_back_to_all_held_roles(supervisor):
    supervisor.active_role = Role.SUPERADMIN
    assert visible_names(supervisor) == DINKES_PEOPLE


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert visible_names(AnonymousUser()) == set()


def test_nested_grants_are_not_counted_twice(world, hr_admin):
    RoleGrant.objects.create(
        user=hr_admin, role=Role.HR_ADMIN, org_unit=world.puskesmas
    )
    forget_roles(hr_admin)
    scope = scope_for(hr_admin)
    assert scope.unit_paths == (world.dinkes.path,)


def test_prefix_filters_rows_that_belong_to_people(world, hr_admin):
    from jenjang.people.models import PositionHistory

    for emp in (world.employee, world.bpkad_employee):
        PositionHistory.objects.create(
            employee=emp,
            position=emp.position,
            org_unit=emp.org_unit,
            start=emp.position_tmt,
        )
    rows = PositionHistory.objects.filter(
        people_scope_q(scope_for(hr_admin), prefix="employee__")
    )
    assert [r.employee.name for r in rows] == ["Budi Santoso"]


def test_a_permission_reaches_only_where_its_role_is_granted(world, hr_admin_other):
    """HR admin of BPKAD who also leads Dinas Kesehatan edits only in BPKAD."""
    from jenjang.people.selectors import can_see_personal_data, employee_get_visible_to

    RoleGrant.objects.create(
        user=hr_admin_other, role=Role.LEADER, org_unit=world.dinkes
    )
    assert visible_names(hr_admin_other) == DINKES_PEOPLE | {"Rudi Hartono"}
    editable = Employee.objects.filter(
        people_scope_q(scope_for(hr_admin_other, perm="people.change"))
    )
    assert [e.name for e in editable] == ["Rudi Hartono"]
    budi = employee_get_visible_to(user=hr_admin_other, pk=world.employee.pk)
    assert can_see_personal_data(user=hr_admin_other, employee=budi) is False
    rudi = employee_get_visible_to(user=hr_admin_other, pk=world.bpkad_employee.pk)
    assert can_see_personal_data(user=hr_admin_other, employee=rudi) is True


def test_personal_reach_does_not_extend_editing(world, supervisor):
    RoleGrant.objects.create(user=supervisor, role=Role.HR_ADMIN, org_unit=world.bpkad)
    editable = Employee.objects.filter(
        people_scope_q(scope_for(supervisor, perm="people.change"))
    )
    assert [e.name for e in editable] == ["Rudi Hartono"]
