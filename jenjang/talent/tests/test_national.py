"""`jenjang demo --employees N`: the talent step (reviews, placements, succession)."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from jenjang.people.models import Agency, Employee
from jenjang.people.national import build_everything
from jenjang.talent import rules
from jenjang.talent import selectors as sel
from jenjang.talent.models import (
    KeyPosition,
    Placement,
    PotentialInput,
    PromotionRule,
    RemedialPlan,
    SuccessionCandidate,
    SuccessionPlan,
    TalentConfig,
    TalentReview,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 29)
N = 600
STEPS = {"people", "competencies", "performance", "talent"}


def _build(seed: int):
    ctx = build_everything(
        employees=N, seed=seed, today=TODAY, batch_size=500, only=STEPS
    )
    connection.check_constraints()  # foreign keys and checks, deferred until now
    return ctx


def _snapshot() -> list:
    return [
        list(
            Placement.objects.order_by("employee_id", "review__year").values_list(
                "employee_id",
                "review__year",
                "computed_box",
                "override_box",
                "potential_score",
                "confirmed_at",
            )
        ),
        list(
            SuccessionCandidate.objects.order_by(
                "plan__key_position__position_id", "rank_order"
            ).values_list("plan__key_position__position_id", "employee_id", "box")
        ),
        list(
            RemedialPlan.objects.order_by("employee_id", "evaluation_year").values_list(
                "employee_id", "evaluation_year", "trigger", "status"
            )
        ),
    ]


def test_talent_reviews_in_national_proportions():
    ctx = _build(seed=11)
    agencies = Agency.objects.filter(talent_reviews__isnull=False).distinct().count()
    assert agencies >= 1
    assert ctx.counts["talent.TalentReview"] == 2 * agencies
    assert TalentConfig.objects.count() == PromotionRule.objects.count() == agencies
    # two finished years: 2024 closed, every placement confirmed; 2025 open
    assert set(TalentReview.objects.values_list("year", "status")) == {
        (2024, "closed"),
        (2025, "open"),
    }
    assert PotentialInput.objects.count() == 2 * N
    # everyone has a predikat for both finished years, so everyone is placed
    assert Placement.objects.count() == 2 * N
    closed = Placement.objects.filter(review__status="closed")
    assert not closed.filter(confirmed_at__isnull=True).exists()
    latest = Placement.objects.filter(review__status="open")
    confirmed = latest.filter(confirmed_at__isnull=False).count()
    assert 0.6 * N <= confirmed <= 0.85 * N
    # the talent pool is confirmed; the box is the rule's box
    boxes = latest.annotate(b=Coalesce("override_box", "computed_box"))
    assert not boxes.filter(b__in=rules.POOL_BOXES, confirmed_at__isnull=True).exists()
    for p in Placement.objects.all()[:200]:
        assert p.computed_box == rules.nine_box(p.performance_level, p.potential_level)
        assert p.inputs["predikat"]
    # every box used, middle boxes most (a realistic spread)
    spread = dict(
        latest.values("computed_box")
        .annotate(n=Count("id"))
        .values_list("computed_box", "n")
    )
    assert spread.get(5, 0) == max(spread.values())
    assert 0.4 * N <= spread.get(5, 0) <= 0.85 * N
    pool = sum(spread.get(b, 0) for b in rules.POOL_BOXES)
    assert 0.05 * N <= pool <= 0.4 * N
    overrides = Placement.objects.filter(override_box__isnull=False)
    assert overrides.count() <= 0.05 * 2 * N
    assert not overrides.filter(override_reason="").exists()
    assert not overrides.filter(override_box=F("computed_box")).exists()


def test_remedial_and_succession_follow_the_rules():
    _build(seed=11)
    plans = RemedialPlan.objects.all()
    assert plans.exists()
    assert not plans.filter(trigger="box", placement__isnull=True).exists()
    for plan in plans.select_related("placement"):
        if plan.trigger == "box":
            assert plan.placement.box in rules.REMEDIAL_BOXES
            assert plan.placement.is_confirmed
        else:
            assert not rules.predikat_at_least(plan.trigger_predikat, "baik")
    assert not plans.filter(evaluation_year=2024, status__in=["opened"]).exists()
    assert not plans.filter(evaluation_year=2025, closed_at__isnull=False).exists()
    assert not plans.annotate(n=Count("activities")).filter(n=0).exists()
    assert plans.count() <= 0.4 * 2 * N
    # key positions: every JPT Pratama post, each with a plan of ≤ 3 candidates
    keys = KeyPosition.objects.all()
    assert keys.exists()
    assert SuccessionPlan.objects.count() == keys.count()
    per_plan = SuccessionPlan.objects.annotate(n=Count("candidates"))
    assert not per_plan.filter(n__gt=3).exists()
    assert per_plan.filter(n__gt=0).exists()
    candidates = SuccessionCandidate.objects.select_related("plan__key_position")
    for c in candidates:
        assert c.box in rules.POOL_BOXES
        placement = Placement.objects.get(
            review=c.plan.review_id, employee=c.employee_id
        )
        assert placement.box == c.box
        assert placement.is_confirmed
        assert c.employee.position_id != c.plan.key_position.position_id
    # ranked: readiness does not rise down a plan
    for plan in SuccessionPlan.objects.prefetch_related("candidates"):
        scores = [c.readiness for c in plan.candidates.all()]
        assert scores == sorted(scores, reverse=True)


def test_the_progress_list_finds_candidates_in_national_data(hr_of_first_agency):
    _build(seed=11)
    user, agency = hr_of_first_agency()
    rows = sel.progress_candidates(user=user, agency=agency, today=TODAY)
    staff = Employee.objects.filter(agency=agency).count()
    assert 0 < len(rows) <= 0.3 * staff
    assert all(r.result.matches for r in rows)


def _rolled_back(seed: int) -> list:
    point = transaction.savepoint()
    try:
        _build(seed)
        return _snapshot()
    finally:
        transaction.savepoint_rollback(point)


def test_the_talent_step_is_deterministic():
    first = _rolled_back(seed=11)
    assert all(first)
    assert _rolled_back(seed=11) == first
    assert _rolled_back(seed=12) != first


@pytest.fixture
def hr_of_first_agency():
    from jenjang.accounts.models import Role, RoleGrant
    from jenjang.people.tests.factories import UserFactory

    def make():
        agency = (
            Agency.objects.annotate(n=Count("employees"))
            .filter(~Q(n=0))
            .order_by("id")
            .first()
        )
        user = UserFactory(username="talent.national.hr")
        RoleGrant.objects.create(user=user, role=Role.HR_ADMIN, agency=agency)
        return user, agency

    return make
