"""Leaders' dashboards: figures equal the raw computation; scope holds; exports open."""

import datetime as dt
import io
import statistics
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from conftest import FORBIDDEN, NOT_FOUND
from jenjang.competencies.tests.factories import AssessmentFactory, managerial
from jenjang.dashboards.sections import pearson
from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.development.models import LedgerEntry
from jenjang.development.tests.test_ledger_support import post, seeded  # noqa: F401
from jenjang.people.models import Employee
from jenjang.surveys.tests.factories import (
    ServiceUnitFactory,
    local_noon,
    make_response,
)

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def data(world, seeded):  # noqa: F811
    """JP in 2026 for Dinkes staff and BPKAD; a puskesmas service unit with answers."""
    post(world.supervisor, day=D(2026, 3, 1), jp=20)
    post(world.employee, day=D(2026, 5, 2), jp=12)
    post(world.mentor, day=D(2026, 1, 10), jp=25)
    post(world.puskesmas_employee, day=D(2026, 2, 3), jp=6)
    post(world.puskesmas_employee, day=D(2025, 12, 1), jp=3)  # within 12 months of Q1
    post(world.bpkad_employee, day=D(2026, 6, 1), jp=40)
    pkm = ServiceUnitFactory(org_unit=world.puskesmas, name="Puskesmas Sukamaju")
    bpkad_unit = ServiceUnitFactory(org_unit=world.bpkad, name="Loket BPKAD")
    # Q1: two respondents; Q3: one respondent (all 4s) — worked out below.
    make_response(pkm, [4, 3, 3, 4, 3, 3, 4, 3, 3], when=local_noon(D(2026, 2, 1)))
    make_response(pkm, [3, 3, 3, 3, 3, 3, 3, 3, 3], when=local_noon(D(2026, 3, 1)))
    make_response(pkm, [4] * 9, when=local_noon(D(2026, 8, 1)))
    make_response(bpkad_unit, [2] * 9, when=local_noon(D(2026, 2, 1)))
    AssessmentFactory(
        employee=world.puskesmas_employee,
        competency=managerial("pelayanan-publik"),
        level=3,
        assessed_on=D(2026, 1, 5),
    )
    return world


def figures(section) -> dict:
    return {f.key: f.value for f in section.figures}


# --- development ------------------------------------------------------------------


def test_development_figures_equal_the_raw_ledger(hr_admin, data):
    ctx = dashboard_context(user=hr_admin, year=2026)
    got = figures(section_data(key="development", ctx=ctx))
    staff = Employee.objects.filter(
        org_unit__path__startswith=data.dinkes.path, is_active=True
    )
    totals = {
        e.pk: sum(
            (
                x.jp
                for x in LedgerEntry.objects.filter(employee=e, occurred_on__year=2026)
            ),
            Decimal(0),
        )
        for e in staff
    }
    assert got["headcount"] == len(totals) == 4
    assert got["total_jp"] == sum(totals.values()) == Decimal("63")
    assert got["jp_per_head"] == (Decimal("63") / 4).quantize(Decimal("0.01"))
    at_target = sum(1 for v in totals.values() if v >= 20)
    assert got["share_at_target"] == round(at_target * 100 / 4) == 50


def test_development_is_scoped_to_the_agency_subtree(hr_admin_other, data):
    ctx = dashboard_context(user=hr_admin_other, year=2026)
    got = figures(section_data(key="development", ctx=ctx))
    assert got["headcount"] == 1
    assert got["total_jp"] == Decimal("40")


# --- public service -------------------------------------------------------------------


def test_public_service_points_equal_the_hand_computation(hr_admin, data):
    ctx = dashboard_context(user=hr_admin, year=2026)
    section = section_data(key="public_service", ctx=ctx)
    table = {(r[0], r[1]): r for r in section.tables[0].rows}
    # Only the puskesmas is in a Dinkes HR admin's scope.
    assert {name for name, _q in table} == {"Puskesmas Sukamaju"}
    q1 = table[("Puskesmas Sukamaju", "2026-Q1")]
    # NRR per unsur over 2 respondents: (4+3)/2 or 3; weighted mean = sum/9.
    nrr = [3.5, 3, 3, 3.5, 3, 3, 3.5, 3, 3]
    expected = Decimal(str(sum(nrr) / 9 * 25)).quantize(Decimal("0.01"))
    assert q1[2] == expected == Decimal("79.17")
    assert q1[4] == 2  # respondents
    assert q1[5] == 1  # staff of the puskesmas
    # JP of the 12 months up to 1 April 2026: 6 (Feb 2026) + 3 (Dec 2025).
    assert q1[6] == Decimal("9.00")
    assert q1[7] == 100.0
    q3 = table[("Puskesmas Sukamaju", "2026-Q3")]
    assert q3[2] == Decimal("100.00")
    assert q3[3] == "A"
    q2 = table[("Puskesmas Sukamaju", "2026-Q2")]
    assert q2[2] is None
    assert q2[4] == 0


