"""The contract the talent app builds on: annual_predikat and the factory."""

import datetime as dt

import pytest
import time_machine

from jenjang.performance.models import Evaluation, Predikat
from jenjang.performance.selectors import annual_predikat, annual_predikat_subquery
from jenjang.performance.tests.factories import make_final_rating, make_rating

pytestmark = pytest.mark.django_db


def test_predikat_values_are_the_contract():
    assert Predikat.values == [
        "sangat_baik",
        "baik",
        "butuh_perbaikan",
        "kurang",
        "sangat_kurang",
    ]


def test_annual_predikat_returns_final_yearly_values(world):
    make_final_rating(world.employee, 2024, Predikat.SANGAT_BAIK)
    make_final_rating(world.employee, 2025, Predikat.KURANG)
    make_final_rating(world.mentor, 2025, Predikat.BAIK)
    # A periodic evaluation does not count as the year's predikat.
    make_rating(world.puskesmas_employee, 2025, Predikat.BAIK, annual=False)

    found = annual_predikat(
        [world.employee.pk, world.mentor.pk, world.puskesmas_employee.pk],
        [2024, 2025],
    )

    assert found == {
        (world.employee.pk, 2024): "sangat_baik",
        (world.employee.pk, 2025): "kurang",
        (world.mentor.pk, 2025): "baik",
    }


def test_annual_predikat_waits_for_the_objection_window(world):
    evaluation = make_rating(
        world.employee, 2025, Predikat.BAIK, status=Evaluation.Status.ISSUED
    )
    deadline = evaluation.objection_deadline
    with time_machine.travel(dt.datetime.combine(deadline, dt.time(12)), tick=False):
        assert annual_predikat([world.employee.pk], [2025]) == {}
    after = deadline + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(after, dt.time(12)), tick=False):
        assert annual_predikat([world.employee.pk], [2025]) == {
            (world.employee.pk, 2025): "baik"
        }


def test_annual_predikat_uses_the_decided_value_and_skips_pending(world):
    decided = make_rating(
        world.employee, 2025, Predikat.KURANG, status=Evaluation.Status.DECIDED
    )
    decided.final_predikat = Predikat.BAIK
    decided.save()
    make_rating(world.mentor, 2025, Predikat.BAIK, status=Evaluation.Status.OBJECTED)

    assert annual_predikat([world.employee.pk, world.mentor.pk], [2025]) == {
        (world.employee.pk, 2025): "baik"
    }


def test_annual_predikat_subquery_gives_the_same_values_in_sql(world):
    from jenjang.people.models import Employee

    make_final_rating(world.employee, 2025, Predikat.KURANG)
    make_rating(world.mentor, 2025, Predikat.BAIK, status=Evaluation.Status.OBJECTED)
    make_rating(world.puskesmas_employee, 2025, Predikat.BAIK, annual=False)
    rows = dict(
        Employee.objects.filter(
            pk__in=[world.employee.pk, world.mentor.pk, world.puskesmas_employee.pk]
        )
        .annotate(p=annual_predikat_subquery(year=2025))
        .values_list("pk", "p")
    )
    assert rows == {
        world.employee.pk: "kurang",
        world.mentor.pk: None,
        world.puskesmas_employee.pk: None,
    }
