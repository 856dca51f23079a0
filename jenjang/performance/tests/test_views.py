"""The pages: the flow in the browser's terms, and who reaches which page."""

import datetime as dt

import pytest
import time_machine

from jenjang.performance.models import Evaluation, Objection, Realisation, Skp
from jenjang.performance.tests.factories import make_final_rating
from jenjang.performance.tests.helpers import (
    YEAR,
    add_head_of_department,
    employee_skp,
    period,
    supervisor_skp,
)

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2025, 2, 10, 9, tzinfo=dt.UTC)


@time_machine.travel(TODAY, tick=False)
def test_employee_drafts_and_the_supervisor_approves_in_pages(world, client_for):
    parent = supervisor_skp(world).rhks.first()
    emp = client_for("employee")
    r = emp.get("/performance/")
    assert r.status_code == 200
    assert "Susun SKP" in r.content.decode()
    r = emp.post("/performance/skp/new/", {"year": YEAR})
    skp = Skp.objects.get(employee=world.employee)
    assert r.url == f"/performance/skp/{skp.pk}/"
    emp.post(
        f"/performance/skp/{skp.pk}/rhk/", {"text": "Laporan", "parent_id": parent.pk}
    )
    rhk = skp.rhks.get()
    emp.post(
        f"/performance/skp/{skp.pk}/rhk/{rhk.pk}/indicator/",
        {"text": "Jumlah laporan", "aspect": "kuantitas", "target": "12"},
    )
    page = emp.get(f"/performance/skp/{skp.pk}/").content.decode()
    assert "Jumlah laporan" in page
    assert parent.text in page
    emp.post(f"/performance/skp/{skp.pk}/step/submit/")
    skp.refresh_from_db()
    assert skp.status == "submitted"

    sup = client_for("supervisor")
    assert "Laporan" in sup.get(f"/performance/skp/{skp.pk}/").content.decode()
    assert world.employee.name in sup.get("/performance/inbox/").content.decode()
    # The employee cannot approve their own SKP.
    r = emp.post(f"/performance/skp/{skp.pk}/step/approve/")
    skp.refresh_from_db()
    assert skp.status == "submitted"
    sup.post(f"/performance/skp/{skp.pk}/step/approve/")
    skp.refresh_from_db()
    assert skp.status == "approved"


@time_machine.travel(TODAY, tick=False)
def test_cascade_error_becomes_a_message(world, client_for):
    old = supervisor_skp(world, YEAR - 1).rhks.first()
    supervisor_skp(world)
    emp = client_for("employee")
    emp.post("/performance/skp/new/", {"year": YEAR})
    skp = Skp.objects.get(employee=world.employee)
    r = emp.post(
        f"/performance/skp/{skp.pk}/rhk/",
        {"text": "X", "parent_id": old.pk},
        follow=True,
    )
    assert "RHK yang diintervensi harus dari SKP atasan tahun yang sama." in (
        r.content.decode()
    )
    assert not skp.rhks.exists()


@time_machine.travel(TODAY, tick=False)
def test_realisation_feedback_evaluation_result_pages(world, client_for):
    skp = employee_skp(world)
    indicator = skp.rhks.get().indicators.get()
    per = period(skp)
    emp, sup = client_for("employee"), client_for("supervisor")
    r = emp.post(
        f"/performance/skp/{skp.pk}/realisation/{indicator.pk}/",
        {"period": per.pk, "value": "3 laporan"},
    )
    assert Realisation.objects.get().value == "3 laporan"
    sup.post(
        f"/performance/skp/{skp.pk}/feedback/",
        {
            "period": per.pk,
            "improvements": "Tepat waktu",
            "action_text": "Jadwal",
            "action_due": "2025-03-01",
        },
    )
    page = emp.get(
        f"/performance/skp/{skp.pk}/realisation/?period={per.pk}"
    ).content.decode()
    assert "Tepat waktu" in page
    assert "3 laporan" in page
    assert sup.get(f"/performance/skp/{skp.pk}/evaluate/{per.pk}/").status_code == 200
    assert emp.get(f"/performance/skp/{skp.pk}/evaluate/{per.pk}/").status_code == 403
    r = sup.get(
        "/performance/predikat-preview/?rating_hasil=di_atas&rating_perilaku=di_atas"
    )
    assert r.json() == {"predikat": "sangat_baik", "label": "Sangat Baik"}
    sup.post(
        f"/performance/skp/{skp.pk}/evaluate/{per.pk}/save/",
        {
            "rating_hasil": "di_atas",
            "rating_perilaku": "sesuai",
            "justification_hasil": "Melampaui target",
            "justification_perilaku": "Sesuai",
            "issue": "1",
        },
    )
    evaluation = Evaluation.objects.get()
    assert evaluation.status == "issued"
    page = emp.get(f"/performance/result/{evaluation.pk}/").content.decode()
    assert 'data-predikat="baik"' in page
    emp.post(f"/performance/result/{evaluation.pk}/acknowledge/")
    evaluation.refresh_from_db()
    assert evaluation.status == "acknowledged"


