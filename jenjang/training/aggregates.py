"""Aggregate figures of training for a reader's scope (the leaders' dashboards).

Scoped as the impact report scopes (`training.view_impact`): participants and
staff are the people of the user's scope, batches those organised by a unit
of it. A participant counts in the year their batch ends; the JP are the
program's JP of every passed participant (what this app posts to the ledger).
The catalog is shared, so "programs targeted" counts every active program
aimed at the job field.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.people.models import Employee, JobField, OrgUnit
from jenjang.training.models import Batch, Enrolment, TrainingProgram

PERM = "training.view_impact"
S = Enrolment.Status


@dataclass(frozen=True)
class JobFieldRow:
    """One job field (rumpun jabatan): None is "no job field"."""

    job_field_id: int | None
    name: str
    programs: int
    staff: int
    passed: int
    failed: int
    trained: int
    jp: Decimal


@dataclass(frozen=True)
class TrainingTotals:
    rows: list[JobFieldRow]
    batches_held: int
    programs_active: int


def training_by_job_field(
    *, user, year: int, unit: OrgUnit | None = None, today: dt.date | None = None
) -> TrainingTotals:
    """Per job field: programs, staff, passed, failed, trained staff and JP.

    A fixed six queries whatever the number of people.
    """
    today = today or timezone.localdate()
    scope = scope_for(user, perm=PERM)  # empty without the permission
    staff = Employee.objects.filter(people_scope_q(scope), is_active=True)
    results = Enrolment.objects.filter(
        people_scope_q(scope, prefix="employee__"),
        batch__ends_on__year=year,
        status__in=(S.PASSED, S.FAILED),
    )
    batches = Batch.objects.filter(
        unit_scope_q(scope, prefix="org_unit__"),
        starts_on__year=year,
        ends_on__lte=today,
    ).exclude(status=Batch.Status.CANCELLED)
    if unit is not None:
        staff = staff.filter(org_unit__path__startswith=unit.path)
        results = results.filter(employee__org_unit__path__startswith=unit.path)
        batches = batches.filter(org_unit__path__startswith=unit.path)
    field = "employee__position__job_field_id"
    per_field = {
        r[field]: r
        for r in results.order_by()
        .values(field)
        .annotate(
            passed=Count("pk", filter=Q(status=S.PASSED)),
            failed=Count("pk", filter=Q(status=S.FAILED)),
            trained=Count("employee", filter=Q(status=S.PASSED), distinct=True),
            jp=Sum("batch__program__jp", filter=Q(status=S.PASSED)),
        )
    }
    heads = dict(
        staff.order_by()
        .values("position__job_field_id")
        .annotate(n=Count("pk"))
        .values_list("position__job_field_id", "n")
    )
    programs = dict(
        TrainingProgram.objects.filter(is_active=True, job_fields__isnull=False)
        .order_by()
        .values("job_fields")
        .annotate(n=Count("pk", distinct=True))
        .values_list("job_fields", "n")
    )
    names = dict(JobField.objects.values_list("pk", "name"))
    rows = []
    for fid in sorted(
        {*per_field, *heads, *programs},
        key=lambda f: (f is None, names.get(f, "")),
    ):
        r = per_field.get(fid, {})
        rows.append(
            JobFieldRow(
                job_field_id=fid,
                name=names.get(fid, "") if fid is not None else "",
                programs=programs.get(fid, 0),
                staff=heads.get(fid, 0),
                passed=r.get("passed", 0),
                failed=r.get("failed", 0),
                trained=r.get("trained", 0),
                jp=Decimal(str(r.get("jp") or 0)),
            )
        )
    return TrainingTotals(
        rows=rows,
        batches_held=batches.count(),
        programs_active=TrainingProgram.objects.filter(is_active=True).count(),
    )
