"""The demo step builds reviews, key positions and remedial plans, once."""

import datetime as dt
import random

import pytest

from jenjang.accounts.models import Role, RoleGrant
from jenjang.people.tests.factories import UserFactory
from jenjang.talent import demo
from jenjang.talent.models import KeyPosition, Placement, RemedialPlan, TalentReview

pytestmark = pytest.mark.django_db


def test_demo_builds_once(world):
    hr = UserFactory(username="admin.bkpsdm")
    RoleGrant.objects.create(user=hr, role=Role.HR_ADMIN, agency=world.agency)
    world.employee.user.username = "pegawai"
    world.employee.user.save()
    world.supervisor.user.username = "atasan"
    world.supervisor.user.save()
    today = dt.date(2026, 3, 1)
    lines = []
    demo.build(
        agency=world.agency, today=today, rng=random.Random(1), stdout=lines.append
    )
    assert list(TalentReview.objects.values_list("name", flat=True)) == [
        "Pemetaan Talenta 2025",
        "Pemetaan Talenta 2024",
    ]
    mine = Placement.objects.get(review__year=2025, employee=world.employee)
    assert (mine.computed_box, mine.is_confirmed) == (9, True)
    assert RemedialPlan.objects.filter(
        employee__position__reports_to=world.supervisor.position,
        evaluation_year=2025,
        status="opened",
    ).exists()
    assert KeyPosition.objects.count() == 1  # the world's one pengawas post
    assert len(lines) == 1
    counts = (TalentReview.objects.count(), Placement.objects.count())
    demo.build(
        agency=world.agency, today=today, rng=random.Random(1), stdout=lines.append
    )
    assert (TalentReview.objects.count(), Placement.objects.count()) == counts
    assert len(lines) == 1
