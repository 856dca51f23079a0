"""The IDP demo step on the demo regency: every state, "pegawai" and "atasan"."""

import io
import random

import pytest

from jenjang.accounts.models import User
from jenjang.development import demo_plans
from jenjang.development.models import DevelopmentPlan, PlanEvent
from jenjang.development.selectors.plans import plan_inbox_for, plan_list_own
from jenjang.people.demo import run_demo

DEMO_OUTPUT: list[str] = []


@pytest.fixture
def regency(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    DEMO_OUTPUT.clear()
    return run_demo(write=DEMO_OUTPUT.append).agency


def build(agency) -> str:
    out = io.StringIO()
    demo_plans.build(agency=agency, rng=random.Random("idp"), stdout=out)
    return out.getvalue()


def test_demo_plans_cover_every_state_and_the_demo_logins(regency):
    # `jenjang demo` runs the IDP step after the registry and competencies.
    plans = DevelopmentPlan.objects.filter(employee__agency=regency)
    total = plans.count()
    assert (
        f"Rencana pengembangan (IDP) {plans.first().year}: {total} dibuat."
        in DEMO_OUTPUT
    )
    employees = regency.employees.filter(is_active=True).count()
    assert employees * 0.3 < total < employees * 0.5
    assert set(plans.values_list("status", flat=True)) == set(
        DevelopmentPlan.Status.values
    )
    assert not plans.filter(activities__isnull=True).exists()
    assert not plans.filter(events__isnull=True).exists()

    pegawai, atasan = (User.objects.get(username=u) for u in ("pegawai", "atasan"))
    (own,) = plan_list_own(user=pegawai)
    assert own.status == DevelopmentPlan.Status.RETURNED
    returned = own.events.get(action=PlanEvent.Action.RETURNED)
    assert returned.actor == atasan
    assert returned.comment == demo_plans.RETURN_COMMENTS[0]
    assert sum(a.planned_jp for a in own.activities.all()) < own.target_jp
    assert own.goals.exists()

    inbox = list(plan_inbox_for(user=atasan))
    assert inbox
    assert {p.status for p in inbox} == {DevelopmentPlan.Status.SUBMITTED}
    assert own not in inbox

    approved = plans.filter(status=DevelopmentPlan.Status.APPROVED)
    assert not approved.filter(approved_at__isnull=True).exists()
    for plan in plans.prefetch_related("events")[:50]:
        moments = [e.at for e in plan.events.all()]
        assert moments == sorted(moments)


def test_demo_plans_are_idempotent(regency):
    build(regency)
    before = DevelopmentPlan.objects.count()
    events = PlanEvent.objects.count()
    assert (
        build(regency)
        == f"Rencana demo {DevelopmentPlan.objects.first().year} sudah ada; tidak dibuat ulang."
    )
    assert (DevelopmentPlan.objects.count(), PlanEvent.objects.count()) == (
        before,
        events,
    )
