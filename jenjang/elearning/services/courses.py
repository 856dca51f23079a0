"""Authoring: courses, the draft version, modules, lessons, questions, publishing.

Organisers edit the draft version only. Publishing freezes the draft (the
previous published version is archived, its learners keep it) and the next
edit starts a new draft copied from the published one.
"""

import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.elearning.models import (
    Course,
    CourseVersion,
    Lesson,
    Module,
    Question,
    Quiz,
)
from jenjang.elearning.permissions import AUTHOR
from jenjang.elearning.services import uploads
from jenjang.people.models import OrgUnit


def authorable_courses(user):
    """Courses whose owning unit lies in the user's authoring scope."""
    scope = scope_for(user, perm=AUTHOR)
    return Course.objects.filter(
        owner_unit__in=OrgUnit.objects.filter(unit_scope_q(scope))
    )


def course_for_author(*, user, course_id: int) -> Course:
    course = authorable_courses(user).filter(pk=course_id).first()
    if course is None:
        raise NotFound()
    return course


def course_create(
    *,
    title: str,
    owner_unit: OrgUnit,
    by,
    summary: str = "",
    code: str = "",
    open_enrolment: bool = True,
) -> Course:
    """Create a course with an empty draft version, owned by a unit in scope."""
    scope = scope_for(by, perm=AUTHOR)
    if not OrgUnit.objects.filter(unit_scope_q(scope), pk=owner_unit.pk).exists():
        raise PermissionDenied()
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ApplicationError(
            "bad_title", _("Judul kursus wajib diisi (paling panjang 200 karakter).")
        )
    code = slugify(code or title)[:50] or "kursus"
    base, n = code, 2
    while Course.objects.filter(code=code).exists():
        code = f"{base}-{n}"
        n += 1
    with acting_as(by), transaction.atomic():
        course = Course.objects.create(
            agency_id=owner_unit.agency_id,
            owner_unit=owner_unit,
            code=code,
            title=title,
            summary=summary,
            open_enrolment=open_enrolment,
            created_by=by,
        )
        CourseVersion.objects.create(course=course, number=1)
    return course


