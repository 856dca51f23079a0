"""The e-learning API: catalogue, learning, quizzes, SCORM runtime, authoring, reports.

Learners reach only their own enrolments and attempts (another learner's
answers 404). Authoring is limited to courses owned by a unit in the
caller's scope; reports to the people in the caller's scope.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import Field

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.elearning import selectors
from jenjang.elearning.models import (
    Course,
    Enrolment,
    Lesson,
    Question,
    Quiz,
    XapiStatement,
)
from jenjang.elearning.permissions import ASSIGN, AUTHOR, LEARN, MODERATE, REPORT
from jenjang.elearning.services import community, courses, learning, quiz, scorm, xapi
from jenjang.people.models import JobField, OrgUnit, Position

router = Router(tags=["elearning"], auth=AUTH)
ERR = error_responses(400, 403, 404)


def _me(request: HttpRequest):
    require_perm(request, LEARN)
    employee = learning.employee_of(request.auth)
    if employee is None:
        raise NotFound()
    return employee


# --- shapes -------------------------------------------------------------------------


class LessonOut(Schema):
    id: int
    title: str
    kind: str
    required: bool
    estimated_minutes: int
    done: bool = False


class ModuleOut(Schema):
    id: int
    title: str
    order: int
    lessons: list[LessonOut]


class CourseOut(Schema):
    id: int
    code: str
    title: str
    summary: str
    open_enrolment: bool
    jp: Decimal | None = None
    enrolled: bool = False


class CourseDetailOut(CourseOut):
    version: int | None
    modules: list[ModuleOut]
    competencies: list[str]


class EnrolmentOut(Schema):
    id: int
    course_id: int
    course_title: str
    version: int
    status: str
    percent: int
    due_on: dt.date | None
    overdue: bool = False
    last_lesson_id: int | None
    jp: Decimal | None
    certificate_number: str


def _enrolment_out(e: Enrolment) -> dict:
    return {
        "id": e.pk,
        "course_id": e.course_id,
        "course_title": e.course.title,
        "version": e.version.number,
        "status": e.status,
        "percent": getattr(e, "percent", None)
        if hasattr(e, "percent")
        else learning.enrolment_percent(e),
        "due_on": e.due_on,
        "overdue": getattr(e, "overdue", False),
        "last_lesson_id": e.last_lesson_id,
        "jp": e.jp,
        "certificate_number": e.certificate_number,
    }


def _outline(version, enrolment=None) -> list[dict]:
    return [
        {
            "id": m.pk,
            "title": m.title,
            "order": m.order,
            "lessons": [
                {
                    "id": lesson.pk,
                    "title": lesson.title,
                    "kind": lesson.kind,
                    "required": lesson.required,
                    "estimated_minutes": lesson.estimated_minutes,
                    "done": getattr(lesson, "done", False),
                }
                for lesson in m.lessons.all()
            ],
        }
        for m in selectors.version_outline(version, enrolment)
    ]


# --- learner: catalogue and enrolment ------------------------------------------------


@router.get("/elearning/courses", response=list[CourseOut])
def course_list(request):
    """Published courses open to the caller (own agency), with JP and enrolment flag."""
    return selectors.catalog_for(_me(request))


def _visible_course(request, course_id: int) -> Course:
    employee = _me(request)
    course = next(
        (c for c in selectors.catalog_for(employee) if c.pk == course_id), None
    )
    if course is None:
        raise NotFound()
    return course


@router.get("/elearning/courses/{course_id}", response={200: CourseDetailOut, **ERR})
def course_detail(request, course_id: int):
    course = _visible_course(request, course_id)
    return {
        **CourseOut.from_orm(course).dict(),
        "version": course.published_version.number,
        "modules": _outline(course.published_version),
        "competencies": [c.name for c in course.competencies.all()],
    }


@router.post(
    "/elearning/courses/{course_id}/enrol", response={201: EnrolmentOut, **ERR}
)
def course_enrol(request, course_id: int):
    course = _visible_course(request, course_id)
    enrolment = learning.enrolment_create(
        course=course, employee=_me(request), by=request.auth
    )
    return Status(201, _enrolment_out(enrolment))


@router.get("/elearning/enrolments", response=list[EnrolmentOut])
def enrolment_list(request):
    return [_enrolment_out(e) for e in selectors.enrolments_with_progress(_me(request))]


class EnrolmentDetailOut(EnrolmentOut):
    modules: list[ModuleOut]


def _my_enrolment(request, enrolment_id: int) -> Enrolment:
    _me(request)
    return learning.enrolment_get_for(user=request.auth, enrolment_id=enrolment_id)


@router.get(
    "/elearning/enrolments/{enrolment_id}", response={200: EnrolmentDetailOut, **ERR}
)
def enrolment_detail(request, enrolment_id: int):
    e = _my_enrolment(request, enrolment_id)
    return {**_enrolment_out(e), "modules": _outline(e.version, e)}


class LessonOpenOut(Schema):
    id: int
    title: str
    kind: str
    html: str = ""
    video_url: str = ""
    video_file: str = ""
    document: str = ""
    position: dict[str, Any]
    done: bool


@router.get(
    "/elearning/enrolments/{enrolment_id}/lessons/{lesson_id}",
    response={200: LessonOpenOut, **ERR},
)
def lesson_open(request, enrolment_id: int, lesson_id: int):
    """Open a lesson (the resume point moves here) and return its content."""
    e = _my_enrolment(request, enrolment_id)
    lesson = learning.lesson_of(e, lesson_id)
    progress = learning.lesson_open(enrolment=e, lesson=lesson)
    return {
        "id": lesson.pk,
        "title": lesson.title,
        "kind": lesson.kind,
        "html": learning.render_markdown(lesson.body),
        "video_url": lesson.video_url,
        "video_file": lesson.video_file.url if lesson.video_file else "",
        "document": lesson.document.url if lesson.document else "",
        "position": progress.position,
        "done": progress.completed_at is not None,
    }


@router.post(
    "/elearning/enrolments/{enrolment_id}/lessons/{lesson_id}/complete",
    response={200: EnrolmentOut, **ERR},
)
def lesson_complete(request, enrolment_id: int, lesson_id: int):
    e = _my_enrolment(request, enrolment_id)
    lesson = learning.lesson_of(e, lesson_id)
    learning.lesson_complete(enrolment=e, lesson=lesson, by=request.auth)
    e.refresh_from_db()
    return _enrolment_out(e)


class PositionIn(Schema):
    seconds: float | None = Field(None, ge=0, le=10**6)
    page: int | None = Field(None, ge=0, le=10**5)
    percent: float | None = Field(None, ge=0, le=100)


@router.put(
    "/elearning/enrolments/{enrolment_id}/lessons/{lesson_id}/position",
    response={204: None, **ERR},
)
def lesson_position(request, enrolment_id: int, lesson_id: int, payload: PositionIn):
    e = _my_enrolment(request, enrolment_id)
    lesson = learning.lesson_of(e, lesson_id)
    learning.position_save(
        enrolment=e, lesson=lesson, position=payload.dict(exclude_none=True)
    )
    return Status(204, None)


# --- quizzes ------------------------------------------------------------------------


class ChoiceOut(Schema):
    id: str
    text: str


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    choices: list[ChoiceOut]


class AttemptOut(Schema):
    id: int
    number: int
    started_at: dt.datetime
    deadline_at: dt.datetime | None
    submitted_at: dt.datetime | None
    score: Decimal | None
    passed: bool | None
    questions: list[QuestionOut]
    answers: dict[str, list[str]]


def attempt_payload(attempt) -> dict:
    """The attempt as the learner sees it: questions in drawn order, no keys."""
    bank = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)}
    out = []
    for qid in attempt.question_ids:
        q = bank.get(qid)
        if q is None:
            continue
        texts = {c["id"]: c["text"] for c in q.choices}
        order = attempt.choice_order.get(str(qid), list(texts))
        out.append(
            {
                "id": q.pk,
                "kind": q.kind,
                "text": q.text,
                "choices": [{"id": c, "text": texts[c]} for c in order if c in texts],
            }
        )
    answers = {str(a.question_id): a.response for a in attempt.answers.all()}
    return {
        "id": attempt.pk,
        "number": attempt.number,
        "started_at": attempt.started_at,
        "deadline_at": attempt.deadline_at,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score
        if attempt.submitted_at and attempt.quiz.review != Quiz.Review.NONE
        else None,
        "passed": attempt.passed if attempt.submitted_at else None,
        "questions": out,
        "answers": answers,
    }


@router.post(
    "/elearning/enrolments/{enrolment_id}/lessons/{lesson_id}/attempts",
    response={201: AttemptOut, **ERR},
)
def attempt_start(request, enrolment_id: int, lesson_id: int):
    e = _my_enrolment(request, enrolment_id)
    lesson = learning.lesson_of(e, lesson_id)
    if lesson.kind != Lesson.Kind.QUIZ:
        raise NotFound()
    attempt = quiz.attempt_start(enrolment=e, quiz=lesson.quiz)
    return Status(201, attempt_payload(attempt))


def _my_attempt(request, attempt_id: int):
    _me(request)
    return quiz.attempt_get_for(user=request.auth, attempt_id=attempt_id)


@router.get("/elearning/attempts/{attempt_id}", response={200: AttemptOut, **ERR})
def attempt_detail(request, attempt_id: int):
    return attempt_payload(_my_attempt(request, attempt_id))


class AnswersIn(Schema):
    answers: dict[str, list[str] | str] = Field(..., max_length=500)


@router.put(
    "/elearning/attempts/{attempt_id}/answers", response={200: AttemptOut, **ERR}
)
def attempt_answers(request, attempt_id: int, payload: AnswersIn):
    attempt = _my_attempt(request, attempt_id)
    quiz.answers_save(attempt=attempt, responses=payload.answers)
    return attempt_payload(attempt)


@router.post(
    "/elearning/attempts/{attempt_id}/submit", response={200: AttemptOut, **ERR}
)
def attempt_submit(request, attempt_id: int, payload: AnswersIn | None = None):
    attempt = _my_attempt(request, attempt_id)
    attempt = quiz.attempt_submit(
        attempt=attempt, by=request.auth, responses=payload.answers if payload else None
    )
    return attempt_payload(attempt)


class ReviewItemOut(Schema):
    question_id: int
    text: str
    response: list[str]
    correct: bool | None
    key: list[str] | None = None
    explanation: str | None = None


class ReviewOut(Schema):
    policy: str
    score: Decimal | None
    passed: bool | None
    items: list[ReviewItemOut]


@router.get("/elearning/attempts/{attempt_id}/review", response={200: ReviewOut, **ERR})
def attempt_review(request, attempt_id: int):
    data = quiz.review_for(_my_attempt(request, attempt_id))
    data["items"] = [
        {
            "question_id": i["question"].pk,
            "text": i["question"].text,
            "response": i["response"],
            "correct": i["correct"],
            "key": i.get("key"),
            "explanation": i.get("explanation"),
        }
        for i in data["items"]
    ]
    return data


# --- SCORM runtime ------------------------------------------------------------------


class ScormLaunchOut(Schema):
    attempt_id: int
    standard: str
    launch_url: str
    commit_url: str
    cmi: dict[str, Any]
    items: list[dict[str, str]]


@router.post(
    "/elearning/enrolments/{enrolment_id}/lessons/{lesson_id}/scorm/{sco}/launch",
    response={200: ScormLaunchOut, **ERR},
)
def scorm_launch(request, enrolment_id: int, lesson_id: int, sco: str):
    """Start a session on one SCO: its runtime record and the data to resume from."""
    from jenjang.elearning.views import scorm_launch_data

    e = _my_enrolment(request, enrolment_id)
    lesson = learning.lesson_of(e, lesson_id)
    if lesson.kind != Lesson.Kind.SCORM:
        raise NotFound()
    return scorm_launch_data(request, e, lesson, sco)


class CommitOut(Schema):
    result: bool
    errorCode: int  # noqa: N815 - the name scorm-again expects
    completion_status: str
    success_status: str


@router.post(
    "/elearning/scorm-attempts/{attempt_id}/commit", response={200: CommitOut, **ERR}
)
def scorm_commit(request, attempt_id: int, payload: dict[str, Any]):
    """Persist runtime data, as scorm-again's lmsCommitUrl does (JSON {"cmi": …})."""
    _me(request)
    attempt = scorm.scorm_attempt_get_for(user=request.auth, attempt_id=attempt_id)
    attempt = scorm.scorm_commit(attempt=attempt, payload=payload, by=request.auth)
    return {
        "result": True,
        "errorCode": 0,
        "completion_status": attempt.completion_status,
        "success_status": attempt.success_status,
    }


