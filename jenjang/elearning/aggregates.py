"""Aggregate figures of e-learning for a reader's scope (the leaders' dashboards).

The people of the user's report scope (`enrolments_visible_to`, as the
e-learning report), enrolments made in the year, counted by status per course
like `report_by_course`. Overdue: past the due date and not completed, on
`today`.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from jenjang.elearning.models import Enrolment
from jenjang.elearning.selectors import enrolments_visible_to
from jenjang.people.models import OrgUnit

S = Enrolment.Status


@dataclass(frozen=True)
class CourseCounts:
    course_id: int
    title: str
    enrolled: int
    in_progress: int
    completed: int
    overdue: int


def enrolment_counts_by_course(
    *, user, year: int, unit: OrgUnit | None = None, today: dt.date | None = None
) -> list[CourseCounts]:
    """Per course: enrolled, in progress, completed and overdue (one query).

    Ordered by enrolments (most first), then title and id.
    """
    today = today or timezone.localdate()
    qs = enrolments_visible_to(user).filter(enrolled_at__year=year)
    if unit is not None:
        qs = qs.filter(employee__org_unit__path__startswith=unit.path)
    rows = (
        qs.order_by()
        .values("course_id", "course__title")
        .annotate(
            enrolled=Count("pk"),
            in_progress=Count("pk", filter=Q(status=S.IN_PROGRESS)),
            completed=Count("pk", filter=Q(status=S.COMPLETED)),
            overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=S.COMPLETED)),
        )
    )
    found = [
        CourseCounts(
            course_id=r["course_id"],
            title=r["course__title"],
            enrolled=r["enrolled"],
            in_progress=r["in_progress"],
            completed=r["completed"],
            overdue=r["overdue"],
        )
        for r in rows
    ]
    return sorted(found, key=lambda r: (-r.enrolled, r.title, r.course_id))
