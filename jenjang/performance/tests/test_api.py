"""The API end to end, and who may see and do what (the permission matrix)."""

import datetime as dt

import pytest
import time_machine

from conftest import FORBIDDEN, NOT_FOUND
from jenjang.performance.models import Evaluation, Skp
from jenjang.performance.tests.helpers import (
    YEAR,
    add_head_of_department,
    employee_skp,
    period,
    supervisor_skp,
)

pytestmark = pytest.mark.django_db
J = "application/json"
TODAY = dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC)


def test_employee_drafts_and_submits_through_the_api(world, api_for):
    parent = supervisor_skp(world).rhks.first()
    api = api_for("employee")

    r = api.post("/api/performance/skps", {"year": YEAR}, content_type=J)
    assert r.status_code == 201, r.json()
    skp = r.json()
    assert skp["evaluator"] == {
        "id": world.supervisor.pk,
        "full_name": "Siti Rahmawati",
    }
    assert [c["id"] for c in skp["cascade_candidates"]] == list(
        parent.skp.rhks.order_by("kind", "order", "id").values_list("id", flat=True)
    )
    r = api.post(
        f"/api/performance/skps/{skp['id']}/rhks",
        {"text": "Laporan bulanan", "parent_id": parent.pk},
        content_type=J,
    )
    assert r.status_code == 201
    rhk = r.json()
    r = api.post(
        f"/api/performance/rhks/{rhk['id']}/indicators",
        {"text": "Jumlah laporan", "aspect": "kuantitas", "target": "12 laporan"},
        content_type=J,
    )
    assert r.status_code == 201
    r = api.post(f"/api/performance/skps/{skp['id']}/submit", {}, content_type=J)
    assert r.status_code == 200
    assert r.json()["status"] == "submitted"

    sup = api_for("supervisor")
    inbox = sup.get("/api/performance/skps/inbox").json()
    assert [s["id"] for s in inbox] == [skp["id"]]
    r = sup.post(
        f"/api/performance/skps/{skp['id']}/approve", {"comment": "OK"}, content_type=J
    )
    assert r.json()["status"] == "approved"
    assert [s["action"] for s in r.json()["steps"]] == ["create", "submit", "approve"]


def test_cascade_error_in_the_shared_shape(world, api_for):
    old = supervisor_skp(world, YEAR - 1).rhks.first()
    supervisor_skp(world)
    api = api_for("employee")
    skp = api.post("/api/performance/skps", {"year": YEAR}, content_type=J).json()
    r = api.post(
        f"/api/performance/skps/{skp['id']}/rhks",
        {"text": "X", "parent_id": old.pk},
        content_type=J,
    )
    assert r.status_code == 400
    assert r.json() == {
        "code": "cascade_wrong_year",
        "message": "RHK yang diintervensi harus dari SKP atasan tahun yang sama.",
        "details": None,
    }


def test_bad_input_is_422_not_500(world, api_for):
    skp = employee_skp(world, approve=False)
    api = api_for("employee")
    r = api.post(
        f"/api/performance/skps/{skp.pk}/rhks", {"kind": "nope"}, content_type=J
    )
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_input"
    r = api.post(f"/api/performance/skps/{skp.pk}/rhks", "not json", content_type=J)
    assert r.status_code in (400, 422)


# --- the permission matrix ------------------------------------------------------