# --- learning paths -----------------------------------------------------------------


class PathItemOut(Schema):
    order: int
    title: str
    course_id: int | None
    training_program_id: int | None
    event_id: int | None
    status: str


class PathOut(Schema):
    id: int
    title: str
    description: str
    percent: int
    done: int
    total: int
    items: list[PathItemOut]


@router.get("/elearning/paths", response=list[PathOut])
def path_list(request):
    employee = _me(request)
    out = []
    for path in community.paths_for(employee):
        progress = community.path_progress(path, employee)
        out.append(
            {
                "id": path.pk,
                "title": path.title,
                "description": path.description,
                "percent": progress["percent"],
                "done": progress["done"],
                "total": progress["total"],
                "items": [
                    {
                        "order": i.order,
                        "title": i.title or (i.course.title if i.course else ""),
                        "course_id": i.course_id,
                        "training_program_id": i.training_program_id,
                        "event_id": i.event_id,
                        "status": status,
                    }
                    for i, status in progress["items"]
                ],
            }
        )
    return out


class PathItemIn(Schema):
    course_id: int | None = None
    training_program_id: int | None = Field(None, ge=1)
    event_id: int | None = Field(None, ge=1)
    title: str = Field("", max_length=200)


class PathIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    position_kind: Literal[tuple(["", *Position.Kind.values])] = ""
    target_position_kind: Literal[tuple(["", *Position.Kind.values])] = ""
    job_field_id: int | None = None
    items: list[PathItemIn] = Field(..., min_length=1, max_length=50)