def draft_version(course: Course) -> CourseVersion:
    """Return the course's draft, copying the published version into a new one if needed."""
    draft = course.versions.filter(status=CourseVersion.Status.DRAFT).first()
    if draft is not None:
        return draft
    with transaction.atomic():
        number = (course.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        draft = CourseVersion.objects.create(course=course, number=number)
        if course.published_version_id:
            version_copy(source=course.published_version, target=draft)
    return draft


def version_copy(*, source: CourseVersion, target: CourseVersion) -> None:
    """Copy modules, lessons, quizzes and questions into another version."""
    for module in source.modules.prefetch_related("lessons__quiz__questions"):
        new_module = Module.objects.create(
            version=target, title=module.title, order=module.order
        )
        for lesson in module.lessons.all():
            quiz = getattr(lesson, "quiz", None)
            questions = list(quiz.questions.all()) if quiz else []
            lesson.pk = None
            lesson.module = new_module
            lesson.save()
            if quiz is not None:
                quiz.pk = None
                quiz.lesson = lesson
                quiz.save()
                for question in questions:
                    question.pk = None
                    question.quiz = quiz
                    question.save()


def course_publish(*, course: Course, by) -> CourseVersion:
    """Publish the draft; learners already enrolled keep the version they started."""
    draft = course.versions.filter(status=CourseVersion.Status.DRAFT).first()
    if draft is None:
        raise ApplicationError("no_draft", _("Tidak ada perubahan untuk diterbitkan."))
    lessons = Lesson.objects.filter(module__version=draft)
    if not lessons.exists():
        raise ApplicationError(
            "empty_course", _("Kursus harus memiliki sedikitnya satu pelajaran.")
        )
    empty = [
        lesson.title
        for lesson in lessons.filter(kind=Lesson.Kind.QUIZ).select_related("quiz")
        if not hasattr(lesson, "quiz") or not lesson.quiz.questions.exists()
    ]
    if empty:
        raise ApplicationError(
            "quiz_without_questions",
            _("Kuis belum memiliki soal: %(names)s.") % {"names": ", ".join(empty)},
        )
    with acting_as(by), transaction.atomic():
        course.versions.filter(status=CourseVersion.Status.PUBLISHED).update(
            status=CourseVersion.Status.ARCHIVED
        )
        draft.status = CourseVersion.Status.PUBLISHED
        draft.published_at = timezone.now()
        draft.save(update_fields=["status", "published_at"])
        course.published_version = draft
        course.save(update_fields=["published_version"])
    return draft


def module_create(*, course: Course, title: str) -> Module:
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ApplicationError(
            "bad_title", _("Judul modul wajib diisi (paling panjang 200 karakter).")
        )
    draft = draft_version(course)
    order = (draft.modules.aggregate(m=Max("order"))["m"] or 0) + 1
    return Module.objects.create(version=draft, title=title, order=order)


def _draft_module(course: Course, module_id: int) -> Module:
    module = Module.objects.filter(pk=module_id, version=draft_version(course)).first()
    if module is None:
        raise NotFound()
    return module


_YOUTUBE = re.compile(
    r"^https://(www\.)?(youtube\.com|youtube-nocookie\.com|player\.vimeo\.com)/"
)


def lesson_create(
    *,
    course: Course,
    module_id: int,
    title: str,
    kind: str,
    body: str = "",
    video_url: str = "",
    estimated_minutes: int = 10,
    required: bool = True,
    video_file=None,
    document=None,
    scorm_package=None,
) -> Lesson:
    """Add a lesson to a module of the draft; a quiz lesson gets an empty quiz."""
    module = _draft_module(course, module_id)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ApplicationError(
            "bad_title", _("Judul pelajaran wajib diisi (paling panjang 200 karakter).")
        )
    if kind not in Lesson.Kind.values:
        raise ApplicationError("bad_kind", _("Jenis pelajaran tidak dikenal."))
    if not 1 <= int(estimated_minutes or 0) <= 6000:
        raise ApplicationError(
            "bad_minutes", _("Perkiraan durasi harus antara 1 dan 6000 menit.")
        )
    if kind == Lesson.Kind.VIDEO:
        if video_url and not _YOUTUBE.match(video_url):
            raise ApplicationError(
                "bad_video_url",
                _("Tautan video harus alamat sematan https dari YouTube atau Vimeo."),
            )
        if not video_url and not video_file:
            raise ApplicationError(
                "video_required", _("Unggah berkas video atau isi tautan sematan.")
            )
    if kind == Lesson.Kind.VIDEO and video_file:
        video_file = uploads.check_video(video_file)
    if kind == Lesson.Kind.DOCUMENT:
        if not document:
            raise ApplicationError("pdf_required", _("Unggah dokumen PDF."))
        document = uploads.check_document(document)
    if kind == Lesson.Kind.SCORM and (
        scorm_package is None or scorm_package.course_id != course.pk
    ):
        raise ApplicationError(
            "scorm_required", _("Pilih paket SCORM milik kursus ini.")
        )
    order = (module.lessons.aggregate(m=Max("order"))["m"] or 0) + 1
    with transaction.atomic():
        lesson = Lesson.objects.create(
            module=module,
            title=title,
            kind=kind,
            body=body,
            video_url=video_url,
            estimated_minutes=int(estimated_minutes),
            required=required,
            order=order,
            scorm_package=scorm_package if kind == Lesson.Kind.SCORM else None,
        )
        if video_file and kind == Lesson.Kind.VIDEO:
            lesson.video_file.save(video_file.name, video_file, save=True)
        if document and kind == Lesson.Kind.DOCUMENT:
            lesson.document.save(document.name, document, save=True)
        if kind == Lesson.Kind.QUIZ:
            Quiz.objects.create(lesson=lesson)
    return lesson


def lesson_update(*, course: Course, lesson_id: int, **fields) -> Lesson:
    lesson = Lesson.objects.filter(
        pk=lesson_id, module__version=draft_version(course)
    ).first()
    if lesson is None:
        raise NotFound()
    for key in ("title", "body", "required", "estimated_minutes", "video_url"):
        if key in fields and fields[key] is not None:
            setattr(lesson, key, fields[key])
    if not lesson.title.strip():
        raise ApplicationError("bad_title", _("Judul pelajaran wajib diisi."))
    lesson.save()
    return lesson


def reorder(
    *,
    course: Course,
    module_ids: list[int] | None = None,
    lesson_ids: list[int] | None = None,
    module_id: int | None = None,
) -> None:
    """Set the order of the draft's modules, or of the lessons inside one module."""
    draft = draft_version(course)
    if module_ids is not None:
        modules = {m.pk: m for m in draft.modules.all()}
        if sorted(module_ids) != sorted(modules):
            raise ApplicationError(
                "bad_order", _("Urutan harus menyebut setiap modul tepat sekali.")
            )
        for i, pk in enumerate(module_ids, start=1):
            Module.objects.filter(pk=pk).update(order=i)
    if lesson_ids is not None:
        module = _draft_module(course, module_id)
        lessons = set(module.lessons.values_list("pk", flat=True))
        if sorted(lesson_ids) != sorted(lessons):
            raise ApplicationError(
                "bad_order", _("Urutan harus menyebut setiap pelajaran tepat sekali.")
            )
        for i, pk in enumerate(lesson_ids, start=1):
            Lesson.objects.filter(pk=pk).update(order=i)


def quiz_update(*, course: Course, lesson_id: int, **fields) -> Quiz:
    quiz = Quiz.objects.filter(
        lesson_id=lesson_id, lesson__module__version=draft_version(course)
    ).first()
    if quiz is None:
        raise NotFound()
    for key in (
        "pass_mark",
        "time_limit_minutes",
        "attempt_limit",
        "draw_count",
        "shuffle",
        "review",
    ):
        if key in fields:
            setattr(quiz, key, fields[key])
    if not 0 <= float(quiz.pass_mark) <= 100:
        raise ApplicationError(
            "bad_pass_mark", _("Nilai lulus harus antara 0 dan 100.")
        )
    if quiz.review not in Quiz.Review.values:
        raise ApplicationError("bad_review", _("Kebijakan tinjauan tidak dikenal."))
    quiz.save()
    return quiz


def question_create(
    *,
    course: Course,
    lesson_id: int,
    kind: str,
    text: str,
    choices: list[dict] | None = None,
    answer_text: str = "",
    answer_pattern: str = "",
    points: int = 1,
    explanation: str = "",
) -> Question:
    """Add a question to a quiz's bank, checking its key is complete and sound."""
    quiz = Quiz.objects.filter(
        lesson_id=lesson_id, lesson__module__version=draft_version(course)
    ).first()
    if quiz is None:
        raise NotFound()
    return question_add(
        quiz=quiz,
        kind=kind,
        text=text,
        choices=choices,
        answer_text=answer_text,
        answer_pattern=answer_pattern,
        points=points,
        explanation=explanation,
    )


def question_add(
    *,
    quiz: Quiz,
    kind: str,
    text: str,
    choices: list[dict] | None = None,
    answer_text: str = "",
    answer_pattern: str = "",
    points: int = 1,
    explanation: str = "",
) -> Question:
    text = (text or "").strip()
    if not text:
        raise ApplicationError("bad_question", _("Teks soal wajib diisi."))
    if kind not in Question.Kind.values:
        raise ApplicationError("bad_kind", _("Jenis soal tidak dikenal."))
    if not 1 <= int(points) <= 100:
        raise ApplicationError("bad_points", _("Bobot soal harus antara 1 dan 100."))
    clean: list[dict] = []
    if kind == Question.Kind.TRUE_FALSE:
        truth = bool(
            choices and any(c.get("correct") and c.get("id") == "true" for c in choices)
        )
        clean = [
            {"id": "true", "text": _("Benar"), "correct": truth},
            {"id": "false", "text": _("Salah"), "correct": not truth},
        ]
    elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        for i, choice in enumerate(choices or []):
            label = str(choice.get("text", "")).strip()
            if label:
                clean.append(
                    {
                        "id": "abcdefghij"[i] if i < 10 else str(i),
                        "text": label[:500],
                        "correct": bool(choice.get("correct")),
                    }
                )
        right = sum(c["correct"] for c in clean)
        if (
            len(clean) < 2
            or right == 0
            or (kind == Question.Kind.SINGLE and right != 1)
        ):
            raise ApplicationError(
                "bad_choices",
                _(
                    "Soal pilihan perlu sedikitnya dua pilihan dan kunci yang sesuai jenisnya."
                ),
            )
    else:
        if not answer_text.strip() and not answer_pattern.strip():
            raise ApplicationError(
                "bad_key", _("Isi jawaban tepat atau pola jawabannya.")
            )
        if answer_pattern:
            try:
                re.compile(answer_pattern)
            except re.error:
                raise ApplicationError(
                    "bad_pattern", _("Pola jawaban bukan regex yang sah.")
                ) from None
    order = (quiz.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    return Question.objects.create(
        quiz=quiz,
        kind=kind,
        text=text,
        choices=clean,
        answer_text=answer_text.strip(),
        answer_pattern=answer_pattern.strip(),
        points=int(points),
        explanation=explanation,
        order=order,
    )


def _prerequisite_cycle(course: Course, chosen: list[Course]) -> list[str] | None:
    """Return the titles along a cycle the chosen prerequisites would close, or None.

    A cycle exists when the course can be reached again by following
    prerequisites from one of the chosen ones (A needs B, B needs A).
    """
    edges: dict[int, list[int]] = {}
    for src, dst in Course.prerequisites.through.objects.filter(
        from_course__agency_id=course.agency_id
    ).values_list("from_course_id", "to_course_id"):
        edges.setdefault(src, []).append(dst)
    edges[course.pk] = [c.pk for c in chosen]
    titles = dict(
        Course.objects.filter(agency_id=course.agency_id).values_list("pk", "title")
    )
    stack: list[tuple[int, list[int]]] = [(c.pk, [course.pk, c.pk]) for c in chosen]
    seen: set[int] = set()
    while stack:
        node, trail = stack.pop()
        for nxt in edges.get(node, []):
            if nxt == course.pk:
                return [titles.get(pk, str(pk)) for pk in [*trail, nxt]]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*trail, nxt]))
    return None