# Who sees the employee's SKP (Dinkes): own, evaluator, HR of the subtree,
# leader of Dinkes, superadmin. Not the colleague, nor HR of BPKAD.
SEES = {
    "employee": 200,
    "supervisor": 200,
    "mentor": 404,
    "organiser": 404,
    "hr_admin": 200,
    "hr_admin_other": 404,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize(("persona", "status"), SEES.items())
def test_who_sees_an_skp(world, api_for, persona, status):
    skp = employee_skp(world)
    r = api_for(persona).get(f"/api/performance/skps/{skp.pk}")
    assert r.status_code == status
    if status == 404:
        assert r.json() == NOT_FOUND


@pytest.mark.parametrize(("persona", "status"), SEES.items())
def test_skp_list_is_scoped(world, api_for, persona, status):
    skp = employee_skp(world)
    r = api_for(persona).get("/api/performance/skps")
    if persona == "anonymous":
        assert r.status_code == 401
        return
    ids = [s["id"] for s in r.json()["items"]]
    assert (skp.pk in ids) is (status == 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 403),
        ("mentor", 404),
        ("hr_admin", 403),
        ("hr_admin_other", 404),
        ("leader", 403),
        ("supervisor", 200),
    ],
)
def test_only_the_evaluator_approves(world, api_for, persona, status):
    skp = employee_skp(world, approve=False)
    from jenjang.performance.services.skp import skp_submit

    skp_submit(skp=skp, by=world.employee.user)
    r = api_for(persona).post(
        f"/api/performance/skps/{skp.pk}/approve", {}, content_type=J
    )
    assert r.status_code == status
    skp.refresh_from_db()
    assert skp.status == ("approved" if status == 200 else "submitted")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("supervisor", 403), ("hr_admin", 403), ("mentor", 404), ("employee", 201)],
)
def test_only_the_owner_drafts(world, api_for, persona, status):
    skp = employee_skp(world, approve=False)
    r = api_for(persona).post(
        f"/api/performance/skps/{skp.pk}/rhks",
        {"text": "Baru", "parent_id": skp.rhks.get().parent_id},
        content_type=J,
    )
    assert r.status_code == status
    if status == 403:
        assert r.json()["code"] == "forbidden"
    assert skp.rhks.count() == (2 if status == 201 else 1)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 403),
        ("supervisor", 403),
        ("hr_admin", 200),
        ("hr_admin_other", 404),
        ("leader", 200),
    ],
)
def test_org_predikat_permissions(world, api_for, persona, status):
    skp = employee_skp(world)
    r = api_for(persona).put(
        "/api/performance/org-predikat",
        {
            "org_unit_id": world.dinkes.pk,
            "period_id": period(skp).pk,
            "predikat": "baik",
        },
        content_type=J,
    )
    assert r.status_code == status
    if status == 403:
        assert r.json() == FORBIDDEN


@time_machine.travel(TODAY, tick=False)
def test_evaluation_result_and_objection_through_the_api(world, api_for):
    kadis = add_head_of_department(world)
    skp = employee_skp(world)
    annual = period(skp, annual=True)
    sup = api_for("supervisor")
    r = sup.post(
        f"/api/performance/skps/{skp.pk}/evaluations",
        {
            "period_id": annual.pk,
            "rating_hasil": "di_bawah",
            "rating_perilaku": "sesuai",
            "justification_hasil": "Target 12, capaian 6.",
            "justification_perilaku": "Sesuai.",
        },
        content_type=J,
    )
    assert r.status_code == 200, r.json()
    ev = r.json()
    assert (ev["predikat"], ev["predikat_label"]) == (
        "butuh_perbaikan",
        "Butuh Perbaikan",
    )
    emp = api_for("employee")
    # A draft is not shown to the employee.
    assert emp.get(f"/api/performance/skps/{skp.pk}/evaluations").json() == []
    assert emp.get(f"/api/performance/evaluations/{ev['id']}").status_code == 404
    sup.post(f"/api/performance/evaluations/{ev['id']}/issue")
    shown = emp.get(f"/api/performance/skps/{skp.pk}/evaluations").json()
    assert [e["objection_deadline"] for e in shown] == ["2026-01-24"]

    r = emp.post(
        f"/api/performance/evaluations/{ev['id']}/objection",
        {"reason": "Capaian 12 tidak dihitung"},
        content_type=J,
    )
    assert r.status_code == 201
    objection = r.json()
    assert objection["reviewer"]["id"] == kadis.pk

    from django.test import Client

    from conftest import sign_in

    boss = sign_in(Client(), kadis.user)
    assert [o["id"] for o in boss.get("/api/performance/objections").json()] == [
        objection["id"]
    ]
    assert sup.get("/api/performance/objections").json() == []
    r = boss.post(
        f"/api/performance/objections/{objection['id']}/decide",
        {
            "decision": "changed",
            "note": "Bukti lengkap",
            "rating_hasil": "sesuai",
            "rating_perilaku": "sesuai",
        },
        content_type=J,
    )
    assert r.status_code == 200
    assert r.json()["decision"] == "changed"
    history = emp.get(f"/api/performance/employees/{world.employee.pk}/history").json()
    assert [(h["year"], h["predikat"], h["is_annual"]) for h in history] == [
        (YEAR, "baik", True)
    ]
    assert Evaluation.objects.get().final_predikat == "baik"


