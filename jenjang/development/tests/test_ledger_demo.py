"""The JP ledger demo step: entries for most people, pending claims, idempotent."""

import datetime as dt
import io
import random

import pytest
import time_machine

from jenjang.accounts.models import User
from jenjang.development.demo_ledger import build, demo_pdf
from jenjang.development.models import LedgerEntry, SelfLearningClaim
from jenjang.development.selectors import compliance as comp
from jenjang.development.services.claims import claim_verify, evidence_kind
from jenjang.development.tests.test_ledger_support import seeded, upload  # noqa: F401
from jenjang.people.tests.factories import EmployeeFactory

NOW = dt.datetime(2024, 9, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo_world(world):
    """The world with demo usernames and some more staff under the atasan."""
    User.objects.filter(pk=world.supervisor.user_id).update(username="atasan")
    User.objects.filter(pk=world.employee.user_id).update(username="pegawai")
    for _n in range(30):
        EmployeeFactory(position=world.staff_position)
    return world


def test_build_is_idempotent_and_shapes_the_data(demo_world):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        build(agency=demo_world.agency, rng=random.Random(7), stdout=out)
        first = LedgerEntry.objects.count()
        build(agency=demo_world.agency, rng=random.Random(7), stdout=out.write)
    assert LedgerEntry.objects.count() == first > 100
    assert "Data demo JP sudah ada; tidak dibuat ulang." in out.getvalue()
    years = set(LedgerEntry.objects.dates("occurred_on", "year"))
    assert {d.year for d in years} == {2022, 2023, 2024}
    assert LedgerEntry.objects.filter(occurred_on__gt=NOW.date()).count() == 0
    people = LedgerEntry.objects.values("employee").distinct().count()
    assert people >= 0.75 * 35
    assert comp.employee_total_jp(employee=demo_world.employee, year=2024) < 20
    with time_machine.travel(NOW, tick=False):
        below = comp.below_target_visible_to(user=_superuser(), year=2024).count()
    assert 0 < below < 35


def test_entries_respect_the_caps(demo_world):
    with time_machine.travel(NOW, tick=False):
        build(agency=demo_world.agency, rng=random.Random(3), stdout=io.StringIO())
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    per_month = (
        LedgerEntry.objects.filter(form__siasn_code__in=[14, 15])
        .annotate(month=TruncMonth("occurred_on"))
        .values("employee", "form", "month")
        .annotate(jp=Sum("jp"))
    )
    assert max(row["jp"] for row in per_month) <= 4
    per_day = (
        LedgerEntry.objects.filter(form__siasn_code=16)
        .values("employee", "occurred_on")
        .annotate(jp=Sum("jp"))
    )
    assert max(row["jp"] for row in per_day) <= 3
    assert all(e.rule_id and e.rule_note for e in LedgerEntry.objects.all()[:50])


def test_pending_claims_await_the_atasan(demo_world):
    with time_machine.travel(NOW, tick=False):
        build(agency=demo_world.agency, rng=random.Random(1), stdout=io.StringIO())
        pending = SelfLearningClaim.objects.filter(status="pending")
        assert pending.count() == 3
        assert SelfLearningClaim.objects.filter(status="rejected").count() == 1
        atasan = User.objects.get(username="atasan")
        entry = claim_verify(claim=pending.first(), by=atasan)
        assert entry.jp > 0


def test_demo_pdf_passes_the_evidence_check():
    assert evidence_kind(upload("demo.pdf", demo_pdf("Sertifikat"))) == "pdf"


def _superuser():
    from jenjang.accounts.models import Role, RoleGrant
    from jenjang.people.tests.factories import UserFactory

    user = UserFactory(username="root-demo")
    RoleGrant.objects.create(user=user, role=Role.SUPERADMIN)
    return user
