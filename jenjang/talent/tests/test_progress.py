"""Managerial-progress candidates in SQL: the same answer as the rule, in pages.

`selectors.progress_page` filters, counts, sorts and pages in the database
(`_progress_sql`); `rules.significant_progress` explains the page's rows.
The reference below is the selector as it was before, loading the whole
agency into Python: on random data the two must agree row for row.
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import make_token, sign_in
from jenjang.competencies.models import Assessment, Competency
from jenjang.people.models import Employee
from jenjang.people.tests.factories import EmployeeFactory
from jenjang.performance.tests.factories import make_final_rating
from jenjang.talent import rules, selectors
from jenjang.talent.models import PotentialInput, PromotionRule

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 1)
SOURCES = [Assessment.Source.ASSESSMENT_CENTRE, Assessment.Source.TEST]


def _reference(*, user, agency, today, matching_only=True):
    """The selector before it ran in SQL: every visible employee loaded."""
    rule = selectors.promotion_rule_for(agency)
    employees = selectors.visible_employees(user).filter(agency=agency, is_active=True)
    ids = list(employees.values_list("pk", flat=True))
    start = rules.add_months(today, -12 * (rule.progress_window_years + 3))
    points = defaultdict(list)
    for a in (
        Assessment.objects.filter(
            employee_id__in=ids,
            competency__kind=Competency.Kind.MANAGERIAL,
            assessed_on__gte=start,
        )
        .select_related("competency")
        .order_by("assessed_on", "id")
    ):
        points[a.employee_id].append(
            rules.AssessmentPoint(
                a.competency_id, a.competency.name, a.level, a.assessed_on, a.source
            )
        )
    scores = defaultdict(list)
    for pk, on, score in PotentialInput.objects.filter(
        employee_id__in=ids, assessment_score__isnull=False
    ).values_list("employee_id", "recorded_on", "assessment_score"):
        scores[pk].append((on, score))
    predikat = selectors.predikat_by_employee(ids, [today.year - 1, today.year])
    people = {e.pk: e for e in employees}
    found = []
    for pk in ids:
        if pk not in points and pk not in scores:
            continue
        years = predikat.get(pk, {})
        latest = years.get(today.year) or years.get(today.year - 1)
        result = rules.significant_progress(
            points=points.get(pk, []),
            score_points=scores.get(pk, []),
            predikat=latest,
            today=today,
            window_years=rule.progress_window_years,
            min_competencies=rule.progress_min_competencies,
            min_level_gain=rule.progress_min_level_gain,
            min_score_gain=rule.progress_min_score_gain,
            min_predikat=rule.progress_min_predikat,
        )
        if result.matches or not matching_only:
            found.append((people[pk], result, latest))
    found.sort(key=lambda r: (-len(r[1].evidence), r[0].name, r[0].pk))
    return [(e.pk, r.matches, r.evidence, r.missing, p) for e, r, p in found]


def _random_people(world, rng: random.Random, n: int) -> None:
    """People with assessments around the windows' edges, scores and ratings."""
    comps = list(Competency.objects.filter(kind="managerial").order_by("id")[:4])
    other = Competency.objects.filter(kind="sociocultural").first()
    edges = [rules.add_months(TODAY, -12 * w) for w in (1, 2, 3, 4, 5, 6)]
    for i in range(n):
        e = EmployeeFactory(position=world.staff_position, name=f"Pegawai {i % 7:02d}")
        taken = set()
        for _ in range(rng.randint(0, 7)):
            day = rng.choice(
                [
                    rng.choice(edges),
                    TODAY + dt.timedelta(days=rng.randint(-3000, 60)),
                ]
            )
            key = (rng.choice([*comps, other]), day, rng.choice(SOURCES))
            if key in taken:
                continue
            taken.add(key)
            Assessment.objects.create(
                employee=e,
                competency=key[0],
                level=rng.randint(1, 5),
                assessed_on=day,
                source=key[2],
            )
        days = set()
        for _ in range(rng.randint(0, 3)):
            day = rng.choice(edges + [TODAY - dt.timedelta(days=rng.randint(0, 2000))])
            if day in days:
                continue
            days.add(day)
            PotentialInput.objects.create(
                employee=e,
                recorded_on=day,
                assessment_score=Decimal(rng.randint(6000, 9800)) / 100,
                track_record_score=80,
                qualification_score=80,
                integrity_score=80,
            )
        for year in (2025, 2026):
            if rng.random() < 0.7:
                predikat = rng.choice(rules.PREDIKAT_ORDER).value
                make_final_rating(e, year, predikat)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sql_agrees_with_the_rule(world, hr_admin, seed):
    rng = random.Random(seed)
    _random_people(world, rng, 40)
    outcomes = set()
    for _round in range(4):
        PromotionRule.objects.update_or_create(
            agency=world.agency,
            defaults={
                "progress_window_years": rng.randint(1, 3),
                "progress_min_competencies": rng.randint(0, 3),
                "progress_min_level_gain": rng.randint(0, 2),
                "progress_min_score_gain": Decimal(rng.choice(["0", "5", "7.5", "10"])),
                "progress_min_predikat": rng.choice(["baik", "butuh_perbaikan"]),
            },
        )
        for matching_only in (True, False):
            expected = _reference(
                user=hr_admin,
                agency=world.agency,
                today=TODAY,
                matching_only=matching_only,
            )
            page = selectors.progress_page(
                user=hr_admin,
                agency=world.agency,
                today=TODAY,
                matching_only=matching_only,
                size=None,
            )
            got = [
                (r.employee.pk, r.result.matches, r.result.evidence, r.result.missing)
                + (r.predikat,)
                for r in page.rows
            ]
            assert got == expected
            assert page.total == len(expected)
            outcomes |= {m for _pk, m, *_rest in got}
    assert outcomes == {True, False}  # the data and rules give both answers


