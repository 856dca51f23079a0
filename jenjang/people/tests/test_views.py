"""Registry pages: access per persona, scope, search, paging, masking, the edit form."""

import datetime as dt
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error

from jenjang.people import views
from jenjang.people.models import Employee, Position, PositionHistory, RankHistory
from jenjang.people.nip import build_nip
from jenjang.people.selectors import mask_nip
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory, rank

LIST = "/people/employees/"
NEW = "/people/employees/new/"
ME = "/people/me/"
UNITS = "/people/units/"
LOGIN = "/accounts/login/"

DINKES_NAMES = ["Agus Salim", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]
PERSONAL_HIDDEN = "Data pribadi disembunyikan (UU 27/2022)"


def detail(employee) -> str:
    return f"/people/employees/{employee.pk}/"


def edit(employee) -> str:
    return f"/people/employees/{employee.pk}/edit/"


def names(response) -> list[str]:
    return [employee.name for employee, _nip in response.context["rows"]]


def form_data(employee: Employee, **changes) -> dict:
    """The edit form as the browser would post it for `employee`, with changes."""
    data = {
        "nip": employee.nip,
        "nik": employee.nik,
        "name": employee.name,
        "front_title": employee.front_title,
        "back_title": employee.back_title,
        "kind": employee.kind,
        "gender": employee.gender,
        "birth_place": employee.birth_place,
        "birth_date": employee.birth_date.isoformat(),
        "tmt_cpns": employee.tmt_cpns.isoformat(),
        "position": employee.position_id,
        "position_tmt": employee.position_tmt.isoformat(),
        "rank": employee.rank_id,
        "rank_tmt": employee.rank_tmt.isoformat(),
        "education_level": employee.education_level,
        "education_major": employee.education_major,
        "email": employee.email,
        "phone": employee.phone,
        "is_active": "on",
    }
    data.update(changes)
    return data


def new_employee_data(world, **changes) -> dict:
    birth = dt.date(1992, 8, 17)
    data = {
        "nip": build_nip(
            birth_date=birth, tmt_year=2019, tmt_month=3, gender="P", sequence=7
        ),
        "nik": "3374015708920001",
        "name": "Rina Marlina",
        "front_title": "",
        "back_title": "S.Kep.",
        "kind": "PNS",
        "gender": "P",
        "birth_place": "Semarang",
        "birth_date": birth.isoformat(),
        "tmt_cpns": "2019-03-01",
        "position": world.puskesmas_position.pk,
        "position_tmt": "2019-03-01",
        "rank": rank("III/a").pk,
        "rank_tmt": "2019-03-01",
        "education_level": "S1",
        "education_major": "Keperawatan",
        "email": "rina@example.go.id",
        "phone": "081234567890",
    }
    data.update(changes)
    return data


# --- Access matrix -----------------------------------------------------------

LIST_STATUS = {
    "employee": 403,
    "supervisor": 200,
    "mentor": 403,
    "organiser": 200,
    "hr_admin": 200,
    "hr_admin_other": 200,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize(("persona", "status"), LIST_STATUS.items())
def test_employee_list_access(client_for, persona, status):
    response = client_for(persona).get(LIST)
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"] == f"{LOGIN}?next={LIST}"


@pytest.mark.parametrize(("persona", "status"), LIST_STATUS.items())
def test_unit_tree_access(client_for, persona, status):
    assert client_for(persona).get(UNITS).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 200,  # their own record
        "supervisor": 200,  # a direct report
        "mentor": 404,
        "organiser": 200,
        "hr_admin": 200,
        "hr_admin_other": 404,
        "leader": 200,
        "superadmin": 200,
        "anonymous": 302,
    }.items(),
)
def test_profile_access_in_dinkes(client_for, world, persona, status):
    response = client_for(persona).get(detail(world.employee))
    assert response.status_code == status
    if status == 404:
        assert "Budi Santoso" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 404,
        "supervisor": 404,
        "mentor": 404,
        "organiser": 404,
        "hr_admin": 404,
        "hr_admin_other": 200,
        "leader": 404,
        "superadmin": 200,
        "anonymous": 302,
    }.items(),
)
def test_profile_access_in_bpkad(client_for, world, persona, status):
    response = client_for(persona).get(detail(world.bpkad_employee))
    assert response.status_code == status
    if status == 404:
        body = response.content.decode()
        assert "Rudi Hartono" not in body
        assert "Halaman tidak ditemukan" in body


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 404,
        "supervisor": 200,  # reports to the supervisor's position
        "mentor": 404,
        "organiser": 200,
        "hr_admin": 200,
        "hr_admin_other": 404,
        "leader": 200,  # the puskesmas is inside the leader's subtree
        "superadmin": 200,
        "anonymous": 302,
    }.items(),
)
def test_profile_access_in_puskesmas(client_for, world, persona, status):
    assert client_for(persona).get(detail(world.puskesmas_employee)).status_code == (
        status
    )


