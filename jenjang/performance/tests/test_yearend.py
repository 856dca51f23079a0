"""The year-end job: predikat from the matrix, head-of-unit rule, curve check."""

import pytest
from django.core.management import call_command

from jenjang.performance.models import Evaluation, OrgPerformance, YearEndRun
from jenjang.performance.tasks import performance_yearend
from jenjang.performance.tests.factories import make_rating, make_skp
from jenjang.performance.tests.helpers import YEAR

pytestmark = pytest.mark.django_db


def _draft(employee, hasil, perilaku, *, heads_unit=False):
    evaluation = make_rating(employee, YEAR, "baik", status=Evaluation.Status.DRAFT)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        heads_unit=heads_unit,
        predikat="baik",
        final_predikat="baik",
        objection_deadline=None,
    )
    return evaluation


def test_yearend_job_computes_predikat_and_checks_the_curve(world):
    a = _draft(world.employee, "di_atas", "di_atas")
    b = _draft(world.mentor, "di_bawah", "di_bawah")
    head = _draft(world.supervisor, "di_atas", "sesuai", heads_unit=True)
    issued = make_rating(world.puskesmas_employee, YEAR, "kurang", status="issued")
    py = make_skp(world.employee, YEAR).performance_year
    annual = py.periods.get(kind="annual")
    OrgPerformance.objects.create(
        org_unit=world.dinkes, period=annual, predikat="butuh_perbaikan"
    )

    result = performance_yearend.enqueue(py.pk).return_value

    assert result == {
        "run_id": YearEndRun.objects.get().pk,
        "evaluations": 3,
        "changed": 3,
        "units_checked": 1,
        "units_with_warnings": 1,
    }
    got = dict(Evaluation.objects.values_list("pk", "final_predikat"))
    assert got[a.pk] == "sangat_baik"
    assert got[b.pk] == "sangat_kurang"
    # The head of Dinkes takes the unit's rating: butuh perbaikan → di bawah.
    assert got[head.pk] == "butuh_perbaikan"
    assert got[issued.pk] == "kurang"  # issued results are left alone
    run = YearEndRun.objects.get()
    # Dinkes subtree: SB 1, BP 1, K 1, SK 1 → BP below 60%, SB above 10%.
    assert run.warnings == [
        {
            "org_unit_id": world.dinkes.pk,
            "org_predikat": "butuh_perbaikan",
            "total": 4,
            "counts": {
                "sangat_baik": 1,
                "baik": 0,
                "butuh_perbaikan": 1,
                "kurang": 1,
                "sangat_kurang": 1,
            },
            "warnings": [
                "Butuh Perbaikan paling sedikit 60%, kini 1 dari 4 (25.0%).",
                "Sangat Baik paling banyak 10%, kini 1 dari 4 (25.0%).",
            ],
        }
    ]


def test_finalize_command(world, capsys):
    call_command("performance-finalize")
    assert "0 penilaian ditutup." in capsys.readouterr().out


def test_yearend_api_starts_the_job(world, api_for):
    make_rating(world.employee, YEAR, "baik", status=Evaluation.Status.DRAFT)
    py = make_skp(world.employee, YEAR).performance_year
    assert (
        api_for("employee").post(f"/api/performance/years/{py.pk}/yearend").status_code
        == 403
    )
    assert not YearEndRun.objects.exists()
    r = api_for("hr_admin").post(f"/api/performance/years/{py.pk}/yearend")
    assert r.status_code == 202
    assert YearEndRun.objects.get().evaluations == 1
    assert (
        api_for("hr_admin_other")
        .post("/api/performance/years/999999/yearend")
        .status_code
        == 404
    )
