"""The registry admin: role permissions, scope, 404 out of scope, writes via services."""

import datetime as dt

import pytest

from jenjang.people.models import Employee, OrgUnit, Position, PositionHistory
from jenjang.people.tests.factories import rank

EMPLOYEES = "/admin/people/employee/"
POSITIONS = "/admin/people/position/"
UNITS = "/admin/people/orgunit/"
DINKES_NAMES = ["Agus Salim", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]


@pytest.fixture
def staff_client(request, client_for):
    """persona -> a signed-in client whose user is marked staff (admin login)."""

    def make(persona: str):
        user = request.getfixturevalue(persona)
        if user is not None:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return client_for(persona)

    return make


def change_url(obj) -> str:
    return f"/admin/people/{obj._meta.model_name}/{obj.pk}/change/"


def admin_data(employee: Employee, **changes) -> dict:
    data = {
        "nip": employee.nip,
        "kind": employee.kind,
        "front_title": employee.front_title,
        "name": employee.name,
        "back_title": employee.back_title,
        "gender": employee.gender,
        "nik": employee.nik,
        "birth_place": employee.birth_place,
        "birth_date": employee.birth_date.isoformat(),
        "tmt_cpns": employee.tmt_cpns.isoformat(),
        "position": employee.position_id,
        "position_tmt": employee.position_tmt.isoformat(),
        "rank": employee.rank_id,
        "rank_tmt": employee.rank_tmt.isoformat(),
        "is_active": "on",
        "education_level": employee.education_level,
        "education_major": employee.education_major,
        "email": employee.email,
        "phone": employee.phone,
        "_save": "Simpan",
    }
    data.update(changes)
    return data


def listed(response) -> list[str]:
    return sorted(
        str(getattr(o, "name", o)) for o in response.context["cl"].result_list
    )


# --- Access --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 403,
        "supervisor": 403,
        "mentor": 403,
        "organiser": 403,  # no personal data in reach
        "hr_admin": 200,
        "hr_admin_other": 200,
        "leader": 403,
        "superadmin": 200,
        "anonymous": 302,
    }.items(),
)
def test_employee_changelist_access(staff_client, persona, status):
    response = staff_client(persona).get(EMPLOYEES)
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 403,
        "supervisor": 200,
        "mentor": 403,
        "organiser": 200,
        "hr_admin": 200,
        "hr_admin_other": 200,
        "leader": 200,
        "superadmin": 200,
        "anonymous": 302,
    }.items(),
)
def test_position_changelist_access(staff_client, persona, status):
    assert staff_client(persona).get(POSITIONS).status_code == status


def test_non_staff_is_sent_to_admin_login(client_for):
    response = client_for("hr_admin").get(EMPLOYEES)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_index_lists_registry_for_hr_admin(staff_client):
    response = staff_client("hr_admin").get("/admin/")
    assert response.status_code == 200
    [app] = [a for a in response.context["app_list"] if a["app_label"] == "people"]
    models = {m["object_name"]: m["perms"] for m in app["models"]}
    assert models["Employee"] == {
        "add": True,
        "change": True,
        "delete": False,
        "view": True,
    }
    assert models["OrgUnit"] == {
        "add": False,
        "change": False,
        "delete": False,
        "view": True,
    }


# --- Scope ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_admin", DINKES_NAMES),
        ("hr_admin_other", ["Rudi Hartono"]),
        ("superadmin", sorted([*DINKES_NAMES, "Rudi Hartono"])),
    ],
)
def test_employee_changelist_is_scoped(staff_client, persona, expected):
    assert listed(staff_client(persona).get(EMPLOYEES)) == expected


def test_employee_search_by_name_and_nip(staff_client, world):
    client = staff_client("hr_admin")
    assert listed(client.get(EMPLOYEES, {"q": "santoso"})) == ["Budi Santoso"]
    assert listed(client.get(EMPLOYEES, {"q": world.employee.nip[:15]})) == [
        "Budi Santoso"
    ]
    assert listed(client.get(EMPLOYEES, {"q": world.bpkad_employee.nip})) == []


def test_employee_list_filter(staff_client):
    response = staff_client("hr_admin").get(EMPLOYEES, {"position__kind": "pengawas"})
    assert listed(response) == ["Siti Rahmawati"]


@pytest.mark.parametrize(
    ("persona", "target"),
    [("hr_admin", "bpkad_employee"), ("hr_admin_other", "employee")],
)
def test_out_of_scope_employee_is_404(staff_client, world, persona, target):
    employee = getattr(world, target)
    client = staff_client(persona)
    for url in (change_url(employee), f"{EMPLOYEES}{employee.pk}/history/"):
        response = client.get(url)
        assert response.status_code == 404
        assert employee.name not in response.content.decode()
    # Deleting is refused before any lookup, in scope or not: nothing to learn.
    response = client.get(f"{EMPLOYEES}{employee.pk}/delete/")
    assert response.status_code == 403
    assert employee.name not in response.content.decode()
    response = client.post(change_url(employee), admin_data(employee, name="Diambil"))
    assert response.status_code == 404
    employee.refresh_from_db()
    assert employee.name != "Diambil"


def test_in_scope_change_page_shows_history(staff_client, world):
    PositionHistory.objects.create(
        employee=world.employee,
        position=world.staff_position,
        org_unit=world.dinkes,
        start=dt.date(2020, 1, 1),
    )
    response = staff_client("hr_admin").get(change_url(world.employee))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pengelola Data Kesehatan · Dinas Kesehatan" in body
    # Only a role that manages roles may link an account to a record.
    assert "user" not in response.context["adminform"].form.fields