class PathCreatedOut(Schema):
    id: int
    title: str
    items: int


def _path_activity(item: PathItemIn, *, scope) -> dict:
    """A training programme or event in the caller's scope, checked by its app."""
    from jenjang.development.completions import (
        EVENT,
        TRAINING_PROGRAM,
        choosable_kinds,
        resolve_choice,
    )

    if item.training_program_id:
        kind, pk, field = (
            TRAINING_PROGRAM,
            item.training_program_id,
            "training_program_id",
        )
    else:
        kind, pk, field = EVENT, item.event_id, "event_id"
    choice = resolve_choice(kind, pk, scope=scope)
    if choice is None:
        labels = {k.kind: k.label for k in choosable_kinds()}
        raise ApplicationError(
            "bad_item",
            _("%(kind)s #%(id)s tidak tersedia untuk jalur ini.")
            % {"kind": labels.get(kind, _("Kegiatan")), "id": pk},
        )
    return {field: choice.id, "title": (item.title or choice.label)[:200]}


@router.post("/elearning/paths", response={201: PathCreatedOut, **ERR})
def path_create(request, payload: PathIn):
    """HR builds a learning path for a position kind or job field of their agency."""
    require_perm(request, ASSIGN)
    scope = scope_for(request.auth, perm=ASSIGN)
    units = OrgUnit.objects.filter(unit_scope_q(scope))
    agency_id = units.values_list("agency_id", flat=True).first()
    if agency_id is None:
        raise NotFound()
    items = []
    for item in payload.items:
        if item.course_id:
            course = Course.objects.filter(
                pk=item.course_id, agency_id=agency_id
            ).first()
            if course is None:
                raise NotFound()
            items.append({"course": course, "title": item.title})
        elif item.training_program_id or item.event_id:
            items.append(_path_activity(item, scope=scope))
    field = (
        get_object_or_404(JobField, pk=payload.job_field_id)
        if payload.job_field_id
        else None
    )
    from jenjang.people.models import Agency

    path = community.path_create(
        agency=Agency.objects.get(pk=agency_id),
        title=payload.title,
        items=items,
        description=payload.description,
        position_kind=payload.position_kind,
        job_field=field,
        target_position_kind=payload.target_position_kind,
    )
    return Status(201, {"id": path.pk, "title": path.title, "items": len(items)})


