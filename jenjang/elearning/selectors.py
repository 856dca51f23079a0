"""Reads of the elearning area; every read of people goes through core.scoping."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.scoping import people_scope_q, scope_for
from jenjang.elearning.models import (
    Course,
    CourseVersion,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
)
from jenjang.elearning.permissions import REPORT
from jenjang.elearning.services.learning import employee_of

# --- Hooks for other apps ------------------------------------------------------------


def enrolment_link(source_id: str) -> str | None:
    if not source_id.isdigit():
        return None
    return reverse("elearning:enrolment", args=[int(source_id)])


def enrolment_siasn(source_ids: list[str]) -> dict[str, dict]:
    ids = [int(s) for s in source_ids if s.isdigit()]
    rows = Enrolment.objects.filter(pk__in=ids).select_related("course__agency")
    return {
        str(e.pk): {
            "started_on": timezone.localtime(e.started_at).date()
            if e.started_at
            else None,
            "organiser": e.course.agency.name,
            "certificate_number": e.certificate_number,
        }
        for e in rows
    }


# --- Learner --------------------------------------------------------------------------


def enrolments_with_progress(employee) -> list[Enrolment]:
    """The employee's enrolments, each with `percent` (required lessons done)."""
    enrolments = list(
        Enrolment.objects.filter(employee=employee)
        .select_related("course", "version")
        .order_by("status", "due_on", "-enrolled_at")
    )
    if not enrolments:
        return []
    versions = {e.version_id for e in enrolments}
    required = dict(
        Lesson.objects.filter(module__version_id__in=versions, required=True)
        .values("module__version_id")
        .annotate(n=Count("pk"))
        .values_list("module__version_id", "n")
    )
    done = dict(
        LessonProgress.objects.filter(
            enrolment__in=enrolments, completed_at__isnull=False, lesson__required=True
        )
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    today = timezone.localdate()
    for e in enrolments:
        total = required.get(e.version_id, 0)
        e.percent = (
            100
            if e.status == Enrolment.Status.COMPLETED
            else (int(done.get(e.pk, 0) * 100 / total) if total else 0)
        )
        e.overdue = bool(
            e.due_on and e.due_on < today and e.status != Enrolment.Status.COMPLETED
        )
    return enrolments


def version_jps(version_ids) -> dict[int, Decimal]:
    """JP per version from the estimated minutes (1 JP = 45 minutes), one query."""
    from django.db.models import Sum

    minutes = dict(
        Lesson.objects.filter(module__version_id__in=list(version_ids))
        .values("module__version_id")
        .annotate(m=Sum("estimated_minutes"))
        .values_list("module__version_id", "m")
    )
    return {
        vid: (Decimal(minutes.get(vid) or 0) / 45).quantize(Decimal("0.01"))
        for vid in version_ids
    }


def catalog_for(employee) -> list[Course]:
    """Published courses open in the employee's agency, with JP and enrolment flag."""
    mine = Enrolment.objects.filter(course=OuterRef("pk"), employee=employee)
    courses = list(
        Course.objects.filter(
            agency_id=employee.agency_id, published_version__isnull=False
        )
        .filter(Q(open_enrolment=True) | Exists(mine))
        .annotate(enrolled=Exists(mine))
        .select_related("published_version")
        .prefetch_related("competencies")
    )
    jps = version_jps({c.published_version_id for c in courses})
    for c in courses:
        c.jp = jps[c.published_version_id]
    return courses


def version_outline(version: CourseVersion, enrolment: Enrolment | None = None):
    """Modules with their lessons; with an enrolment, each lesson's `done`."""
    modules = list(
        Module.objects.filter(version=version).prefetch_related(
            Prefetch(
                "lessons",
                queryset=Lesson.objects.order_by("order", "pk").select_related(),
            )
        )
    )
    done = set()
    if enrolment is not None:
        done = set(
            LessonProgress.objects.filter(
                enrolment=enrolment, completed_at__isnull=False
            ).values_list("lesson_id", flat=True)
        )
    for module in modules:
        for lesson in module.lessons.all():
            lesson.done = lesson.pk in done
    return modules


def home_panel(request) -> dict | None:
    employee = employee_of(request.user)
    if employee is None:
        return None
    enrolments = enrolments_with_progress(employee)
    active = [e for e in enrolments if e.status != Enrolment.Status.COMPLETED]
    taken = {e.course_id for e in enrolments}
    recommended = [c for c in catalog_for(employee) if c.pk not in taken][:3]
    return {"enrolments": active[:5], "recommended": recommended}


def recommendations(employee, gaps):
    """Development recommendations: published courses that develop a gap competency."""
    from jenjang.development.recommendations import Recommendation, gap_reason
    from jenjang.development.services.ledger import form_by_code
    from jenjang.elearning.services.learning import ELEARNING_FORM_CODE, version_jp

    by_competency = {g.competency.pk: g for g in gaps}
    if not by_competency:
        return []
    done = Enrolment.objects.filter(
        employee=employee, status=Enrolment.Status.COMPLETED
    ).values("course_id")
    courses = (
        Course.objects.filter(
            agency_id=employee.agency_id,
            published_version__isnull=False,
            competencies__in=list(by_competency),
        )
        .exclude(pk__in=done)
        .select_related("published_version")
        .prefetch_related("competencies")
        .distinct()
    )
    form = form_by_code(ELEARNING_FORM_CODE)
    found = []
    for course in courses:
        for competency in course.competencies.all():
            gap = by_competency.get(competency.pk)
            if gap is None:
                continue
            found.append(
                Recommendation(
                    title=_("E-learning: %(title)s") % {"title": course.title},
                    form=form,
                    reason=gap_reason(gap),
                    url=reverse("elearning:course", args=[course.pk]),
                    source="elearning",
                    competency=competency,
                    gap_size=gap.gap or 0,
                    jp=version_jp(course.published_version) or Decimal("1"),
                )
            )
    return found


# --- Reports --------------------------------------------------------------------------


def enrolments_visible_to(user):
    """Enrolments of the people in the user's report scope."""
    scope = scope_for(user, perm=REPORT)
    return Enrolment.objects.filter(people_scope_q(scope, prefix="employee__"))


def _status_counts(qs, key: str, today: dt.date):
    return (
        qs.values(key)
        .annotate(
            enrolled=Count("pk"),
            in_progress=Count("pk", filter=Q(status=Enrolment.Status.IN_PROGRESS)),
            completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
            overdue=Count(
                "pk",
                filter=Q(due_on__lt=today) & ~Q(status=Enrolment.Status.COMPLETED),
            ),
        )
        .order_by(key)
    )


def report_by_course(user) -> list[dict]:
    today = timezone.localdate()
    rows = _status_counts(enrolments_visible_to(user), "course_id", today)
    titles = dict(Course.objects.values_list("pk", "title"))
    return [dict(r, course=titles.get(r["course_id"], "")) for r in rows]


def report_by_unit(user, course_id: int | None = None) -> list[dict]:
    today = timezone.localdate()
    qs = enrolments_visible_to(user)
    if course_id:
        qs = qs.filter(course_id=course_id)
    rows = _status_counts(qs, "employee__org_unit__name", today)
    return [dict(r, unit=r["employee__org_unit__name"]) for r in rows]


def reportable_courses(user):
    """Courses owned by a unit in the user's report scope."""
    from jenjang.core.scoping import unit_scope_q
    from jenjang.people.models import OrgUnit

    scope = scope_for(user, perm=REPORT)
    return Course.objects.filter(
        owner_unit__in=OrgUnit.objects.filter(unit_scope_q(scope))
    )


def assignable_courses(user):
    """Published courses of the agencies the user may assign in."""
    from jenjang.core.scoping import unit_scope_q
    from jenjang.elearning.permissions import ASSIGN
    from jenjang.people.models import OrgUnit

    scope = scope_for(user, perm=ASSIGN)
    agencies = OrgUnit.objects.filter(unit_scope_q(scope)).values("agency_id")
    return Course.objects.filter(
        published_version__isnull=False, agency_id__in=agencies
    )
