"""Regular rank promotion in SQL: the same answer as the rule, condition by condition.

Domain file §8.2. `selectors.rank_eligibility_queryset` computes every fact
in the database; `rules.rank_promotion_eligibility` explains the page's rows.
"""

import datetime as dt

import pytest

from jenjang.people.models import Position
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory, rank
from jenjang.performance.tests.factories import make_final_rating
from jenjang.talent import selectors
from jenjang.talent.models import DisciplinaryRecord

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 1)  # the next KP period is 1 April 2026


@pytest.fixture
def budi(world):
    """Budi Santoso meets every condition: III/a since 2022, S1, Baik twice."""
    e = world.employee
    e.rank, e.rank_tmt, e.education_level = rank("III/a"), dt.date(2022, 4, 1), "S1"
    e.save()
    world.supervisor.rank = rank("III/d")
    world.supervisor.save()
    make_final_rating(e, 2024, "baik")
    make_final_rating(e, 2025, "sangat_baik")
    return e


def _page(user, agency, eligible=True):
    return selectors.rank_eligibility(
        user=user, agency=agency, today=TODAY, eligible=eligible
    )


def _row(user, world, employee):
    for eligible in (True, False):
        for r in _page(user, world.agency, eligible).rows:
            if r.employee.pk == employee.pk:
                return r
    raise AssertionError("not listed")


def test_everything_met_is_eligible(world, hr_admin, budi):
    page = _page(hr_admin, world.agency)
    assert page.period == dt.date(2026, 4, 1)
    assert [r.employee.name for r in page.rows] == ["Budi Santoso"]
    row = page.rows[0]
    assert (row.result.eligible, row.result.missing) == (True, [])
    assert row.next_rank.code == "III/b"
    # Supervisor, mentor and Dewi have no ratings; BPKAD's Rudi is out of scope.
    assert (page.eligible_count, page.total) == (1, 4)


def _older_rating(world, budi):
    from jenjang.performance.models import Evaluation

    Evaluation.objects.filter(employee=budi, year=2024).update(
        final_predikat="butuh_perbaikan", predikat="butuh_perbaikan"
    )


def _no_last_rating(world, budi):
    from jenjang.performance.models import Evaluation

    Evaluation.objects.filter(employee=budi, year=2025).delete()


def _short_in_grade(world, budi):
    budi.rank_tmt = dt.date(2022, 4, 2)
    budi.save()


def _education(world, budi):
    budi.education_level = "SMP"  # ceiling II/c
    budi.save()


def _supervisor(world, budi):
    world.supervisor.rank = rank("III/a")
    world.supervisor.save()


def _discipline(world, budi):
    DisciplinaryRecord.objects.create(
        employee=budi, severity="ringan", decided_on=dt.date(2026, 1, 5)
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_short_in_grade, "Masa dalam pangkat 4.0 tahun (minimal 4)"),
        (_older_rating, "Predikat 2024: Butuh Perbaikan (minimal Baik)"),
        (_no_last_rating, "Predikat 2025: belum ada (minimal Baik)"),
        (_education, "Pangkat III/b melebihi batas pendidikan"),
        (_supervisor, "Pangkat III/b melebihi pangkat atasan langsung"),
        (_discipline, "Sedang menjalani hukuman disiplin"),
    ],
)
def test_each_condition_fails_on_its_own_in_sql_and_in_the_reasons(
    world, hr_admin, budi, change, message
):
    change(world, budi)
    page = _page(hr_admin, world.agency)
    assert page.eligible_count == 0
    assert page.rows == []
    row = _row(hr_admin, world, budi)
    assert (row.result.eligible, row.result.missing) == (False, [message])


def test_an_ended_penalty_no_longer_blocks(world, hr_admin, budi):
    DisciplinaryRecord.objects.create(
        employee=budi,
        severity="ringan",
        decided_on=dt.date(2025, 1, 5),
        ends_on=dt.date(2026, 3, 31),
    )
    assert _page(hr_admin, world.agency).eligible_count == 1


def test_a_vacant_superior_post_passes_to_the_next_one_up(world, hr_admin, budi):
    top = PositionFactory(
        org_unit=world.dinkes, code="DK-00", title="Kepala Dinas", kind="jpt_pratama"
    )
    Position.objects.filter(pk=world.head_position.pk).update(reports_to=top)
    world.supervisor.is_active = False
    world.supervisor.save()
    # The head's post is vacant and nobody holds the one above: no limit.
    assert _page(hr_admin, world.agency).eligible_count == 1
    EmployeeFactory(position=top, rank=rank("II/d"), name="Kadis")
    row = _row(hr_admin, world, budi)
    assert row.result.missing == ["Pangkat III/b melebihi pangkat atasan langsung"]


def test_pages_follow_names_and_the_others_list_explains(world, hr_admin, budi):
    others = _page(hr_admin, world.agency, eligible=False)
    assert [r.employee.name for r in others.rows] == sorted(
        ["Siti Rahmawati", "Agus Salim", "Dewi Lestari"]
    )
    assert all(not r.result.eligible and r.result.missing for r in others.rows)
    first = selectors.rank_eligibility(
        user=hr_admin, agency=world.agency, today=TODAY, eligible=False, size=2
    )
    assert len(first.rows) == 2
    rest = selectors.rank_eligibility(
        user=hr_admin,
        agency=world.agency,
        today=TODAY,
        eligible=False,
        size=2,
        cursor=first.next_cursor,
    )
    assert [r.employee.name for r in first.rows + rest.rows] == [
        r.employee.name for r in others.rows
    ]
    assert rest.next_cursor is None


def test_the_page_costs_a_fixed_number_of_queries(
    world, hr_admin, budi, django_assert_max_num_queries
):
    for n in range(30):
        EmployeeFactory(position=world.staff_position, name=f"Pegawai {n:02d}")
    with django_assert_max_num_queries(12):
        _page(hr_admin, world.agency, eligible=False)
