"""Improvement plans after a poor predikat (PP 30/2019, domain 1.7)."""

import datetime as dt

import pytest
import time_machine

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.development.tests import test_plans_helpers as dev_helpers
from jenjang.performance.models import ImprovementPlan, Predikat
from jenjang.performance.selectors import improvement_plans_for
from jenjang.performance.services import improvement as svc
from jenjang.performance.services.improvement import improvement_plan_open
from jenjang.performance.tests.factories import make_final_rating, make_rating

pytestmark = pytest.mark.django_db
forms = dev_helpers.forms
gaps = dev_helpers.gaps
TODAY = dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("predikat", "opens"),
    [
        (Predikat.SANGAT_BAIK, False),
        (Predikat.BAIK, False),
        (Predikat.BUTUH_PERBAIKAN, True),
        (Predikat.KURANG, True),
        (Predikat.SANGAT_KURANG, True),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_poor_predikat_opens_a_plan_with_a_six_month_clock(world, predikat, opens):
    evaluation = make_final_rating(world.employee, 2025, predikat)
    plan = improvement_plan_open(evaluation=evaluation)
    assert (plan is not None) is opens
    if opens:
        assert plan.review_due == dt.date(2026, 7, 10)
        assert plan.predikat == predikat


@time_machine.travel(TODAY, tick=False)
def test_plan_activities_come_from_the_gaps(world, forms, gaps):
    evaluation = make_final_rating(world.employee, 2025, Predikat.KURANG)
    plan = improvement_plan_open(evaluation=evaluation)
    dev = list(plan.activities.filter(kind="development"))
    # One activity per gap, the largest gap (data: 1 → 4) first.
    assert [a.competency for a in dev] == [gaps["data"], gaps["service"]]
    assert dev[0].reason == "menutup gap Analisis Data Kesehatan: level 1 → 2"
    assert plan.activities.filter(kind="coaching").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_one_open_plan_at_a_time(world):
    first = make_rating(world.employee, 2025, Predikat.KURANG, annual=False)
    second = make_rating(
        world.employee, 2025, Predikat.KURANG, annual=False, period_number=2
    )
    assert improvement_plan_open(evaluation=first) is not None
    assert improvement_plan_open(evaluation=second) is None
    assert ImprovementPlan.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_checkins_and_review(world, hr_admin_other):
    plan = improvement_plan_open(
        evaluation=make_final_rating(world.employee, 2025, Predikat.SANGAT_KURANG)
    )
    svc.improvement_checkin_add(plan=plan, notes="Mulai jadwal", by=world.employee.user)
    svc.improvement_checkin_add(
        plan=plan, notes="Ada kemajuan", on_track=True, by=world.supervisor.user
    )
    with pytest.raises(PermissionDenied):
        svc.improvement_checkin_add(plan=plan, notes="x", by=hr_admin_other)
    with pytest.raises(PermissionDenied):
        svc.improvement_plan_review(
            plan=plan, status="improved", outcome="x", by=world.employee.user
        )
    svc.improvement_plan_review(
        plan=plan,
        status="improved",
        outcome="Target tercapai",
        by=world.supervisor.user,
    )
    with pytest.raises(ApplicationError) as err:
        svc.improvement_checkin_add(plan=plan, notes="x", by=world.employee.user)
    assert err.value.code == "plan_closed"

    found = improvement_plans_for([world.employee.pk])
    assert [(p.status, p.checkins.count()) for p in found] == [("improved", 2)]
    assert improvement_plans_for([world.employee.pk], open_only=True) == []
