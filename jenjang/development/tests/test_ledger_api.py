"""The JP API: every operation over every persona, the contract, bad input."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from conftest import FORBIDDEN, NOT_FOUND, PERSONAS, sign_in
from jenjang.development.models import LedgerEntry, SelfLearningClaim
from jenjang.development.services import claims as claim_services
from jenjang.development.tests.test_ledger_support import (  # noqa: F401
    PDF,
    PNG,
    form,
    post,
    seeded,
    upload,
)

NOW = dt.datetime(2024, 6, 20, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api(api_for):
    return lambda persona: api_for(persona, auth="token")


@pytest.fixture
def entry(world):
    return post(world.employee, day=dt.date(2024, 6, 3), code=9, quantity=1, unit="day")


@pytest.fixture
def claim(world):
    return claim_services.claim_submit(
        employee=world.employee,
        title="Webinar Gizi",
        organiser="Kemenkes",
        form=form(9),
        started_on=dt.date(2024, 6, 10),
        ended_on=dt.date(2024, 6, 10),
        quantity=1,
        unit="day",
        evidence=upload(),
        by=world.employee.user,
    )


def expect(**overrides) -> dict:
    return {p: 200 for p in PERSONAS} | {"anonymous": 401} | overrides


# --- ledger -------------------------------------------------------------------

OWN_LEDGER = expect(
    organiser=404, hr_admin=404, hr_admin_other=404, leader=404, superadmin=404
)
BUDI_LEDGER = expect(mentor=404, organiser=404, hr_admin_other=404)


@pytest.mark.parametrize(("persona", "status"), OWN_LEDGER.items())
def test_own_ledger_access(api, entry, persona, status):
    response = api(persona).get("/api/jp/ledger?year=2024")
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), BUDI_LEDGER.items())
def test_employee_ledger_access(api, world, entry, persona, status):
    response = api(persona).get(
        f"/api/jp/ledger?employee={world.employee.pk}&year=2024"
    )
    assert response.status_code == status
    if status == 404:
        assert response.json() == NOT_FOUND


def test_ledger_contract(api, world, entry):
    body = (
        api("supervisor")
        .get(f"/api/jp/ledger?employee={world.employee.pk}&year=2024")
        .json()
    )
    assert body["employee"] == {"id": world.employee.pk, "full_name": "Budi Santoso"}
    assert (body["year"], body["total_jp"], body["target_jp"], body["compliant"]) == (
        2024,
        "4.00",
        "20.00",
        False,
    )
    (item,) = body["entries"]
    assert item["id"] == entry.pk
    assert item["form"] == {"siasn_code": 9, "name": "Seminar", "is_classical": True}
    assert (item["jp"], item["kind"], item["rule_note"]) == (
        "4.00",
        "posting",
        "1 hari × 4 JP = 4 JP",
    )
    assert item["source_label"] == "Pencatatan manual oleh admin"
    assert (
        api("supervisor")
        .get(f"/api/jp/ledger?employee={world.employee.pk}&year=2023")
        .json()["entries"]
        == []
    )


@pytest.mark.parametrize(
    "query", ["year=1999", "year=abc", "employee=abc", "employee=1.5"]
)
def test_ledger_bad_query(api, query):
    response = api("hr_admin").get(f"/api/jp/ledger?{query}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_ledger_of_a_huge_id_is_not_found(api):
    response = api("hr_admin").get("/api/jp/ledger?employee=99999999999999999999")
    assert response.json() == NOT_FOUND


# --- manual entries and reversals ---------------------------------------------

POST_STATUS = expect(
    employee=403,
    supervisor=403,
    mentor=403,
    organiser=403,
    leader=403,
    hr_admin=201,
    superadmin=201,
    hr_admin_other=422,
)


def entry_payload(world, **changes) -> dict:
    return {
        "employee_id": world.employee.pk,
        "occurred_on": "2024-06-12",
        "siasn_code": 15,
        "title": "Mentoring penulisan laporan",
        "quantity": "1",
        "unit": "session",
        "reference": "MNT-1",
    } | changes


@pytest.mark.parametrize(("persona", "status"), POST_STATUS.items())
def test_post_entry_access(api, world, persona, status):
    response = api(persona).post(
        "/api/jp/entries", entry_payload(world), content_type="application/json"
    )
    assert response.status_code == status
    assert LedgerEntry.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        body = response.json()
        assert (body["jp"], body["source_type"], body["rule_note"]) == (
            "2.00",
            "manual",
            "1 sesi × 2 JP = 2 JP, batas 4 JP/bulan",
        )
    if status == 403:
        assert response.json() == FORBIDDEN


def test_post_entry_is_idempotent_per_reference(api, world):
    client = api("hr_admin")
    first = client.post(
        "/api/jp/entries", entry_payload(world), content_type="application/json"
    )
    again = client.post(
        "/api/jp/entries", entry_payload(world), content_type="application/json"
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    third = client.post(
        "/api/jp/entries",
        entry_payload(world, reference="MNT-2"),
        content_type="application/json",
    )
    fourth = client.post(
        "/api/jp/entries",
        entry_payload(world, reference="MNT-3"),
        content_type="application/json",
    )
    assert third.json()["jp"] == "2.00"
    assert fourth.json()["jp"] == "0.00"  # the third session in June
    assert "sudah 4 JP pada periode itu → 0 JP" in fourth.json()["rule_note"]


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"siasn_code": 26}, 422, "siasn_code"),
        ({"siasn_code": 0}, 422, "siasn_code"),
        ({"employee_id": 999999}, 422, "employee_id"),
        ({"title": ""}, 422, "title"),
        ({"title": "a\x00b"}, 422, "title"),
        ({"unit": "hour"}, 422, "unit"),
        ({"quantity": "-1"}, 422, "quantity"),
        ({"jp": "-1", "quantity": None}, 422, "jp"),
        ({"reference": "a#b"}, 422, "reference"),
        ({"occurred_on": "2024-02-30"}, 422, "occurred_on"),
        ({"occurred_on": "2030-01-01"}, 400, None),
        ({"unit": "day"}, 400, None),
        ({"quantity": None}, 400, None),
    ],
)
def test_post_entry_bad_input_changes_nothing(api, world, changes, status, field):
    response = api("hr_admin").post(
        "/api/jp/entries",
        entry_payload(world, **changes),
        content_type="application/json",
    )
    assert response.status_code == status
    if field:
        assert [d["field"] for d in response.json()["details"]] == [field]
    assert LedgerEntry.objects.count() == 0


def test_post_entry_for_oneself_is_refused(api, world, hr_admin):
    hr_employee = world.mentor
    hr_employee.user = hr_admin
    hr_employee.save()
    response = api("hr_admin").post(
        "/api/jp/entries",
        entry_payload(world, employee_id=hr_employee.pk),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert LedgerEntry.objects.count() == 0


REVERSE_STATUS = expect(
    employee=403,
    supervisor=403,
    mentor=403,
    organiser=403,
    leader=403,
    hr_admin=201,
    superadmin=201,
    hr_admin_other=404,
)


@pytest.mark.parametrize(("persona", "status"), REVERSE_STATUS.items())
def test_reverse_access(api, entry, persona, status):
    response = api(persona).post(
        f"/api/jp/entries/{entry.pk}/reverse",
        {"reason": "Tidak hadir"},
        content_type="application/json",
    )
    assert response.status_code == status
    assert LedgerEntry.objects.filter(kind="reversal").count() == (
        1 if status == 201 else 0
    )
    if status == 201:
        body = response.json()
        assert (body["jp"], body["kind"], body["reverses_id"], body["reason"]) == (
            "-4.00",
            "reversal",
            entry.pk,
            "Tidak hadir",
        )


def test_reverse_twice_and_bad_reason(api, entry):
    client = api("hr_admin")
    url = f"/api/jp/entries/{entry.pk}/reverse"
    assert (
        client.post(url, {"reason": ""}, content_type="application/json").status_code
        == 422
    )
    assert (
        client.post(
            url, {"reason": "Batal"}, content_type="application/json"
        ).status_code
        == 201
    )
    twice = client.post(url, {"reason": "Lagi"}, content_type="application/json")
    assert twice.status_code == 409
    assert twice.json() == {
        "code": "already_reversed",
        "message": "Entri ini sudah dibatalkan.",
        "details": None,
    }
    assert (
        client.post(
            "/api/jp/entries/987654321/reverse",
            {"reason": "x"},
            content_type="application/json",
        ).json()
        == NOT_FOUND
    )


# --- compliance ---------------------------------------------------------------

VIEW_STATUS = expect(employee=403, mentor=403, organiser=403)


@pytest.mark.parametrize(("persona", "status"), VIEW_STATUS.items())
def test_compliance_access(api, entry, persona, status):
    response = api(persona).get("/api/jp/compliance?year=2024")
    assert response.status_code == status


@pytest.mark.parametrize(("persona", "status"), VIEW_STATUS.items())
def test_summary_access(api, entry, persona, status):
    response = api(persona).get("/api/jp/summary?year=2024")
    assert response.status_code == status


def test_compliance_pages_with_a_cursor(api, world, entry):
    client = api("hr_admin")
    first = client.get("/api/jp/compliance?year=2024&size=2").json()
    assert [i["employee"]["full_name"] for i in first["items"]] == [
        "Agus Salim",
        "Budi Santoso",
    ]
    assert first["items"][1]["total_jp"] == "4.00"
    assert first["items"][1]["shortfall_jp"] == "16.00"
    assert first["items"][1]["nip"] == world.employee.nip
    second = client.get(
        f"/api/jp/compliance?year=2024&size=2&cursor={first['next_cursor']}"
    ).json()
    assert [i["employee"]["full_name"] for i in second["items"]] == [
        "Dewi Lestari",
        "Siti Rahmawati",
    ]
    assert second["next_cursor"] is None
    by_unit = client.get(
        f"/api/jp/compliance?year=2024&unit={world.puskesmas.pk}"
    ).json()
    assert [i["employee"]["full_name"] for i in by_unit["items"]] == ["Dewi Lestari"]
    other_unit = client.get(f"/api/jp/compliance?unit={world.bpkad.pk}")
    assert other_unit.status_code == 422
    assert client.get("/api/jp/compliance?cursor=%%%").status_code == 400


def test_summary_contract(api, world, entry):
    body = api("hr_admin").get("/api/jp/summary?year=2024").json()
    assert body == {
        "year": 2024,
        "target_jp": "20.00",
        "headcount": 4,
        "compliant": 0,
        "below": 4,
        "average_jp": "1.00",
        "units": [
            {
                "unit_id": world.dinkes.pk,
                "name": "Dinas Kesehatan (langsung)",
                "headcount": 3,
                "compliant": 0,
                "below": 3,
                "average_jp": "1.33",
            },
            {
                "unit_id": world.puskesmas.pk,
                "name": "Puskesmas Sukamaju",
                "headcount": 1,
                "compliant": 0,
                "below": 1,
                "average_jp": "0.00",
            },
        ],
    }


# --- claims -------------------------------------------------------------------

LIST_CLAIMS = expect()


@pytest.mark.parametrize(("persona", "status"), LIST_CLAIMS.items())
def test_claim_list_access(api, claim, persona, status):
    response = api(persona).get("/api/jp/claims")
    assert response.status_code == status
    if status == 200:
        sees = persona in ("employee", "supervisor", "hr_admin", "superadmin")
        assert [c["id"] for c in response.json()["items"]] == (
            [claim.pk] if sees else []
        )


SUBMIT = expect(
    employee=201,
    supervisor=201,
    mentor=201,
    organiser=403,
    hr_admin=403,
    hr_admin_other=403,
    leader=403,
    superadmin=403,
)
CLAIM_FIELDS = {
    "title": "Kursus daring statistik",
    "organiser": "Platform MOOC",
    "siasn_code": "22",
    "started_on": "2024-06-01",
    "ended_on": "2024-06-03",
    "quantity": "200",
    "unit": "minutes",
}


@pytest.mark.parametrize(("persona", "status"), SUBMIT.items())
def test_claim_submit_access(api, world, persona, status):
    response = api(persona).post(
        "/api/jp/claims", CLAIM_FIELDS | {"evidence": upload("bukti.png", PNG)}
    )
    assert response.status_code == status
    assert SelfLearningClaim.objects.count() == (1 if status == 201 else 0)
    if status == 201:
        body = response.json()
        assert (body["status"], body["unit"], body["quantity"]) == (
            "pending",
            "minutes",
            "200.00",
        )


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"evidence": upload("x.pdf", b"not a pdf")}, 400, "evidence_content"),
        ({"evidence": upload("x.exe", PDF)}, 400, "evidence_type"),
        (
            {"evidence": upload("big.pdf", PDF + b"0" * 5 * 1024 * 1024)},
            400,
            "evidence_too_large",
        ),
        ({"unit": "day"}, 400, "unit_mismatch"),
        ({"ended_on": "2024-05-01"}, 400, "dates_reversed"),
        ({"siasn_code": "77"}, 422, "invalid_input"),
        ({"quantity": "abc"}, 422, "invalid_input"),
    ],
)
def test_claim_submit_bad_input(api, world, changes, status, code):
    data = CLAIM_FIELDS | {"evidence": upload()} | changes
    response = api("employee").post("/api/jp/claims", data)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert SelfLearningClaim.objects.count() == 0


def test_claim_submit_without_file(api, world):
    response = api("employee").post("/api/jp/claims", CLAIM_FIELDS)
    assert response.status_code == 422
    assert SelfLearningClaim.objects.count() == 0


SEE_CLAIM = expect(mentor=404, organiser=404, hr_admin_other=404, leader=404)


@pytest.mark.parametrize(("persona", "status"), SEE_CLAIM.items())
def test_claim_detail_and_evidence_access(api, claim, persona, status):
    client = api(persona)
    assert client.get(f"/api/jp/claims/{claim.pk}").status_code == status
    evidence = client.get(f"/api/jp/claims/{claim.pk}/evidence")
    assert evidence.status_code == status
    if status == 200:
        assert evidence["Content-Type"] == "application/pdf"
        assert b"".join(evidence.streaming_content) == PDF


REVIEW = expect(
    employee=403,
    mentor=403,
    organiser=403,
    leader=403,
    hr_admin_other=404,
)


@pytest.mark.parametrize(("persona", "status"), REVIEW.items())
def test_verify_access(api, claim, persona, status):
    response = api(persona).post(f"/api/jp/claims/{claim.pk}/verify")
    assert response.status_code == status
    claim.refresh_from_db()
    assert claim.status == ("verified" if status == 200 else "pending")
    assert LedgerEntry.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        body = response.json()
        assert body["claim"]["status"] == "verified"
        assert (body["entry"]["jp"], body["entry"]["source_type"]) == (
            "4.00",
            "development.claim",
        )


@pytest.mark.parametrize(("persona", "status"), REVIEW.items())
def test_reject_access(api, claim, persona, status):
    response = api(persona).post(
        f"/api/jp/claims/{claim.pk}/reject",
        {"reason": "Bukti tidak terbaca"},
        content_type="application/json",
    )
    assert response.status_code == status
    claim.refresh_from_db()
    assert claim.status == ("rejected" if status == 200 else "pending")
    if status == 200:
        assert response.json()["review_reason"] == "Bukti tidak terbaca"


def test_own_claim_cannot_be_verified_by_api(api, world, supervisor):
    own = claim_services.claim_submit(
        employee=world.supervisor,
        title="Seminar",
        form=form(9),
        started_on=dt.date(2024, 6, 10),
        ended_on=dt.date(2024, 6, 10),
        quantity=1,
        unit="day",
        evidence=upload(),
        by=supervisor,
    )
    response = api("supervisor").post(f"/api/jp/claims/{own.pk}/verify")
    assert response.status_code == 403
    assert (
        response.json()["message"]
        == "Anda tidak dapat memverifikasi klaim Anda sendiri."
    )
    again = api("hr_admin")
    assert again.post(f"/api/jp/claims/{own.pk}/verify").status_code == 200
    assert again.post(f"/api/jp/claims/{own.pk}/verify").status_code == 409


def test_reject_needs_a_reason(api, claim):
    response = api("supervisor").post(
        f"/api/jp/claims/{claim.pk}/reject",
        {"reason": " "},
        content_type="application/json",
    )
    assert response.status_code == 422
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_session_clients_need_csrf_for_writes(claim, supervisor):
    client = sign_in(Client(enforce_csrf_checks=True), supervisor)
    response = client.post(f"/api/jp/claims/{claim.pk}/verify")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_openapi_declares_the_operations(api):
    schema = api("employee").get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/jp/ledger",
        "/api/jp/entries",
        "/api/jp/entries/{entry_id}/reverse",
        "/api/jp/compliance",
        "/api/jp/summary",
        "/api/jp/claims",
        "/api/jp/claims/{claim_id}",
        "/api/jp/claims/{claim_id}/verify",
        "/api/jp/claims/{claim_id}/reject",
    ):
        assert path in paths, path
    assert set(paths["/api/jp/entries"]["post"]["responses"]) >= {
        "201",
        "401",
        "403",
        "422",
    }
