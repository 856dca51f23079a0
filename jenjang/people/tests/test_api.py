"""The registry API at /api: auth, scoping, masking, writes, pages, the contract."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import FORBIDDEN, NOT_FOUND, PERSONAS, make_token, sign_in, token_client
from jenjang.people.models import Employee, PositionHistory, Rank, RankHistory
from jenjang.people.nip import build_nip
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory, rank

DINKES_PEOPLE = ["Agus Salim", "Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]
CSRF_SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"  # 32 letters: a valid CSRF secret
MISSING_ID = 987654321


# --- helpers -------------------------------------------------------------------


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def new_employee_payload(position, **overrides) -> dict:
    payload = {
        "nip": build_nip(
            birth_date=dt.date(1992, 6, 15),
            tmt_year=2017,
            tmt_month=3,
            gender="P",
            sequence=42,
        ),
        "nik": "3201015506920002",
        "name": "Rina Marlina",
        "front_title": "dr.",
        "back_title": "M.Kes",
        "kind": "PNS",
        "gender": "P",
        "birth_place": "Bandung",
        "birth_date": "1992-06-15",
        "tmt_cpns": "2017-03-01",
        "position_id": position.pk,
        "position_tmt": "2021-01-04",
        "rank_id": rank("III/b").pk,
        "rank_tmt": "2021-04-01",
        "education_level": "S2",
        "education_major": "Kesehatan Masyarakat",
        "email": "rina@contoh.go.id",
        "phone": "081234567890",
    }
    return payload | overrides


def post(client: Client, url: str, data, **kwargs):
    return client.post(url, data=data, content_type="application/json", **kwargs)


def patch(client: Client, url: str, data, **kwargs):
    return client.patch(url, data=data, content_type="application/json", **kwargs)


def employee_snapshot() -> list[tuple]:
    return list(Employee.objects.order_by("pk").values_list("pk", "phone", "position"))


# --- authentication ------------------------------------------------------------


def test_token_auth_lists_employees(world, hr_admin):
    assert names(token_client(hr_admin).get("/api/employees")) == DINKES_PEOPLE


def test_session_auth_lists_employees(world, client_for):
    assert names(client_for("hr_admin").get("/api/employees")) == DINKES_PEOPLE


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer jjg_not-a-real-token"},
        {"Authorization": "Basic aHJfYWRtaW46UmFoYXNpYS0xMjMh"},
    ],
)
def test_401_without_valid_auth(world, headers):
    response = Client(headers=headers).get("/api/employees")
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Perlu masuk (token atau sesi).",
        "details": None,
    }


def test_revoked_and_expired_tokens_get_401(world, hr_admin):
    revoked = make_token(hr_admin, revoked_at=timezone.now())
    expired = make_token(hr_admin, expires_at=timezone.now() - dt.timedelta(days=1))
    for raw in (revoked, expired):
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        assert client.get("/api/employees").status_code == 401


def test_session_writes_need_the_csrf_token(world, hr_admin):
    client = sign_in(Client(enforce_csrf_checks=True), hr_admin)
    url = f"/api/employees/{world.employee.pk}"
    assert client.get("/api/employees").status_code == 200  # safe: no token needed
    before = employee_snapshot()

    denied = [
        post(client, "/api/employees", new_employee_payload(world.staff_position)),
        patch(client, url, {"phone": "0811"}),
    ]
    for response in denied:
        assert response.status_code == 403
        assert response.json()["code"] == "csrf_failed"
    assert employee_snapshot() == before

    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    headers = {"X-CSRFToken": CSRF_SECRET}
    created = post(
        client,
        "/api/employees",
        new_employee_payload(world.staff_position),
        headers=headers,
    )
    assert created.status_code == 201, created.content
    changed = patch(client, url, {"phone": "0811"}, headers=headers)
    assert changed.status_code == 200
    assert Employee.objects.get(pk=world.employee.pk).phone == "0811"


def test_token_writes_need_no_csrf_token(world, hr_admin):
    client = token_client(hr_admin, enforce_csrf_checks=True)
    response = post(
        client, "/api/employees", new_employee_payload(world.staff_position)
    )
    assert response.status_code == 201


# --- access matrix -------------------------------------------------------------


def _matrix(**overrides: int) -> dict[str, int]:
    return {"anonymous": 401} | overrides


ACCESS = {
    "list": _matrix(
        employee=403,
        supervisor=200,
        mentor=403,
        organiser=200,
        hr_admin=200,
        hr_admin_other=200,
        leader=200,
        superadmin=200,
    ),
    "detail": _matrix(
        employee=200,
        supervisor=200,
        mentor=404,
        organiser=200,
        hr_admin=200,
        hr_admin_other=404,
        leader=200,
        superadmin=200,
    ),
    "create": _matrix(
        employee=403,
        supervisor=403,
        mentor=403,
        organiser=403,
        hr_admin=201,
        hr_admin_other=422,  # the Dinkes position is outside BPKAD
        leader=403,
        superadmin=201,
    ),
    "update": _matrix(
        employee=403,
        supervisor=403,
        mentor=403,
        organiser=403,
        hr_admin=200,
        hr_admin_other=404,
        leader=403,
        superadmin=200,
    ),
    "unit_list": _matrix(**dict.fromkeys(PERSONAS[:-1], 200)),
    # The puskesmas: inside the Dinkes grants, outside everyone's own unit.
    "unit_detail": _matrix(
        employee=404,
        supervisor=404,
        mentor=404,
        organiser=200,
        hr_admin=200,
        hr_admin_other=404,
        leader=200,
        superadmin=200,
    ),
    "position_list": _matrix(**dict.fromkeys(PERSONAS[:-1], 200)),
    "rank_list": _matrix(**dict.fromkeys(PERSONAS[:-1], 200)),
}
ACCESS["history"] = ACCESS["detail"]
ACCESS["position_detail"] = ACCESS["unit_detail"]


def _call(client: Client, operation: str, world):
    employee_url = f"/api/employees/{world.employee.pk}"
    match operation:
        case "list":
            return client.get("/api/employees")
        case "detail":
            return client.get(employee_url)
        case "history":
            return client.get(f"{employee_url}/history")
        case "create":
            payload = new_employee_payload(world.staff_position)
            return post(client, "/api/employees", payload)
        case "update":
            return patch(client, employee_url, {"phone": "0899"})
        case "unit_list":
            return client.get("/api/org-units")
        case "unit_detail":
            return client.get(f"/api/org-units/{world.puskesmas.pk}")
        case "position_list":
            return client.get("/api/positions")
        case "position_detail":
            return client.get(f"/api/positions/{world.puskesmas_position.pk}")
        case "rank_list":
            return client.get("/api/ranks")
    raise AssertionError(operation)


@pytest.mark.parametrize("auth", ["session", "token"])
@pytest.mark.parametrize(
    ("operation", "persona", "expected"),
    [
        (operation, persona, expected)
        for operation, table in ACCESS.items()
        for persona, expected in table.items()
    ],
)
def test_access_matrix(api_for, world, operation, persona, expected, auth):
    before = employee_snapshot()
    response = _call(api_for(persona, auth), operation, world)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"code", "message", "details"}
        assert employee_snapshot() == before
    if expected == 403:
        assert response.json() == FORBIDDEN
    if expected == 404:
        assert response.json() == NOT_FOUND


def test_access_matrix_covers_every_persona():
    for table in ACCESS.values():
        assert set(table) == set(PERSONAS)


# --- scoping -------------------------------------------------------------------


@pytest.fixture
def outsider_in_dinkes(world):
    """A Dinkes employee who does not report to the supervisor's position."""
    position = PositionFactory(org_unit=world.dinkes, code="DK-09", title="Bendahara")
    return EmployeeFactory(position=position, name="Eko Prasetyo")


