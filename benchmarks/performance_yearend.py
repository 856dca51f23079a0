"""Benchmark the year-end performance job on an agency of 50,000 employees.

Builds one agency (1,221 units in four levels, a head and staff positions
per unit, 50,000 employees), its performance year with an SKP and a draft
annual evaluation per employee (random ratings; unit heads flagged) and a
predikat organisasi for every unit. Then runs the `performance_yearend`
task — predikat of every evaluation from the configured matrix, the
head-of-unit rule, the distribution curve checked for every unit's subtree
— as one background job (django-tasks; the immediate backend runs the same
task body a worker runs) and reports wall time and memory.

    .venv/bin/python benchmarks/performance_yearend.py            # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jj_perf_bench \\
      .venv/bin/python benchmarks/performance_yearend.py

The database named by DATABASE_URL (default /tmp/jenjang_perf_bench.sqlite3)
is migrated and filled on the first run and reused afterwards.
"""

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/jenjang_perf_bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.settings")
AGENCY_CODE = "BENCH-PERF"
YEAR = 2025
RATING_WEIGHTS = (("di_atas", 20), ("sesuai", 70), ("di_bawah", 10))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def build(employees: int) -> None:
    from django.db import transaction

    from jenjang.people.models import Agency, Employee, OrgUnit, Position, Rank
    from jenjang.performance.models import (
        Evaluation,
        OrgPerformance,
        Period,
        Skp,
    )
    from jenjang.performance.seed import seed_rules
    from jenjang.performance.services.years import performance_year_ensure

    seed_rules()
    if Agency.objects.filter(code=AGENCY_CODE).exists():
        log("benchmark agency present")
        return
    rng = random.Random(50_000)
    started = time.monotonic()
    with transaction.atomic():
        agency = Agency.objects.create(
            code=AGENCY_CODE, name="Instansi Uji Kinerja", kind="regional"
        )
        root = OrgUnit.objects.add_root(
            dict(agency=agency, name="Sekretariat", code="BP-ROOT")
        )
        units = [root]
        levels = [[root]]
        for depth, fan in ((2, 20), (3, 20), (4, 2)):
            rows = []
            for parent in levels[-1]:
                for i in range(1, fan + 1):
                    rows.append(
                        OrgUnit(
                            agency=agency,
                            name=f"Unit {parent.code}-{i}",
                            code=f"{parent.code}-{i}",
                            path=f"{parent.path}{i:05d}",
                            depth=depth,
                            numchild=0 if depth == 4 else (20 if depth == 2 else 2),
                        )
                    )
            OrgUnit.objects.bulk_create(rows, batch_size=2000)
            created = list(
                OrgUnit.objects.filter(agency=agency, depth=depth).order_by("path")
            )
            levels.append(created)
            units += created
        OrgUnit.objects.filter(pk=root.pk).update(numchild=20)
        by_path = {u.path: u for u in units}
        heads = {}
        for unit in units:  # parents come first (sorted by depth, then path)
            parent = by_path.get(unit.path[:-5])
            kind = (
                "jpt_pratama"
                if unit.depth <= 2
                else ("administrator" if unit.depth == 3 else "pengawas")
            )
            heads[unit.pk] = Position(
                agency=agency,
                org_unit=unit,
                code=f"H-{unit.code}",
                title=f"Kepala {unit.name}",
                kind=kind,
                reports_to=heads[parent.pk] if parent else None,
            )
            heads[unit.pk].save()
        staff = Position.objects.bulk_create(
            [
                Position(
                    agency=agency,
                    org_unit=u,
                    code=f"S-{u.code}",
                    title=f"Analis {u.name}",
                    kind="fungsional" if u.depth == 4 else "pelaksana",
                    functional_level="ahli_pertama" if u.depth == 4 else "",
                    reports_to=heads[u.pk],
                )
                for u in units
            ]
        )
        rank = Rank.objects.filter(kind="PNS").order_by("order")[8]
        rows = []
        per_unit = employees // len(units)
        extra = employees - per_unit * len(units)
        n = 0
        for i, unit in enumerate(units):
            count = per_unit + (1 if i < extra else 0)
            for j in range(count):
                position = heads[unit.pk] if j == 0 else staff[i]
                rows.append(
                    Employee(
                        nip=f"{198001012005011000 + n}",
                        name=f"Pegawai {n}",
                        kind="PNS",
                        gender="L" if n % 2 else "P",
                        birth_date=dt.date(1980, 1, 1),
                        tmt_cpns=dt.date(2005, 1, 1),
                        agency=agency,
                        org_unit=unit,
                        position=position,
                        position_tmt=dt.date(2015, 1, 1),
                        rank=rank,
                        rank_tmt=dt.date(2015, 4, 1),
                        education_level="S1",
                    )
                )
                n += 1
        Employee.objects.bulk_create(rows, batch_size=5000)
        log(
            f"{len(units):,} units, {n:,} employees ({time.monotonic() - started:.0f} s)"
        )
        py = performance_year_ensure(agency=agency, year=YEAR)
        annual = py.periods.get(kind=Period.Kind.ANNUAL)
        people = list(
            Employee.objects.filter(agency=agency).values_list(
                "pk", "position_id", "org_unit_id"
            )
        )
        boss_of = {}
        holder = {}
        for pk, pos, _unit in people:
            holder.setdefault(pos, pk)
        reports_to = dict(
            Position.objects.filter(agency=agency).values_list("pk", "reports_to_id")
        )
        head_ids = {h.pk for h in heads.values()}
        for pk, pos, _unit in people:
            up = reports_to.get(pos)
            boss_of[pk] = holder.get(up) if up else None
        Skp.objects.bulk_create(
            [
                Skp(
                    employee_id=pk,
                    performance_year=py,
                    evaluator_id=boss_of[pk],
                    position_id=pos,
                    org_unit_id=unit,
                    status="approved",
                )
                for pk, pos, unit in people
            ],
            batch_size=5000,
        )
        skp_of = dict(
            Skp.objects.filter(performance_year=py).values_list("employee_id", "pk")
        )
        ratings = [r for r, _w in RATING_WEIGHTS]
        weights = [w for _r, w in RATING_WEIGHTS]
        Evaluation.objects.bulk_create(
            [
                Evaluation(
                    skp_id=skp_of[pk],
                    period=annual,
                    employee_id=pk,
                    year=YEAR,
                    is_annual=True,
                    evaluator_id=boss_of[pk],
                    rating_hasil=rng.choices(ratings, weights)[0],
                    rating_perilaku=rng.choices(ratings, weights)[0],
                    justification_hasil="-",
                    justification_perilaku="-",
                    heads_unit=pos in head_ids,
                    predikat="baik",
                    final_predikat="baik",
                )
                for pk, pos, _unit in people
            ],
            batch_size=5000,
        )
        org = ("istimewa", "baik", "baik", "baik", "butuh_perbaikan", "kurang")
        OrgPerformance.objects.bulk_create(
            [
                OrgPerformance(org_unit=u, period=annual, predikat=rng.choice(org))
                for u in units
            ],
            batch_size=2000,
        )
    log(f"data built in {time.monotonic() - started:.0f} s")


