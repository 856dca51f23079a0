"""The competencies API: access per persona, scope, shapes and errors."""

import pytest
from django.conf import settings
from django.test import Client

from conftest import FORBIDDEN, NOT_FOUND, PERSONAS, sign_in
from jenjang.competencies.models import Assessment
from jenjang.competencies.tests.factories import AssessmentFactory, managerial

SIGNED_IN = {p: 200 for p in PERSONAS if p != "anonymous"} | {"anonymous": 401}
VIEWERS = {
    "employee": 403,
    "supervisor": 200,
    "mentor": 403,
    "organiser": 200,
    "hr_admin": 200,
    "hr_admin_other": 200,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 401,
}


@pytest.fixture
def api_for(api_for):
    """Token auth by default in this module."""
    return lambda persona: api_for(persona, auth="token")


@pytest.fixture
def integritas(db):
    return managerial("integritas")


def post_json(client: Client, url: str, data: dict):
    return client.post(url, data=data, content_type="application/json")


# --- dictionary ----------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), SIGNED_IN.items())
def test_competency_list_access(api_for, persona, status):
    response = api_for(persona).get("/api/competencies?kind=managerial&size=3")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert [c["code"] for c in body["items"]] == [
            "integritas",
            "kerjasama",
            "komunikasi",
        ]
        level1 = body["items"][0]["levels"][0]
        assert level1["level"] == 1
        assert level1["indicators"][0] == (
            "Bertingkah laku sesuai dengan perkataan; berkata jujur."
        )
        assert body["next_cursor"]


def test_competency_list_pages_and_filters(api_for):
    client = api_for("employee")
    first = client.get("/api/competencies?size=5").json()
    second = client.get(f"/api/competencies?size=5&cursor={first['next_cursor']}")
    codes = [c["code"] for c in first["items"] + second.json()["items"]]
    assert len(codes) == 9
    assert codes == sorted(codes)
    assert (
        client.get("/api/competencies?kind=sociocultural").json()["items"][0]["code"]
        == "perekat-bangsa"
    )
    assert client.get("/api/competencies?kind=bogus").status_code == 422
    bad = client.get("/api/competencies?cursor=notacursor")
    assert bad.status_code == 400
    assert bad.json()["code"] == "bad_cursor"


def test_competency_detail(api_for, integritas):
    client = api_for("employee")
    body = client.get(f"/api/competencies/{integritas.pk}").json()
    assert (body["code"], len(body["levels"])) == ("integritas", 5)
    assert client.get("/api/competencies/987654").json() == NOT_FOUND


# --- assessments ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("employee", ["Budi Santoso"]),
        ("supervisor", ["Budi Santoso", "Siti Rahmawati"]),
        ("mentor", []),
        ("organiser", ["Budi Santoso", "Siti Rahmawati"]),
        ("hr_admin", ["Budi Santoso", "Siti Rahmawati"]),
        ("hr_admin_other", ["Rudi Hartono"]),
        ("leader", ["Budi Santoso", "Siti Rahmawati"]),
        ("superadmin", ["Budi Santoso", "Rudi Hartono", "Siti Rahmawati"]),
    ],
)
def test_assessment_list_is_scoped(api_for, world, integritas, persona, names):
    for person in (world.employee, world.supervisor, world.bpkad_employee):
        AssessmentFactory(employee=person, competency=integritas)
    response = api_for(persona).get("/api/assessments")
    assert response.status_code == 200
    assert sorted(a["employee"]["full_name"] for a in response.json()["items"]) == names


def test_assessment_list_anonymous_is_401(api_for):
    assert api_for("anonymous").get("/api/assessments").status_code == 401


def test_assessment_list_pages_newest_first(api_for, world, integritas):
    made = [
        AssessmentFactory(
            employee=world.employee, competency=integritas, source=source
        ).pk
        for source in ("test", "360", "supervisor")
    ]
    client = api_for("hr_admin")
    first = client.get("/api/assessments?size=2").json()
    assert [a["id"] for a in first["items"]] == made[:0:-1]
    rest = client.get(f"/api/assessments?size=2&cursor={first['next_cursor']}").json()
    assert ([a["id"] for a in rest["items"]], rest["next_cursor"]) == ([made[0]], None)


