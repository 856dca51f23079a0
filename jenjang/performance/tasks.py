"""Background jobs of the performance area. Thin: take ids, call a service."""

from django_tasks import task

from jenjang.performance.models import PerformanceYear
from jenjang.performance.services.evaluation import evaluations_finalize_expired
from jenjang.performance.services.yearend import yearend_run


@task()
def performance_yearend(performance_year_id: int) -> dict:
    """Compute the year's annual predikat and check the distribution curve."""
    run = yearend_run(
        performance_year=PerformanceYear.objects.get(pk=performance_year_id)
    )
    return {
        "run_id": run.pk,
        "evaluations": run.evaluations,
        "changed": run.changed,
        "units_checked": run.units_checked,
        "units_with_warnings": len(run.warnings),
    }


@task()
def performance_finalize_expired() -> int:
    """Close issued evaluations whose objection window passed (daily)."""
    return evaluations_finalize_expired()
