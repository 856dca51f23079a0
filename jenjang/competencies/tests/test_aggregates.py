"""The dashboards' competency aggregates equal the one-date selector and a hand count."""

import datetime as dt

from django.db.models import Q

from jenjang.competencies.aggregates import staff_at_level_by_org_unit_at
from jenjang.competencies.models import Assessment
from jenjang.competencies.tests.factories import AssessmentFactory, managerial
from jenjang.people.models import Employee


# The one-date query the aggregate replaced, kept as its reference.
def staff_at_level_by_org_unit(
    *, competency_code: str, min_level: int, unit_paths: list[str], until
) -> dict[int, int]:
    """Return {org unit id: active staff whose latest assessment before `until` is ≥ min_level}.

    Not scoped: the caller (a dashboard) passes subtrees it may already see.
    """
    from django.db.models import Count, OuterRef, Subquery

    if not unit_paths:
        return {}
    where = Q(pk__in=[])
    for path in unit_paths:
        where |= Q(org_unit__path__startswith=path)
    latest = (
        Assessment.objects.filter(
            employee=OuterRef("pk"),
            competency__code=competency_code,
            assessed_on__lt=until,
        )
        .order_by("-assessed_on", "-id")
        .values("level")[:1]
    )
    rows = (
        Employee.objects.filter(where, is_active=True)
        .annotate(latest_level=Subquery(latest))
        .filter(latest_level__gte=min_level)
        .values("org_unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["org_unit_id"]: r["n"] for r in rows}


D = dt.date
SOURCE = Assessment.Source


def _hand_count(code: str, min_level: int, root_paths: list[str], until) -> dict:
    """The rule read straight: each active employee's latest assessment before
    `until` (latest date, then highest id) counted per org unit if ≥ min_level."""
    counts: dict[int, int] = {}
    for emp in Employee.objects.filter(is_active=True).select_related("org_unit"):
        if not any(emp.org_unit.path.startswith(p) for p in root_paths):
            continue
        before = [
            a
            for a in Assessment.objects.filter(employee=emp, competency__code=code)
            if a.assessed_on < until
        ]
        if not before:
            continue
        latest = max(before, key=lambda a: (a.assessed_on, a.id))
        if latest.level >= min_level:
            counts[emp.org_unit_id] = counts.get(emp.org_unit_id, 0) + 1
    return counts


def test_many_dates_in_one_statement_equal_one_query_per_date(
    world, django_assert_num_queries
):
    service = managerial("pelayanan-publik")
    other = managerial("integritas")

    def assess(employee, day, level, source=SOURCE.ASSESSMENT_CENTRE, comp=service):
        return AssessmentFactory(
            employee=employee,
            competency=comp,
            level=level,
            assessed_on=day,
            source=source,
        )

    # Puskesmas: 3 in January, down to 2 in May, up to 4 in October.
    assess(world.puskesmas_employee, D(2026, 1, 5), 3)
    assess(world.puskesmas_employee, D(2026, 5, 1), 2)
    assess(world.puskesmas_employee, D(2026, 10, 1), 4)
    # Two on one day: the later id wins (level 2 over level 4), as "latest" does.
    assess(world.employee, D(2026, 3, 31), 4, SOURCE.TEST)
    assess(world.employee, D(2026, 3, 31), 2, SOURCE.SUPERVISOR)
    # Assessed on a quarter's end: not "before" it.
    assess(world.supervisor, D(2026, 7, 1), 5)
    # Another competency does not count; neither does an inactive employee.
    assess(world.mentor, D(2026, 2, 1), 5, comp=other)
    assess(world.mentor, D(2025, 2, 1), 3)
    assess(world.bpkad_employee, D(2026, 2, 1), 4)
    gone = Employee.objects.get(pk=world.bpkad_employee.pk)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assess(world.bpkad_employee, D(2026, 2, 1), 4, SOURCE.TEST)  # still inactive

    untils = [D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1), D(2026, 11, 21)]
    for paths in ([world.dinkes.path], [world.root.path], [world.bpkad.path]):
        with django_assert_num_queries(1):
            got = staff_at_level_by_org_unit_at(
                competency_code="pelayanan-publik",
                min_level=3,
                unit_paths=paths,
                untils=untils,
            )
        assert got == [
            staff_at_level_by_org_unit(
                competency_code="pelayanan-publik",
                min_level=3,
                unit_paths=paths,
                until=until,
            )
            for until in untils
        ]
        assert got == [
            _hand_count("pelayanan-publik", 3, paths, until) for until in untils
        ]
    got = staff_at_level_by_org_unit_at(
        competency_code="pelayanan-publik",
        min_level=3,
        unit_paths=[world.root.path],
        untils=untils,
    )
    dinkes_unit = world.employee.org_unit_id
    pkm = world.puskesmas.pk
    # Q1 end: puskesmas 3, mentor 3 (2025); the same-day pair reads 2.
    assert got[0] == {pkm: 1, world.mentor.org_unit_id: 1}
    # Q2 end: puskesmas down to 2; the supervisor's 1 July not yet before it.
    assert got[1] == {world.mentor.org_unit_id: 1}
    # Q3 end: the supervisor counted; puskesmas's 1 October not yet.
    assert got[2] == {world.supervisor.org_unit_id: 2}
    assert got[3] == {dinkes_unit: 2, pkm: 1}
    assert world.supervisor.org_unit_id == world.mentor.org_unit_id == dinkes_unit


def test_no_paths_or_no_dates():
    assert staff_at_level_by_org_unit_at(
        competency_code="pelayanan-publik",
        min_level=3,
        unit_paths=[],
        untils=[D(2026, 1, 1), D(2026, 4, 1)],
    ) == [{}, {}]
    assert (
        staff_at_level_by_org_unit_at(
            competency_code="pelayanan-publik",
            min_level=3,
            unit_paths=["x"],
            untils=[],
        )
        == []
    )
