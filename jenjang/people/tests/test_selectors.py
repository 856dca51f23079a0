"""The registry reads the pages and the admin rely on, per persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jenjang.core.exceptions import NotFound
from jenjang.people import selectors
from jenjang.people.models import Employee
from jenjang.people.tests.factories import EmployeeFactory, rank

DINKES_NAMES = ["Agus Salim", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]


def names(qs) -> list[str]:
    return [e.name for e in qs]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("employee", ["Budi Santoso"]),
        ("mentor", ["Agus Salim"]),
        ("supervisor", DINKES_NAMES),
        ("organiser", DINKES_NAMES),
        ("hr_admin", DINKES_NAMES),
        ("leader", DINKES_NAMES),
        ("hr_admin_other", ["Rudi Hartono"]),
        ("superadmin", sorted([*DINKES_NAMES, "Rudi Hartono"])),
        ("anonymous", []),
    ],
)
def test_employee_list_per_persona(request, persona, expected):
    user = request.getfixturevalue(persona) or AnonymousUser()
    assert names(selectors.employee_list_visible_to(user=user)) == expected


def test_search_by_name_and_nip_prefix(hr_admin, world):
    def search(text):
        return names(selectors.employee_list_visible_to(user=hr_admin, search=text))

    assert search("  rahma ") == ["Siti Rahmawati"]
    assert search(world.employee.nip[:15]) == ["Budi Santoso"]
    # Digits with spaces, as people copy NIPs from letters.
    spaced = (
        f"{world.employee.nip[:8]} {world.employee.nip[8:14]} {world.employee.nip[14:]}"
    )
    assert search(spaced) == ["Budi Santoso"]
    assert search(world.bpkad_employee.nip) == []


def test_filters_and_inactive(hr_admin, world):
    Employee.objects.filter(pk=world.mentor.pk).update(is_active=False)
    Employee.objects.filter(pk=world.employee.pk).update(rank=rank("III/c"))
    visible = selectors.employee_list_visible_to
    assert names(visible(user=hr_admin)) == [
        "Budi Santoso",
        "Dewi Lestari",
        "Siti Rahmawati",
    ]
    assert names(visible(user=hr_admin, include_inactive=True)) == DINKES_NAMES
    assert names(visible(user=hr_admin, unit=world.puskesmas)) == ["Dewi Lestari"]
    assert names(visible(user=hr_admin, position_kind="pengawas")) == ["Siti Rahmawati"]
    assert names(visible(user=hr_admin, rank_id=rank("III/c").pk)) == ["Budi Santoso"]
    assert names(visible(user=hr_admin, kind="PPPK")) == []


def test_unit_filter_does_not_widen_the_scope(hr_admin, world):
    assert (
        names(selectors.employee_list_visible_to(user=hr_admin, unit=world.bpkad)) == []
    )


@pytest.mark.parametrize("pk", ["abc", None, 10**9])
def test_get_unknown_or_malformed_is_not_found(hr_admin, pk):
    with pytest.raises(NotFound):
        selectors.employee_get_visible_to(user=hr_admin, pk=pk)


def test_get_out_of_scope_is_not_found(hr_admin, hr_admin_other, world):
    with pytest.raises(NotFound):
        selectors.employee_get_visible_to(user=hr_admin, pk=world.bpkad_employee.pk)
    with pytest.raises(NotFound):
        selectors.employee_get_visible_to(user=hr_admin_other, pk=world.employee.pk)
    found = selectors.employee_get_visible_to(user=hr_admin, pk=world.employee.pk)
    assert found == world.employee


def test_employee_for_user(employee, hr_admin, world):
    assert selectors.employee_for_user(user=employee) == world.employee
    assert selectors.employee_for_user(user=hr_admin) is None


def test_direct_reports_leave_out_inactive(world):
    Employee.objects.filter(pk=world.mentor.pk).update(is_active=False)
    reports = selectors.employee_direct_reports(employee=world.supervisor)
    assert sorted(names(reports)) == ["Budi Santoso", "Dewi Lestari"]


@pytest.mark.parametrize(
    ("persona", "nip", "personal"),
    [
        ("employee", True, True),  # their own record
        ("mentor", False, False),
        ("supervisor", True, False),
        ("organiser", False, False),
        ("leader", True, False),
        ("hr_admin", True, True),
        ("superadmin", True, True),
    ],
)
def test_who_sees_nip_and_personal_data(request, world, persona, nip, personal):
    user = request.getfixturevalue(persona)
    assert selectors.can_see_nip(user=user, employee=world.employee) is nip
    assert selectors.can_see_personal_data(user=user, employee=world.employee) is (
        personal
    )


def test_mask_nip():
    assert selectors.mask_nip("198503142010011007") == "1985•••••••••••007"
    assert selectors.mask_nip("123") == "•••"


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("hr_admin", ["DINKES", "PKM-SM"]),
        ("leader", ["DINKES", "PKM-SM"]),
        ("hr_admin_other", ["BPKAD"]),
        ("employee", ["DINKES"]),  # their own unit
        ("superadmin", ["PEMKAB", "DINKES", "PKM-SM", "BPKAD"]),
    ],
)
def test_org_units_per_persona(request, persona, codes):
    user = request.getfixturevalue(persona)
    assert [u.code for u in selectors.org_unit_list_visible_to(user=user)] == codes


def test_tree_headcounts_count_active_people_in_scope(hr_admin, world):
    Employee.objects.filter(pk=world.mentor.pk).update(is_active=False)
    EmployeeFactory(position=world.puskesmas_position, name="Nur Aini")
    tree = selectors.org_unit_tree_with_headcounts(user=hr_admin)
    assert [(u["code"], u["indent"], u["own"], u["total"]) for u in tree] == [
        ("DINKES", 0, 2, 4),
        ("PKM-SM", 1, 2, 2),
    ]


def test_positions_per_persona(hr_admin, hr_admin_other, world):
    codes = [p.code for p in selectors.position_list_visible_to(user=hr_admin)]
    assert sorted(codes) == ["DK-01", "DK-02", "PKM-01"]
    codes = [p.code for p in selectors.position_list_visible_to(user=hr_admin_other)]
    assert codes == ["BK-01"]
    with pytest.raises(NotFound):
        selectors.position_get_visible_to(user=hr_admin, pk=world.bpkad_position.pk)


def test_ranks_come_pns_first_in_order(db):
    codes = [r.code for r in selectors.rank_list()]
    assert codes[:3] == ["I/a", "I/b", "I/c"]
    assert codes[16:18] == ["IV/e", "I"]
    assert len(codes) == 17 + 17