def course_links_set(
    *,
    course: Course,
    by,
    competency_ids: list[int] | None = None,
    prerequisite_ids: list[int] | None = None,
) -> Course:
    """Set the competencies a course develops and the courses it requires first.

    Competencies must exist and be active. Prerequisites are courses of the
    same agency; a course cannot require itself, and no chain of
    prerequisites may lead back to it. Either list left None is unchanged;
    a refusal changes nothing.
    """
    from jenjang.competencies.models import Competency

    comps = None
    if competency_ids is not None:
        wanted = {int(i) for i in competency_ids}
        comps = list(Competency.objects.filter(pk__in=wanted, is_active=True))
        if len(comps) != len(wanted):
            raise ApplicationError(
                "unknown_competency",
                _("Kompetensi yang dipilih tidak ditemukan atau tidak aktif."),
            )
    prereqs = None
    if prerequisite_ids is not None:
        wanted = {int(i) for i in prerequisite_ids}
        if course.pk in wanted:
            raise ApplicationError(
                "self_prerequisite",
                _("Kursus tidak bisa menjadi prasyarat bagi dirinya sendiri."),
            )
        prereqs = list(Course.objects.filter(pk__in=wanted, agency_id=course.agency_id))
        if len(prereqs) != len(wanted):
            raise ApplicationError(
                "unknown_prerequisite",
                _("Kursus prasyarat harus kursus instansi yang sama."),
            )
        cycle = _prerequisite_cycle(course, prereqs)
        if cycle:
            raise ApplicationError(
                "prerequisite_cycle",
                _("Prasyarat membentuk lingkaran: %(chain)s.")
                % {"chain": " → ".join(cycle)},
                details={"chain": cycle},
            )
    with acting_as(by), transaction.atomic():
        if comps is not None:
            course.competencies.set(comps)
        if prereqs is not None:
            course.prerequisites.set(prereqs)
    return course
