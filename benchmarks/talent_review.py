"""Benchmark a talent review of one large agency: run, grid, drill-down, lists.

Builds national-shape people in a fresh database (`build_national`), records
potential inputs for the largest agency's employees, then times:

- `review_run` (the background job): potential from inputs and latest
  assessments, the performance axis, the box per employee, the upsert of
  placements, remedial proposals for predikat below Baik;
- a second run of the same review (recompute unconfirmed placements);
- the grid's counts per box and the first drill-down page (50 names);
- the transition table against an earlier review;
- the regular rank-promotion eligibility list of the agency: the counts and
  the first page of eligible people, and the first page of the others with
  what they miss (every condition computed in SQL).

Final annual ratings for the two years are written into the performance
area's tables in bulk (an SKP and an annual evaluation per employee and
year, about 20 % Sangat Baik, 65 % Baik, 15 % below), so both the
performance axis and the rank-promotion list read real rows.

    DATABASE_URL=sqlite:////tmp/jj_talent_bench.sqlite3 \\
      .venv/bin/python benchmarks/talent_review.py --employees 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jenjang_talent_bench \\
      .venv/bin/python benchmarks/talent_review.py --employees 20000
"""

import argparse
import datetime as dt
import os
import resource
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/jj_talent_bench.sqlite3")


PREDIKAT = ["sangat_baik"] * 4 + ["baik"] * 13 + ["butuh_perbaikan", "kurang", "baik"]


def _ratings(agency, years) -> int:
    """Write an SKP and a final annual evaluation per employee and year, in bulk."""
    from django.utils import timezone

    from jenjang.people.models import Employee
    from jenjang.performance.models import Evaluation, Period, Skp
    from jenjang.performance.seed import MATRIX, seed_rules
    from jenjang.performance.services.years import performance_year_ensure

    seed_rules()
    cells = {}
    for cell, predikat in MATRIX.items():
        cells.setdefault(predikat, cell)
    people = list(
        Employee.objects.filter(agency=agency, is_active=True).values_list(
            "pk", "position_id", "org_unit_id"
        )
    )
    now, made = timezone.now(), 0
    for year in years:
        py = performance_year_ensure(agency=agency, year=year)
        if Skp.objects.filter(performance_year=py).exists():
            continue
        annual = Period.objects.get(performance_year=py, kind=Period.Kind.ANNUAL)
        Skp.objects.bulk_create(
            (
                Skp(
                    employee_id=pk,
                    performance_year=py,
                    position_id=pos,
                    org_unit_id=unit,
                    status=Skp.Status.APPROVED,
                )
                for pk, pos, unit in people
            ),
            batch_size=2000,
        )
        skps = dict(
            Skp.objects.filter(performance_year=py).values_list("employee_id", "pk")
        )
        rows = []
        for pk, _pos, _unit in people:
            predikat = PREDIKAT[(pk * 7 + year * 13) % len(PREDIKAT)]
            hasil, perilaku = cells[predikat]
            rows.append(
                Evaluation(
                    skp_id=skps[pk],
                    period=annual,
                    employee_id=pk,
                    year=year,
                    is_annual=True,
                    rating_hasil=hasil,
                    rating_perilaku=perilaku,
                    justification_hasil="-",
                    justification_perilaku="-",
                    predikat=predikat,
                    final_predikat=predikat,
                    status=Evaluation.Status.ACKNOWLEDGED,
                    issued_at=now,
                    objection_deadline=annual.end,
                    acknowledged_at=now,
                )
            )
        Evaluation.objects.bulk_create(rows, batch_size=2000)
        made += len(rows)
    return made


def _timed(label: str, fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    print(
        f"{label:<38} {time.perf_counter() - wall:8.2f} s wall "
        f"{time.process_time() - cpu:8.2f} s CPU"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from jenjang.accounts.models import Role, RoleGrant, User
    from jenjang.people.demo import build_national
    from jenjang.people.models import Agency, Employee
    from jenjang.talent import selectors as sel
    from jenjang.talent import services
    from jenjang.talent.models import PotentialInput, TalentReview

    call_command("migrate", verbosity=0)
    if not Agency.objects.exists():
        _timed("build_national", lambda: build_national(employees=args.employees))
    agency = Agency.objects.annotate(n=Count("employees")).order_by("-n", "pk").first()
    ids = list(
        Employee.objects.filter(agency=agency, is_active=True).values_list(
            "pk", flat=True
        )
    )
    print(f"agency {agency.code}: {len(ids)} employees")
    if not PotentialInput.objects.filter(employee__agency=agency).exists():
        PotentialInput.objects.bulk_create(
            (
                PotentialInput(
                    employee_id=pk,
                    recorded_on=dt.date(2025, 11, 1),
                    assessment_score=Decimal(70 + pk % 30),
                    track_record_score=Decimal(72 + pk % 25),
                    qualification_score=Decimal(75 + pk % 20),
                    integrity_score=Decimal(80 + pk % 20),
                )
                for pk in ids
            ),
            batch_size=2000,
        )
    hr, _ = User.objects.get_or_create(username="bench.hr")
    RoleGrant.objects.get_or_create(user=hr, role=Role.HR_ADMIN, agency=agency)
    _timed(
        "final ratings 2023-2025 (setup)", lambda: _ratings(agency, (2023, 2024, 2025))
    )
    today = dt.date(2026, 2, 1)
    TalentReview.objects.filter(agency=agency).delete()
    before = TalentReview.objects.create(
        agency=agency, name="Bench 2024", year=2024, created_by=hr
    )
    review = TalentReview.objects.create(
        agency=agency, name="Bench 2025", year=2025, created_by=hr
    )
    _timed(
        "review_run (earlier review)",
        lambda: services.review_run(review=before, by=hr, today=today),
    )
    # HR confirms the earlier review (here in one statement) and closes it:
    # the transition table compares with the latest closed review.
    from django.utils import timezone

    before.placements.update(confirmed_by=hr, confirmed_at=timezone.now())
    services.review_close(review=before, by=hr)
    result = _timed(
        "review_run (first run)",
        lambda: services.review_run(review=review, by=hr, today=today),
    )
    print(result)
    _timed(
        "review_run (recompute)",
        lambda: services.review_run(review=review, by=hr, today=today),
    )
    qs = sel.placements_visible_to(user=hr, review=review)
    counts = _timed("grid counts", lambda: sel.box_counts(qs))
    print(counts)
    _timed(
        "drill-down first page (box 9)",
        lambda: list(qs.filter(final_box=9).order_by("id")[:50]),
    )
    _timed("transition table", lambda: sel.transitions(user=hr, review=review))
    page = _timed(
        "rank eligibility: counts + eligible page",
        lambda: sel.rank_eligibility(user=hr, agency=agency, today=today),
    )
    others = _timed(
        "rank eligibility: others page + reasons",
        lambda: sel.rank_eligibility(
            user=hr, agency=agency, today=today, eligible=False
        ),
    )
    print(
        f"period {page.period}: {page.eligible_count} of {page.total} eligible; "
        f"first other misses: {[str(m) for m in others.rows[0].result.missing]}"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
