"""Training section: figures equal the raw computation; scope and unit filter hold."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.people.models import Employee, Position
from jenjang.people.tests.factories import (
    EmployeeFactory,
    JobFieldFactory,
    PositionFactory,
)
from jenjang.training.models import Batch, Enrolment
from jenjang.training.tests.factories import BatchFactory, ProgramFactory, seat

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
S = Enrolment.Status


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def figures(section) -> dict:
    return {f.key: f.value for f in section.figures}


def generate(world, rng: random.Random, n_batches: int = 6) -> None:
    """Programs for two job fields, batches in 2025–2027, random results."""
    health = JobFieldFactory(code="kesehatan", name="Kesehatan")
    finance = JobFieldFactory(code="keuangan", name="Keuangan")
    Position.objects.filter(
        pk__in=[world.staff_position.pk, world.puskesmas_position.pk]
    ).update(job_field=health)
    Position.objects.filter(pk=world.bpkad_position.pk).update(job_field=finance)
    for unit, field in ((world.puskesmas, health), (world.bpkad, finance)):
        position = PositionFactory(org_unit=unit, job_field=field)
        for _ in range(3):
            EmployeeFactory(position=position)
    programs = [
        ProgramFactory(jp=Decimal("24")),
        ProgramFactory(jp=Decimal("12.5")),
        ProgramFactory(jp=Decimal("40")),
    ]
    programs[0].job_fields.set([health])
    programs[1].job_fields.set([health, finance])
    programs[2].job_fields.set([finance])
    people = list(Employee.objects.all())
    for _ in range(n_batches):
        start = rng.choice(
            [D(2025, 6, 1), D(2026, 2, 1), D(2026, 7, 1), D(2026, 12, 20)]
        )
        batch = BatchFactory(
            program=rng.choice(programs),
            org_unit=rng.choice([world.dinkes, world.puskesmas, world.bpkad]),
            starts_on=start,
            ends_on=start + dt.timedelta(days=3),
            capacity=50,
            status=rng.choice([Batch.Status.FINISHED] * 4 + [Batch.Status.CANCELLED]),
        )
        for person in rng.sample(people, k=min(6, len(people))):
            seat(batch, person, rng.choice([S.PASSED, S.PASSED, S.FAILED, S.ENROLLED]))


def expected_for(unit_path: str, year: int) -> dict:
    """Compute the figures by walking every row in Python."""
    staff = [
        e
        for e in Employee.objects.select_related("org_unit", "position")
        if e.is_active and e.org_unit.path.startswith(unit_path)
    ]
    results = [
        x
        for x in Enrolment.objects.select_related(
            "batch__program", "employee__org_unit"
        )
        if x.employee.org_unit.path.startswith(unit_path)
        and x.batch.ends_on.year == year
        and x.status in (S.PASSED, S.FAILED)
    ]
    passed = [x for x in results if x.status == S.PASSED]
    batches = [
        b
        for b in Batch.objects.select_related("org_unit")
        if b.org_unit.path.startswith(unit_path)
        and b.starts_on.year == year
        and b.ends_on <= NOW.date()
        and b.status != Batch.Status.CANCELLED
    ]
    trained = {x.employee_id for x in passed}
    return {
        "batches_held": len(batches),
        "passed": len(passed),
        "pass_rate": round(len(passed) * 100 / len(results), 1) if results else 0.0,
        "jp": sum((x.batch.program.jp for x in passed), Decimal("0")),
        "coverage": round(len(trained) * 100 / len(staff), 1) if staff else 0.0,
    }


@pytest.fixture
def data(world):
    generate(world, random.Random(20))
    return world


def test_figures_equal_the_raw_computation(hr_admin, data):
    section = section_data(
        key="training", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    got = figures(section)
    want = expected_for(data.dinkes.path, 2026)
    assert got["passed"] > 0  # the generated data reaches the scope
    for key in ("batches_held", "passed", "pass_rate", "jp", "coverage"):
        assert got[key] == want[key], key
    assert got["programs"] == 3
    table = {row[0]: row for row in section.tables[0].rows}
    health = [
        x
        for x in Enrolment.objects.filter(
            status=S.PASSED,
            batch__ends_on__year=2026,
            employee__position__job_field__code="kesehatan",
            employee__org_unit__path__startswith=data.dinkes.path,
        )
    ]
    assert table["Kesehatan"][1] == 2  # programs aimed at kesehatan
    assert table["Kesehatan"][3] == len(health)
    assert table["Kesehatan"][7] == sum(
        (x.batch.program.jp for x in health), Decimal("0")
    )
    # The Dinkes HR admin sees no one of BPKAD's job field.
    assert table["Keuangan"][2:4] == [0, 0]


def test_an_hr_admin_of_another_unit_sees_only_their_own(hr_admin_other, data):
    got = figures(
        section_data(
            key="training", ctx=dashboard_context(user=hr_admin_other, year=2026)
        )
    )
    want = expected_for(data.bpkad.path, 2026)
    for key in ("batches_held", "passed", "pass_rate", "jp", "coverage"):
        assert got[key] == want[key], key
    dinkes = expected_for(data.dinkes.path, 2026)
    assert got["passed"] != dinkes["passed"] or got["jp"] != dinkes["jp"]


def test_unit_filter_narrows_to_the_subtree(hr_admin, data):
    ctx = dashboard_context(user=hr_admin, year=2026, unit_id=data.puskesmas.pk)
    got = figures(section_data(key="training", ctx=ctx))
    want = expected_for(data.puskesmas.path, 2026)
    for key in ("batches_held", "passed", "pass_rate", "jp", "coverage"):
        assert got[key] == want[key], key


def test_api_returns_the_same_figures(api_for, hr_admin, data):
    response = api_for("hr_admin", auth="token").get(
        "/api/dashboards/training?year=2026"
    )
    assert response.status_code == 200
    body = {f["key"]: f["value"] for f in response.json()["figures"]}
    want = figures(
        section_data(key="training", ctx=dashboard_context(user=hr_admin, year=2026))
    )
    assert body == {
        k: float(v) if isinstance(v, Decimal) else v for k, v in want.items()
    }


def test_query_count_does_not_grow_with_rows(hr_admin, world):
    generate(world, random.Random(1), n_batches=2)
    ctx = dashboard_context(user=hr_admin, year=2026)
    section_data(key="training", ctx=ctx)  # warm the scope cache
    with CaptureQueriesContext(connection) as few:
        section_data(key="training", ctx=ctx)
    rng = random.Random(2)
    for _ in range(5):
        batch = BatchFactory(
            program=ProgramFactory(),
            org_unit=world.dinkes,
            starts_on=D(2026, 5, 1),
            ends_on=D(2026, 5, 2),
            capacity=50,
        )
        for person in Employee.objects.all()[:4]:
            seat(batch, person, rng.choice([S.PASSED, S.FAILED]))
    with CaptureQueriesContext(connection) as many:
        section_data(key="training", ctx=ctx)
    assert len(many) == len(few)
