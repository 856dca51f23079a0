"""Learning paths and the course discussion board."""

from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.elearning.models import (
    Course,
    Enrolment,
    LearningPath,
    LearningPathItem,
    Post,
    Thread,
)
from jenjang.elearning.services.learning import employee_of


def path_create(
    *,
    agency,
    title: str,
    items: list[dict],
    description: str = "",
    position_kind: str = "",
    job_field=None,
    target_position_kind: str = "",
) -> LearningPath:
    """Create a path of ordered items: {"course": Course} or {"training_program_id"} or {"event_id"}."""
    if not (title or "").strip():
        raise ApplicationError("bad_title", _("Judul jalur belajar wajib diisi."))
    if not items:
        raise ApplicationError(
            "empty_path", _("Jalur belajar perlu sedikitnya satu kegiatan.")
        )
    with transaction.atomic():
        path = LearningPath.objects.create(
            agency=agency,
            title=title.strip(),
            description=description,
            position_kind=position_kind,
            job_field=job_field,
            target_position_kind=target_position_kind,
        )
        for i, item in enumerate(items, start=1):
            LearningPathItem.objects.create(path=path, order=i, **item)
    return path


def paths_for(employee):
    """Paths assigned to the employee's position kind or job field (or to everyone)."""
    from django.db.models import Q

    position = employee.position
    q = Q(position_kind="", job_field__isnull=True)
    if position is not None:
        q |= Q(position_kind=position.kind, job_field__isnull=True)
        if position.job_field_id:
            q |= Q(job_field_id=position.job_field_id, position_kind="")
            q |= Q(job_field_id=position.job_field_id, position_kind=position.kind)
    return LearningPath.objects.filter(
        q, agency_id=employee.agency_id
    ).prefetch_related("items__course")


def path_progress(path: LearningPath, employee) -> dict:
    """The path's items with their status for the employee, and the share done.

    Courses count when completed; training programmes when passed and events
    when attended, as their apps tell through development's completion
    registry (e-learning does not import training or events).
    """
    from jenjang.development.completions import (
        EVENT,
        TRAINING_PROGRAM,
        completed_ids,
    )

    items = list(path.items.all())
    course_ids = [i.course_id for i in items if i.course_id]
    status = dict(
        Enrolment.objects.filter(
            employee=employee, course_id__in=course_ids
        ).values_list("course_id", "status")
    )
    programs = completed_ids(
        TRAINING_PROGRAM,
        employee.pk,
        [i.training_program_id for i in items if i.training_program_id],
    )
    events = completed_ids(
        EVENT, employee.pk, [i.event_id for i in items if i.event_id]
    )

    def item_status(item) -> str:
        if item.course_id:
            return status.get(item.course_id, "")
        if item.training_program_id:
            return "completed" if item.training_program_id in programs else ""
        return "completed" if item.event_id in events else ""

    rows = [(i, item_status(i)) for i in items]
    done = sum(1 for _i, s in rows if s == "completed")
    return {
        "items": rows,
        "done": done,
        "total": len(items),
        "percent": int(done * 100 / len(items)) if items else 0,
    }


def _can_read_board(user, course: Course) -> bool:
    from jenjang.accounts.roles import has_perm
    from jenjang.elearning.permissions import MODERATE
    from jenjang.elearning.services.courses import authorable_courses

    employee = employee_of(user)
    if employee and Enrolment.objects.filter(course=course, employee=employee).exists():
        return True
    return (
        has_perm(user, MODERATE)
        and authorable_courses(user).filter(pk=course.pk).exists()
    )


def _can_moderate(user, course: Course) -> bool:
    from jenjang.accounts.roles import has_perm
    from jenjang.elearning.permissions import MODERATE
    from jenjang.elearning.services.courses import authorable_courses

    return (
        has_perm(user, MODERATE)
        and authorable_courses(user).filter(pk=course.pk).exists()
    )


def board_course(*, user, course_id: int) -> Course:
    course = Course.objects.filter(pk=course_id).first()
    if course is None or not _can_read_board(user, course):
        raise NotFound()
    return course


def thread_create(*, user, course: Course, title: str, body: str) -> Thread:
    if not _can_read_board(user, course):
        raise NotFound()
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body or len(title) > 200 or len(body) > 10_000:
        raise ApplicationError("bad_thread", _("Judul dan isi pertanyaan wajib diisi."))
    return Thread.objects.create(course=course, author=user, title=title, body=body)


def thread_get(*, user, thread_id: int) -> Thread:
    thread = (
        Thread.objects.select_related("course", "author").filter(pk=thread_id).first()
    )
    if thread is None or not _can_read_board(user, thread.course):
        raise NotFound()
    return thread


def post_create(*, user, thread: Thread, body: str) -> Post:
    body = (body or "").strip()
    if not body or len(body) > 10_000:
        raise ApplicationError("bad_post", _("Isi jawaban wajib diisi."))
    return Post.objects.create(thread=thread, author=user, body=body)


def thread_moderate(
    *,
    user,
    thread: Thread,
    pinned: bool | None = None,
    answer_post_id: int | None = None,
) -> Thread:
    """Pin a thread or mark a post as its answer (organiser of the course)."""
    if not _can_moderate(user, thread.course):
        raise PermissionDenied()
    with transaction.atomic():
        if pinned is not None:
            thread.pinned = pinned
        if answer_post_id is not None:
            post = thread.posts.filter(pk=answer_post_id).first()
            if post is None:
                raise NotFound()
            thread.posts.update(is_answer=False)
            post.is_answer = True
            post.save(update_fields=["is_answer"])
            thread.answered = True
        thread.save(update_fields=["pinned", "answered"])
    return thread