def test_hr_admin_sees_exactly_the_dinkes_subtree(world, hr_admin, outsider_in_dinkes):
    client = token_client(hr_admin)
    listed = names(client.get("/api/employees?size=200"))
    assert listed == sorted([*DINKES_PEOPLE, "Eko Prasetyo"])
    assert "Rudi Hartono" not in listed


def test_out_of_scope_employee_is_404_like_a_missing_one(world, hr_admin):
    client = token_client(hr_admin)
    out_of_scope = client.get(f"/api/employees/{world.bpkad_employee.pk}")
    missing = client.get(f"/api/employees/{MISSING_ID}")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json() == NOT_FOUND
    history = client.get(f"/api/employees/{world.bpkad_employee.pk}/history")
    assert history.status_code == 404


def test_hr_admin_cannot_patch_an_employee_of_bpkad(world, hr_admin):
    before = employee_snapshot()
    response = patch(
        token_client(hr_admin),
        f"/api/employees/{world.bpkad_employee.pk}",
        {"phone": "0800"},
    )
    assert response.status_code == 404
    assert employee_snapshot() == before


def test_hr_admin_other_sees_bpkad_only(world, hr_admin_other):
    client = token_client(hr_admin_other)
    assert names(client.get("/api/employees")) == ["Rudi Hartono"]
    assert client.get(f"/api/employees/{world.employee.pk}").status_code == 404
    assert client.get(f"/api/employees/{world.bpkad_employee.pk}").status_code == 200