def test_profile_of_unknown_id_is_404(client_for):
    assert client_for("superadmin").get("/people/employees/999999/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    {p: (302 if p == "anonymous" else 200) for p in LIST_STATUS}.items(),
)
def test_me_access(client_for, persona, status):
    assert client_for(persona).get(ME).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 403,
        "supervisor": 403,
        "mentor": 403,
        "organiser": 403,
        "hr_admin": 200,
        "hr_admin_other": 200,
        "leader": 403,
        "superadmin": 200,
        "anonymous": 302,
    }.items(),
)
def test_create_page_access(client_for, persona, status):
    assert client_for(persona).get(NEW).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 403,
        "supervisor": 403,
        "mentor": 403,
        "organiser": 403,
        "hr_admin": 302,
        "hr_admin_other": 200,  # may create, but not in a Dinas Kesehatan position
        "leader": 403,
        "superadmin": 302,
        "anonymous": 302,
    }.items(),
)
def test_create_post_access(client_for, world, persona, status):
    before = Employee.objects.count()
    response = client_for(persona).post(NEW, new_employee_data(world))
    created = persona in {"hr_admin", "superadmin"}
    assert response.status_code == status
    assert Employee.objects.count() == before + (1 if created else 0)


EDIT_STATUS = {
    "employee": 403,
    "supervisor": 403,
    "mentor": 403,
    "organiser": 403,
    "hr_admin": 200,
    "hr_admin_other": 404,
    "leader": 403,
    "superadmin": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize(("persona", "status"), EDIT_STATUS.items())
def test_edit_page_access(client_for, world, persona, status):
    response = client_for(persona).get(edit(world.employee))
    assert response.status_code == status
    if status == 404:
        assert "Budi Santoso" not in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), EDIT_STATUS.items())
def test_edit_post_access(client_for, world, persona, status):
    data = form_data(world.employee, name="Budi Diubah")
    response = client_for(persona).post(edit(world.employee), data)
    allowed = persona in {"hr_admin", "superadmin"}
    assert response.status_code == (302 if allowed else status)
    world.employee.refresh_from_db()
    assert world.employee.name == ("Budi Diubah" if allowed else "Budi Santoso")


def test_edit_out_of_scope_bpkad_is_404_and_unchanged(client_for, world):
    target = world.bpkad_employee
    response = client_for("hr_admin").post(
        edit(target), form_data(target, name="Diambil")
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.name == "Rudi Hartono"


def test_hr_admin_other_cannot_open_dinkes_edit(client_for, world):
    response = client_for("hr_admin_other").get(edit(world.employee))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 200,
        "supervisor": 302,
        "mentor": 200,
        "organiser": 302,
        "hr_admin": 302,
        "hr_admin_other": 302,
        "leader": 302,
        "superadmin": 302,
        "anonymous": 302,
    }.items(),
)
def test_home_access(client_for, persona, status):
    response = client_for(persona).get("/")
    assert response.status_code == status
    if status == 302 and persona != "anonymous":
        assert response["Location"] == LIST


# --- List: scope, search, filters -------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("supervisor", DINKES_NAMES),  # self and the three who report to them
        ("organiser", DINKES_NAMES),
        ("hr_admin", DINKES_NAMES),
        ("leader", DINKES_NAMES),  # the Dinas Kesehatan subtree with the puskesmas
        ("hr_admin_other", ["Rudi Hartono"]),
        ("superadmin", sorted([*DINKES_NAMES, "Rudi Hartono"])),
    ],
)
def test_list_shows_exactly_the_scope(client_for, persona, expected):
    response = client_for(persona).get(LIST)
    assert names(response) == expected
    assert response.context["found"] == len(expected)


def test_supervisor_sees_direct_reports_only(client_for, world):
    # Someone in the same unit who does not report to the supervisor.
    other_head = PositionFactory(org_unit=world.dinkes, title="Kepala Seksi Lain")
    EmployeeFactory(position=other_head, name="Yusuf Maulana")
    response = client_for("supervisor").get(LIST)
    assert names(response) == DINKES_NAMES
    assert names(client_for("hr_admin").get(LIST)) == [*DINKES_NAMES, "Yusuf Maulana"]