def test_position_choices_and_autocomplete_are_scoped(staff_client, world):
    client = staff_client("hr_admin")
    form = client.get(change_url(world.employee)).context["adminform"].form
    assert sorted(p.code for p in form.fields["position"].queryset) == [
        "DK-01",
        "DK-02",
        "PKM-01",
    ]
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "people",
            "model_name": "employee",
            "field_name": "position",
            "term": "",
        },
    )
    assert response.status_code == 200
    titles = sorted(r["text"] for r in response.json()["results"])
    assert titles == [
        "Kepala Seksi SDM Kesehatan",
        "Pengelola Data Kesehatan",
        "Perawat",
    ]


def test_position_changelist_is_scoped(staff_client, world):
    client = staff_client("hr_admin")
    response = client.get(POSITIONS)
    assert sorted(p.code for p in response.context["cl"].result_list) == [
        "DK-01",
        "DK-02",
        "PKM-01",
    ]
    assert client.get(change_url(world.bpkad_position)).status_code == 404
    assert client.get(change_url(world.staff_position)).status_code == 200


def test_org_unit_admin_is_scoped(staff_client, world):
    client = staff_client("hr_admin")
    response = client.get(UNITS)
    assert response.status_code == 200
    assert sorted(u.code for u in response.context["cl"].result_list) == [
        "DINKES",
        "PKM-SM",
    ]
    assert client.get(change_url(world.bpkad)).status_code == 404
    response = client.get(change_url(world.dinkes))
    assert response.status_code == 200
    assert "BPKAD" not in response.content.decode()


def test_org_unit_tree_for_superadmin(staff_client, world):
    client = staff_client("superadmin")
    response = client.get(UNITS)
    assert response.status_code == 200
    assert [u.code for u in response.context["cl"].result_list] == ["PEMKAB"]
    assert client.get(f"{UNITS}add/").status_code == 200


def test_org_unit_is_read_only_for_hr_admin(staff_client, world):
    response = staff_client("hr_admin").post(
        change_url(world.dinkes),
        {"agency": world.agency.pk, "code": "DINKES", "name": "Diganti"},
    )
    assert response.status_code == 403
    assert OrgUnit.objects.get(pk=world.dinkes.pk).name == "Dinas Kesehatan"


# --- Writes --------------------------------------------------------------------


def test_admin_edit_nip_mismatch_is_refused(staff_client, world):
    data = admin_data(world.employee, birth_date="1986-03-14", name="Tak Tersimpan")
    response = staff_client("hr_admin").post(change_url(world.employee), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "birth_date": ["Tanggal lahir tidak sesuai dengan NIP (1985-03-14)."]
    }
    world.employee.refresh_from_db()
    assert world.employee.name == "Budi Santoso"


def test_admin_edit_cannot_move_out_of_scope(staff_client, world):
    data = admin_data(world.employee, position=world.bpkad_position.pk)
    response = staff_client("hr_admin").post(change_url(world.employee), data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["position"]
    world.employee.refresh_from_db()
    assert world.employee.position == world.staff_position


def test_admin_edit_goes_through_services(staff_client, world):
    data = admin_data(
        world.employee,
        position=world.puskesmas_position.pk,
        position_tmt="2024-01-01",
        rank=rank("III/b").pk,
        rank_tmt="2024-04-01",
    )
    response = staff_client("hr_admin").post(change_url(world.employee), data)
    assert response.status_code == 302
    world.employee.refresh_from_db()
    assert world.employee.org_unit == world.puskesmas
    assert world.employee.rank.code == "III/b"
    assert [
        (h.position.code, h.start)
        for h in PositionHistory.objects.filter(employee=world.employee)
    ] == [("PKM-01", dt.date(2024, 1, 1))]
    assert world.employee.rank_history.get().start == dt.date(2024, 4, 1)


def test_admin_add_goes_through_services(staff_client, world):
    data = admin_data(world.employee, name="Rina Marlina")
    data["nip"] = "199208172019032007"
    data.update(
        birth_date="1992-08-17",
        tmt_cpns="2019-03-01",
        gender="P",
        position=world.puskesmas_position.pk,
        position_tmt="2019-03-01",
        rank_tmt="2019-03-01",
    )
    response = staff_client("hr_admin").post(f"{EMPLOYEES}add/", data)
    assert response.status_code == 302
    created = Employee.objects.get(nip="199208172019032007")
    assert created.org_unit == world.puskesmas
    assert created.agency == world.agency
    assert created.position_history.count() == 1
    assert created.rank_history.count() == 1


def test_admin_cannot_delete_employee_as_hr_admin(staff_client, world):
    response = staff_client("hr_admin").post(
        f"{EMPLOYEES}{world.employee.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Employee.objects.filter(pk=world.employee.pk).exists()


def test_position_admin_read_only_for_hr_admin(staff_client, world):
    response = staff_client("hr_admin").post(
        change_url(world.staff_position), {"title": "Diganti"}
    )
    assert response.status_code == 403
    assert Position.objects.get(pk=world.staff_position.pk).title == (
        "Pengelola Data Kesehatan"
    )


def test_superadmin_may_link_an_account(staff_client, world):
    response = staff_client("superadmin").get(change_url(world.bpkad_employee))
    assert response.status_code == 200
    assert "user" in response.context["adminform"].form.fields


def test_history_admin_is_scoped(staff_client, world):
    for employee in (world.employee, world.bpkad_employee):
        PositionHistory.objects.create(
            employee=employee,
            position=employee.position,
            org_unit=employee.org_unit,
            start=dt.date(2020, 1, 1),
        )
    client = staff_client("hr_admin")
    response = client.get("/admin/people/positionhistory/")
    assert [h.employee for h in response.context["cl"].result_list] == [world.employee]
    hidden = PositionHistory.objects.get(employee=world.bpkad_employee)
    assert client.get(change_url(hidden)).status_code == 404
