"""JP ledger pages: access for every persona on every page, and the page flows."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from jenjang.development.models import LedgerEntry
from jenjang.development.services.ledger import ledger_post
from jenjang.development.tests.test_ledger_support import (  # noqa: F401
    PNG,
    form,
    post,
    seeded,
    upload,
)

LOGIN = "/accounts/login/"
NOW = dt.datetime(2024, 6, 20, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def entry(world):
    """A posting for Budi (world.employee) with evidence."""
    return ledger_post(
        employee=world.employee,
        occurred_on=dt.date(2024, 6, 3),
        form=form(9),
        title="Seminar Gizi",
        source_type="manual",
        source_id="e1",
        quantity=1,
        unit="day",
        evidence=upload("foto.png", PNG),
        by=None,
    )


def status_map(**overrides) -> dict:
    base = dict.fromkeys(
        [
            "employee",
            "supervisor",
            "mentor",
            "organiser",
            "hr_admin",
            "hr_admin_other",
            "leader",
            "superadmin",
        ],
        200,
    )
    return base | {"anonymous": 302} | overrides


OWN = status_map()
OWN_EXPORT = status_map(
    organiser=404, hr_admin=404, hr_admin_other=404, leader=404, superadmin=404
)
VIEW = status_map(employee=403, mentor=403, organiser=403)
VIEW_BUDI = status_map(employee=403, mentor=403, organiser=403, hr_admin_other=404)
POST_BUDI = status_map(
    employee=403,
    supervisor=403,
    mentor=403,
    organiser=403,
    leader=403,
    hr_admin_other=404,
)
HR_ONLY = status_map(
    employee=403, supervisor=403, mentor=403, organiser=403, leader=403
)
REVIEW = status_map(employee=403, mentor=403, organiser=403, leader=403)
EVIDENCE = status_map(mentor=404, organiser=404, hr_admin_other=404, leader=404)

PAGES = [
    ("/development/jp/", OWN),
    ("/development/jp/siasn.csv", OWN_EXPORT),
    ("/development/jp/siasn.xlsx", OWN_EXPORT),
    ("/development/jp/employees/{budi}/", VIEW_BUDI),
    ("/development/jp/employees/{budi}/siasn.csv", VIEW_BUDI),
    ("/development/jp/employees/{budi}/siasn.xlsx", VIEW_BUDI),
    ("/development/jp/employees/{budi}/post/", POST_BUDI),
    ("/development/jp/entries/{entry}/evidence/", EVIDENCE),
    ("/development/compliance/", VIEW),
    ("/development/compliance/export.csv", VIEW),
    ("/development/compliance/export.xlsx", VIEW),
    ("/development/compliance/summary/", VIEW),
    ("/development/compliance/siasn.csv", HR_ONLY),
    ("/development/compliance/siasn.xlsx", HR_ONLY),
    ("/development/claims/", OWN),
    ("/development/claims/new/", OWN),
    ("/development/claims/review/", REVIEW),
]
CASES = [
    (url, persona, status)
    for url, statuses in PAGES
    for persona, status in statuses.items()
]


@pytest.mark.parametrize(("url", "persona", "status"), CASES)
def test_page_access(client_for, world, entry, url, persona, status):
    url = url.format(budi=world.employee.pk, entry=entry.pk)
    response = client_for(persona).get(url)
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(f"{LOGIN}?next=")


@pytest.mark.parametrize("persona", ["employee", "supervisor", "mentor"])
def test_missing_record_page_for_users_without_one(client_for, world, persona):
    page = client_for("organiser").get("/development/jp/")
    assert "belum terhubung dengan data pegawai" in page.content.decode()
    own = client_for(persona).get("/development/jp/")
    assert "belum terhubung" not in own.content.decode()


MANUAL = {
    "occurred_on": "2024-06-10",
    "form": "",
    "title": "Rapat koordinasi teknis",
    "quantity": "1",
    "unit": "day",
    "jp": "",
    "reference": "ND-17",
}


@pytest.mark.parametrize(("persona", "status"), POST_BUDI.items())
def test_manual_posting_page(client_for, world, persona, status):
    data = MANUAL | {"form": form(4).pk}
    url = f"/development/jp/employees/{world.employee.pk}/post/"
    response = client_for(persona).post(url, data)
    posted = status == 200
    expected = 302 if posted else status
    assert response.status_code == expected
    entries = LedgerEntry.objects.filter(employee=world.employee)
    if posted:
        assert response["Location"] == f"/development/jp/employees/{world.employee.pk}/"
        entry = entries.get()
        assert (entry.jp, entry.source_id) == (
            Decimal("5.00"),
            f"{world.employee.pk}:ND-17",
        )
        again = client_for(persona).post(url, data)  # the same form again
        assert again.status_code == 302
        assert entries.count() == 1
    else:
        assert entries.count() == 0


def test_manual_posting_page_reports_errors(client_for, world):
    url = f"/development/jp/employees/{world.employee.pk}/post/"
    client = client_for("hr_admin")
    empty = client.post(url, MANUAL | {"form": form(4).pk, "quantity": "", "jp": ""})
    assert "Isi jumlah dan satuan kegiatan, atau JP-nya." in empty.content.decode()
    wrong = client.post(url, MANUAL | {"form": form(4).pk, "unit": "session"})
    assert "Workshop dihitung per hari, bukan per sesi." in wrong.content.decode()
    future = client.post(
        url, MANUAL | {"form": form(4).pk, "occurred_on": "2030-01-01"}
    )
    assert "Tanggal kegiatan tidak boleh di masa depan." in future.content.decode()
    assert LedgerEntry.objects.count() == 0


def test_nobody_posts_for_themself(client_for, world):
    from jenjang.accounts.models import Role, RoleGrant

    RoleGrant.objects.create(
        user=world.mentor.user, role=Role.HR_ADMIN, org_unit=world.dinkes
    )
    client = client_for("mentor")
    response = client.get(f"/development/jp/employees/{world.mentor.pk}/post/")
    assert response.status_code == 404


REVERSE = status_map(
    employee=403,
    supervisor=403,
    mentor=403,
    organiser=403,
    leader=403,
    hr_admin=302,
    superadmin=302,
    hr_admin_other=404,
)


@pytest.mark.parametrize(("persona", "status"), REVERSE.items())
def test_reverse_page(client_for, world, entry, persona, status):
    response = client_for(persona).post(
        f"/development/jp/entries/{entry.pk}/reverse/", {"reason": "Tidak hadir"}
    )
    assert response.status_code == status
    reversed_ = persona in ("hr_admin", "superadmin")
    assert LedgerEntry.objects.filter(kind="reversal").count() == (
        1 if reversed_ else 0
    )
    if reversed_:
        assert response["Location"] == f"/development/jp/employees/{world.employee.pk}/"


def test_reverse_page_refuses_twice_and_without_reason(client_for, world, entry):
    client = client_for("hr_admin")
    url = f"/development/jp/entries/{entry.pk}/reverse/"
    no_reason = client.post(url, {"reason": ""}, follow=True)
    assert "Alasan pembatalan wajib diisi." in no_reason.content.decode()
    client.post(url, {"reason": "Salah"})
    twice = client.post(url, {"reason": "Lagi"}, follow=True)
    assert "Entri ini sudah dibatalkan." in twice.content.decode()
    assert LedgerEntry.objects.filter(kind="reversal").count() == 1
    assert client.get(url).status_code == 405


def test_my_jp_page_lists_entries_claims_and_progress(client_for, world, entry):
    post(world.employee, day=dt.date(2024, 2, 1), jp=6, title="Kursus Excel")
    page = client_for("employee").get("/development/jp/")
    body = page.content.decode()
    assert page.context["total"] == "10"
    assert [row["entry"].title for row in page.context["rows"]] == [
        "Seminar Gizi",
        "Kursus Excel",
    ]
    assert "1 hari × 4 JP = 4 JP" in body
    assert f"/development/jp/entries/{entry.pk}/evidence/" in body
    assert 'aria-valuenow="50"' in body
    assert "Batalkan" not in body  # an employee cannot reverse


def test_employee_page_for_hr_shows_reversal_and_post_buttons(client_for, world, entry):
    body = (
        client_for("hr_admin")
        .get(f"/development/jp/employees/{world.employee.pk}/")
        .content.decode()
    )
    assert f"/development/jp/entries/{entry.pk}/reverse/" in body
    assert f"/development/jp/employees/{world.employee.pk}/post/" in body
    leader = (
        client_for("leader")
        .get(f"/development/jp/employees/{world.employee.pk}/")
        .content.decode()
    )
    assert "/reverse/" not in leader
    assert "/evidence/" not in leader  # leaders see totals, not documents


def test_nav_links_by_role(client_for, world):
    employee = client_for("employee").get("/development/jp/").content.decode()
    assert "/development/jp/" in employee
    assert "/development/compliance/" not in employee
    assert "Rencana pengembangan (IDP)" in employee
    hr = client_for("hr_admin").get("/development/jp/").content.decode()
    assert "/development/compliance/summary/" in hr
    assert "/development/claims/review/" in hr