def test_pdfs(world, client_for):
    skp = employee_skp(world)
    r = client_for("employee").get(f"/performance/skp/{skp.pk}/pdf/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    evaluation = make_final_rating(world.employee, YEAR, "baik")
    r = client_for("supervisor").get(f"/performance/result/{evaluation.pk}/pdf/")
    assert r.content.startswith(b"%PDF")
    assert (
        client_for("hr_admin_other").get(f"/performance/skp/{skp.pk}/pdf/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 200),
        ("supervisor", 200),
        ("mentor", 404),
        ("hr_admin", 200),
        ("hr_admin_other", 404),
        ("leader", 200),
        ("superadmin", 200),
    ],
)
def test_skp_page_access(world, client_for, persona, status):
    skp = employee_skp(world)
    assert client_for(persona).get(f"/performance/skp/{skp.pk}/").status_code == status
    assert (
        client_for(persona).get(f"/performance/skp/{skp.pk}/realisation/").status_code
        == status
    )


def test_anonymous_goes_to_sign_in(world, client):
    skp = employee_skp(world)
    r = client.get(f"/performance/skp/{skp.pk}/")
    assert r.status_code == 302
    assert "login" in r.url


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 403), ("supervisor", 403), ("hr_admin", 200), ("leader", 200)],
)
def test_overview_access_and_warning(world, client_for, hr_admin, persona, status):
    from jenjang.performance.services.evaluation import org_predikat_set
    from jenjang.performance.tests.factories import make_rating

    skp = employee_skp(world)
    org_predikat_set(
        org_unit=world.dinkes, period=period(skp), predikat="istimewa", by=hr_admin
    )
    make_rating(world.employee, YEAR, "sangat_baik", annual=False)
    r = client_for(persona).get(
        f"/performance/overview/?year={skp.performance_year_id}&period={period(skp).pk}"
    )
    assert r.status_code == status
    if status == 200:
        page = r.content.decode()
        assert "Sangat Baik paling banyak 70%, kini 1 dari 1 (100.0%)." in page
        assert "BPKAD" not in page


def test_history_page_and_chart_data(world, client_for):
    make_final_rating(world.employee, 2024, "baik")
    make_final_rating(world.employee, 2025, "sangat_baik")
    r = client_for("employee").get("/performance/history/")
    page = r.content.decode()
    assert 'id="predikat-chart"' in page
    assert r.context["chart"]["values"] == [4, 5]
    assert (
        client_for("supervisor")
        .get(f"/performance/history/{world.employee.pk}/")
        .status_code
        == 200
    )
    assert (
        client_for("hr_admin_other")
        .get(f"/performance/history/{world.employee.pk}/")
        .status_code
        == 404
    )


@time_machine.travel(TODAY, tick=False)
def test_objection_review_page(world, client_for):
    from django.test import Client

    from conftest import sign_in
    from jenjang.performance.services import evaluation as svc

    kadis = add_head_of_department(world)
    skp = employee_skp(world)
    e = svc.evaluation_save(
        skp=skp,
        period=period(skp),
        rating_hasil="di_bawah",
        rating_perilaku="sesuai",
        justification_hasil="x",
        justification_perilaku="x",
        by=world.supervisor.user,
    )
    svc.evaluation_issue(evaluation=e, by=world.supervisor.user)
    client_for("employee").post(
        f"/performance/result/{e.pk}/object/", {"reason": "Keliru"}
    )
    boss = sign_in(Client(), kadis.user)
    assert world.employee.name in boss.get("/performance/objections/").content.decode()
    objection_id = Objection.objects.get(evaluation=e).pk
    boss.post(
        f"/performance/objections/{objection_id}/decide/",
        {
            "decision": "changed",
            "rating_hasil": "sesuai",
            "rating_perilaku": "sesuai",
            "note": "Bukti ada",
        },
    )
    e.refresh_from_db()
    assert (e.status, e.final_predikat) == ("decided", "baik")


def test_home_panel(world, client_for):
    employee_skp(world)
    page = client_for("employee").get("/").content.decode()
    assert 'id="performance-panel"' in page