# --- discussion -------------------------------------------------------------------


class PostOut(Schema):
    id: int
    author: str
    body: str
    is_answer: bool
    created_at: dt.datetime


class ThreadOut(Schema):
    id: int
    title: str
    body: str
    author: str
    pinned: bool
    answered: bool
    created_at: dt.datetime


class ThreadDetailOut(ThreadOut):
    posts: list[PostOut]


class ThreadIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=10_000)


class PostIn(Schema):
    body: str = Field(..., min_length=1, max_length=10_000)


class ModerateIn(Schema):
    pinned: bool | None = None
    answer_post_id: int | None = None


def _author_name(user) -> str:
    employee = learning.employee_of(user)
    return employee.name if employee else user.get_username()


def _thread_out(t) -> dict:
    return {
        "id": t.pk,
        "title": t.title,
        "body": t.body,
        "author": _author_name(t.author),
        "pinned": t.pinned,
        "answered": t.answered,
        "created_at": t.created_at,
    }


@router.get(
    "/elearning/courses/{course_id}/threads", response={200: list[ThreadOut], **ERR}
)
def thread_list(request, course_id: int):
    course = community.board_course(user=request.auth, course_id=course_id)
    return [_thread_out(t) for t in course.threads.select_related("author__employee")]


@router.post("/elearning/courses/{course_id}/threads", response={201: ThreadOut, **ERR})
def thread_create(request, course_id: int, payload: ThreadIn):
    course = community.board_course(user=request.auth, course_id=course_id)
    thread = community.thread_create(
        user=request.auth, course=course, title=payload.title, body=payload.body
    )
    return Status(201, _thread_out(thread))