def test_public_service_is_scoped(hr_admin_other, data):
    ctx = dashboard_context(user=hr_admin_other, year=2026)
    section = section_data(key="public_service", ctx=ctx)
    assert {r[0] for r in section.tables[0].rows} == {"Loket BPKAD"}


def test_pearson_matches_the_standard_library():
    xs, ys = [1.0, 2.0, 4.0, 7.0, 9.0], [2.0, 2.5, 4.5, 6.0, 9.5]
    assert pearson(xs, ys) == pytest.approx(statistics.correlation(xs, ys))
    assert pearson([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]) is None
    assert pearson([1.0, 2.0], [1.0, 2.0]) is None


# --- pages, API, exports, scope ----------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("leader", 200),
        ("hr_admin", 200),
        ("superadmin", 200),
        ("employee", 403),
        ("supervisor", 403),
        ("organiser", 403),
    ],
)
def test_who_may_open_the_dashboard(client_for, data, persona, status):
    assert client_for(persona).get("/dashboards/").status_code == status


def test_anonymous_is_sent_to_sign_in(client, data):
    response = client.get("/dashboards/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_page_loads_each_section_with_htmx(client_for, data):
    html = client_for("leader").get("/dashboards/").content.decode()
    assert 'hx-get="/dashboards/section/development/?' in html
    assert 'hx-get="/dashboards/section/public_service/?' in html
    part = client_for("leader").get("/dashboards/section/development/?year=2026")
    assert part.status_code == 200
    assert 'data-figure="total_jp">63' in part.content.decode()
    assert 'class="dash-chart"' in part.content.decode()


def test_unit_out_of_scope_is_404(client_for, api_for, data):
    url = f"/dashboards/section/development/?unit={data.bpkad.pk}"
    assert client_for("hr_admin").get(url).status_code == 404
    response = api_for("hr_admin", auth="token").get(
        f"/api/dashboards/development?unit={data.bpkad.pk}"
    )
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_api_returns_the_same_figures(api_for, hr_admin, data):
    body = api_for("hr_admin", auth="token").get(
        "/api/dashboards/development?year=2026"
    )
    assert body.status_code == 200
    got = {f["key"]: f["value"] for f in body.json()["figures"]}
    assert got["total_jp"] == 63.0
    assert body.json()["year"] == 2026
    listing = api_for("leader", auth="token").get("/api/dashboards").json()
    assert [s["key"] for s in listing][:1] == ["development"]


def test_api_refuses_an_employee(api_for, data):
    response = api_for("employee", auth="token").get("/api/dashboards/development")
    assert response.status_code == 403
    assert response.json() == FORBIDDEN


def test_bad_year_is_a_clear_error(api_for, client_for, data):
    response = api_for("hr_admin", auth="token").get(
        "/api/dashboards/development?year=1"
    )
    assert response.status_code == 422
    page = client_for("hr_admin").get("/dashboards/?year=abc")
    assert page.status_code == 200
    assert "Tahun tidak sah." in page.content.decode()


def test_xlsx_export_holds_the_figures(client_for, data):
    response = client_for("hr_admin").get("/dashboards/export/all.xlsx?year=2026")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = [row for row in book["Ringkasan"].iter_rows(values_only=True)]
    assert ("Total JP", 63.0, "JP") in summary
    assert any(name.startswith("development") for name in book.sheetnames)


def test_pdf_export_renders(client_for, data):
    response = client_for("leader").get(
        "/dashboards/export/public_service.pdf?year=2026"
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_unknown_section_is_404(client_for, data):
    assert client_for("leader").get("/dashboards/export/nope.pdf").status_code == 404
