"""The demo step: idempotent, cascade-consistent, something to do for the logins."""

import random

import pytest
from django.utils import timezone

from jenjang.performance import demo
from jenjang.performance.models import Evaluation, Rhk, Skp
from jenjang.performance.selectors import annual_predikat

pytestmark = pytest.mark.django_db


def test_demo_builds_once_and_cascades_consistently(world):
    world.employee.user.username = "pegawai"
    world.employee.user.save()
    world.supervisor.user.username = "atasan"
    world.supervisor.user.save()
    out: list[str] = []
    year = timezone.localdate().year

    demo.build(agency=world.agency, rng=random.Random(1), stdout=out.append)
    counts = (Skp.objects.count(), Evaluation.objects.count(), Rhk.objects.count())
    demo.build(agency=world.agency, rng=random.Random(1), stdout=out.append)

    assert (Skp.objects.count(), Evaluation.objects.count(), Rhk.objects.count()) == (
        counts
    )
    assert out[-1] == "Data kinerja demo sudah ada; tidak dibuat ulang."
    # Every cascaded RHK intervenes an RHK of its evaluator of the same year.
    for rhk in Rhk.objects.select_related(
        "skp__performance_year", "parent__skp__performance_year"
    ).exclude(parent=None):
        assert rhk.parent.skp.employee_id == rhk.skp.evaluator_id
        assert rhk.parent.skp.performance_year.year == rhk.skp.performance_year.year
    # Last year is final for everyone; this year the demo pegawai has a result to
    # answer and the atasan an SKP to approve.
    people = [world.employee.pk, world.mentor.pk, world.supervisor.pk]
    assert set(annual_predikat(people, [year - 1])) == {(p, year - 1) for p in people}
    skp = Skp.objects.get(employee=world.employee, performance_year__year=year)
    assert skp.status == "approved"
    assert skp.rhks.filter(parent__skp__employee=world.supervisor).count() == 2
    mentor = Skp.objects.get(employee=world.mentor, performance_year__year=year)
    assert mentor.status == "submitted"
    assert mentor.rhks.filter(parent__skp__employee=world.supervisor).count() == 2
