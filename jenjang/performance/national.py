"""National-shape SKP data: three performance years per agency.

Each national agency gets a performance year for each of the last three
calendar years (quarterly rhythm: four periods and the annual one). Every
employee has an SKP each year (approved, except some of this year's still in
draft or submitted) and a closed annual evaluation for the two finished
years, its predikat from the configured matrix (PermenPANRB 6/2022).
"""

import datetime as dt

from jenjang.people.national import register_national_step
from jenjang.performance.models import (
    Evaluation,
    PerformanceYear,
    Period,
    PredikatMatrixCell,
    Skp,
)

QUARTERS = ((1, 1, 3, 31), (2, 4, 6, 30), (3, 7, 9, 30), (4, 10, 12, 31))
RATINGS = (("di_atas", 15), ("sesuai", 78), ("di_bawah", 7))


def _matrix() -> dict[tuple[str, str], str]:
    latest = PredikatMatrixCell.objects.order_by("-effective_from").first()
    if latest is None:
        return {}
    cells = PredikatMatrixCell.objects.filter(effective_from=latest.effective_from)
    return {(c.rating_hasil, c.rating_perilaku): c.predikat for c in cells}


def _years(ctx, writer, agency_id: int) -> dict[int, tuple[int, int]]:
    """Write the agency's years and periods; return {year: (year id, annual id)}."""
    out = {}
    for year in ctx.years():
        row = writer.new(PerformanceYear, agency_id=agency_id, year=year)
        for number, m1, m2, last in QUARTERS:
            writer.new(
                Period,
                performance_year_id=row["id"],
                kind="periodic",
                number=number,
                start=dt.date(year, m1, 1),
                end=dt.date(year, m2, last),
            )
        annual = writer.new(
            Period,
            performance_year_id=row["id"],
            kind="annual",
            number=1,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
        )
        out[year] = (row["id"], annual["id"])
    return out


def build_performance(ctx, writer) -> None:
    rng = ctx.rng("performance")
    matrix = _matrix()
    ratings = [r for r, _w in RATINGS]
    weights = [w for _r, w in RATINGS]
    current = ctx.today.year
    bar = ctx.progress("performance", ctx.employees)
    for people in ctx.people_by_agency():
        years = _years(ctx, writer, people[0].agency_id)
        for person in people:
            for year, (year_id, annual_id) in years.items():
                status = "approved"
                if year == current:
                    status = rng.choices(
                        ("approved", "submitted", "draft"), (85, 10, 5)
                    )[0]
                skp = writer.new(
                    Skp,
                    employee_id=person.id,
                    performance_year_id=year_id,
                    position_id=person.position_id,
                    org_unit_id=person.org_unit_id,
                    status=status,
                    created_at=ctx.moment(
                        rng, dt.date(year, 1, 2), dt.date(year, 1, 31)
                    ),
                )
                if year == current or not matrix:
                    continue
                hasil, perilaku = rng.choices(ratings, weights, k=2)
                predikat = matrix[(hasil, perilaku)]
                issued = ctx.moment(
                    rng, dt.date(year + 1, 1, 5), dt.date(year + 1, 1, 31)
                )
                writer.new(
                    Evaluation,
                    skp_id=skp["id"],
                    period_id=annual_id,
                    employee_id=person.id,
                    year=year,
                    is_annual=True,
                    rating_hasil=hasil,
                    rating_perilaku=perilaku,
                    predikat=predikat,
                    final_predikat=predikat,
                    status="closed",
                    issued_at=issued,
                    objection_deadline=issued.date() + dt.timedelta(days=14),
                    acknowledged_at=issued + dt.timedelta(days=2),
                )
        bar(len(people))


register_national_step("performance", build_performance, order=100)
