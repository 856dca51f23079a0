"""The talent API: scoped reads, human confirmation, remedial plans, bad input."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import FORBIDDEN, NOT_FOUND, PERSONAS
from jenjang.talent import services
from jenjang.talent.models import Placement, RemedialPlan, TalentReview
from jenjang.talent.tests.factories import potential, review

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def run(world, hr_admin, predikat):
    potential(world.employee, 95)
    predikat.set(world.employee, 2025, "sangat_baik")
    potential(world.puskesmas_employee, 50)
    predikat.set(world.puskesmas_employee, 2025, "sangat_kurang")
    r = review(world.agency, by=hr_admin)
    services.review_run(review=r, by=hr_admin, today=dt.date(2026, 2, 1))
    return r


GRID_STATUS = {
    "employee": 403,
    "supervisor": 200,
    "mentor": 403,
    "organiser": 403,
    "hr_admin": 200,
    "hr_admin_other": 200,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_grid_access(api_for, run, persona):
    response = api_for(persona).get(f"/api/talent/reviews/{run.pk}")
    assert response.status_code == GRID_STATUS[persona]
    if response.status_code == 200:
        counts = {c["box"]: c["count"] for c in response.json()["cells"]}
        expected = {"hr_admin_other": (0, 0)}.get(persona, (1, 1))
        assert (counts[9], counts[1]) == expected


def test_drill_down_box_nine_names(api_for, run):
    body = (
        api_for("hr_admin").get(f"/api/talent/reviews/{run.pk}/placements?box=9").json()
    )
    assert [p["employee"]["full_name"] for p in body["items"]] == ["Budi Santoso"]
    assert body["items"][0]["pools"] == ["instansi", "nasional"]
    assert body["items"][0]["confirmed"] is False


@pytest.mark.parametrize("persona", PERSONAS)
def test_confirm_access_changes_nothing_when_denied(api_for, world, run, persona):
    p = Placement.objects.get(review=run, employee=world.employee)
    response = api_for(persona).post(
        f"/api/talent/placements/{p.pk}/confirm",
        {"override_box": 8, "reason": "Baru dimutasi dari puskesmas."},
        content_type=JSON,
    )
    allowed = persona in ("hr_admin", "superadmin")
    assert response.status_code == (
        200
        if allowed
        else {
            "anonymous": 401,
            "hr_admin_other": 404,
            "leader": 403,
            "supervisor": 403,
        }.get(persona, 403)
    )
    p.refresh_from_db()
    assert p.is_confirmed is allowed
    if allowed:
        assert response.json()["box"] == 8
        assert response.json()["override_reason"] == "Baru dimutasi dari puskesmas."


def test_denied_bodies(api_for, world, run):
    p = Placement.objects.get(review=run, employee=world.employee)
    url = f"/api/talent/placements/{p.pk}/confirm"
    assert api_for("leader").post(url, {}, content_type=JSON).json() == FORBIDDEN
    assert api_for("hr_admin_other").get(f"/api/talent/placements/{p.pk}").json() == (
        NOT_FOUND
    )


def test_override_without_reason_is_refused(api_for, world, run):
    p = Placement.objects.get(review=run, employee=world.employee)
    response = api_for("hr_admin").post(
        f"/api/talent/placements/{p.pk}/confirm", {"override_box": 7}, content_type=JSON
    )
    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    assert response.json()["message"] == "Alasan wajib diisi bila kotak dikoreksi."
    bad = api_for("hr_admin").post(
        f"/api/talent/placements/{p.pk}/confirm",
        {"override_box": 10},
        content_type=JSON,
    )
    assert bad.status_code == 422
    p.refresh_from_db()
    assert p.confirmed_at is None


def test_employee_sees_own_box_only_once_confirmed(api_for, world, run, hr_admin):
    client = api_for("employee")
    assert client.get("/api/talent/me").json() == {"placement": None}
    p = Placement.objects.get(review=run, employee=world.employee)
    assert client.get(f"/api/talent/placements/{p.pk}").status_code == 404
    services.placement_confirm(placement=p, by=hr_admin)
    mine = client.get("/api/talent/me").json()["placement"]
    assert mine["box"] == 9
    assert mine["actions"][0] == "Dipromosikan dan dipertahankan"
    other = Placement.objects.get(review=run, employee=world.puskesmas_employee)
    services.placement_confirm(placement=other, by=hr_admin)
    assert client.get(f"/api/talent/placements/{other.pk}").status_code == 404


def test_hr_creates_and_runs_a_review(api_for, world, predikat):
    client = api_for("hr_admin")
    created = client.post(
        "/api/talent/reviews",
        {"name": "Pemetaan Semester I", "year": 2025},
        content_type=JSON,
    )
    assert created.status_code == 201
    again = client.post(
        "/api/talent/reviews",
        {"name": "Pemetaan Semester I", "year": 2025},
        content_type=JSON,
    )
    assert again.status_code == 409
    assert TalentReview.objects.count() == 1
    predikat.set(world.employee, 2025, "baik")
    ran = client.post(f"/api/talent/reviews/{created.json()['id']}/run")
    assert ran.status_code == 200
    assert ran.json()["computed"] == 1


def test_remedial_list_and_supervisor_confirm(api_for, world, run):
    plan = RemedialPlan.objects.get(employee=world.puskesmas_employee)
    listed = api_for("hr_admin").get("/api/talent/remedial").json()["items"]
    assert [p["employee_name"] for p in listed] == ["Dewi Lestari"]
    assert api_for("hr_admin").get("/api/talent/remedial/pipeline").json() == {
        "opened": 1,
        "in_progress": 0,
        "improved": 0,
        "not_improved": 0,
    }
    assert api_for("hr_admin_other").get("/api/talent/remedial").json()["items"] == []
    denied = api_for("employee").post(
        f"/api/talent/remedial/{plan.pk}/confirm", {"coaching": "x"}, content_type=JSON
    )
    assert denied.status_code == 404
    ok = api_for("supervisor").post(
        f"/api/talent/remedial/{plan.pk}/confirm",
        {"coaching": "Konseling kinerja tiap bulan."},
        content_type=JSON,
    )
    assert ok.status_code == 200
    assert ok.json()["status"] == "in_progress"


def test_config_validation(api_for):
    client = api_for("hr_admin")
    body = client.get("/api/talent/config").json()
    assert (body["weight_competency"], body["cutoff_high"]) == ("40", "90")
    assert body["needs_verification"] is True
    bad = client.put(
        "/api/talent/config",
        {"cutoff_middle": 95, "cutoff_high": 90},
        content_type=JSON,
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "cutoffs_unordered"
    assert (
        client.put(
            "/api/talent/config", {"weight_integrity": 101}, content_type=JSON
        ).status_code
        == 422
    )
    assert (
        api_for("leader")
        .put("/api/talent/config", {"cutoff_high": 95}, content_type=JSON)
        .status_code
        == 403
    )


def test_potential_and_decisions(api_for, world):
    client = api_for("hr_admin")
    url = f"/api/talent/employees/{world.employee.pk}"
    made = client.post(
        f"{url}/potential",
        {
            "recorded_on": "2026-01-10",
            "track_record_score": 80,
            "qualification_score": 70,
            "integrity_score": 90,
        },
        content_type=JSON,
    )
    assert made.status_code == 201
    decided = client.post(
        f"{url}/decisions",
        {"kind": "rank", "decision": "deferred", "reason": "Menunggu SKP 2026."},
        content_type=JSON,
    )
    assert decided.status_code == 201
    assert [d["decision"] for d in client.get(f"{url}/decisions").json()] == [
        "deferred"
    ]
    other = api_for("hr_admin_other").post(
        f"{url}/decisions",
        {"kind": "rank", "decision": "promoted", "reason": "x"},
        content_type=JSON,
    )
    assert other.status_code == 404


def test_lists_for_promotion_and_career(api_for, world, predikat):
    client = api_for("hr_admin")
    body = client.get(
        "/api/talent/promotion/rank-eligibility?eligible=false&size=100"
    ).json()
    names = {i["employee"]["full_name"] for i in body["items"]}
    assert "Rudi Hartono" not in names
    assert "Budi Santoso" in names
    assert client.get("/api/talent/promotion/progress").json() == []
    career = api_for("employee").get(
        f"/api/talent/employees/{world.employee.pk}/career-path"
    )
    assert career.status_code == 200
    assert (
        api_for("employee")
        .get(f"/api/talent/employees/{world.mentor.pk}/career-path")
        .status_code
        == 404
    )


@pytest.fixture
def dinkes_run(world, hr_admin, predikat):
    potential(world.employee, 95)
    predikat.set(world.employee, 2025, "sangat_baik")
    r = review(world.agency, by=hr_admin, org_unit=world.dinkes)
    services.review_run(review=r, by=hr_admin, today=dt.date(2026, 2, 1))
    return r


CLOSE_STATUS = {
    "employee": 403,
    "supervisor": 403,
    "mentor": 403,
    "organiser": 403,
    "hr_admin": 200,
    "hr_admin_other": 403,
    "leader": 403,
    "superadmin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_close_review_access_changes_nothing_when_denied(api_for, dinkes_run, persona):
    response = api_for(persona).post(f"/api/talent/reviews/{dinkes_run.pk}/close")
    assert response.status_code == CLOSE_STATUS[persona]
    dinkes_run.refresh_from_db()
    assert (dinkes_run.status == "closed") is (response.status_code == 200)
    if response.status_code == 200:
        body = response.json()
        assert (body["status"], body["placed"]) == ("closed", 1)
        assert body["closed_at"] is not None


def test_closed_review_refuses_confirmation_through_the_api(api_for, world, dinkes_run):
    api_for("hr_admin").post(f"/api/talent/reviews/{dinkes_run.pk}/close")
    p = Placement.objects.get(review=dinkes_run, employee=world.employee)
    response = api_for("hr_admin").post(
        f"/api/talent/placements/{p.pk}/confirm", {}, content_type=JSON
    )
    assert response.status_code == 409
    assert response.json()["code"] == "review_closed"
    again = api_for("hr_admin").post(f"/api/talent/reviews/{dinkes_run.pk}/close")
    assert again.status_code == 409
    p.refresh_from_db()
    assert p.confirmed_at is None


def test_add_to_idp_and_performance_plans_through_the_api(api_for, world, run):
    from jenjang.development.models import DevelopmentPlan
    from jenjang.performance.services.improvement import improvement_plan_open
    from jenjang.performance.tests.factories import make_final_rating

    plan = RemedialPlan.objects.get(employee=world.puskesmas_employee)
    url = f"/api/talent/remedial/{plan.pk}/add-to-idp"
    early = api_for("supervisor").post(url)
    assert (early.status_code, early.json()["code"]) == (409, "remedial_not_running")
    services.remedial_confirm(
        plan=plan, by=world.supervisor.user, coaching="Bimbingan mingguan."
    )
    assert api_for("leader").post(url).status_code == 403
    assert api_for("hr_admin_other").post(url).status_code == 404
    no_idp = api_for("supervisor").post(url)
    assert (no_idp.status_code, no_idp.json()["code"]) == (409, "no_idp")
    DevelopmentPlan.objects.create(
        employee=world.puskesmas_employee, year=timezone.localdate().year
    )
    done = api_for("supervisor").post(url)
    assert done.status_code == 200
    assert done.json() == {"added": plan.activities.exclude(competency=None).count()}

    improvement = improvement_plan_open(
        evaluation=make_final_rating(world.employee, 2025, "kurang")
    )
    body = api_for("hr_admin").get("/api/talent/remedial/performance-plans").json()
    assert [(i["id"], i["stage"], i["url"]) for i in body["items"]] == [
        (improvement.pk, "in_progress", f"/performance/improvement/{improvement.pk}/")
    ]
    pipeline = api_for("hr_admin").get("/api/talent/remedial/pipeline").json()
    assert pipeline["in_progress"] == 2
    assert (
        api_for("employee").get("/api/talent/remedial/performance-plans").status_code
        == 403
    )


def test_rank_eligibility_api_pages_with_counts(api_for, world):
    body = api_for("hr_admin").get("/api/talent/promotion/rank-eligibility").json()
    assert (body["eligible_count"], body["total"], body["items"]) == (0, 4, [])
    others = (
        api_for("hr_admin")
        .get("/api/talent/promotion/rank-eligibility?eligible=false&size=3")
        .json()
    )
    assert len(others["items"]) == 3
    assert others["next_cursor"]
    assert all(i["missing"] for i in others["items"])
    bad = api_for("hr_admin").get(
        "/api/talent/promotion/rank-eligibility?cursor=zzz&eligible=false"
    )
    assert bad.status_code == 400