def test_search_by_name_is_case_insensitive(client_for):
    response = client_for("hr_admin").get(LIST, {"q": "budi"})
    assert names(response) == ["Budi Santoso"]


def test_search_by_nip_prefix(client_for, world):
    prefix = world.employee.nip[:15]  # birth date, TMT and gender digit
    assert prefix == "198503142010011"
    response = client_for("hr_admin").get(LIST, {"q": prefix})
    assert names(response) == ["Budi Santoso"]
    response = client_for("hr_admin").get(LIST, {"q": world.employee.nip})
    assert names(response) == ["Budi Santoso"]


def test_search_never_reaches_out_of_scope(client_for, world):
    response = client_for("hr_admin").get(LIST, {"q": world.bpkad_employee.nip})
    assert names(response) == []
    assert "Tidak ada pegawai yang cocok." in response.content.decode()


def test_filter_by_unit_includes_subunits(client_for, world):
    client = client_for("hr_admin")
    assert names(client.get(LIST, {"unit": world.puskesmas.pk})) == ["Dewi Lestari"]
    assert names(client.get(LIST, {"unit": world.dinkes.pk})) == DINKES_NAMES


def test_filter_by_out_of_scope_unit_is_refused(client_for, world):
    response = client_for("hr_admin").get(LIST, {"unit": world.bpkad.pk})
    assert response.status_code == 200
    assert response.context["filters"].errors == {
        "unit": ["Unit kerja tidak ditemukan."]
    }
    assert "Rudi Hartono" not in names(response)


def test_unit_select_lists_visible_units_only(client_for, world):
    form = client_for("hr_admin").get(LIST).context["filters"]
    assert [u.code for u in form.fields["unit"].queryset] == ["DINKES", "PKM-SM"]


def test_filter_by_position_kind_rank_and_kind(client_for, world):
    Employee.objects.filter(pk=world.mentor.pk).update(rank=rank("III/b"))
    pppk_position = PositionFactory(org_unit=world.dinkes, title="Bidan")
    EmployeeFactory(
        position=pppk_position, name="Yanti PPPK", kind="PPPK", rank=rank("IX")
    )
    client = client_for("hr_admin")
    assert names(client.get(LIST, {"position_kind": Position.Kind.PENGAWAS})) == [
        "Siti Rahmawati"
    ]
    assert names(client.get(LIST, {"rank": rank("III/b").pk})) == ["Agus Salim"]
    assert names(client.get(LIST, {"kind": "PPPK"})) == ["Yanti PPPK"]
    assert names(client.get(LIST, {"kind": "PNS", "q": "a"})) == DINKES_NAMES