def _thread_detail(t) -> dict:
    return {
        **_thread_out(t),
        "posts": [
            {
                "id": p.pk,
                "author": _author_name(p.author),
                "body": p.body,
                "is_answer": p.is_answer,
                "created_at": p.created_at,
            }
            for p in t.posts.select_related("author__employee")
        ],
    }


@router.get("/elearning/threads/{thread_id}", response={200: ThreadDetailOut, **ERR})
def thread_detail(request, thread_id: int):
    return _thread_detail(community.thread_get(user=request.auth, thread_id=thread_id))


@router.post("/elearning/threads/{thread_id}/posts", response={201: PostOut, **ERR})
def post_create(request, thread_id: int, payload: PostIn):
    thread = community.thread_get(user=request.auth, thread_id=thread_id)
    post = community.post_create(user=request.auth, thread=thread, body=payload.body)
    return Status(
        201,
        {
            "id": post.pk,
            "author": _author_name(post.author),
            "body": post.body,
            "is_answer": post.is_answer,
            "created_at": post.created_at,
        },
    )


@router.patch("/elearning/threads/{thread_id}", response={200: ThreadDetailOut, **ERR})
def thread_moderate(request, thread_id: int, payload: ModerateIn):
    require_perm(request, MODERATE)
    thread = community.thread_get(user=request.auth, thread_id=thread_id)
    thread = community.thread_moderate(
        user=request.auth,
        thread=thread,
        pinned=payload.pinned,
        answer_post_id=payload.answer_post_id,
    )
    return _thread_detail(thread)


# --- authoring ----------------------------------------------------------------------


class AuthorCourseOut(Schema):
    id: int
    code: str
    title: str
    summary: str
    open_enrolment: bool
    owner_unit_id: int
    published_version: int | None
    draft_version: int | None
    competency_ids: list[int]
    prerequisite_ids: list[int]


class AuthorCourseDetailOut(AuthorCourseOut):
    modules: list[ModuleOut]
    scorm_packages: list[dict[str, Any]]


def _author_out(c: Course) -> dict:
    versions = {v.status: v.number for v in c.versions.all()}
    return {
        "id": c.pk,
        "code": c.code,
        "title": c.title,
        "summary": c.summary,
        "open_enrolment": c.open_enrolment,
        "owner_unit_id": c.owner_unit_id,
        "published_version": versions.get("published"),
        "draft_version": versions.get("draft"),
        "competency_ids": sorted(x.pk for x in c.competencies.all()),
        "prerequisite_ids": sorted(x.pk for x in c.prerequisites.all()),
    }