def test_leader_sees_the_dinkes_subtree(world, leader, outsider_in_dinkes):
    client = token_client(leader)
    assert names(client.get("/api/employees")) == sorted(
        [*DINKES_PEOPLE, "Eko Prasetyo"]
    )
    assert client.get(f"/api/employees/{world.bpkad_employee.pk}").status_code == 404


def test_supervisor_sees_own_reports_and_self(world, supervisor, outsider_in_dinkes):
    client = token_client(supervisor)
    assert names(client.get("/api/employees")) == DINKES_PEOPLE
    assert client.get(f"/api/employees/{outsider_in_dinkes.pk}").status_code == 404


def test_employee_may_read_own_record_only(world, employee):
    client = token_client(employee)
    assert client.get("/api/employees").json() == FORBIDDEN
    own = client.get(f"/api/employees/{world.employee.pk}")
    assert own.status_code == 200
    assert own.json()["name"] == "Budi Santoso"
    assert client.get(f"/api/employees/{world.mentor.pk}").status_code == 404


def test_superadmin_sees_everyone(world, superadmin):
    assert names(token_client(superadmin).get("/api/employees")) == sorted(
        [*DINKES_PEOPLE, "Rudi Hartono"]
    )


# --- masking -------------------------------------------------------------------

MASKED = "1985•••••••••••002"


@pytest.mark.parametrize(
    ("persona", "nip_shown", "personal_shown"),
    [
        ("employee", True, True),  # their own record
        ("supervisor", True, False),
        ("organiser", False, False),
        ("hr_admin", True, True),
        ("leader", True, False),
        ("superadmin", True, True),
    ],
)
def test_nip_and_personal_data_per_persona(
    api_for, world, persona, nip_shown, personal_shown
):
    world.employee.nik = "3201011403850001"
    world.employee.email = "budi@contoh.go.id"
    world.employee.save()
    body = api_for(persona).get(f"/api/employees/{world.employee.pk}").json()
    nip = world.employee.nip
    assert body["nip"] == (nip if nip_shown else f"{nip[:4]}{'•' * 11}{nip[-3:]}")
    if personal_shown:
        assert body["personal"] == {
            "nik": "3201011403850001",
            "birth_date": "1985-03-14",
            "birth_place": "",
            "email": "budi@contoh.go.id",
            "phone": "",
            "education_level": "S1",
            "education_major": "",
        }
    else:
        assert body["personal"] is None


def test_list_masks_nip_for_organiser(world, organiser):
    items = token_client(organiser).get("/api/employees").json()["items"]
    assert len(items) == 4
    for item in items:
        assert "•" * 11 in item["nip"]
        assert len(item["nip"]) == 18


def test_supervisor_shown_only_when_visible(world, hr_admin, employee):
    as_hr = token_client(hr_admin).get(f"/api/employees/{world.employee.pk}").json()
    assert as_hr["supervisor"] == {
        "id": world.supervisor.pk,
        "full_name": "Siti Rahmawati",
    }
    # The employee's own scope holds only themself.
    as_self = token_client(employee).get(f"/api/employees/{world.employee.pk}")
    assert as_self.json()["supervisor"] is None


