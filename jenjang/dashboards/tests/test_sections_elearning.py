"""E-learning section: figures equal the raw computation; scope and unit filter hold."""

import datetime as dt
import random
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.elearning.models import Course, CourseVersion, Enrolment
from jenjang.elearning.selectors import report_by_course
from jenjang.people.models import Employee
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
S = Enrolment.Status


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def figures(section) -> dict:
    return {f.key: f.value for f in section.figures}


def course(world, n: int) -> Course:
    c = Course.objects.create(
        agency=world.agency,
        owner_unit=world.dinkes,
        code=f"k-{n}",
        title=f"Kursus {n:02d}",
    )
    version = CourseVersion.objects.create(
        course=c, number=1, status=CourseVersion.Status.PUBLISHED
    )
    Course.objects.filter(pk=c.pk).update(published_version=version)
    c.published_version = version
    return c


def generate(world, rng: random.Random, courses: int = 20) -> None:
    """Twenty courses, random enrolments of Dinkes and BPKAD staff, some in 2025."""
    for unit in (world.puskesmas, world.bpkad):
        position = PositionFactory(org_unit=unit)
        for _ in range(4):
            EmployeeFactory(position=position)
    people = list(Employee.objects.order_by("pk"))
    start = Course.objects.count()
    for n in range(start, start + courses):
        c = course(world, n)
        for person in rng.sample(people, k=rng.randint(1, len(people))):
            status = rng.choice(S.values)
            e = Enrolment.objects.create(
                employee=person,
                course=c,
                version=c.published_version,
                status=status,
                due_on=rng.choice([None, D(2026, 6, 30), D(2026, 12, 31)]),
                jp=Decimal("2") if status == S.COMPLETED else None,
            )
            if rng.random() < 0.2:
                Enrolment.objects.filter(pk=e.pk).update(
                    enrolled_at=dt.datetime(2025, 8, 1, 3, 0, tzinfo=dt.UTC)
                )


def expected_for(unit_path: str, year: int) -> dict[str, dict]:
    """Per course title: counts over the rows, computed in Python."""
    today = NOW.date()
    found: dict[str, dict] = {}
    for e in Enrolment.objects.select_related("course", "employee__org_unit"):
        if not e.employee.org_unit.path.startswith(unit_path):
            continue
        if e.enrolled_at.year != year:
            continue
        row = found.setdefault(
            e.course.title,
            {"enrolled": 0, "in_progress": 0, "completed": 0, "overdue": 0},
        )
        row["enrolled"] += 1
        row["in_progress"] += e.status == S.IN_PROGRESS
        row["completed"] += e.status == S.COMPLETED
        row["overdue"] += bool(
            e.due_on and e.due_on < today and e.status != S.COMPLETED
        )
    return found


def check(section, want: dict[str, dict]) -> None:
    got = figures(section)
    for key in ("enrolled", "in_progress", "completed", "overdue"):
        assert got[key] == sum(r[key] for r in want.values()), key
    assert got["courses"] == len(want)
    total = sum(r["enrolled"] for r in want.values())
    done = sum(r["completed"] for r in want.values())
    assert got["completion_rate"] == (round(done * 100 / total, 1) if total else 0)
    top = sorted(want.items(), key=lambda kv: (-kv[1]["enrolled"], kv[0]))[:10]
    rows = section.tables[0].rows
    assert [r[0] for r in rows] == [title for title, _r in top]
    for row, (_title, r) in zip(rows, top, strict=True):
        assert row[1:5] == [
            r["enrolled"],
            r["in_progress"],
            r["completed"],
            r["overdue"],
        ]


@pytest.fixture
def data(world):
    generate(world, random.Random(30))
    return world


def test_figures_equal_the_raw_computation(hr_admin, data):
    section = section_data(
        key="elearning", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    want = expected_for(data.dinkes.path, 2026)
    assert len(want) > 10  # the top-ten cut is exercised
    check(section, want)


def test_matches_the_elearning_report_for_all_years(hr_admin, data):
    """Without the year cut the totals equal the e-learning app's own report."""
    Enrolment.objects.update(enrolled_at=NOW)
    got = figures(
        section_data(key="elearning", ctx=dashboard_context(user=hr_admin, year=2026))
    )
    report = report_by_course(hr_admin)
    for key in ("enrolled", "in_progress", "completed", "overdue"):
        assert got[key] == sum(r[key] for r in report), key


def test_an_hr_admin_of_another_unit_sees_only_their_own(hr_admin_other, data):
    section = section_data(
        key="elearning", ctx=dashboard_context(user=hr_admin_other, year=2026)
    )
    want = expected_for(data.bpkad.path, 2026)
    check(section, want)
    assert figures(section)["enrolled"] < sum(
        r["enrolled"] for r in expected_for(data.root.path, 2026).values()
    )


def test_unit_filter_narrows_to_the_subtree(hr_admin, data):
    ctx = dashboard_context(user=hr_admin, year=2026, unit_id=data.puskesmas.pk)
    check(
        section_data(key="elearning", ctx=ctx),
        expected_for(data.puskesmas.path, 2026),
    )


def test_api_returns_the_same_figures(api_for, hr_admin, data):
    response = api_for("hr_admin", auth="token").get(
        "/api/dashboards/elearning?year=2026"
    )
    assert response.status_code == 200
    body = response.json()
    want = section_data(
        key="elearning", ctx=dashboard_context(user=hr_admin, year=2026)
    )
    assert {f["key"]: f["value"] for f in body["figures"]} == figures(want)
    assert body["tables"][0]["rows"] == want.tables[0].rows


def test_query_count_does_not_grow_with_rows(hr_admin, world):
    generate(world, random.Random(1), courses=1)
    ctx = dashboard_context(user=hr_admin, year=2026)
    section_data(key="elearning", ctx=ctx)
    with CaptureQueriesContext(connection) as few:
        section_data(key="elearning", ctx=ctx)
    generate(world, random.Random(2), courses=6)
    with CaptureQueriesContext(connection) as many:
        section_data(key="elearning", ctx=ctx)
    assert len(many) == len(few)
