"""Enrolment, progress and completion of a course.

Completion rule: every required lesson of the learner's version is done; a
quiz lesson is done when an attempt passed, a SCORM lesson when every SCO
reports completed (or passed). Completion posts JP to the ledger once and
issues the certificate once (both idempotent per enrolment).
"""

import datetime as dt
from decimal import Decimal

import markdown
import nh3
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.elearning.models import (
    Assignment,
    Course,
    CourseVersion,
    Enrolment,
    Lesson,
    LessonProgress,
    ScormAttempt,
)
from jenjang.elearning.services import xapi
from jenjang.elearning.versions import learners_changed
from jenjang.people.models import Employee

SOURCE_TYPE = "elearning.enrolment"
ELEARNING_FORM_CODE = 16  # SIASN jenis diklat 16: E-Learning (domain file §4.1)


def employee_of(user) -> Employee | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.employee
    except Exception:  # RelatedObjectDoesNotExist: the user has no record
        return None


def render_markdown(text: str) -> str:
    """Render lesson Markdown to HTML with everything unsafe removed (nh3)."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"])
    return nh3.clean(html, link_rel="noopener noreferrer nofollow")


def version_minutes(version: CourseVersion) -> int:
    """The course's estimated duration: the sum of its lessons' estimates."""
    total = Lesson.objects.filter(module__version=version).aggregate(
        s=Sum("estimated_minutes")
    )["s"]
    return int(total or 0)


def version_jp(version: CourseVersion) -> Decimal:
    """JP from the estimated duration: 1 JP = 45 minutes (domain file §3, §4.4).

    The ledger applies the agency's e-learning rule (BPS example: at most
    3 JP a day); this is the figure shown before enrolment.
    """
    return (Decimal(version_minutes(version)) / 45).quantize(Decimal("0.01"))


def _prerequisites_missing(course: Course, employee: Employee) -> list[str]:
    done = set(
        Enrolment.objects.filter(
            employee=employee, status=Enrolment.Status.COMPLETED
        ).values_list("course_id", flat=True)
    )
    return [c.title for c in course.prerequisites.all() if c.pk not in done]


def enrolment_create(
    *,
    course: Course,
    employee: Employee,
    by,
    assignment: Assignment | None = None,
    due_on: dt.date | None = None,
) -> Enrolment:
    """Enrol an employee in the course's published version; again returns the same.

    Self-enrolment needs open enrolment, the same agency and the
    prerequisites completed; an HR assignment skips the openness check.
    """
    existing = Enrolment.objects.filter(course=course, employee=employee).first()
    if existing is not None:
        return existing
    if course.published_version_id is None:
        raise ApplicationError("not_published", _("Kursus ini belum terbit."))
    if assignment is None:
        if not course.open_enrolment or course.agency_id != employee.agency_id:
            raise ApplicationError(
                "enrolment_closed", _("Kursus ini tidak membuka pendaftaran mandiri.")
            )
        missing = _prerequisites_missing(course, employee)
        if missing:
            raise ApplicationError(
                "prerequisites_missing",
                _("Selesaikan dulu kursus prasyarat: %(names)s.")
                % {"names": ", ".join(missing)},
            )
    with acting_as(by), transaction.atomic():
        enrolment, _created = Enrolment.objects.get_or_create(
            course=course,
            employee=employee,
            defaults={
                "version_id": course.published_version_id,
                "assignment": assignment,
                "due_on": due_on,
            },
        )
    return enrolment


def enrolment_get_for(*, user, enrolment_id: int) -> Enrolment:
    """Return the user's own enrolment, or 404."""
    employee = employee_of(user)
    enrolment = (
        Enrolment.objects.select_related("course", "version", "employee")
        .filter(pk=enrolment_id, employee=employee)
        .first()
        if employee
        else None
    )
    if enrolment is None:
        raise NotFound()
    return enrolment


def lesson_of(enrolment: Enrolment, lesson_id: int) -> Lesson:
    """Return a lesson of the learner's version, or 404."""
    lesson = (
        Lesson.objects.select_related("module", "scorm_package")
        .filter(pk=lesson_id, module__version_id=enrolment.version_id)
        .first()
    )
    if lesson is None:
        raise NotFound()
    return lesson


def lesson_open(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    """Record that the learner opened a lesson: the resume point moves here."""
    now = timezone.now()
    progress, _created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson
    )
    updates = {"last_lesson": lesson}
    if enrolment.started_at is None:
        updates.update(started_at=now, status=Enrolment.Status.IN_PROGRESS)
        xapi.statement_record(enrolment=enrolment, verb="launched")
    Enrolment.objects.filter(pk=enrolment.pk).update(**updates)
    learners_changed([enrolment.employee_id])
    for key, value in updates.items():
        setattr(enrolment, key, value)
    return progress


