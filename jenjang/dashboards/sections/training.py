"""Training: coverage by job field (rumpun jabatan), batches held and pass rate.

The figures come from `training.aggregates.training_by_job_field` (scoped as
the training app's impact report, `training.view_impact`): a participant
counts in the year their batch ends; the JP are the program's JP of every
passed participant.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from jenjang.training.aggregates import training_by_job_field


def _rows(ctx: Context) -> tuple[list[dict], dict]:
    """Per job field: programs, staff, passed, trained staff, JP; and the totals."""
    found = training_by_job_field(
        user=ctx.user, year=ctx.year, unit=ctx.unit, today=ctx.today
    )
    rows = [
        {
            "name": r.name or str(_("Tanpa rumpun jabatan")),
            "programs": r.programs,
            "staff": r.staff,
            "passed": r.passed,
            "failed": r.failed,
            "trained": r.trained,
            "jp": r.jp,
        }
        for r in found.rows
    ]
    return rows, {"batches": found.batches_held, "programs": found.programs_active}


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
