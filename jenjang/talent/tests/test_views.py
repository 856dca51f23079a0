"""Talent pages: access per persona, the grid and drill-down, confirmation."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import PERSONAS
from jenjang.talent import services
from jenjang.talent.models import Placement, RemedialPlan
from jenjang.talent.tests.factories import potential, review

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(world, hr_admin, predikat):
    potential(world.employee, 95)
    predikat.set(world.employee, 2025, "sangat_baik")
    potential(world.puskesmas_employee, 50)
    predikat.set(world.puskesmas_employee, 2025, "kurang")
    r = review(world.agency, by=hr_admin)
    services.review_run(review=r, by=hr_admin, today=dt.date(2026, 2, 1))
    return r


VIEWERS = {"supervisor", "hr_admin", "hr_admin_other", "leader", "superadmin"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url",
    [
        "/talent/",
        "/talent/key-positions/",
        "/talent/promotion/",
        "/talent/rank-eligibility/?show=all",
        "/talent/remedial/",
    ],
)
def test_list_pages_access(client_for, run, persona, url):
    response = client_for(persona).get(url)
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if persona in VIEWERS else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_grid_page(client_for, run, persona):
    response = client_for(persona).get(f"/talent/reviews/{run.pk}/?box=9")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if persona in VIEWERS else 403)
    if response.status_code == 200:
        html = response.content.decode()
        assert 'id="nine-box"' in html
        # BPKAD's HR sees the agency's review but none of Dinkes' people.
        assert ("Budi Santoso" in html) is (persona != "hr_admin_other")


def test_hr_confirms_with_override_on_the_page(client_for, world, run):
    p = Placement.objects.get(review=run, employee=world.employee)
    client = client_for("hr_admin")
    refused = client.post(f"/talent/placements/{p.pk}/", {"override_box": "8"})
    assert refused.status_code == 200
    assert "Alasan wajib diisi bila kotak dikoreksi." in refused.content.decode()
    p.refresh_from_db()
    assert p.confirmed_at is None
    done = client.post(
        f"/talent/placements/{p.pk}/", {"override_box": "8", "reason": "Mutasi."}
    )
    assert done.status_code == 302
    p.refresh_from_db()
    assert (p.box, p.override_reason, p.confirmed_at is not None) == (
        8,
        "Mutasi.",
        True,
    )


def test_leader_sees_placement_but_cannot_confirm(client_for, world, run):
    p = Placement.objects.get(review=run, employee=world.employee)
    client = client_for("leader")
    page = client.get(f"/talent/placements/{p.pk}/")
    assert page.status_code == 200
    assert 'id="confirm-form"' not in page.content.decode()
    assert client.post(f"/talent/placements/{p.pk}/", {}).status_code == 403
    p.refresh_from_db()
    assert p.confirmed_at is None


def test_employee_sees_own_confirmed_box_with_reasons(client_for, world, run, hr_admin):
    client = client_for("employee")
    assert (
        "Belum ada penempatan yang dikonfirmasi."
        in client.get("/talent/me/").content.decode()
    )
    p = Placement.objects.get(review=run, employee=world.employee)
    services.placement_confirm(placement=p, by=hr_admin)
    html = client.get("/talent/me/").content.decode()
    assert "Kinerja di atas ekspektasi, potensial tinggi" in html
    assert "Dipromosikan dan dipertahankan" in html
    other = Placement.objects.get(review=run, employee=world.puskesmas_employee)
    assert client.get(f"/talent/placements/{other.pk}/").status_code == 404
    assert client.get(f"/talent/employees/{world.mentor.pk}/").status_code == 404


def test_supervisor_confirms_remedial_on_the_page(client_for, world, run):
    plan = RemedialPlan.objects.get(employee=world.puskesmas_employee)
    client = client_for("supervisor")
    assert "Dewi Lestari" in client.get("/talent/remedial/").content.decode()
    response = client.post(
        f"/talent/remedial/{plan.pk}/", {"coaching": "Konseling kinerja bulanan."}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "in_progress"


def test_settings_page_validates(client_for):
    client = client_for("hr_admin")
    assert client.get("/talent/settings/").status_code == 200
    bad = client.post(
        "/talent/settings/",
        {
            "form": "config",
            "weight_competency": "40",
            "weight_track_record": "25",
            "weight_qualification": "20",
            "weight_integrity": "15",
            "cutoff_middle": "95",
            "cutoff_high": "90",
        },
    )
    assert "Batas tinggi harus lebih besar dari batas menengah." in bad.content.decode()
    assert client_for("leader").get("/talent/settings/").status_code == 403


def test_run_button_queues_the_computation(
    client_for, world, hr_admin, predikat, django_capture_on_commit_callbacks
):
    predikat.set(world.employee, 2025, "baik")
    potential(world.employee, 80)
    r = review(world.agency, by=hr_admin)
    client = client_for("hr_admin")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(f"/talent/reviews/{r.pk}/run/")
    assert response.status_code == 302
    assert len(queued) == 1
    # Tests run tasks immediately; the summary is kept on the review.
    r.refresh_from_db()
    assert r.last_run["computed"] == 1
    assert Placement.objects.get(review=r).computed_box == 5
    assert client_for("leader").post(f"/talent/reviews/{r.pk}/run/").status_code == 403


def test_grid_filters_by_unit_position_kind_and_rank(client_for, world, run):
    client = client_for("hr_admin")
    base = f"/talent/reviews/{run.pk}/"
    html = client.get(f"{base}?unit={world.puskesmas.pk}&box=1").content.decode()
    assert "Dewi Lestari" in html
    assert "Budi Santoso" not in html
    html = client.get(f"{base}?unit={world.puskesmas.pk}&box=9").content.decode()
    assert "Tidak ada pegawai di kotak ini." in html
    html = client.get(f"{base}?position_kind=pengawas&box=9").content.decode()
    assert "Tidak ada pegawai di kotak ini." in html
    bad = client.get(f"{base}?unit=abc&rank=999999&box=77")
    assert bad.status_code == 200


@pytest.mark.parametrize(
    "model", ["talentconfig", "promotionrule", "keyposition", "disciplinaryrecord"]
)
def test_admin_changelists_load(client_for, world, superadmin, model):
    """Rule tables are edited by a Django superuser (domain file: superadmin)."""
    from jenjang.talent.models import PromotionRule

    superadmin.is_superuser = True
    superadmin.save()
    PromotionRule.objects.create(agency=world.agency)
    response = client_for("superadmin").get(f"/admin/talent/{model}/")
    assert response.status_code == 200


def test_hr_closes_a_review_on_the_page(client_for, world, hr_admin, predikat):
    potential(world.employee, 95)
    predikat.set(world.employee, 2025, "sangat_baik")
    r = review(world.agency, by=hr_admin, org_unit=world.dinkes)
    services.review_run(review=r, by=hr_admin, today=dt.date(2026, 2, 1))
    client = client_for("hr_admin")
    page = client.get(f"/talent/reviews/{r.pk}/").content.decode()
    assert 'id="close-form"' in page
    assert "1 penempatan yang belum dikonfirmasi tidak berlaku" in page
    # Without ticking the statement nothing happens.
    client.post(f"/talent/reviews/{r.pk}/close/", {})
    r.refresh_from_db()
    assert r.status == "open"
    assert (
        client_for("leader")
        .post(f"/talent/reviews/{r.pk}/close/", {"understood": "1"})
        .status_code
        == 403
    )
    response = client.post(f"/talent/reviews/{r.pk}/close/", {"understood": "1"})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == "closed"
    html = client.get(f"/talent/reviews/{r.pk}/").content.decode()
    assert 'id="review-closed"' in html
    assert 'id="run-review"' not in html
    assert 'id="close-form"' not in html
    p = Placement.objects.get(review=r)
    page = client.get(f"/talent/placements/{p.pk}/").content.decode()
    assert 'id="confirm-form"' not in page


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("employee", True),  # their own profile: talent.view_own
        ("supervisor", True),
        ("hr_admin", True),
        ("leader", True),
        ("organiser", False),
    ],
)
def test_profile_links_to_the_talent_page_for_those_allowed(
    client_for, world, persona, shown
):
    html = client_for(persona).get(f"/people/employees/{world.employee.pk}/")
    link = f'id="talent-profile-link" href="/talent/employees/{world.employee.pk}/"'
    assert html.status_code == 200
    assert (link in html.content.decode()) is shown
    if shown:
        target = client_for(persona).get(f"/talent/employees/{world.employee.pk}/")
        assert target.status_code == 200


def test_supervisor_adds_remedial_activities_to_the_idp_from_the_page(
    client_for, world, supervisor
):
    from decimal import Decimal

    from jenjang.development.models import DevelopmentForm, DevelopmentPlan
    from jenjang.development.services.conversion import ensure_seeded
    from jenjang.development.tests.test_plans_helpers import make_competency
    from jenjang.talent.models import RemedialActivity

    ensure_seeded()
    plan, _ = services.remedial_propose(
        employee_id=world.puskesmas_employee.pk,
        year=2025,
        trigger="predikat",
        predikat="kurang",
    )
    RemedialActivity.objects.create(
        plan=plan,
        competency=make_competency("rmd-view", "Asuhan Keperawatan", "technical"),
        form=DevelopmentForm.objects.get(siasn_code=3),
        target_level=3,
        title="Pelatihan asuhan keperawatan",
        jp=Decimal("24"),
    )
    services.remedial_confirm(plan=plan, by=supervisor, coaching="Bimbingan.")
    idp = DevelopmentPlan.objects.create(
        employee=world.puskesmas_employee,
        year=timezone.localdate().year,
        status="submitted",
    )
    client = client_for("supervisor")
    page = client.get(f"/talent/remedial/{plan.pk}/").content.decode()
    assert "Tambahkan ke IDP pegawai" in page
    leader = client_for("leader")
    denied = leader.post(f"/talent/remedial/{plan.pk}/", {"action": "add_to_plan"})
    assert denied.status_code == 403
    assert not idp.activities.exists()
    done = client.post(f"/talent/remedial/{plan.pk}/", {"action": "add_to_plan"})
    assert done.status_code == 302
    assert list(idp.activities.values_list("title", flat=True)) == [
        "Pelatihan asuhan keperawatan"
    ]
    page = client.get(f"/talent/remedial/{plan.pk}/").content.decode()
    assert 'id="add-to-idp"' not in page
    assert 'id="remedial-idp"' in page


def test_remedial_list_shows_the_performance_areas_plans(client_for, world):
    from jenjang.performance.services.improvement import improvement_plan_open
    from jenjang.performance.tests.factories import make_final_rating

    plan = improvement_plan_open(
        evaluation=make_final_rating(world.puskesmas_employee, 2025, "kurang")
    )
    html = client_for("hr_admin").get("/talent/remedial/").content.decode()
    assert 'class="performance-plan-row"' in html
    assert f'href="/performance/improvement/{plan.pk}/"' in html
    assert "Dewi Lestari" in html
    other = client_for("hr_admin_other").get("/talent/remedial/").content.decode()
    assert "performance-plan-row" not in other


def test_employee_talent_page_lists_the_performance_plans_one_may_open(
    client_for, world
):
    from jenjang.performance.services.improvement import improvement_plan_open
    from jenjang.performance.tests.factories import make_final_rating

    plan = improvement_plan_open(
        evaluation=make_final_rating(world.employee, 2025, "kurang")
    )
    link = f'href="/performance/improvement/{plan.pk}/"'
    url = f"/talent/employees/{world.employee.pk}/"
    for persona in ("employee", "supervisor", "hr_admin", "leader"):
        client = client_for(persona)
        assert link in client.get(url).content.decode(), persona
        # The performance area lets each of them open it.
        opened = client.get(f"/performance/improvement/{plan.pk}/")
        assert opened.status_code == 200, persona