def test_assessment_list_filters(api_for, world, integritas):
    AssessmentFactory(employee=world.employee, competency=integritas)
    AssessmentFactory(employee=world.supervisor, competency=integritas)
    client = api_for("hr_admin")
    only = client.get(f"/api/assessments?employee={world.employee.pk}").json()
    assert [a["employee"]["id"] for a in only["items"]] == [world.employee.pk]
    outside = client.get(f"/api/assessments?employee={world.bpkad_employee.pk}")
    assert outside.status_code == 422
    assert outside.json()["details"] == [
        {"field": "employee", "message": "Pegawai tidak ditemukan."}
    ]
    by_unit = client.get(f"/api/assessments?unit={world.puskesmas.pk}").json()
    assert by_unit["items"] == []


def _payload(world, competency, **overrides) -> dict:
    return {
        "employee_id": world.employee.pk,
        "competency_id": competency.pk,
        "level": 2,
        "assessed_on": "2025-04-01",
        "source": "360",
        "note": "Penilaian 360",
    } | overrides


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 403,
        "supervisor": 201,
        "mentor": 403,
        "organiser": 403,
        "hr_admin": 201,
        "hr_admin_other": 404,
        "leader": 403,
        "superadmin": 201,
        "anonymous": 401,
    }.items(),
)
def test_assessment_create_access(api_for, world, integritas, persona, status):
    response = post_json(
        api_for(persona), "/api/assessments", _payload(world, integritas)
    )
    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert (body["level"], body["source"], body["competency"]["code"]) == (
            2,
            "360",
            "integritas",
        )
        assert Assessment.objects.get().assessor.username == persona
    else:
        assert not Assessment.objects.exists()
        if status == 404:
            assert response.json() == NOT_FOUND
        if status == 403:
            assert response.json() == FORBIDDEN


def test_assessment_create_rules(api_for, world, integritas):
    client = api_for("supervisor")
    own = post_json(
        client,
        "/api/assessments",
        _payload(world, integritas, employee_id=world.supervisor.pk),
    )
    assert own.status_code == 400
    assert own.json()["message"] == "Anda tidak dapat menilai kompetensi Anda sendiri."
    future = post_json(
        client,
        "/api/assessments",
        _payload(world, integritas, assessed_on="2999-01-01"),
    )
    assert future.status_code == 400
    assert future.json()["details"] == [
        {
            "field": "assessed_on",
            "message": "Tanggal asesmen tidak boleh di masa depan.",
        }
    ]
    integritas.is_active = False
    integritas.save()
    inactive = post_json(client, "/api/assessments", _payload(world, integritas))
    assert inactive.json()["message"] == "Kompetensi ini sudah tidak aktif."
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"level": 0}, "level"),
        ({"level": 6}, "level"),
        ({"source": "rumor"}, "source"),
        ({"assessed_on": "kemarin"}, "assessed_on"),
        ({"note": "x" * 301}, "note"),
        ({"note": "a\x00b"}, "note"),
        ({"extra": 1}, "extra"),
        ({"competency_id": 987654}, "competency_id"),
    ],
)
def test_assessment_create_bad_input_is_422(
    api_for, world, integritas, overrides, field
):
    response = post_json(
        api_for("hr_admin"),
        "/api/assessments",
        _payload(world, integritas, **overrides),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert [d["field"] for d in response.json()["details"]] == [field]
    assert not Assessment.objects.exists()


def test_assessment_duplicate_is_400(api_for, world, integritas):
    client = api_for("hr_admin")
    assert (
        post_json(client, "/api/assessments", _payload(world, integritas)).status_code
        == 201
    )
    again = post_json(client, "/api/assessments", _payload(world, integritas, level=4))
    assert again.status_code == 400
    assert again.json()["code"] == "assessment_duplicate"
    assert Assessment.objects.get().level == 2


def test_session_post_needs_csrf(world, hr_admin, integritas):
    client = sign_in(Client(enforce_csrf_checks=True), hr_admin)
    response = post_json(client, "/api/assessments", _payload(world, integritas))
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    secret = "abcdefghijklmnopqrstuvwxyzABCDEF"
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    ok = client.post(
        "/api/assessments",
        data=_payload(world, integritas),
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )
    assert ok.status_code == 201


# --- gaps ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    {
        "employee": 200,
        "supervisor": 200,
        "mentor": 404,
        "organiser": 200,
        "hr_admin": 200,
        "hr_admin_other": 404,
        "leader": 200,
        "superadmin": 200,
        "anonymous": 401,
    }.items(),
)
def test_employee_gaps_access(api_for, world, integritas, persona, status):
    AssessmentFactory(employee=world.employee, competency=integritas, level=1)
    response = api_for(persona).get(f"/api/employees/{world.employee.pk}/gaps")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["employee"]["full_name"] == "Budi Santoso"
        assert body["gaps"][0] == {
            "competency": {
                "id": integritas.pk,
                "code": "integritas",
                "name": "Integritas",
                "kind": "managerial",
            },
            "required_level": 1,
            "source": "kind",
            "current_level": 1,
            "gap": 0,
            "status": "meets",
            "assessed_on": "2025-06-01",
            "assessment_source": "assessment_centre",
        }
        assert [g["status"] for g in body["gaps"][1:]] == ["unassessed"] * 8
    if status == 404:
        assert response.json() == NOT_FOUND