def test_detail_shape(world, hr_admin):
    e = world.employee
    body = token_client(hr_admin).get(f"/api/employees/{e.pk}").json()
    assert body == {
        "id": e.pk,
        "nip": e.nip,
        "name": "Budi Santoso",
        "full_name": "Budi Santoso",
        "front_title": "",
        "back_title": "",
        "kind": "PNS",
        "gender": "L",
        "is_active": True,
        "position": {
            "id": world.staff_position.pk,
            "code": "DK-02",
            "title": "Pengelola Data Kesehatan",
            "kind": "pelaksana",
        },
        "org_unit": {
            "id": world.dinkes.pk,
            "code": "DINKES",
            "name": "Dinas Kesehatan",
        },
        "rank": {"id": rank("III/a").pk, "code": "III/a", "name": "Penata Muda"},
        "position_tmt": "2020-01-01",
        "rank_tmt": "2018-04-01",
        "supervisor": {"id": world.supervisor.pk, "full_name": "Siti Rahmawati"},
        "personal": {
            "nik": "",
            "birth_date": "1985-03-14",
            "birth_place": "",
            "email": "",
            "phone": "",
            "education_level": "S1",
            "education_major": "",
        },
    }


# --- filters and invalid query -------------------------------------------------


def test_filters(world, hr_admin):
    world.puskesmas_employee.rank = rank("III/b")
    world.puskesmas_employee.save()
    client = token_client(hr_admin)
    nip = world.employee.nip
    cases = {
        "q=budi": ["Budi Santoso"],
        f"q={nip}": ["Budi Santoso"],
        f"q={nip[:8]}": ["Budi Santoso", "Dewi Lestari"],  # same birth date
        f"unit={world.puskesmas.pk}": ["Dewi Lestari"],
        f"unit={world.dinkes.pk}": DINKES_PEOPLE,  # with its puskesmas
        "position_kind=pengawas": ["Siti Rahmawati"],
        f"rank={rank('III/b').pk}": ["Dewi Lestari"],
        "kind=PNS": DINKES_PEOPLE,
        "kind=PPPK": [],
        f"q=a&unit={world.dinkes.pk}&position_kind=pelaksana": [
            "Agus Salim",
            "Budi Santoso",
            "Dewi Lestari",
        ],
    }
    for query, expected in cases.items():
        assert names(client.get(f"/api/employees?{query}")) == expected, query


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("unit=abc", 422, "unit"),
        ("unit=BPKAD", 422, "unit"),  # replaced by the BPKAD id below
        ("size=0", 422, "size"),
        ("size=10000", 422, "size"),
        ("size=abc", 422, "size"),
        ("rank=abc", 422, "rank"),
        ("position_kind=direktur", 422, "position_kind"),
        ("kind=ASN", 422, "kind"),
        ("q=%00", 422, "q"),
        ("q=" + "x" * 101, 422, "q"),
        ("cursor=zzz", 400, None),
        ("cursor=" + "A" * 2000, 422, "cursor"),
    ],
)
def test_invalid_query_gets_the_error_shape(world, hr_admin, query, status, field):
    query = query.replace("BPKAD", str(world.bpkad.pk))
    response = token_client(hr_admin).get(f"/api/employees?{query}")
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    if status == 422:
        assert body["code"] == "invalid_input"
        assert [d["field"] for d in body["details"]] == [field]
    else:
        assert body["code"] == "bad_cursor"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/employees/abc", 422),
        ("/api/employees/0", 404),
        ("/api/employees/-5", 404),
        ("/api/employees/99999999999999999999999", 404),
        ("/api/employees/abc/history", 422),
        ("/api/org-units/abc", 422),
        ("/api/org-units/0", 404),
        ("/api/org-units/1?with_counts=maybe", 422),
        ("/api/positions/abc", 422),
        ("/api/positions/0", 404),
        ("/api/positions?unit=abc", 422),
        ("/api/positions?kind=abc", 422),
        ("/api/org-units?size=201", 422),
        ("/api/org-units?cursor=%25%25", 400),
    ],
)
def test_invalid_paths_never_500(world, hr_admin, path, status):
    response = token_client(hr_admin).get(path)
    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "details"}