def position_save(
    *, enrolment: Enrolment, lesson: Lesson, position: dict
) -> LessonProgress:
    """Keep where the learner is inside a lesson (video second, page) for any device."""
    if not isinstance(position, dict) or len(str(position)) > 2000:
        raise ApplicationError("bad_position", _("Posisi belajar tidak sah."))
    clean = {
        k: v
        for k, v in position.items()
        if k in ("seconds", "page", "percent") and isinstance(v, int | float)
    }
    progress = lesson_open(enrolment=enrolment, lesson=lesson)
    progress.position = clean
    progress.save(update_fields=["position", "updated_at"])
    return progress


def lesson_complete(*, enrolment: Enrolment, lesson: Lesson, by) -> LessonProgress:
    """Mark a text, video or document lesson done (quiz and SCORM finish themselves)."""
    if lesson.kind in (Lesson.Kind.QUIZ, Lesson.Kind.SCORM):
        raise ApplicationError(
            "lesson_self_completes",
            _(
                "Pelajaran ini selesai otomatis saat kuis lulus atau paket SCORM tuntas."
            ),
        )
    return _lesson_done(enrolment=enrolment, lesson=lesson, by=by)


def _lesson_done(*, enrolment: Enrolment, lesson: Lesson, by) -> LessonProgress:
    with transaction.atomic():
        progress = lesson_open(enrolment=enrolment, lesson=lesson)
        if progress.completed_at is None:
            progress.completed_at = timezone.now()
            progress.save(update_fields=["completed_at", "updated_at"])
            xapi.statement_record(enrolment=enrolment, verb="completed", lesson=lesson)
            xapi.statement_record(
                enrolment=enrolment,
                verb="progressed",
                result={
                    "extensions": {xapi.PROGRESS_EXT: enrolment_percent(enrolment)}
                },
            )
        enrolment_check_completion(enrolment=enrolment, by=by)
    return progress


def quiz_lesson_passed(*, enrolment: Enrolment, lesson: Lesson, by) -> None:
    _lesson_done(enrolment=enrolment, lesson=lesson, by=by)


def scorm_lesson_check(*, enrolment: Enrolment, lesson: Lesson, by) -> bool:
    """Complete a SCORM lesson when its package rolls up completed (and not failed).

    The rollup follows the manifest's organisation and rollup rules; without
    any, every item must report completed (or passed) and none failed.
    """
    from jenjang.elearning.services.scorm import lesson_statuses

    package = lesson.scorm_package
    attempts = ScormAttempt.objects.filter(enrolment=enrolment, lesson=lesson)
    done, _statuses = lesson_statuses(package, attempts)
    if done:
        _lesson_done(enrolment=enrolment, lesson=lesson, by=by)
    return done


def enrolment_percent(enrolment: Enrolment) -> int:
    """Share of the version's required lessons done, 0–100."""
    required = Lesson.objects.filter(
        module__version_id=enrolment.version_id, required=True
    )
    total = required.count()
    if not total:
        return 100 if enrolment.completed_at else 0
    done = LessonProgress.objects.filter(
        enrolment=enrolment, lesson__in=required, completed_at__isnull=False
    ).count()
    return int(done * 100 / total)


def enrolment_check_completion(*, enrolment: Enrolment, by) -> bool:
    """Complete the course when every required lesson is done; post JP and certify.

    Required quizzes count as done only when passed (their lesson is marked
    done on a pass). JP: SIASN form 16 E-Learning, converted from the
    estimated minutes by the agency's rule (domain file §4.4).
    """
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == Enrolment.Status.COMPLETED:
        return False
    missing = (
        Lesson.objects.filter(module__version_id=enrolment.version_id, required=True)
        .exclude(
            Q(
                pk__in=LessonProgress.objects.filter(
                    enrolment=enrolment, completed_at__isnull=False
                ).values("lesson_id")
            )
        )
        .exists()
    )
    if missing:
        return False
    _post_completion(enrolment, by)
    return True


def _post_completion(enrolment: Enrolment, by) -> None:
    from jenjang.certificates.services import certificate_issue
    from jenjang.development.services.ledger import form_by_code, ledger_post

    now = timezone.now()
    started = timezone.localtime(enrolment.started_at or enrolment.enrolled_at).date()
    ended = timezone.localtime(now).date()
    course = enrolment.course
    minutes = version_minutes(enrolment.version)
    entry_jp = Decimal("0")
    if minutes > 0:
        entry = ledger_post(
            employee=enrolment.employee,
            occurred_on=now,
            form=form_by_code(ELEARNING_FORM_CODE),
            title=course.title[:250],
            source_type=SOURCE_TYPE,
            source_id=enrolment.pk,
            quantity=minutes,
            unit="minutes",
            by=by,
            started_on=started,
        )
        entry_jp = entry.jp
    certificate = certificate_issue(
        employee=enrolment.employee,
        title=course.title,
        source_type=SOURCE_TYPE,
        source_id=enrolment.pk,
        started_on=started,
        ended_on=ended,
        jp=entry_jp,
        issuer=course.agency.name,
        by=by,
    )
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = now
    enrolment.jp = entry_jp
    enrolment.certificate_number = certificate.number
    enrolment.save(update_fields=["status", "completed_at", "jp", "certificate_number"])
    xapi.statement_record(
        enrolment=enrolment, verb="completed", result={"completion": True}
    )


