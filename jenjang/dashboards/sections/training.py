"""Training: coverage by job field (rumpun jabatan), batches held and pass rate.

Scoped as the training app scopes its impact report (`training.view_impact`):
participants and staff are the people of the user's scope, batches those
organised by a unit of it. A participant counts in the year their batch ends;
the JP are the program's JP of every passed participant (what the training
app posts to the ledger). The catalog is shared, so "programs targeted" counts
every active program aimed at the job field.

Reads the training models directly: the training app has no aggregate
selector for these figures yet (to move down into `training.selectors`).
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.dashboards.sections import (
    Chart,
    Context,
    Figure,
    Section,
    SectionData,
    Series,
    Table,
    percent,
    register,
)
from jenjang.people.models import Employee, JobField
from jenjang.training.models import Batch, Enrolment, TrainingProgram

PERM = "training.view_impact"
S = Enrolment.Status


def _rows(ctx: Context) -> tuple[list[dict], dict]:
    """Per job field: programs, staff, passed, trained staff, JP; and the totals."""
    scope = scope_for(ctx.user, perm=PERM)  # empty without the permission
    staff = Employee.objects.filter(people_scope_q(scope), is_active=True)
    results = Enrolment.objects.filter(
        people_scope_q(scope, prefix="employee__"),
        batch__ends_on__year=ctx.year,
        status__in=(S.PASSED, S.FAILED),
    )
    batches = Batch.objects.filter(
        unit_scope_q(scope, prefix="org_unit__"),
        starts_on__year=ctx.year,
        ends_on__lte=ctx.today or timezone.localdate(),
    ).exclude(status=Batch.Status.CANCELLED)
    if ctx.unit is not None:
        staff = staff.filter(org_unit__path__startswith=ctx.unit.path)
        results = results.filter(employee__org_unit__path__startswith=ctx.unit.path)
        batches = batches.filter(org_unit__path__startswith=ctx.unit.path)
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
            {
                "name": names.get(fid) or str(_("Tanpa rumpun jabatan")),
                "programs": programs.get(fid, 0),
                "staff": heads.get(fid, 0),
                "passed": r.get("passed", 0),
                "failed": r.get("failed", 0),
                "trained": r.get("trained", 0),
                "jp": r.get("jp") or Decimal("0"),
            }
        )
    totals = {
        "batches": batches.count(),
        "programs": TrainingProgram.objects.filter(is_active=True).count(),
    }
    return rows, totals


def build(ctx: Context) -> SectionData:
    rows, totals = _rows(ctx)
    passed = sum(r["passed"] for r in rows)
    failed = sum(r["failed"] for r in rows)
    staff = sum(r["staff"] for r in rows)
    trained = sum(r["trained"] for r in rows)
    jp = sum((r["jp"] for r in rows), Decimal("0"))
    data = SectionData(key="training", title=str(_("Pelatihan")))
    data.figures = [
        Figure("programs", _("Program aktif di katalog"), totals["programs"]),
        Figure("batches_held", _("Angkatan terselenggara"), totals["batches"]),
        Figure("passed", _("Peserta lulus"), passed),
        Figure(
            "pass_rate", _("Tingkat kelulusan"), percent(passed, passed + failed), "%"
        ),
        Figure("jp", _("JP dari pelatihan"), jp, "JP"),
        Figure("coverage", _("Pegawai terlatih"), percent(trained, staff), "%"),
    ]
    data.charts = [
        Chart(
            key="by_job_field",
            kind="bar",
            title=str(_("Peserta lulus dan JP per rumpun jabatan")),
            labels=[r["name"] for r in rows],
            series=[
                Series(str(_("Peserta lulus")), [float(r["passed"]) for r in rows]),
                Series(str(_("JP")), [float(r["jp"]) for r in rows]),
            ],
        )
    ]
    data.tables = [
        Table(
            key="job_fields",
            title=str(_("Cakupan pelatihan per rumpun jabatan")),
            columns=[
                str(_("Rumpun jabatan")),
                str(_("Program sasaran")),
                str(_("Pegawai")),
                str(_("Peserta lulus")),
                str(_("Tidak lulus")),
                str(_("Pegawai terlatih")),
                str(_("Persen pegawai terlatih")),
                str(_("JP")),
            ],
            rows=[
                [
                    r["name"],
                    r["programs"],
                    r["staff"],
                    r["passed"],
                    r["failed"],
                    r["trained"],
                    percent(r["trained"], r["staff"]),
                    r["jp"],
                ]
                for r in rows
            ],
        )
    ]
    data.notes = [
        str(
            _(
                "Peserta dihitung pada tahun angkatannya selesai; JP adalah JP program "
                "setiap peserta yang lulus."
            )
        )
    ]
    return data


register(
    Section(
        key="training",
        title=gettext_lazy("Pelatihan"),
        icon="bi-easel",
        build=build,
        order=20,
    )
)
