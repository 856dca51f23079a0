"""Staff pages and API: access over every persona, scoping by subtree, unit
and service management, paper entry, the IKM report and its PDF."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import FORBIDDEN, NOT_FOUND, PERSONAS
from jenjang.surveys.models import Response, Service, ServiceUnit
from jenjang.surveys.tests.conftest import answers
from jenjang.surveys.tests.factories import local_noon, make_response

pytestmark = pytest.mark.django_db
JSON = "application/json"

VIEWERS = {"organiser", "hr_admin", "leader", "superadmin", "hr_admin_other"}
MANAGERS = {"organiser", "hr_admin", "superadmin", "hr_admin_other"}
# Who reaches the Dinkes puskesmas unit (hr_admin_other holds BPKAD only).
REACH = {"organiser", "hr_admin", "leader", "superadmin"}
HAND_WORKED = [
    (4, 4, 3, 4, 3, 3, 4, 3, 4),
    (3, 3, 3, 4, 3, 3, 4, 3, 3),
    (4, 3, 2, 4, 3, 4, 4, 2, 3),
    (3, 4, 3, 4, 4, 3, 4, 3, 3),
]


def _expected(persona, allowed, reach=None):
    if persona == "anonymous":
        return 302
    if persona not in allowed:
        return 403
    if reach is not None and persona not in reach:
        return 404
    return 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_list_access_and_scope(client_for, persona, unit, other_unit):
    page = client_for(persona).get("/surveys/")
    assert page.status_code == _expected(persona, VIEWERS)
    if page.status_code == 200:
        html = page.content.decode()
        assert ("Puskesmas Sukamaju" in html) == (persona in REACH)
        assert ("Loket Pajak Daerah" in html) == (
            persona in {"hr_admin_other", "superadmin"}
        )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "path",
    [
        "/surveys/units/{pk}/",
        "/surveys/units/{pk}/ikm/",
    ],
)
def test_unit_pages_access(client_for, persona, unit, path):
    reply = client_for(persona).get(path.format(pk=unit.pk))
    assert reply.status_code == _expected(persona, VIEWERS, REACH)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "path",
    [
        "/surveys/units/{pk}/edit/",
        "/surveys/units/{pk}/paper/",
        "/surveys/units/{pk}/import/",
        "/surveys/units/{pk}/responses/",
    ],
)
def test_managing_pages_access(client_for, persona, unit, path):
    reply = client_for(persona).get(path.format(pk=unit.pk))
    assert reply.status_code == _expected(persona, MANAGERS, REACH - {"leader"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_paper_entry_by_persona(client_for, persona, unit):
    body = answers(
        service=unit.services.get(name="Imunisasi").pk,
        filled_on="2026-01-15",
        client_uuid=str(uuid.uuid4()),
    )
    reply = client_for(persona).post(f"/surveys/units/{unit.pk}/paper/", body)
    allowed = persona in MANAGERS and persona != "hr_admin_other"
    assert Response.objects.count() == (1 if allowed else 0)
    if allowed:
        row = Response.objects.get()
        assert reply.status_code == 302
        assert row.channel == Response.Channel.PAPER
        assert row.entered_by.username == persona
        assert timezone.localtime(row.submitted_at).date() == dt.date(2026, 1, 15)
    else:
        assert reply.status_code == _expected(persona, MANAGERS, set())


def test_paper_entry_refuses_a_future_date(client_for, unit):
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    body = answers(service=unit.services.first().pk, filled_on=future)
    reply = client_for("hr_admin").post(f"/surveys/units/{unit.pk}/paper/", body)
    assert reply.status_code == 200
    assert "Tanggal pengisian tidak boleh di masa depan" in reply.content.decode()
    assert Response.objects.count() == 0


def test_create_unit_only_under_own_subtree(client_for, world):
    client = client_for("hr_admin")
    ok = client.post(
        "/surveys/units/new/",
        {
            "org_unit": world.puskesmas.pk,
            "name": "Puskesmas Baru",
            "code": "pkm-baru",
            "is_active": "on",
        },
    )
    unit = ServiceUnit.objects.get(code="pkm-baru")
    assert ok["Location"] == f"/surveys/units/{unit.pk}/"
    outside = client.post(
        "/surveys/units/new/",
        {"org_unit": world.bpkad.pk, "name": "Loket", "code": "loket-x"},
    )
    assert outside.status_code == 200
    assert not ServiceUnit.objects.filter(code="loket-x").exists()
    taken = client.post(
        "/surveys/units/new/",
        {"org_unit": world.dinkes.pk, "name": "Lain", "code": "pkm-baru"},
    )
    assert "Kode pkm-baru sudah dipakai unit lain." in taken.content.decode()


def test_services_add_and_toggle(client_for, unit):
    client = client_for("organiser")
    client.post(f"/surveys/units/{unit.pk}/services/", {"name": "Laboratorium"})
    service = Service.objects.get(service_unit=unit, name="Laboratorium")
    client.post(f"/surveys/units/{unit.pk}/services/", {"name": "laboratorium"})
    assert (
        Service.objects.filter(service_unit=unit, name__iexact="laboratorium").count()
        == 1
    )
    client.post(f"/surveys/units/{unit.pk}/services/{service.pk}/toggle/")
    service.refresh_from_db()
    assert service.is_active is False
    public = client_for("anonymous").get("/surveys/s/pkm-sukamaju/").content.decode()
    assert "Laboratorium" not in public


def test_other_agency_admin_cannot_touch_the_unit(client_for, unit):
    client = client_for("hr_admin_other")
    assert (
        client.post(f"/surveys/units/{unit.pk}/services/", {"name": "X"}).status_code
        == 404
    )
    assert not Service.objects.filter(name="X").exists()
    assert client.get(f"/surveys/units/{unit.pk}/ikm.pdf").status_code == 404


def test_ikm_report_shows_the_hand_worked_figure(client_for, unit):
    when = local_noon(dt.date(2026, 2, 10))
    for values in HAND_WORKED:
        make_response(unit, values, when=when)
    page = client_for("leader").get(f"/surveys/units/{unit.pk}/ikm/?period=2026-Q1")
    html = page.content.decode()
    # Hand-worked in test_ikm: 121 / 36 × 25 = 84.03, mutu B.
    assert 'id="ikm-value">84,03<' in html  # Indonesian decimal comma
    assert 'id="ikm-letter">B<' in html
    assert html.count('class="table-warning weakest"') == 2  # U3 and U8
    assert 'id="trend-chart"' in html


def test_ikm_report_with_a_bad_period_falls_back_with_a_message(client_for, unit):
    page = client_for("leader").get(f"/surveys/units/{unit.pk}/ikm/?period=2026-Q9")
    assert page.status_code == 200
    assert "Periode tidak sah" in page.content.decode()


def test_ikm_report_pdf(client_for, unit):
    make_response(unit, (4,) * 9, when=local_noon(dt.date(2026, 2, 1)))
    reply = client_for("hr_admin").get(f"/surveys/units/{unit.pk}/ikm.pdf?period=2026")
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF")


def test_unit_list_has_no_n_plus_one(client_for, world, django_assert_max_num_queries):
    from jenjang.surveys.tests.factories import ServiceUnitFactory

    for i in range(12):
        made = ServiceUnitFactory(org_unit=world.puskesmas, code=f"u-{i}")
        make_response(made, (3,) * 9)
    client = client_for("hr_admin")
    with django_assert_max_num_queries(20):
        assert client.get("/surveys/").status_code == 200


# --- API ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_units_scoped(api_for, persona, unit, other_unit):
    reply = api_for(persona).get("/api/surveys/units")
    if persona == "anonymous":
        assert reply.status_code == 401
        return
    if persona not in VIEWERS:
        assert reply.status_code == 403
        assert reply.json() == FORBIDDEN
        return
    names = {u["name"] for u in reply.json()}
    expected = set()
    if persona in REACH:
        expected.add("Puskesmas Sukamaju")
    if persona in {"hr_admin_other", "superadmin"}:
        expected.add("Loket Pajak Daerah")
    assert names == expected


@pytest.mark.parametrize("persona", ["hr_admin_other", "leader", "hr_admin"])
def test_api_ikm_figures(api_for, persona, unit):
    when = local_noon(dt.date(2026, 2, 10))
    for values in HAND_WORKED:
        make_response(unit, values, when=when)
    client = api_for(persona)
    reply = client.get(f"/api/surveys/units/{unit.pk}/ikm?period=2026-Q1")
    listing = client.get("/api/surveys/ikm?period=2026-Q1").json()
    if persona == "hr_admin_other":
        assert reply.status_code == 404
        assert reply.json() == NOT_FOUND
        assert listing == []
        return
    body = reply.json()
    assert (body["respondents"], body["mutu"], body["kinerja"]) == (4, "B", "Baik")
    assert Decimal(body["value"]) == Decimal("84.03")
    assert [u["code"] for u in body["unsur"] if u["weakest"]] == ["U3", "U8"]
    assert listing == [body]
    trend = client.get(
        f"/api/surveys/units/{unit.pk}/trend?until=2026-Q2&count=2"
    ).json()
    assert [(t["period"], t["respondents"]) for t in trend] == [
        ("2026-Q1", 4),
        ("2026-Q2", 0),
    ]


def test_api_bad_period(api_for, unit):
    reply = api_for("leader").get(f"/api/surveys/units/{unit.pk}/ikm?period=kemarin")
    assert reply.status_code == 400
    assert reply.json()["code"] == "bad_period"


def test_api_responses_and_paper_entry(api_for, unit):
    client = api_for("hr_admin")
    body = answers(service=unit.services.first().pk, filled_on="2026-03-01")
    created = client.post(
        f"/api/surveys/units/{unit.pk}/responses", body, content_type=JSON
    )
    assert created.status_code == 201
    page = client.get(f"/api/surveys/units/{unit.pk}/responses").json()
    assert [r["answers"] for r in page["items"]] == [[4, 3, 3, 4, 3, 3, 4, 3, 3]]
    assert page["items"][0]["channel"] == "paper"
    leader = api_for("leader").get(f"/api/surveys/units/{unit.pk}/responses")
    assert leader.status_code == 403
    before = Response.objects.count()
    other = api_for("hr_admin_other").post(
        f"/api/surveys/units/{unit.pk}/responses", body, content_type=JSON
    )
    assert other.status_code == 404
    assert Response.objects.count() == before


def test_api_create_unit_scoped(api_for, world):
    body = {"org_unit_id": world.bpkad.pk, "code": "bpkad-2", "name": "Loket 2"}
    assert (
        api_for("hr_admin")
        .post("/api/surveys/units", body, content_type=JSON)
        .status_code
        == 404
    )
    assert not ServiceUnit.objects.filter(code="bpkad-2").exists()
    made = api_for("hr_admin_other").post("/api/surveys/units", body, content_type=JSON)
    assert made.status_code == 201
    assert made.json()["public_url"] == "http://testserver/surveys/s/bpkad-2/"