# --- pagination ----------------------------------------------------------------


@pytest.fixture
def thirty_more(world):
    # Repeated names make the id tie-break matter.
    for i in range(30):
        EmployeeFactory(position=world.staff_position, name=f"Pegawai {i % 4}")


def test_pagination_walk_has_no_dupes_or_misses(world, hr_admin, thirty_more):
    client = token_client(hr_admin)
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/employees?size=7" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        pages += 1
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    expected = list(
        Employee.objects.filter(org_unit__path__startswith=world.dinkes.path)
        .order_by("name", "id")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 34
    assert seen == expected
    assert pages == 5


def test_list_query_count_does_not_grow_with_page_size(world, hr_admin, thirty_more):
    client = token_client(hr_admin)
    client.get("/api/employees?size=1")  # first use stamps the token once
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/employees?size={size}")
        assert len(response.json()["items"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- create and update ---------------------------------------------------------


def test_create_employee(world, hr_admin):
    response = post(
        token_client(hr_admin),
        "/api/employees",
        new_employee_payload(world.staff_position),
    )
    assert response.status_code == 201, response.content
    created = Employee.objects.get(name="Rina Marlina")
    body = response.json()
    assert body["id"] == created.pk
    assert body["full_name"] == "dr. Rina Marlina, M.Kes"
    assert body["org_unit"]["code"] == "DINKES"
    assert body["rank"]["code"] == "III/b"
    assert body["supervisor"] == {
        "id": world.supervisor.pk,
        "full_name": "Siti Rahmawati",
    }
    assert body["personal"]["nik"] == "3201015506920002"
    assert created.agency_id == world.agency.pk
    assert PositionHistory.objects.filter(employee=created).count() == 1
    assert RankHistory.objects.filter(employee=created).count() == 1


def test_create_with_nip_birth_date_mismatch_saves_nothing(world, hr_admin):
    before = Employee.objects.count()
    payload = new_employee_payload(world.staff_position, birth_date="1992-06-16")
    response = post(token_client(hr_admin), "/api/employees", payload)
    assert response.status_code == 400
    message = "Tanggal lahir tidak sesuai dengan NIP (1992-06-15)."
    assert response.json() == {
        "code": "employee_invalid",
        "message": message,
        "details": [{"field": "birth_date", "message": message}],
    }
    assert Employee.objects.count() == before


def test_create_with_out_of_scope_position_saves_nothing(world, hr_admin):
    before = Employee.objects.count()
    payload = new_employee_payload(world.bpkad_position)
    response = post(token_client(hr_admin), "/api/employees", payload)
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_input",
        "message": "Masukan tidak sah.",
        "details": [
            {
                "field": "position_id",
                "message": "Jabatan tidak ditemukan dalam cakupan Anda.",
            }
        ],
    }
    assert Employee.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rank_id": MISSING_ID}, "rank_id"),
        ({"birth_date": "1992-02-30"}, "birth_date"),
        ({"nik": "123"}, "nik"),
        ({"email": "bukan-email"}, "email"),
        ({"kind": "ASN"}, "kind"),
        ({"name": "   "}, "name"),
        ({"name": "Rina\x00"}, "name"),
        ({"agency_id": 1}, "agency_id"),  # not a field of the API
    ],
)
def test_create_rejects_bad_fields_with_422(world, hr_admin, overrides, field):
    before = Employee.objects.count()
    payload = new_employee_payload(world.staff_position, **overrides)
    response = post(token_client(hr_admin), "/api/employees", payload)
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["details"]] == [field]
    assert Employee.objects.count() == before


def test_create_with_taken_nip_is_400(world, hr_admin):
    payload = new_employee_payload(world.staff_position)
    client = token_client(hr_admin)
    assert post(client, "/api/employees", payload).status_code == 201
    again = post(client, "/api/employees", payload)
    assert again.status_code == 400
    assert again.json()["code"] == "nip_taken"
    assert Employee.objects.filter(nip=payload["nip"]).count() == 1