@pytest.mark.parametrize(("persona", "status"), VIEWERS.items())
def test_aggregate_endpoints_access(api_for, world, persona, status):
    client = api_for(persona)
    for url in ("/api/gaps/units", "/api/gaps/agencies", "/api/training-needs"):
        response = client.get(url)
        assert response.status_code == status, url
        if status == 403:
            assert response.json() == FORBIDDEN


def test_unit_heatmap_api(api_for, world, integritas):
    AssessmentFactory(employee=world.supervisor, competency=integritas, level=1)
    client = api_for("hr_admin")
    body = client.get(f"/api/gaps/units?unit={world.dinkes.pk}&kind=managerial").json()
    assert body["unit"]["code"] == "DINKES"
    assert [
        (r["unit"]["code"], r["headcount"], r["is_parent"]) for r in body["rows"]
    ] == [
        ("DINKES", 3, True),
        ("PKM-SM", 1, False),
    ]
    cell = next(
        c for c in body["rows"][0]["cells"] if c["competency_id"] == integritas.pk
    )
    assert cell == {
        "competency_id": integritas.pk,
        "required": 3,
        "assessed": 1,
        "below": 1,
        "unassessed": 2,
        "avg_gap": 1.0,
        "below_share": 1.0,
    }
    other = api_for("hr_admin_other").get(f"/api/gaps/units?unit={world.dinkes.pk}")
    assert other.status_code == 422
    assert other.json()["details"] == [
        {"field": "unit", "message": "Unit kerja tidak ditemukan."}
    ]


def test_agency_summary_api(api_for, world, integritas):
    AssessmentFactory(employee=world.bpkad_employee, competency=integritas, level=1)
    body = api_for("hr_admin_other").get("/api/gaps/agencies").json()
    assert [(r["agency"]["code"], r["headcount"]) for r in body["rows"]] == [
        ("3399", 1)
    ]


def test_training_needs_api(api_for, world, integritas):
    AssessmentFactory(employee=world.supervisor, competency=integritas, level=1)
    client = api_for("hr_admin")
    body = client.get(f"/api/training-needs?agency={world.agency.pk}").json()
    assert body["agency"]["name"] == "Pemerintah Kabupaten Contoh"
    assert body["people_below"] == 1
    assert body["needs"] == [
        {
            "competency": {
                "id": integritas.pk,
                "code": "integritas",
                "name": "Integritas",
                "kind": "managerial",
            },
            "target_level": 2,
            "people": 1,
            "avg_gap": 1.0,
            "units": [
                {
                    "unit": {
                        "id": world.dinkes.pk,
                        "code": "DINKES",
                        "name": "Dinas Kesehatan",
                    },
                    "people": 1,
                }
            ],
        }
    ]
    assert client.get("/api/training-needs?agency=987654").status_code == 422
    other = api_for("hr_admin_other").get("/api/training-needs").json()
    assert other["needs"] == []