def _authored(request, course_id: int) -> Course:
    require_perm(request, AUTHOR)
    return courses.course_for_author(user=request.auth, course_id=course_id)


@router.get("/elearning/authoring/courses", response=list[AuthorCourseOut])
def author_list(request):
    require_perm(request, AUTHOR)
    return [
        _author_out(c)
        for c in courses.authorable_courses(request.auth).prefetch_related(
            "versions", "competencies", "prerequisites"
        )
    ]


class CourseIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    owner_unit_id: int
    summary: str = Field("", max_length=5000)
    open_enrolment: bool = True
    competency_ids: list[int] = []
    prerequisite_ids: list[int] = []


@router.post("/elearning/authoring/courses", response={201: AuthorCourseOut, **ERR})
def author_create(request, payload: CourseIn):
    require_perm(request, AUTHOR)
    unit = OrgUnit.objects.filter(pk=payload.owner_unit_id).first()
    if unit is None:
        raise NotFound()
    with transaction.atomic():
        course = courses.course_create(
            title=payload.title,
            owner_unit=unit,
            by=request.auth,
            summary=payload.summary,
            open_enrolment=payload.open_enrolment,
        )
        courses.course_links_set(
            course=course,
            by=request.auth,
            competency_ids=payload.competency_ids,
            prerequisite_ids=payload.prerequisite_ids,
        )
    return Status(201, _author_out(course))


@router.get(
    "/elearning/authoring/courses/{course_id}",
    response={200: AuthorCourseDetailOut, **ERR},
)
def author_detail(request, course_id: int):
    course = _authored(request, course_id)
    draft = courses.draft_version(course)
    return {
        **_author_out(course),
        "modules": _outline(draft),
        "scorm_packages": [
            {
                "id": p.pk,
                "title": p.title,
                "standard": p.standard,
                "items": len(p.items),
            }
            for p in course.scorm_packages.all()
        ],
    }


class CourseLinksIn(Schema):
    competency_ids: list[int] | None = Field(None, max_length=100)
    prerequisite_ids: list[int] | None = Field(None, max_length=50)


@router.put(
    "/elearning/authoring/courses/{course_id}/links",
    response={200: AuthorCourseOut, **ERR},
)
def author_links(request, course_id: int, payload: CourseLinksIn):
    """Competencies the course develops and its prerequisite courses.

    A list left out is unchanged. Refused: unknown or inactive competencies,
    courses of another agency, the course itself, a cycle of prerequisites.
    """
    course = _authored(request, course_id)
    courses.course_links_set(
        course=course,
        by=request.auth,
        competency_ids=payload.competency_ids,
        prerequisite_ids=payload.prerequisite_ids,
    )
    return _author_out(course)


class ModuleIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)


@router.post(
    "/elearning/authoring/courses/{course_id}/modules", response={201: ModuleOut, **ERR}
)
def author_module(request, course_id: int, payload: ModuleIn):
    module = courses.module_create(
        course=_authored(request, course_id), title=payload.title
    )
    return Status(
        201,
        {
            "id": module.pk,
            "title": module.title,
            "order": module.order,
            "lessons": [],
        },
    )


class LessonIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: Literal["text", "video", "quiz", "scorm"]
    body: str = Field("", max_length=200_000)
    video_url: str = Field("", max_length=500)
    estimated_minutes: int = Field(10, ge=1, le=6000)
    required: bool = True
    scorm_package_id: int | None = None


def _lesson_out(lesson) -> dict:
    return {
        "id": lesson.pk,
        "title": lesson.title,
        "kind": lesson.kind,
        "required": lesson.required,
        "estimated_minutes": lesson.estimated_minutes,
    }


@router.post(
    "/elearning/authoring/courses/{course_id}/modules/{module_id}/lessons",
    response={201: LessonOut, **ERR},
)
def author_lesson(request, course_id: int, module_id: int, payload: LessonIn):
    course = _authored(request, course_id)
    package = None
    if payload.scorm_package_id:
        package = course.scorm_packages.filter(pk=payload.scorm_package_id).first()
    lesson = courses.lesson_create(
        course=course,
        module_id=module_id,
        title=payload.title,
        kind=payload.kind,
        body=payload.body,
        video_url=payload.video_url,
        estimated_minutes=payload.estimated_minutes,
        required=payload.required,
        scorm_package=package,
    )
    return Status(201, _lesson_out(lesson))


class LessonUploadIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: Literal["video", "document"]
    estimated_minutes: int = Field(10, ge=1, le=6000)
    required: bool = True


@router.post(
    "/elearning/authoring/courses/{course_id}/modules/{module_id}/lessons/upload",
    response={201: LessonOut, **ERR},
)
def author_lesson_upload(
    request,
    course_id: int,
    module_id: int,
    payload: Form[LessonUploadIn],
    file: File[UploadedFile],
):
    """A video or PDF lesson with its file (multipart)."""
    course = _authored(request, course_id)
    kind = payload.kind
    lesson = courses.lesson_create(
        course=course,
        module_id=module_id,
        title=payload.title,
        kind=kind,
        estimated_minutes=payload.estimated_minutes,
        required=payload.required,
        video_file=file if kind == "video" else None,
        document=file if kind == "document" else None,
    )
    return Status(201, _lesson_out(lesson))


class LessonPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = Field(None, max_length=200_000)
    required: bool | None = None
    estimated_minutes: int | None = Field(None, ge=1, le=6000)


@router.patch(
    "/elearning/authoring/courses/{course_id}/lessons/{lesson_id}",
    response={200: LessonOut, **ERR},
)
def author_lesson_patch(request, course_id: int, lesson_id: int, payload: LessonPatch):
    lesson = courses.lesson_update(
        course=_authored(request, course_id), lesson_id=lesson_id, **payload.dict()
    )
    return _lesson_out(lesson)


class OrderIn(Schema):
    module_ids: list[int] | None = None
    module_id: int | None = None
    lesson_ids: list[int] | None = None


@router.put(
    "/elearning/authoring/courses/{course_id}/order", response={204: None, **ERR}
)
def author_order(request, course_id: int, payload: OrderIn):
    courses.reorder(course=_authored(request, course_id), **payload.dict())
    return Status(204, None)


class QuizIn(Schema):
    pass_mark: Decimal = Field(70, ge=0, le=100)
    time_limit_minutes: int | None = Field(None, ge=1, le=600)
    attempt_limit: int | None = Field(None, ge=1, le=100)
    draw_count: int | None = Field(None, ge=1, le=500)
    shuffle: bool = True
    review: Literal[tuple(Quiz.Review.values)] = "full"


@router.put(
    "/elearning/authoring/courses/{course_id}/lessons/{lesson_id}/quiz",
    response={200: QuizIn, **ERR},
)
def author_quiz(request, course_id: int, lesson_id: int, payload: QuizIn):
    q = courses.quiz_update(
        course=_authored(request, course_id), lesson_id=lesson_id, **payload.dict()
    )
    return QuizIn.from_orm(q)


class ChoiceIn(Schema):
    id: str | None = Field(None, max_length=10)
    text: str = Field("", max_length=500)
    correct: bool = False


class QuestionIn(Schema):
    kind: Literal[tuple(Question.Kind.values)]
    text: str = Field(..., min_length=1, max_length=5000)
    choices: list[ChoiceIn] = Field([], max_length=10)
    answer_text: str = Field("", max_length=200)
    answer_pattern: str = Field("", max_length=200)
    points: int = Field(1, ge=1, le=100)
    explanation: str = Field("", max_length=5000)


class QuestionAuthorOut(Schema):
    id: int
    kind: str
    text: str
    choices: list[dict[str, Any]]
    points: int


@router.post(
    "/elearning/authoring/courses/{course_id}/lessons/{lesson_id}/questions",
    response={201: QuestionAuthorOut, **ERR},
)
def author_question(request, course_id: int, lesson_id: int, payload: QuestionIn):
    data = payload.dict()
    question = courses.question_create(
        course=_authored(request, course_id), lesson_id=lesson_id, **data
    )
    return Status(201, question)


class VersionOut(Schema):
    number: int
    status: str
    published_at: dt.datetime | None


