"""Shared fixtures and builders for the IDP tests (no tests of its own).

Time stands still on 10 March 2026 in Jakarta. Two competencies the world's
employee is assessed below standard in: Analisis Data Kesehatan (technical,
1 → 4, the larger gap) and Pelayanan Publik Uji (managerial, 2 → 3).
"""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest

from jenjang.accounts.models import Role
from jenjang.accounts.roles import ROLE_PERMISSIONS
from jenjang.competencies.models import (
    Assessment,
    Competency,
    CompetencyLevel,
    PositionStandard,
)
from jenjang.development.models import (
    DevelopmentForm,
    DevelopmentPlan,
    LedgerEntry,
    PlanActivity,
    PlanEvent,
    PlanGoal,
)
from jenjang.development.selectors.plans import REVIEW_PERM
from jenjang.development.services.conversion import ensure_seeded
from jenjang.development.services.jp_totals import jp_total_add

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=JAKARTA)
YEAR = 2026
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_time(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True)
def hr_approves_plans(monkeypatch):
    """HR admins decide on plans in their unit subtree (the IDP brief).

    accounts/roles.py does not give them `development.approve_plans` yet;
    the lead adds it (see the report). Until then the tests grant it here,
    so they hold before and after that change.
    """
    for role in (Role.HR_ADMIN, Role.SUPERADMIN):
        monkeypatch.setitem(
            ROLE_PERMISSIONS, role, ROLE_PERMISSIONS[role] | {REVIEW_PERM}
        )


@pytest.fixture
def forms(db) -> dict[int, DevelopmentForm]:
    """The SIASN development forms by code (seeded by migration 0002)."""
    ensure_seeded()
    return {f.siasn_code: f for f in DevelopmentForm.objects.all()}


def make_competency(code: str, name: str, kind: str, levels: int = 5) -> Competency:
    competency = Competency.objects.create(code=code, name=name, kind=kind)
    CompetencyLevel.objects.bulk_create(
        CompetencyLevel(competency=competency, level=n, title=f"{name} tingkat {n}")
        for n in range(1, levels + 1)
    )
    return competency


def assess(employee, competency, level: int, on=dt.date(2025, 11, 1)) -> Assessment:
    return Assessment.objects.create(
        employee=employee,
        competency=competency,
        level=level,
        assessed_on=on,
        source=Assessment.Source.SUPERVISOR,
    )


@pytest.fixture
def gaps(world):
    """Give the staff position two required competencies the employee falls short of."""
    service = make_competency(
        "pelayanan-publik-uji", "Pelayanan Publik Uji", "managerial"
    )
    data = make_competency("analisis-data-kes", "Analisis Data Kesehatan", "technical")
    for competency, level in ((service, 3), (data, 4)):
        PositionStandard.objects.create(
            position=world.staff_position, competency=competency, required_level=level
        )
    assess(world.employee, service, 2)
    assess(world.employee, data, 1)
    return {"service": service, "data": data}


def make_plan(
    employee,
    *,
    status: str = DevelopmentPlan.Status.DRAFT,
    year: int = YEAR,
    form: DevelopmentForm | None = None,
    activities: int = 1,
) -> DevelopmentPlan:
    """Write a plan in a given state directly, with its activities and events."""
    plan = DevelopmentPlan.objects.create(employee=employee, year=year, status=status)
    form = form or DevelopmentForm.objects.get(siasn_code=3)
    for n in range(activities):
        PlanActivity.objects.create(
            plan=plan,
            form=form,
            title=f"Pelatihan teknis {n + 1}",
            planned_start=dt.date(year, 4, 1),
            planned_end=dt.date(year, 4, 3),
            planned_jp=Decimal("24"),
        )
    user = employee.user
    PlanEvent.objects.create(plan=plan, action=PlanEvent.Action.CREATED, actor=user)
    if status != DevelopmentPlan.Status.DRAFT:
        PlanEvent.objects.create(
            plan=plan, action=PlanEvent.Action.SUBMITTED, actor=user
        )
    if status == DevelopmentPlan.Status.RETURNED:
        PlanEvent.objects.create(
            plan=plan, action=PlanEvent.Action.RETURNED, comment="Perbaiki."
        )
    if status == DevelopmentPlan.Status.APPROVED:
        PlanEvent.objects.create(plan=plan, action=PlanEvent.Action.APPROVED)
    return plan


def add_goal(plan, competency, target_level: int = 3) -> PlanGoal:
    return PlanGoal.objects.create(
        plan=plan, competency=competency, target_level=target_level
    )


def post_entry(
    employee,
    form: DevelopmentForm,
    on: dt.date,
    jp: str = "8",
    *,
    source_type: str = "test.source",
    source_id: str | None = None,
) -> LedgerEntry:
    """Write a ledger posting directly (the ledger's own service is tested there).

    The yearly total is added as `ledger_post` adds it, so reads agree.
    """
    count = LedgerEntry.objects.count()
    entry = LedgerEntry.objects.create(
        employee=employee,
        occurred_on=on,
        jp=Decimal(jp),
        form=form,
        title=f"Kegiatan {count + 1}",
        source_type=source_type,
        source_id=source_id or f"s{count + 1}",
    )
    jp_total_add(employee_id=employee.pk, year=on.year, jp=entry.jp)
    return entry


def reverse_entry(entry: LedgerEntry) -> LedgerEntry:
    jp_total_add(
        employee_id=entry.employee_id, year=entry.occurred_on.year, jp=-entry.jp
    )
    return LedgerEntry.objects.create(
        employee=entry.employee,
        occurred_on=entry.occurred_on,
        jp=-entry.jp,
        form=entry.form,
        title=entry.title,
        kind=LedgerEntry.Kind.REVERSAL,
        reverses=entry,
        source_type=entry.source_type,
        source_id=entry.source_id,
        reason="Salah catat",
    )