def test_distribution_endpoint_warns_with_counts(world, api_for, hr_admin):
    from jenjang.performance.services.evaluation import org_predikat_set
    from jenjang.performance.tests.factories import make_rating

    skp = employee_skp(world)
    org_predikat_set(
        org_unit=world.dinkes, period=period(skp), predikat="baik", by=hr_admin
    )
    for emp in (world.employee, world.mentor, world.puskesmas_employee):
        make_rating(emp, YEAR, "baik", annual=False)
    r = api_for("hr_admin").get(
        f"/api/performance/distribution?org_unit_id={world.dinkes.pk}"
        f"&period_id={period(skp).pk}"
    )
    body = r.json()
    assert body["total"] == 3
    assert body["counts"]["baik"] == 3
    assert sorted(w["bound"] for w in body["warnings"]) == ["max", "some"]
    r = api_for("hr_admin_other").get(
        f"/api/performance/distribution?org_unit_id={world.dinkes.pk}"
        f"&period_id={period(skp).pk}"
    )
    assert r.status_code == 404
    r = api_for("employee").get(
        f"/api/performance/distribution?org_unit_id={world.dinkes.pk}"
        f"&period_id={period(skp).pk}"
    )
    assert r.status_code == 403


def test_realisation_and_feedback_api(world, api_for):
    skp = employee_skp(world)
    indicator = skp.rhks.get().indicators.get()
    emp = api_for("employee")
    r = emp.post(
        f"/api/performance/indicators/{indicator.pk}/realisations",
        {
            "period_id": period(skp).pk,
            "value": "3 laporan",
            "evidence_url": "https://x.id/a",
        },
        content_type=J,
    )
    assert r.status_code == 200
    assert [
        x["value"]
        for x in emp.get(f"/api/performance/skps/{skp.pk}/realisations").json()
    ] == ["3 laporan"]
    r = api_for("supervisor").post(
        f"/api/performance/skps/{skp.pk}/feedback",
        {
            "strengths": "Rapi",
            "improvements": "Tepat waktu",
            "actions": [{"text": "Jadwal", "due_date": "2025-03-01"}],
        },
        content_type=J,
    )
    assert r.status_code == 201
    assert r.json()["actions"][0]["text"] == "Jadwal"
    r = api_for("hr_admin_other").post(
        f"/api/performance/skps/{skp.pk}/feedback",
        {"improvements": "x"},
        content_type=J,
    )
    assert r.status_code == 404
    assert skp.feedback.count() == 1


def test_year_api(world, api_for):
    r = api_for("hr_admin").post(
        "/api/performance/years", {"year": 2027, "rhythm": "monthly"}, content_type=J
    )
    assert r.status_code == 201
    body = r.json()
    assert len([p for p in body["periods"] if p["kind"] == "periodic"]) == 12
    r = api_for("hr_admin").patch(
        f"/api/performance/years/{body['id']}",
        {"rhythm": "semester", "objection_window_days": 7},
        content_type=J,
    )
    assert r.status_code == 200
    assert len([p for p in r.json()["periods"] if p["kind"] == "periodic"]) == 2
    assert r.json()["objection_window_days"] == 7
    assert (
        api_for("employee")
        .post("/api/performance/years", {"year": 2028}, content_type=J)
        .status_code
        == 403
    )


def test_cascade_tree(world, api_for):
    skp = employee_skp(world)
    r = api_for("supervisor").get(f"/api/performance/cascade?year={YEAR}")
    tree = r.json()
    assert len(tree) == 2
    assert [c["text"] for c in tree[0]["children"]] == [
        "Laporan data kesehatan bulanan"
    ]
    assert tree[0]["children"][0]["employee"]["id"] == world.employee.pk
    assert tree[1]["children"] == []
    assert Skp.objects.filter(pk=skp.pk).exists()
