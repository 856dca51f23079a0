"""E-learning: enrolments, in progress, completions and overdue, per course.

Reads `elearning.aggregates.enrolment_counts_by_course` (the people of the
user's report scope, as the e-learning report does, counted by status like its
`report_by_course`), restricted to the enrolments made in the year (and the
unit subtree when one is chosen). Overdue: past the due date and not
completed, on the dashboard's day.
"""

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
from jenjang.elearning.aggregates import enrolment_counts_by_course

TOP = 10


def build(ctx: Context) -> SectionData:
    rows = [
        {
            "course_id": r.course_id,
            "course__title": r.title,
            "enrolled": r.enrolled,
            "in_progress": r.in_progress,
            "completed": r.completed,
            "overdue": r.overdue,
        }
        for r in enrolment_counts_by_course(
            user=ctx.user, year=ctx.year, unit=ctx.unit, today=ctx.today
        )
    ]
    total = {
        k: sum(r[k] for r in rows)
        for k in ("enrolled", "in_progress", "completed", "overdue")
    }
    top = rows[:TOP]
    data = SectionData(key="elearning", title=str(_("E-learning")))
    data.figures = [
        Figure("courses", _("Kursus diikuti"), len(rows)),
        Figure("enrolled", _("Peserta terdaftar"), total["enrolled"]),
        Figure("in_progress", _("Sedang belajar"), total["in_progress"]),
        Figure("completed", _("Selesai"), total["completed"]),
        Figure(
            "completion_rate",
            _("Tingkat penyelesaian"),
            percent(total["completed"], total["enrolled"]),
            "%",
        ),
        Figure("overdue", _("Lewat batas waktu"), total["overdue"]),
    ]
    data.charts = [
        Chart(
            key="top_courses",
            kind="bar",
            title=str(_("Sepuluh kursus dengan peserta terbanyak")),
            labels=[r["course__title"] for r in top],
            series=[
                Series(str(_("Terdaftar")), [float(r["enrolled"]) for r in top]),
                Series(str(_("Selesai")), [float(r["completed"]) for r in top]),
                Series(str(_("Lewat batas waktu")), [float(r["overdue"]) for r in top]),
            ],
        )
    ]
    data.tables = [
        Table(
            key="courses",
            title=str(_("Sepuluh kursus dengan peserta terbanyak")),
            columns=[
                str(_("Kursus")),
                str(_("Terdaftar")),
                str(_("Sedang belajar")),
                str(_("Selesai")),
                str(_("Lewat batas waktu")),
                str(_("Persen selesai")),
            ],
            rows=[
                [
                    r["course__title"],
                    r["enrolled"],
                    r["in_progress"],
                    r["completed"],
                    r["overdue"],
                    percent(r["completed"], r["enrolled"]),
                ]
                for r in top
            ],
        )
    ]
    data.notes = [str(_("Peserta dihitung pada tahun pendaftarannya."))]
    return data


register(
    Section(
        key="elearning",
        title=gettext_lazy("E-learning"),
        icon="bi-laptop",
        build=build,
        order=30,
    )
)