def test_patch_changes_only_what_is_sent(world, hr_admin):
    url = f"/api/employees/{world.employee.pk}"
    response = patch(
        token_client(hr_admin),
        url,
        {"phone": "0812999", "position_id": world.puskesmas_position.pk},
    )
    assert response.status_code == 200, response.content
    assert response.json()["org_unit"]["code"] == "PKM-SM"
    employee = Employee.objects.get(pk=world.employee.pk)
    assert (employee.phone, employee.org_unit_id, employee.name) == (
        "0812999",
        world.puskesmas.pk,
        "Budi Santoso",
    )


def test_patch_with_nip_mismatch_saves_nothing(world, hr_admin):
    before = employee_snapshot()
    response = patch(
        token_client(hr_admin),
        f"/api/employees/{world.employee.pk}",
        {"birth_date": "1985-03-15", "phone": "0800"},
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Tanggal lahir tidak sesuai dengan NIP (1985-03-14)."
    )
    assert employee_snapshot() == before
    assert Employee.objects.get(pk=world.employee.pk).birth_date == dt.date(1985, 3, 14)


def test_patch_to_out_of_scope_position_saves_nothing(world, hr_admin):
    before = employee_snapshot()
    response = patch(
        token_client(hr_admin),
        f"/api/employees/{world.employee.pk}",
        {"position_id": world.bpkad_position.pk},
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "position_id"
    assert employee_snapshot() == before


@pytest.mark.parametrize("body", [{"name": None}, {"unknown": 1}, [1, 2]])
def test_patch_rejects_null_unknown_and_non_objects(world, hr_admin, body):
    before = employee_snapshot()
    response = patch(
        token_client(hr_admin), f"/api/employees/{world.employee.pk}", body
    )
    assert response.status_code == 422
    assert employee_snapshot() == before


def test_history_lists_positions_and_ranks(world, hr_admin):
    client = token_client(hr_admin)
    created = post(
        client, "/api/employees", new_employee_payload(world.staff_position)
    ).json()
    url = f"/api/employees/{created['id']}"
    patch(client, url, {"rank_id": rank("III/c").pk, "rank_tmt": "2025-04-01"})
    history = client.get(f"{url}/history").json()
    assert history["positions"] == [
        {
            "position": {
                "id": world.staff_position.pk,
                "code": "DK-02",
                "title": "Pengelola Data Kesehatan",
                "kind": "pelaksana",
            },
            "org_unit": {
                "id": world.dinkes.pk,
                "code": "DINKES",
                "name": "Dinas Kesehatan",
            },
            "start": "2021-01-04",
            "end": None,
            "note": "",
        }
    ]
    assert [(r["rank"]["code"], r["start"], r["end"]) for r in history["ranks"]] == [
        ("III/c", "2025-04-01", None),
        ("III/b", "2021-04-01", "2025-03-31"),
    ]


# --- audit ---------------------------------------------------------------------


@pytest.mark.parametrize("auth", ["session", "token"])
def test_api_writes_leave_audit_entries_with_the_actor(api_for, world, hr_admin, auth):
    client = api_for("hr_admin", auth)
    created = post(client, "/api/employees", new_employee_payload(world.staff_position))
    employee = Employee.objects.get(pk=created.json()["id"])
    entry = LogEntry.objects.get_for_object(employee).get(action=LogEntry.Action.CREATE)
    assert entry.actor == hr_admin

    patch(client, f"/api/employees/{employee.pk}", {"phone": "0811"})
    entry = LogEntry.objects.get_for_object(employee).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == hr_admin
    assert entry.changes_dict["phone"] == ["081234567890", "0811"]


# --- org units, positions, ranks ----------------------------------------------


def test_org_units_of_hr_admin_with_counts(world, hr_admin):
    body = token_client(hr_admin).get("/api/org-units?with_counts=1").json()
    assert body["next_cursor"] is None
    assert [
        (u["code"], u["parent_id"], u["depth"], u["headcount"]) for u in body["items"]
    ] == [
        ("DINKES", None, 2, 4),  # its parent is outside the grant
        ("PKM-SM", world.dinkes.pk, 3, 1),
    ]


def test_org_units_of_superadmin_walk_the_tree(world, superadmin):
    client = token_client(superadmin)
    seen, cursor = [], None
    while True:
        url = "/api/org-units?size=1&with_counts=true"
        body = client.get(url + (f"&cursor={cursor}" if cursor else "")).json()
        seen += [(u["code"], u["parent_id"], u["headcount"]) for u in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [  # tree order: DINKES was added under the root before BPKAD
        ("PEMKAB", None, 5),
        ("DINKES", world.root.pk, 4),
        ("PKM-SM", world.dinkes.pk, 1),
        ("BPKAD", world.root.pk, 1),
    ]


def test_org_units_without_counts_leave_headcount_null(world, hr_admin):
    items = token_client(hr_admin).get("/api/org-units").json()["items"]
    assert [u["headcount"] for u in items] == [None, None]


def test_org_unit_detail(world, hr_admin):
    client = token_client(hr_admin)
    body = client.get(f"/api/org-units/{world.puskesmas.pk}?with_counts=1").json()
    assert body == {
        "id": world.puskesmas.pk,
        "code": "PKM-SM",
        "name": "Puskesmas Sukamaju",
        "agency_id": world.agency.pk,
        "parent_id": world.dinkes.pk,
        "depth": 3,
        "path": world.puskesmas.path,
        "is_active": True,
        "headcount": 1,
    }
    assert client.get(f"/api/org-units/{world.bpkad.pk}").json() == NOT_FOUND


def test_positions_scoped_and_filtered(world, hr_admin):
    client = token_client(hr_admin)

    def titles(query: str = "") -> list[str]:
        return [
            p["title"] for p in client.get(f"/api/positions{query}").json()["items"]
        ]

    assert titles() == [
        "Kepala Seksi SDM Kesehatan",
        "Pengelola Data Kesehatan",
        "Perawat",
    ]
    assert titles(f"?unit={world.puskesmas.pk}") == ["Perawat"]
    assert titles("?kind=pengawas") == ["Kepala Seksi SDM Kesehatan"]
    assert client.get(f"/api/positions?unit={world.bpkad.pk}").status_code == 422
    first = client.get("/api/positions?size=2").json()
    second = client.get(f"/api/positions?size=2&cursor={first['next_cursor']}").json()
    assert [p["title"] for p in second["items"]] == ["Perawat"]
    assert second["next_cursor"] is None
    detail = client.get(f"/api/positions/{world.staff_position.pk}").json()
    assert detail == {
        "id": world.staff_position.pk,
        "code": "DK-02",
        "title": "Pengelola Data Kesehatan",
        "kind": "pelaksana",
        "functional_level": "",
        "job_field": None,
        "org_unit": {
            "id": world.dinkes.pk,
            "code": "DINKES",
            "name": "Dinas Kesehatan",
        },
        "reports_to_id": world.head_position.pk,
        "is_active": True,
    }
    assert client.get(f"/api/positions/{world.bpkad_position.pk}").json() == NOT_FOUND


def test_ranks_lists_all(world, employee):
    body = token_client(employee).get("/api/ranks").json()
    assert len(body) == Rank.objects.count()
    assert body[0] == {
        "id": rank("I/a").pk,
        "code": "I/a",
        "name": "Juru Muda",
        "kind": "PNS",
        "order": 1,
    }


# --- the contract --------------------------------------------------------------

PEOPLE_PATHS = {
    "/api/employees": {"get", "post"},
    "/api/employees/{employee_id}": {"get", "patch"},
    "/api/employees/{employee_id}/history": {"get"},
    "/api/org-units": {"get"},
    "/api/org-units/{unit_id}": {"get"},
    "/api/positions": {"get"},
    "/api/positions/{position_id}": {"get"},
    "/api/ranks": {"get"},
}


def test_openapi_lists_the_registry_with_its_error_codes(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    for path, methods in PEOPLE_PATHS.items():
        assert set(spec["paths"][path]) == methods, path
        for method in methods:
            operation = spec["paths"][path][method]
            assert operation["security"], (path, method)
            assert "401" in operation["responses"], (path, method)
    writes = [spec["paths"]["/api/employees"]["post"]]
    writes.append(spec["paths"]["/api/employees/{employee_id}"]["patch"])
    for operation in writes:
        assert {"400", "401", "403", "422"} <= set(operation["responses"])


def test_docs_page_renders(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