def test_htmx_search_returns_the_table_only(client_for):
    response = client_for("hr_admin").get(
        LIST, {"q": "Siti"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "people/_employee_table.html"
    body = response.content.decode()
    assert "<html" not in body
    assert "Siti Rahmawati" in body
    assert "HX-Request" in response["Vary"]


def test_full_page_has_htmx_search(client_for):
    body = client_for("hr_admin").get(LIST).content.decode()
    assert 'hx-target="#employee-table"' in body
    assert 'hx-push-url="true"' in body
    assert 'id="employee-table"' in body


def test_export_links_carry_filters_for_hr_admin_only(client_for, world):
    params = {"q": "Budi", "unit": world.dinkes.pk}
    body = client_for("hr_admin").get(LIST, params).content.decode()
    query = f"q=Budi&amp;unit={world.dinkes.pk}"
    assert f'href="/people/employees/export.xlsx?{query}"' in body
    assert f'href="/people/employees/export.csv?{query}"' in body
    assert "export.csv" not in client_for("leader").get(LIST, params).content.decode()


def test_count_is_capped(client_for, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    response = client_for("hr_admin").get(LIST)
    assert "Lebih dari 3 pegawai" in response.content.decode()
    assert names(response) == DINKES_NAMES


# --- Paging -------------------------------------------------------------------


def _walk(client, params) -> list[int]:
    seen: list[int] = []
    response = client.get(LIST, params)
    for _ in range(50):
        seen += [e.pk for e, _nip in response.context["rows"]]
        if not response.context["page"].has_next:
            return seen
        next_query = response.context["next_query"]
        carried = {k: v[0] for k, v in parse_qs(next_query).items()}
        assert {k: carried[k] for k in params} == {k: str(v) for k, v in params.items()}
        response = client.get(f"{LIST}?{next_query}")
    raise AssertionError("paging did not end")


def test_cursor_walks_every_row_once(client_for, world):
    for i in range(30):
        # Some equal names, so that the id breaks ties.
        EmployeeFactory(position=world.staff_position, name=f"Pegawai {i % 7}")
    expected = set(
        Employee.objects.filter(
            org_unit__path__startswith=world.dinkes.path
        ).values_list("pk", flat=True)
    )
    seen = _walk(client_for("hr_admin"), {"size": 4, "kind": "PNS"})
    assert len(seen) == len(set(seen)) == 34
    assert set(seen) == expected


def test_bad_cursor_shows_first_page_with_message(client_for):
    response = client_for("hr_admin").get(LIST, {"cursor": "zzz"})
    assert response.status_code == 200
    assert response.context["cursor_error"] == "Kursor halaman tidak sah."
    assert names(response) == DINKES_NAMES


def test_bad_page_size_falls_back(client_for):
    response = client_for("hr_admin").get(LIST, {"size": "banyak"})
    assert response.status_code == 200
    assert names(response) == DINKES_NAMES


def test_list_query_count_does_not_grow_with_page_size(client_for, world):
    for i in range(25):
        EmployeeFactory(position=world.puskesmas_position, name=f"Perawat {i:02d}")
    client = client_for("hr_admin")
    client.get(LIST, {"size": 5})  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        response = client.get(LIST, {"size": 5})
    assert len(response.context["rows"]) == 5
    with CaptureQueriesContext(connection) as large:
        response = client.get(LIST, {"size": 25})
    assert len(response.context["rows"]) == 25
    assert len(small.captured_queries) == len(large.captured_queries)


# --- Masking ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "masked"),
    [
        ("organiser", True),
        ("leader", False),
        ("hr_admin", False),
        ("supervisor", False),
    ],
)
def test_list_nip_masking(client_for, world, persona, masked):
    response = client_for(persona).get(LIST, {"q": "Budi"})
    [(_employee, shown)] = response.context["rows"]
    nip = world.employee.nip
    assert shown == (mask_nip(nip) if masked else nip)
    assert (nip in response.content.decode()) is not masked


@pytest.fixture
def personal(world):
    Employee.objects.filter(pk=world.employee.pk).update(
        nik="3374011403850002",
        birth_place="Kendal",
        email="budi@example.go.id",
        phone="081300000001",
    )
    return world.employee


@pytest.mark.parametrize(
    ("persona", "url", "shown"),
    [
        ("leader", "detail", False),
        ("supervisor", "detail", False),
        ("organiser", "detail", False),
        ("hr_admin", "detail", True),
        ("superadmin", "detail", True),
        ("employee", "detail", True),  # their own record
        ("employee", "me", True),
    ],
)
def test_personal_data_masking(client_for, personal, persona, url, shown):
    path = ME if url == "me" else detail(personal)
    response = client_for(persona).get(path)
    body = response.content.decode()
    assert response.context["show_personal"] is shown
    for value in ("3374011403850002", "Kendal", "budi@example.go.id", "081300000001"):
        assert (value in body) is shown
    assert (PERSONAL_HIDDEN in body) is not shown


def test_organiser_sees_masked_nip_on_profile(client_for, world):
    response = client_for("organiser").get(detail(world.employee))
    assert response.context["nip"] == mask_nip(world.employee.nip)
    assert world.employee.nip not in response.content.decode()


# --- Profile content ----------------------------------------------------------


def test_profile_shows_line_unit_path_and_history(client_for, world):
    PositionHistory.objects.create(
        employee=world.employee,
        position=world.staff_position,
        org_unit=world.dinkes,
        start=dt.date(2020, 1, 1),
    )
    RankHistory.objects.create(
        employee=world.employee, rank=rank("III/a"), start=dt.date(2018, 4, 1)
    )
    response = client_for("hr_admin").get(detail(world.employee))
    body = response.content.decode()
    assert [u.name for u in response.context["ancestors"]] == [
        "Pemerintah Kabupaten Contoh"
    ]
    assert "Dinas Kesehatan" in body
    assert response.context["supervisor"] == world.supervisor
    assert response.context["supervisor_visible"] is True
    assert f'href="{detail(world.supervisor)}">Siti Rahmawati</a>' in body
    assert "Penata Muda (III/a)" in body
    assert [r.position for r in response.context["history"]["positions"]] == [
        world.staff_position
    ]
    assert f'href="{edit(world.employee)}"' in body


def test_profile_supervisor_without_link_when_out_of_view(client_for, world):
    response = client_for("employee").get(ME)
    body = response.content.decode()
    assert response.context["supervisor"] == world.supervisor
    assert response.context["supervisor_visible"] is False
    assert "Siti Rahmawati" in body
    assert f'href="{detail(world.supervisor)}"' not in body
    assert f'href="{edit(world.employee)}"' not in body


def test_profile_lists_direct_reports(client_for, world):
    response = client_for("supervisor").get(ME)
    reports = [e.name for e, _nip in response.context["reports"]]
    assert reports == ["Agus Salim", "Budi Santoso", "Dewi Lestari"]


def test_me_without_record_is_friendly(client_for):
    response = client_for("hr_admin").get(ME)
    assert response.status_code == 200
    assert "Akun Anda belum terhubung dengan data pegawai." in (
        response.content.decode()
    )


def test_me_shows_own_record(client_for, world):
    response = client_for("mentor").get(ME)
    assert response.context["employee"] == world.mentor
    assert response.context["nip"] == world.mentor.nip


# --- Edit and create -----------------------------------------------------------


def test_edit_nip_birth_date_mismatch_is_refused(client_for, world):
    data = form_data(world.employee, birth_date="1986-03-14", name="Tidak Tersimpan")
    response = client_for("hr_admin").post(edit(world.employee), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "birth_date": ["Tanggal lahir tidak sesuai dengan NIP (1985-03-14)."]
    }
    assert "Tanggal lahir tidak sesuai dengan NIP (1985-03-14)." in (
        response.content.decode()
    )
    world.employee.refresh_from_db()
    assert world.employee.birth_date == dt.date(1985, 3, 14)
    assert world.employee.name == "Budi Santoso"


def test_edit_rank_of_wrong_kind_is_refused(client_for, world):
    data = form_data(world.employee, rank=rank("IX").pk)
    response = client_for("hr_admin").post(edit(world.employee), data)
    assert response.context["form"].errors == {
        "rank": ["Golongan IX bukan golongan PNS."]
    }
    world.employee.refresh_from_db()
    assert world.employee.rank.code == "III/a"


def test_edit_tmt_before_birth_speaks_indonesian_once(client_for, world):
    data = form_data(world.employee, tmt_cpns="1980-01-01")
    response = client_for("hr_admin").post(edit(world.employee), data)
    errors = response.context["form"].errors
    assert errors["tmt_cpns"] == [
        "TMT CPNS tidak sesuai dengan NIP (2010-01).",
        "TMT CPNS harus setelah tanggal lahir.",
    ]
    assert "__all__" not in errors


def test_edit_position_change_writes_history(client_for, world):
    PositionHistory.objects.create(
        employee=world.employee,
        position=world.staff_position,
        org_unit=world.dinkes,
        start=dt.date(2020, 1, 1),
    )
    data = form_data(
        world.employee,
        position=world.puskesmas_position.pk,
        position_tmt="2024-01-01",
    )
    response = client_for("hr_admin").post(edit(world.employee), data)
    assert response.status_code == 302
    assert response["Location"] == detail(world.employee)
    world.employee.refresh_from_db()
    assert world.employee.position == world.puskesmas_position
    assert world.employee.org_unit == world.puskesmas
    rows = list(
        PositionHistory.objects.filter(employee=world.employee).order_by("start")
    )
    assert [(r.position, r.start, r.end) for r in rows] == [
        (world.staff_position, dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
        (world.puskesmas_position, dt.date(2024, 1, 1), None),
    ]


def test_edit_cannot_move_into_another_scope(client_for, world):
    data = form_data(world.employee, position=world.bpkad_position.pk)
    response = client_for("hr_admin").post(edit(world.employee), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["position"]
    world.employee.refresh_from_db()
    assert world.employee.position == world.staff_position
    assert PositionHistory.objects.filter(employee=world.employee).count() == 0


def test_edit_position_choices_are_scoped(client_for, world):
    form = client_for("hr_admin").get(edit(world.employee)).context["form"]
    assert sorted(p.code for p in form.fields["position"].queryset) == [
        "DK-01",
        "DK-02",
        "PKM-01",
    ]


def test_create_writes_record_and_history(client_for, world):
    response = client_for("hr_admin").post(NEW, new_employee_data(world))
    created = Employee.objects.get(name="Rina Marlina")
    assert response.status_code == 302
    assert response["Location"] == detail(created)
    assert created.org_unit == world.puskesmas
    assert created.agency == world.agency
    assert PositionHistory.objects.filter(employee=created).count() == 1
    assert RankHistory.objects.filter(employee=created).count() == 1


def test_create_duplicate_nip_is_refused(client_for, world):
    data = new_employee_data(world, nip=world.bpkad_employee.nip)
    before = Employee.objects.count()
    response = client_for("hr_admin").post(NEW, data)
    assert response.status_code == 200
    assert response.context["form"].errors["nip"] == ["NIP sudah terdaftar."]
    assert Employee.objects.count() == before


def test_create_bad_nip_and_dates_are_refused(client_for, world):
    data = new_employee_data(world, nip="12345", birth_date="bukan tanggal")
    before = Employee.objects.count()
    response = client_for("hr_admin").post(NEW, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["nip"] == ["NIP harus 18 digit angka."]
    assert set(errors) == {"nip", "birth_date"}
    assert Employee.objects.count() == before


def test_form_uses_date_inputs(client_for, world):
    body = client_for("hr_admin").get(edit(world.employee)).content.decode()
    assert 'type="date" name="birth_date" value="1985-03-14"' in body


# --- Unit tree ------------------------------------------------------------------


def _tree(response) -> list[tuple[str, int, int, int]]:
    return [
        (u["code"], u["indent"], u["own"], u["total"])
        for u in response.context["units"]
    ]


@pytest.mark.parametrize("persona", ["hr_admin", "leader", "organiser"])
def test_unit_tree_headcounts_in_scope(client_for, world, persona):
    response = client_for(persona).get(UNITS)
    assert _tree(response) == [("DINKES", 0, 3, 4), ("PKM-SM", 1, 1, 1)]
    body = response.content.decode()
    assert f'href="{LIST}?unit={world.puskesmas.pk}"' in body


def test_unit_tree_headcounts_for_superadmin(client_for):
    response = client_for("superadmin").get(UNITS)
    assert _tree(response) == [
        ("PEMKAB", 0, 0, 5),
        ("DINKES", 1, 3, 4),
        ("PKM-SM", 2, 1, 1),
        ("BPKAD", 1, 1, 1),
    ]


def test_unit_tree_for_hr_admin_other(client_for):
    assert _tree(client_for("hr_admin_other").get(UNITS)) == [("BPKAD", 0, 1, 1)]


# --- Home and error pages ----------------------------------------------------------


def test_home_for_employee_links_to_profile(client_for):
    body = client_for("employee").get("/").content.decode()
    assert f'href="{ME}"' in body
    assert "Segera hadir" not in body


def test_home_shows_each_registered_panel(client_for):
    from jenjang.core.home import _PANELS, register_home_panel

    badge = "certificates/_status.html"
    register_home_panel(
        "uji", badge, lambda request: {"status": "valid", "label": "PANEL-UJI"}
    )
    register_home_panel("tersembunyi", badge, lambda request: None)
    register_home_panel("rusak", badge, lambda request: 1 / 0)
    try:
        response = client_for("employee").get("/")
    finally:
        for name in ("uji", "tersembunyi", "rusak"):
            _PANELS.pop(name)
    assert response.status_code == 200
    assert response.content.decode().count("PANEL-UJI") == 1


def test_403_page_is_indonesian(client_for):
    response = client_for("employee").get(LIST)
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_500_page_needs_no_context():
    html = render_to_string("500.html")
    assert "Terjadi kesalahan di server" in html
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan di server" in response.content.decode()


def test_unit_menu_offers_top_levels_and_the_chosen_unit(world, client_for):
    client = client_for("superadmin")
    menu = client.get("/people/employees/").context["filters"]["unit"]
    offered = {label.strip("\xa0 ") for _, label in menu.field.widget.choices}
    assert {"Pemerintah Kabupaten Contoh", "Dinas Kesehatan", "BPKAD"} <= offered
    assert "Puskesmas Sukamaju" not in offered

    response = client.get(f"/people/employees/?unit={world.puskesmas.pk}")
    widget = response.context["filters"]["unit"].field.widget
    assert world.puskesmas.pk in {value for value, _ in widget.choices}
    assert [e.name for e in response.context["page"].items] == ["Dewi Lestari"]
