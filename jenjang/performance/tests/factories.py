"""Factories of the performance area (also used by the talent app's tests)."""

import datetime as dt

from django.utils import timezone

from jenjang.people.models import Employee
from jenjang.performance.models import (
    Evaluation,
    Indicator,
    Period,
    Rhk,
    Skp,
)
from jenjang.performance.seed import MATRIX, seed_rules
from jenjang.performance.services.years import performance_year_ensure

# One (rating hasil, rating perilaku) per predikat, read from the seeded matrix.
RATINGS_FOR = {}
for _cell, _predikat in MATRIX.items():
    RATINGS_FOR.setdefault(_predikat, _cell)


def make_skp(
    employee: Employee,
    year: int,
    *,
    evaluator: Employee | None = None,
    status: str = Skp.Status.APPROVED,
) -> Skp:
    """Return the employee's SKP of `year` (created with the given status)."""
    from jenjang.people.selectors import employee_supervisor

    seed_rules()
    py = performance_year_ensure(agency=employee.agency, year=year)
    skp = Skp.objects.filter(employee=employee, performance_year=py).first()
    if skp:
        return skp
    if evaluator is None:
        evaluator = employee_supervisor(employee=employee)
    return Skp.objects.create(
        employee=employee,
        performance_year=py,
        evaluator=evaluator,
        position_id=employee.position_id,
        org_unit_id=employee.org_unit_id,
        status=status,
    )


def make_rhk(skp: Skp, text: str = "Laporan", *, parent: Rhk | None = None) -> Rhk:
    rhk = Rhk.objects.create(skp=skp, text=text, parent=parent)
    Indicator.objects.create(
        rhk=rhk, text=f"Jumlah {text}", aspect="kuantitas", target="12 dokumen"
    )
    return rhk


def make_rating(
    employee: Employee,
    year: int,
    predikat: str,
    *,
    annual: bool = True,
    period_number: int = 1,
    status: str = Evaluation.Status.ACKNOWLEDGED,
) -> Evaluation:
    """Create an evaluation of `employee` in `year` with the given predikat."""
    skp = make_skp(employee, year)
    kind = Period.Kind.ANNUAL if annual else Period.Kind.PERIODIC
    period = Period.objects.get(
        performance_year=skp.performance_year, kind=kind, number=period_number
    )
    hasil, perilaku = RATINGS_FOR[predikat]
    now = timezone.now()
    return Evaluation.objects.create(
        skp=skp,
        period=period,
        employee=employee,
        year=year,
        is_annual=annual,
        evaluator=skp.evaluator,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        justification_hasil="Sesuai capaian.",
        justification_perilaku="Sesuai pengamatan.",
        predikat=predikat,
        final_predikat=predikat,
        status=status,
        issued_at=now,
        objection_deadline=period.end + dt.timedelta(days=14),
        acknowledged_at=now if status == Evaluation.Status.ACKNOWLEDGED else None,
    )


def make_final_rating(employee: Employee, year: int, predikat: str) -> Evaluation:
    """Create a finalized (acknowledged) yearly evaluation with this predikat."""
    return make_rating(employee, year, predikat)
