"""The demo step builds reviews, key positions and remedial plans, once."""

import datetime as dt
import random

import pytest

from jenjang.accounts.models import Role, RoleGrant
from jenjang.people.tests.factories import UserFactory
from jenjang.performance.tests.factories import make_final_rating
from jenjang.talent import demo, selectors
from jenjang.talent.models import KeyPosition, Placement, RemedialPlan, TalentReview

pytestmark = pytest.mark.django_db


def test_demo_builds_once_from_the_performance_areas_ratings(world):
    hr = UserFactory(username="admin.bkpsdm")
    RoleGrant.objects.create(user=hr, role=Role.HR_ADMIN, agency=world.agency)
    world.employee.user.username = "pegawai"
    world.employee.user.save()
    world.supervisor.user.username = "atasan"
    world.supervisor.user.save()
    # What the performance demo step (order 100) leaves: last year's finals.
    make_final_rating(world.employee, 2025, "sangat_baik")
    make_final_rating(world.mentor, 2025, "baik")
    make_final_rating(world.puskesmas_employee, 2025, "kurang")
    today = dt.date(2026, 3, 1)
    lines = []
    demo.build(
        agency=world.agency, today=today, rng=random.Random(1), stdout=lines.append
    )
    reviews = list(TalentReview.objects.values_list("name", "status"))
    assert reviews == [
        ("Pemetaan Talenta 2025", "open"),
        ("Pemetaan Talenta 2025 semester I", "closed"),
    ]
    current = TalentReview.objects.get(name="Pemetaan Talenta 2025")
    mine = Placement.objects.get(review=current, employee=world.employee)
    assert (mine.computed_box, mine.is_confirmed) == (9, True)
    transitions = selectors.transitions(user=hr, review=current)
    assert transitions.previous.name == "Pemetaan Talenta 2025 semester I"
    assert transitions.stayed + transitions.moved_up + transitions.moved_down >= 2
    # Atasan's report rated Baik with a low potential: box 2, a plan to confirm.
    plan = RemedialPlan.objects.get(employee=world.mentor)
    assert (plan.trigger, plan.status) == ("box", "opened")
    low = RemedialPlan.objects.get(employee=world.puskesmas_employee)
    assert (low.trigger, low.status) == ("predikat", "in_progress")
    assert KeyPosition.objects.count() == 1  # the world's one pengawas post
    assert len(lines) == 1
    counts = (TalentReview.objects.count(), Placement.objects.count())
    demo.build(
        agency=world.agency, today=today, rng=random.Random(1), stdout=lines.append
    )
    assert (TalentReview.objects.count(), Placement.objects.count()) == counts
    assert len(lines) == 1


def test_demo_reads_no_test_factory_at_runtime():
    import inspect

    assert "tests" not in inspect.getsource(demo)