def reset_drafts() -> None:
    """Put every evaluation back to an uncomputed draft so each run does all the work."""
    from jenjang.performance.models import Evaluation, YearEndRun

    Evaluation.objects.filter(employee__agency__code=AGENCY_CODE).update(
        predikat="baik", final_predikat="baik", status="draft"
    )
    YearEndRun.objects.all().delete()


def run_job() -> dict:
    from django.test import override_settings

    from jenjang.performance.models import PerformanceYear
    from jenjang.performance.tasks import performance_yearend

    py = PerformanceYear.objects.get(agency__code=AGENCY_CODE, year=YEAR)
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=tasks):
        return performance_yearend.enqueue(py.pk).return_value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    build(args.employees)
    times = []
    result = {}
    for _n in range(args.runs):
        reset_drafts()
        started = time.perf_counter()
        result = run_job()
        times.append(time.perf_counter() - started)
        log(f"job: {times[-1]:.2f} s {result}")
    reset_drafts()
    tracemalloc.start()
    run_job()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log(
        f"{connection.vendor}: median {sorted(times)[len(times) // 2]:.2f} s "
        f"(runs {', '.join(f'{t:.2f}' for t in times)}); "
        f"peak Python heap during the job {peak / 2**20:.1f} MiB; "
        f"process max RSS {rss:.0f} MiB; result {result}"
    )


if __name__ == "__main__":
    main()