# --- HR assignment ----------------------------------------------------------------


def assignment_targets(*, assignment: Assignment, scope):
    """Employees the assignment reaches, inside the assigning user's scope."""
    from jenjang.core.scoping import people_scope_q

    qs = Employee.objects.filter(
        people_scope_q(scope), agency_id=assignment.course.agency_id
    )
    if assignment.org_unit_id:
        qs = qs.filter(org_unit__path__startswith=assignment.org_unit.path)
    if assignment.position_kind:
        qs = qs.filter(position__kind=assignment.position_kind)
    if assignment.job_field_id:
        qs = qs.filter(position__job_field_id=assignment.job_field_id)
    return qs


def assignment_create(
    *,
    course: Course,
    due_on: dt.date,
    by,
    org_unit=None,
    position_kind: str = "",
    job_field=None,
) -> tuple[Assignment, int]:
    """Assign a course to a group with a due date; enrol each member. Return (row, new)."""
    from jenjang.core.scoping import scope_for, unit_scope_q
    from jenjang.elearning.permissions import ASSIGN

    if course.published_version_id is None:
        raise ApplicationError("not_published", _("Kursus ini belum terbit."))
    if due_on < timezone.localdate():
        raise ApplicationError(
            "due_in_past", _("Batas waktu tidak boleh di masa lalu.")
        )
    if org_unit is None and not position_kind and job_field is None:
        raise ApplicationError(
            "no_group",
            _("Pilih unit kerja, jenis jabatan, atau rumpun jabatan yang ditugaskan."),
        )
    scope = scope_for(by, perm=ASSIGN)
    if (
        org_unit is not None
        and not type(org_unit)
        .objects.filter(unit_scope_q(scope), pk=org_unit.pk)
        .exists()
    ):
        raise PermissionDenied()
    with acting_as(by), transaction.atomic():
        assignment = Assignment.objects.create(
            course=course,
            org_unit=org_unit,
            position_kind=position_kind or "",
            job_field=job_field,
            due_on=due_on,
            created_by=by,
        )
        targets = assignment_targets(assignment=assignment, scope=scope)
        already = set(
            Enrolment.objects.filter(course=course).values_list(
                "employee_id", flat=True
            )
        )
        new = [
            Enrolment(
                employee_id=pk,
                course=course,
                version_id=course.published_version_id,
                assignment=assignment,
                due_on=due_on,
            )
            for pk in targets.values_list("pk", flat=True)
            if pk not in already
        ]
        Enrolment.objects.bulk_create(new, batch_size=1000)
        # Those already enrolled without a due date get this one.
        Enrolment.objects.filter(
            course=course,
            employee__in=targets,
            due_on__isnull=True,
            status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.IN_PROGRESS],
        ).update(due_on=due_on, assignment=assignment)
        learners_changed(targets.values_list("pk", flat=True))
        assignment_notify(assignment=assignment)
    return assignment, len(new)


def assignment_notify(*, assignment: Assignment) -> int:
    """Tell each assignee, once per assignment, in the inbox and by e-mail.

    The key makes it idempotent: calling again for the same assignment sends
    nothing new. The e-mail leaves from a background job after commit.
    """
    from django.urls import reverse
    from django.utils.formats import date_format

    from jenjang.notifications.services import notify

    course = assignment.course
    rows = (
        Enrolment.objects.filter(assignment=assignment)
        .exclude(employee__user__isnull=True)
        .select_related("employee__user")
    )
    title = _("Kursus ditugaskan: %(course)s") % {"course": course.title}
    body = _(
        "Anda ditugaskan mengikuti kursus e-learning %(course)s. "
        "Selesaikan paling lambat %(due)s."
    ) % {"course": course.title, "due": date_format(assignment.due_on)}
    sent = 0
    for enrolment in rows.iterator(chunk_size=500):
        note = notify(
            user=enrolment.employee.user,
            title=title,
            body=body,
            url=reverse("elearning:enrolment", args=[enrolment.pk]),
            key=f"elearning.assignment:{assignment.pk}",
            email=True,
        )
        sent += note is not None
    return sent