@router.post(
    "/elearning/authoring/courses/{course_id}/publish",
    response={200: VersionOut, **ERR},
)
def author_publish(request, course_id: int):
    return courses.course_publish(course=_authored(request, course_id), by=request.auth)


class PackageOut(Schema):
    id: int
    title: str
    standard: str
    items: list[dict[str, str]]
    size_bytes: int


@router.post(
    "/elearning/authoring/courses/{course_id}/scorm-packages",
    response={201: PackageOut, **ERR},
)
def author_scorm(
    request,
    course_id: int,
    file: File[UploadedFile],
):
    """Upload a SCORM 1.2 / 2004 zip; a bad package is refused with nothing stored."""
    package = scorm.package_upload(
        course=_authored(request, course_id), upload=file, by=request.auth
    )
    return Status(201, package)


class AssignmentIn(Schema):
    due_on: dt.date
    org_unit_id: int | None = None
    position_kind: Literal[tuple(["", *Position.Kind.values])] = ""
    job_field_id: int | None = None


class AssignmentOut(Schema):
    id: int
    due_on: dt.date
    enrolled: int


@router.post(
    "/elearning/courses/{course_id}/assignments", response={201: AssignmentOut, **ERR}
)
def assignment_create(request, course_id: int, payload: AssignmentIn):
    """HR assigns a course to a group in their scope, with a due date."""
    require_perm(request, ASSIGN)
    course = selectors.assignable_courses(request.auth).filter(pk=course_id).first()
    if course is None:
        raise NotFound()
    unit = (
        get_object_or_404(OrgUnit, pk=payload.org_unit_id)
        if payload.org_unit_id
        else None
    )
    field = (
        get_object_or_404(JobField, pk=payload.job_field_id)
        if payload.job_field_id
        else None
    )
    assignment, new = learning.assignment_create(
        course=course,
        due_on=payload.due_on,
        by=request.auth,
        org_unit=unit,
        position_kind=payload.position_kind,
        job_field=field,
    )
    return Status(
        201, {"id": assignment.pk, "due_on": assignment.due_on, "enrolled": new}
    )


# --- reports and xAPI ---------------------------------------------------------------


class CourseReportOut(Schema):
    course_id: int
    course: str
    enrolled: int
    in_progress: int
    completed: int
    overdue: int


class UnitReportOut(Schema):
    unit: str | None
    enrolled: int
    in_progress: int
    completed: int
    overdue: int


@router.get("/elearning/reports/courses", response=list[CourseReportOut])
def report_courses(request):
    require_perm(request, REPORT)
    return selectors.report_by_course(request.auth)


@router.get("/elearning/reports/units", response=list[UnitReportOut])
def report_units(request, course_id: int | None = None):
    require_perm(request, REPORT)
    return selectors.report_by_unit(request.auth, course_id)


class ItemOut(Schema):
    question_id: int
    text: str
    responses: int
    difficulty: float | None
    discrimination: float | None


@router.get(
    "/elearning/reports/quizzes/{lesson_id}/items", response={200: list[ItemOut], **ERR}
)
def report_items(request, lesson_id: int):
    """Quiz item analysis: difficulty (p) and discrimination per question."""
    require_perm(request, REPORT)
    q = Quiz.objects.filter(
        lesson_id=lesson_id,
        lesson__module__version__course__in=selectors.reportable_courses(request.auth),
    ).first()
    if q is None:
        raise NotFound()
    return [
        {
            "question_id": s.question.pk,
            "text": s.question.text,
            "responses": s.responses,
            "difficulty": s.difficulty,
            "discrimination": s.discrimination,
        }
        for s in quiz.item_analysis(q)
    ]


@router.get("/elearning/xapi/statements", response=list[dict[str, Any]])
def xapi_export(request, course_id: int | None = None, mine: bool = False):
    """xAPI JSON: the caller's own statements, or those of people in report scope."""
    if mine:
        qs = XapiStatement.objects.filter(employee=_me(request))
    else:
        require_perm(request, REPORT)
        scope = scope_for(request.auth, perm=REPORT)
        qs = XapiStatement.objects.filter(people_scope_q(scope, prefix="employee__"))
    if course_id:
        qs = qs.filter(course_id=course_id)
    return xapi.statements_export(qs, limit=50_000)