def _candidates(world, n: int, first: int = 0) -> list[Employee]:
    """`n` people each gaining a level in two managerial competencies, rated Baik."""
    comps = list(Competency.objects.filter(kind="managerial").order_by("id")[:2])
    people = []
    for i in range(first, first + n):
        e = EmployeeFactory(position=world.staff_position, name=f"Kandidat {i:03d}")
        for comp in comps:
            for level, day in (
                (2, dt.date(2023, 6, 1)),
                (3 + i % 2, dt.date(2025, 9, 1)),
            ):
                Assessment.objects.create(
                    employee=e, competency=comp, level=level, assessed_on=day
                )
        make_final_rating(e, 2025, "baik")
        people.append(e)
    return people


def test_pages_follow_each_other_without_gaps(world, hr_admin):
    people = _candidates(world, 7)
    seen, cursor = [], None
    while True:
        page = selectors.progress_page(
            user=hr_admin, agency=world.agency, today=TODAY, cursor=cursor, size=3
        )
        assert page.total == 7
        seen += [r.employee.pk for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert sorted(seen) == sorted(e.pk for e in people)
    assert seen == [
        r[0] for r in _reference(user=hr_admin, agency=world.agency, today=TODAY)
    ]


def test_a_forged_cursor_is_refused(world, hr_admin):
    from jenjang.core.exceptions import ApplicationError
    from jenjang.core.pagination import encode_cursor

    for values in (["x", "a", 1], [1, 2, 3], [1, "a\x00", 1], [1, "a"]):
        with pytest.raises(ApplicationError):
            selectors.progress_page(
                user=hr_admin,
                agency=world.agency,
                today=TODAY,
                cursor=encode_cursor(values),
            )


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


@time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC), tick=False)
def test_the_same_queries_for_10_and_100_candidates(world, hr_admin):
    page_client = sign_in(Client(), hr_admin)
    api_client = Client(headers={"Authorization": f"Bearer {make_token(hr_admin)}"})
    counts, made = [], 0
    for n in (10, 100):
        _candidates(world, n - made, first=made)
        made = n
        row = []
        for fn in (
            lambda: selectors.progress_page(
                user=hr_admin, agency=world.agency, today=TODAY
            ),
            lambda: page_client.get("/talent/promotion/"),
            lambda: api_client.get("/api/talent/promotion/progress"),
        ):
            fn()  # warm: caches of roles and dictionaries
            row.append(_queries(fn))
        counts.append(row)
    assert counts[0] == counts[1]
    body = api_client.get("/api/talent/promotion/progress?size=200")
    assert body["X-Total-Count"] == "100"
    assert len(body.json()) == 100
    first = api_client.get("/api/talent/promotion/progress")
    assert len(first.json()) == 50
    assert first["X-Next-Cursor"]
    rest = api_client.get(
        "/api/talent/promotion/progress", {"cursor": first["X-Next-Cursor"]}
    )
    assert len(rest.json()) == 50
    assert "X-Next-Cursor" not in rest
    html = page_client.get("/talent/promotion/").content.decode()
    assert html.count('href="/talent/employees/') == 50
    assert 'id="next-page"' in html
