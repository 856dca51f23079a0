"""Pages of e-learning: catalogue, player, quizzes, SCORM, authoring, reports, board.

Thin: parse, call a service or selector, render. Domain errors become a
message on the page; NotFound a 404 and PermissionDenied a 403.
"""

import json
import mimetypes
from functools import wraps

from csp.decorators import csp
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jenjang.accounts.decorators import perm_required
from jenjang.accounts.roles import has_perm
from jenjang.competencies.models import Competency
from jenjang.core.csp import SCORM_CONTENT_POLICY
from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.core.response_cache import cached_page
from jenjang.elearning import selectors
from jenjang.elearning.models import (
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
    Question,
    Quiz,
    ScormAttempt,
    ScormPackage,
    XapiStatement,
)
from jenjang.elearning.permissions import ASSIGN, AUTHOR, LEARN, MODERATE, REPORT
from jenjang.elearning.services import community, courses, learning, quiz, scorm, xapi
from jenjang.elearning.versions import home_keys
from jenjang.people.models import Agency, JobField, OrgUnit, Position


def _domain(view):
    """Turn NotFound into 404 and PermissionDenied into 403 for pages."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None

    return wrapped


def _employee(request):
    employee = learning.employee_of(request.user)
    if employee is None:
        raise Http404
    return employee


# --- learner ------------------------------------------------------------------------


@perm_required(LEARN)
@cached_page("elearning.home", home_keys)
def home(request):
    employee = _employee(request)
    paths = [
        (p, community.path_progress(p, employee)) for p in community.paths_for(employee)
    ]
    return render(
        request,
        "elearning/home.html",
        {
            "enrolments": selectors.enrolments_with_progress(employee),
            "catalog": selectors.catalog_for(employee),
            "paths": paths,
        },
    )


@perm_required(LEARN)
def course(request, pk: int):
    employee = _employee(request)
    found = next((c for c in selectors.catalog_for(employee) if c.pk == pk), None)
    if found is None:
        raise Http404
    if request.method == "POST":
        try:
            enrolment = learning.enrolment_create(
                course=found, employee=employee, by=request.user
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("elearning:course", pk=pk)
        return redirect("elearning:enrolment", pk=enrolment.pk)
    enrolment = Enrolment.objects.filter(course=found, employee=employee).first()
    return render(
        request,
        "elearning/course.html",
        {
            "course": found,
            "modules": selectors.version_outline(found.published_version),
            "enrolment": enrolment,
            "prerequisites": found.prerequisites.all(),
        },
    )


@perm_required(LEARN)
@_domain
def enrolment(request, pk: int):
    """The course player's outline; `?resume=1` jumps to where the learner left off."""
    e = learning.enrolment_get_for(user=request.user, enrolment_id=pk)
    modules = selectors.version_outline(e.version, e)
    if request.GET.get("resume"):
        target = e.last_lesson_id or next(
            (
                lesson.pk
                for m in modules
                for lesson in m.lessons.all()
                if not lesson.done
            ),
            None,
        )
        if target:
            return redirect("elearning:lesson", pk=e.pk, lesson_id=target)
    return render(
        request,
        "elearning/enrolment.html",
        {"enrolment": e, "modules": modules, "percent": learning.enrolment_percent(e)},
    )


def _neighbours(modules, lesson_id):
    flat = [lesson for m in modules for lesson in m.lessons.all()]
    ids = [lesson.pk for lesson in flat]
    i = ids.index(lesson_id) if lesson_id in ids else -1
    prev = flat[i - 1] if i > 0 else None
    nxt = flat[i + 1] if 0 <= i < len(flat) - 1 else None
    return prev, nxt


@perm_required(LEARN)
@_domain
def lesson(request, pk: int, lesson_id: int):
    e = learning.enrolment_get_for(user=request.user, enrolment_id=pk)
    item = learning.lesson_of(e, lesson_id)
    if request.method == "POST":
        try:
            learning.lesson_complete(enrolment=e, lesson=item, by=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        e.refresh_from_db()
        if e.status == Enrolment.Status.COMPLETED:
            messages.success(request, _("Selamat, kursus selesai. JP sudah dicatat."))
        modules = selectors.version_outline(e.version, e)
        _prev, nxt = _neighbours(modules, item.pk)
        if nxt is not None:
            return redirect("elearning:lesson", pk=e.pk, lesson_id=nxt.pk)
        return redirect("elearning:enrolment", pk=e.pk)
    progress = learning.lesson_open(enrolment=e, lesson=item)
    modules = selectors.version_outline(e.version, e)
    prev, nxt = _neighbours(modules, item.pk)
    context = {
        "enrolment": e,
        "lesson": item,
        "modules": modules,
        "progress": progress,
        "prev": prev,
        "next": nxt,
        "html": learning.render_markdown(item.body),
        "percent": learning.enrolment_percent(e),
    }
    if item.kind == Lesson.Kind.QUIZ:
        context["quiz"] = item.quiz
        context["attempts"] = item.quiz.attempts.filter(enrolment=e).order_by("number")
    if item.kind == Lesson.Kind.SCORM:
        package = item.scorm_package
        _done, statuses = scorm.lesson_statuses(
            package, ScormAttempt.objects.filter(enrolment=e, lesson=item)
        )
        leaves = [i["identifier"] for i in package.items]
        context["sco_total"] = len(leaves)
        context["sco_done"] = sum(
            1
            for i in leaves
            if i in statuses
            and statuses[i].completed is True
            and statuses[i].satisfied is not False
        )
    return render(request, "elearning/lesson.html", context)


@perm_required(LEARN)
@_domain
@require_POST
def position(request, pk: int, lesson_id: int):
    e = learning.enrolment_get_for(user=request.user, enrolment_id=pk)
    item = learning.lesson_of(e, lesson_id)
    try:
        data = json.loads(request.body or b"{}")
        learning.position_save(enrolment=e, lesson=item, position=data)
    except (ValueError, ApplicationError):
        return JsonResponse({"ok": False}, status=400)
    return JsonResponse({"ok": True})


@perm_required(LEARN)
@_domain
@require_POST
def attempt_start(request, pk: int, lesson_id: int):
    e = learning.enrolment_get_for(user=request.user, enrolment_id=pk)
    item = learning.lesson_of(e, lesson_id)
    if item.kind != Lesson.Kind.QUIZ:
        raise Http404
    try:
        attempt = quiz.attempt_start(enrolment=e, quiz=item.quiz)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("elearning:lesson", pk=pk, lesson_id=lesson_id)
    return redirect("elearning:attempt", pk=attempt.pk)


@perm_required(LEARN)
@_domain
def attempt(request, pk: int):
    from jenjang.elearning.api import attempt_payload

    att = quiz.attempt_get_for(user=request.user, attempt_id=pk)
    if request.method == "POST" and att.submitted_at is None:
        responses = {}
        for qid in att.question_ids:
            values = request.POST.getlist(f"q{qid}")
            values = [v for v in values if v.strip()]
            if values:
                responses[str(qid)] = values
        try:
            att = quiz.attempt_submit(attempt=att, by=request.user, responses=responses)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("elearning:attempt", pk=att.pk)
    data = attempt_payload(att)
    return render(
        request,
        "elearning/attempt.html",
        {
            "attempt": att,
            "data": data,
            "review": quiz.review_for(att) if att.submitted_at else None,
            "enrolment": att.enrolment,
        },
    )


# --- SCORM -------------------------------------------------------------------------


def commit_token(attempt_id: int, request) -> str:
    """A per-session secret in the commit URL: scorm-again's final commit is a
    beacon that cannot carry the CSRF header, so the URL carries the proof."""
    key = request.session.session_key or ""
    return salted_hmac(
        "jenjang.elearning.commit", f"{attempt_id}:{request.user.pk}:{key}"
    ).hexdigest()[:40]


def scorm_launch_data(request, e: Enrolment, item: Lesson, sco: str) -> dict:
    package = item.scorm_package
    attempt = scorm.sco_launch(enrolment=e, lesson=item, sco=sco, by=request.user)
    if not request.session.session_key:
        request.session.save()
    entry = scorm.item_of(package, sco)
    path = entry["href"].split("?", 1)[0]
    cmi = scorm.restore_cmi(
        package.standard, attempt, learner_id=e.employee.nip, name=e.employee.name
    )
    mastery = scorm.item_mastery(package, sco)
    launch_data = entry.get("data_from_lms") or ""
    if launch_data:
        cmi["launch_data"] = launch_data
    if package.standard == ScormPackage.Standard.SCORM2004:
        if mastery is not None:
            cmi["scaled_passing_score"] = str(mastery)
        if entry.get("completion_threshold"):
            cmi["completion_threshold"] = entry["completion_threshold"]
    elif mastery is not None:
        cmi["student_data"] = {"mastery_score": str(int(mastery))}
    return {
        "attempt_id": attempt.pk,
        "standard": package.standard,
        "sco": sco,
        "launch_url": reverse("elearning:scorm_content", args=[package.pk, path])
        + scorm.launch_url_query(entry),
        "commit_url": reverse("elearning:scorm_commit", args=[attempt.pk])
        + "?t="
        + commit_token(attempt.pk, request),
        "cmi": cmi,
        "items": package.items,
    }


@perm_required(LEARN)
@_domain
def scorm_player(request, pk: int, lesson_id: int):
    """The player: the package's table of contents, previous/next, one item at a time.

    Without ?sco= the learner comes back to the item they were last in.
    """
    e = learning.enrolment_get_for(user=request.user, enrolment_id=pk)
    item = learning.lesson_of(e, lesson_id)
    if item.kind != Lesson.Kind.SCORM:
        raise Http404
    package = item.scorm_package
    sco = request.GET.get("sco") or scorm.resume_sco(enrolment=e, lesson=item)
    try:
        launch = scorm_launch_data(request, e, item, sco)
    except ApplicationError:
        raise Http404 from None
    _done, statuses = scorm.lesson_statuses(
        package, ScormAttempt.objects.filter(enrolment=e, lesson=item)
    )
    toc = scorm.toc_rows(package, statuses, current=sco)
    leaves = [i["identifier"] for i in package.items]
    index = leaves.index(sco)
    titles = {i["identifier"]: i["title"] or i["identifier"] for i in package.items}
    prev_id = leaves[index - 1] if index > 0 else None
    next_id = leaves[index + 1] if index < len(leaves) - 1 else None
    e.refresh_from_db(fields=["status", "jp"])
    return render(
        request,
        "elearning/scorm_player.html",
        {
            "enrolment": e,
            "lesson": item,
            "launch": launch,
            "player_json": {
                **launch,
                "csrf": get_token(request),
                "exit_url": reverse("elearning:lesson", args=[e.pk, item.pk]),
                "saved": _("Tersimpan"),
                "single": len(leaves) == 1,
            },
            "toc": toc,
            "position": index + 1,
            "count": len(leaves),
            "current_title": titles[sco],
            "lesson_done": LessonProgress.objects.filter(
                enrolment=e, lesson=item, completed_at__isnull=False
            ).exists(),
            "prev": {"identifier": prev_id, "title": titles[prev_id]}
            if prev_id
            else None,
            "next": {"identifier": next_id, "title": titles[next_id]}
            if next_id
            else None,
        },
    )


@csrf_exempt
def scorm_commit(request, attempt_id: int):
    """scorm-again's lmsCommitUrl: JSON {"cmi": …}; answers {"result": true, "errorCode": 0}.

    Session authentication; the CSRF proof is the session-bound token in the
    URL (see commit_token), checked in constant time, plus the Origin header
    when the browser sends one.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    fail = {"result": False, "errorCode": 101}
    if not request.user.is_authenticated:
        return JsonResponse(fail, status=401)
    token = request.GET.get("t", "")
    if not constant_time_compare(token, commit_token(attempt_id, request)):
        return JsonResponse({**fail, "message": _("Token tidak sah.")}, status=403)
    origin = request.headers.get("Origin")
    if origin and origin != f"{request.scheme}://{request.get_host()}":
        return JsonResponse(
            {**fail, "message": _("Asal permintaan tidak sah.")}, status=403
        )
    if len(request.body) > scorm.MAX_COMMIT_BYTES:
        return JsonResponse({**fail, "message": _("Data terlalu besar.")}, status=413)
    try:
        payload = json.loads(request.body)
        attempt = scorm.scorm_attempt_get_for(user=request.user, attempt_id=attempt_id)
        scorm.scorm_commit(attempt=attempt, payload=payload, by=request.user)
    except ValueError:
        return JsonResponse({**fail, "message": _("JSON tidak sah.")}, status=400)
    except ApplicationError as exc:
        return JsonResponse({**fail, "message": exc.message}, status=exc.status)
    return JsonResponse({"result": True, "errorCode": 0})


@csp(SCORM_CONTENT_POLICY)
@xframe_options_sameorigin
def scorm_content(request, package_id: int, path: str):
    """Serve a file of a stored package to its enrolled learners and its authors."""
    if not request.user.is_authenticated:
        raise Http404
    package = get_object_or_404(ScormPackage, pk=package_id)
    employee = learning.employee_of(request.user)
    allowed = bool(
        employee
        and Enrolment.objects.filter(
            course_id=package.course_id, employee=employee
        ).exists()
    ) or (
        has_perm(request.user, AUTHOR)
        and courses.authorable_courses(request.user)
        .filter(pk=package.course_id)
        .exists()
    )
    if not allowed:
        raise Http404
    target = scorm.package_file(package, path)
    if target is None:
        raise Http404
    content_type, _enc = mimetypes.guess_type(target.name)
    response = FileResponse(
        open(target, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- learning paths and xAPI ---------------------------------------------------------


@perm_required(LEARN)
def xapi_mine(request):
    employee = _employee(request)
    data = xapi.statements_export(XapiStatement.objects.filter(employee=employee))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="xapi-saya.json"'
    return response


# --- discussion -------------------------------------------------------------------


@_domain
def board(request, course_id: int):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    c = community.board_course(user=request.user, course_id=course_id)
    if request.method == "POST":
        try:
            thread = community.thread_create(
                user=request.user,
                course=c,
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
            )
            return redirect("elearning:thread", pk=thread.pk)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "elearning/board.html",
        {
            "course": c,
            "threads": c.threads.select_related("author").annotate(
                replies=Count("posts")
            ),
        },
    )


@_domain
def thread(request, pk: int):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    t = community.thread_get(user=request.user, thread_id=pk)
    can_moderate = has_perm(request.user, MODERATE) and community._can_moderate(
        request.user, t.course
    )
    if request.method == "POST":
        try:
            if "pin" in request.POST:
                community.thread_moderate(
                    user=request.user, thread=t, pinned=request.POST["pin"] == "1"
                )
            elif "answer" in request.POST:
                community.thread_moderate(
                    user=request.user,
                    thread=t,
                    answer_post_id=int(request.POST["answer"]),
                )
            else:
                community.post_create(
                    user=request.user, thread=t, body=request.POST.get("body", "")
                )
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Masukan tidak sah.")))
        return redirect("elearning:thread", pk=t.pk)
    return render(
        request,
        "elearning/thread.html",
        {
            "thread": t,
            "posts": t.posts.select_related("author"),
            "can_moderate": can_moderate,
        },
    )


# --- authoring ----------------------------------------------------------------------


@perm_required(AUTHOR)
def author_list(request):
    from jenjang.core.scoping import scope_for, unit_scope_q

    units = OrgUnit.objects.filter(unit_scope_q(scope_for(request.user, perm=AUTHOR)))
    if request.method == "POST":
        unit = units.filter(pk=request.POST.get("owner_unit") or 0).first()
        if unit is None:
            messages.error(request, _("Pilih unit penyelenggara."))
        else:
            try:
                c = courses.course_create(
                    title=request.POST.get("title", ""),
                    owner_unit=unit,
                    by=request.user,
                    summary=request.POST.get("summary", ""),
                )
                return redirect("elearning:author_course", pk=c.pk)
            except ApplicationError as exc:
                messages.error(request, exc.message)
    return render(
        request,
        "elearning/author_list.html",
        {
            "courses": courses.authorable_courses(request.user)
            .select_related("owner_unit", "published_version")
            .prefetch_related("versions"),
            "units": units.order_by("path")[:500],
        },
    )


def _author_action(request, c: Course) -> None:
    """Apply one authoring form post; errors become messages."""
    action = request.POST.get("action", "")
    post = request.POST
    if action == "module":
        courses.module_create(course=c, title=post.get("title", ""))
    elif action == "lesson":
        package = None
        if post.get("scorm_package"):
            package = c.scorm_packages.filter(pk=post.get("scorm_package")).first()
        courses.lesson_create(
            course=c,
            module_id=int(post.get("module") or 0),
            title=post.get("title", ""),
            kind=post.get("kind", ""),
            body=post.get("body", ""),
            video_url=post.get("video_url", ""),
            estimated_minutes=int(post.get("estimated_minutes") or 0),
            required=post.get("required") == "on",
            video_file=request.FILES.get("video_file"),
            document=request.FILES.get("document"),
            scorm_package=package,
        )
    elif action == "links":
        courses.course_links_set(
            course=c,
            by=request.user,
            competency_ids=[int(i) for i in post.getlist("competencies")],
            prerequisite_ids=[int(i) for i in post.getlist("prerequisites")],
        )
        messages.success(request, _("Kompetensi dan prasyarat disimpan."))
    elif action == "scorm":
        upload = request.FILES.get("package")
        if upload is None:
            raise ApplicationError("no_file", _("Pilih berkas paket SCORM (.zip)."))
        scorm.package_upload(
            course=c, upload=upload, title=post.get("title", ""), by=request.user
        )
    elif action in ("module_up", "module_down"):
        draft = courses.draft_version(c)
        ids = list(draft.modules.values_list("pk", flat=True))
        _swap(ids, int(post.get("id") or 0), action.endswith("up"))
        courses.reorder(course=c, module_ids=ids)
    elif action in ("lesson_up", "lesson_down"):
        lesson_obj = get_object_or_404(Lesson, pk=int(post.get("id") or 0))
        ids = list(lesson_obj.module.lessons.values_list("pk", flat=True))
        _swap(ids, lesson_obj.pk, action.endswith("up"))
        courses.reorder(course=c, module_id=lesson_obj.module_id, lesson_ids=ids)
    elif action == "quiz":
        courses.quiz_update(
            course=c,
            lesson_id=int(post.get("lesson") or 0),
            pass_mark=post.get("pass_mark") or 70,
            time_limit_minutes=int(post["time_limit_minutes"])
            if post.get("time_limit_minutes")
            else None,
            attempt_limit=int(post["attempt_limit"])
            if post.get("attempt_limit")
            else None,
            draw_count=int(post["draw_count"]) if post.get("draw_count") else None,
            shuffle=post.get("shuffle") == "on",
            review=post.get("review", "full"),
        )
    elif action == "question":
        kind = post.get("kind", "")
        correct = set(post.getlist("correct"))
        choices = [
            {"text": post.get(f"choice{i}", ""), "correct": str(i) in correct}
            for i in range(5)
        ]
        if kind == Question.Kind.TRUE_FALSE:
            choices = [{"id": "true", "correct": post.get("truth") == "true"}]
        courses.question_create(
            course=c,
            lesson_id=int(post.get("lesson") or 0),
            kind=kind,
            text=post.get("text", ""),
            choices=choices,
            answer_text=post.get("answer_text", ""),
            answer_pattern=post.get("answer_pattern", ""),
            points=int(post.get("points") or 1),
            explanation=post.get("explanation", ""),
        )
    elif action == "publish":
        version = courses.course_publish(course=c, by=request.user)
        messages.success(request, _("Versi %(n)d terbit.") % {"n": version.number})
    else:
        raise ApplicationError("bad_action", _("Tindakan tidak dikenal."))


def _swap(ids: list[int], pk: int, up: bool) -> None:
    if pk not in ids:
        raise NotFound()
    i = ids.index(pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]


@perm_required(AUTHOR)
@_domain
def author_course(request, pk: int):
    c = courses.course_for_author(user=request.user, course_id=pk)
    if request.method == "POST":
        try:
            _author_action(request, c)
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Masukan tidak sah.")))
        return redirect("elearning:author_course", pk=c.pk)
    draft = courses.draft_version(c)
    modules = list(
        Module.objects.filter(version=draft).prefetch_related(
            "lessons__quiz__questions", "lessons__scorm_package"
        )
    )
    return render(
        request,
        "elearning/author_course.html",
        {
            "course": c,
            "draft": draft,
            "modules": modules,
            "packages": c.scorm_packages.all(),
            "kinds": Lesson.Kind.choices,
            "question_kinds": Question.Kind.choices,
            "reviews": Quiz.Review.choices,
            "minutes": learning.version_minutes(draft),
            "jp": learning.version_jp(draft),
            "can_assign": has_perm(request.user, ASSIGN),
            "competencies": Competency.objects.filter(is_active=True),
            "chosen_competencies": {x.pk for x in c.competencies.all()},
            "other_courses": Course.objects.filter(agency_id=c.agency_id).exclude(
                pk=c.pk
            ),
            "chosen_prerequisites": {x.pk for x in c.prerequisites.all()},
        },
    )


@perm_required(AUTHOR)
@_domain
def author_preview(request, pk: int):
    """The draft as a learner will see it (nothing is recorded)."""
    c = courses.course_for_author(user=request.user, course_id=pk)
    draft = courses.draft_version(c)
    modules = list(
        Module.objects.filter(version=draft).prefetch_related(
            "lessons__quiz__questions"
        )
    )
    for m in modules:
        for item in m.lessons.all():
            item.html = learning.render_markdown(item.body)
    return render(
        request,
        "elearning/author_preview.html",
        {"course": c, "draft": draft, "modules": modules},
    )


@perm_required(ASSIGN)
@_domain
def assign(request, pk: int):
    import datetime as dt

    from jenjang.core.scoping import scope_for, unit_scope_q

    c = get_object_or_404(selectors.assignable_courses(request.user), pk=pk)
    units = OrgUnit.objects.filter(unit_scope_q(scope_for(request.user, perm=ASSIGN)))
    if not units.exists():
        raise Http404
    if request.method == "POST":
        try:
            due = dt.date.fromisoformat(request.POST.get("due_on", ""))
            unit = units.filter(pk=request.POST.get("org_unit") or 0).first()
            field = JobField.objects.filter(
                pk=request.POST.get("job_field") or 0
            ).first()
            _a, new = learning.assignment_create(
                course=c,
                due_on=due,
                by=request.user,
                org_unit=unit,
                position_kind=request.POST.get("position_kind", ""),
                job_field=field,
            )
            messages.success(
                request,
                _("%(n)d pegawai ditugaskan mengikuti kursus ini.") % {"n": new},
            )
            return redirect("elearning:reports")
        except ValueError:
            messages.error(request, _("Tanggal batas waktu tidak sah."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "elearning/assign.html",
        {
            "course": c,
            "units": units.order_by("path")[:500],
            "kinds": Position.Kind.choices,
            "fields": JobField.objects.all(),
        },
    )


# --- reports ------------------------------------------------------------------------


@perm_required(REPORT)
def reports(request):
    course_id = request.GET.get("course")
    course_id = int(course_id) if course_id and course_id.isdigit() else None
    by_course = selectors.report_by_course(request.user)
    by_unit = selectors.report_by_unit(request.user, course_id)
    quizzes = Quiz.objects.filter(
        lesson__module__version__course__in=selectors.reportable_courses(request.user)
    ).select_related("lesson__module__version__course")
    if request.GET.get("format") == "xlsx":
        return _xlsx(by_course, by_unit)
    return render(
        request,
        "elearning/reports.html",
        {
            "by_course": by_course,
            "by_unit": by_unit,
            "course_id": course_id,
            "quizzes": quizzes,
            "assignable": selectors.assignable_courses(request.user)
            if has_perm(request.user, ASSIGN)
            else [],
        },
    )


def _xlsx(by_course, by_unit) -> HttpResponse:
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("Per kursus")[:31]
    head = [_("Terdaftar"), _("Sedang belajar"), _("Selesai"), _("Terlambat")]
    ws.append([_("Kursus"), *head])
    for r in by_course:
        ws.append(
            [r["course"], r["enrolled"], r["in_progress"], r["completed"], r["overdue"]]
        )
    ws2 = wb.create_sheet(_("Per unit")[:31])
    ws2.append([_("Unit kerja"), *head])
    for r in by_unit:
        ws2.append(
            [r["unit"], r["enrolled"], r["in_progress"], r["completed"], r["overdue"]]
        )
    out = BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="laporan-elearning.xlsx"'
    return response


@perm_required(REPORT)
def item_analysis(request, lesson_id: int):
    q = (
        Quiz.objects.filter(
            lesson_id=lesson_id,
            lesson__module__version__course__in=selectors.reportable_courses(
                request.user
            ),
        )
        .select_related("lesson__module__version__course")
        .first()
    )
    if q is None:
        raise Http404
    return render(
        request,
        "elearning/item_analysis.html",
        {"quiz": q, "stats": quiz.item_analysis(q)},
    )


# Path item field per kind of activity registered in development's completions.
_PATH_ITEM_FIELD = {
    "training.program": "training_program_id",
    "events.event": "event_id",
}


def _path_items_posted(post, *, courses, scope) -> list[dict]:
    """The posted items in their position order; an unknown or out-of-scope id raises.

    Course boxes are named pos_<id>, other kinds pos_<kind>_<id> (kinds from
    development's registry: training programmes, events).
    """
    from jenjang.development.completions import choosable_kinds, resolve_choice

    labels = {k.kind: k.label for k in choosable_kinds()}
    ranked = []
    for key, value in post.items():
        if not key.startswith("pos_") or not value.strip():
            continue
        if not value.strip().isdigit() or int(value) < 1:
            raise ApplicationError(
                "bad_position", _("Urutan harus berupa angka 1 atau lebih.")
            )
        kind, _sep, pk = key[4:].rpartition("_")
        if not pk.isdigit():
            raise ApplicationError(
                "bad_item", _("Kegiatan yang dipilih tidak dikenal.")
            )
        ranked.append((int(value), len(ranked), kind, int(pk)))
    items = []
    for _rank, _i, kind, pk in sorted(ranked):
        if kind == "":
            course = courses.filter(pk=pk).first()
            if course is None:
                raise ApplicationError(
                    "bad_item",
                    _("Kursus #%(id)s tidak tersedia untuk jalur ini.") % {"id": pk},
                )
            items.append({"course": course})
            continue
        field = _PATH_ITEM_FIELD.get(kind)
        choice = resolve_choice(kind, pk, scope=scope) if field else None
        if choice is None:
            raise ApplicationError(
                "bad_item",
                _("%(kind)s #%(id)s tidak tersedia untuk jalur ini.")
                % {"kind": labels.get(kind, _("Kegiatan")), "id": pk},
            )
        items.append({field: choice.id, "title": choice.label[:200]})
    return items


@perm_required(ASSIGN)
def path_new(request):
    """HR builds a learning path in order from the agency's published courses,
    and the training programmes and events their apps offer to the scope."""
    from jenjang.core.scoping import scope_for, unit_scope_q
    from jenjang.development.completions import choosable_kinds, list_choices
    from jenjang.elearning.models import LearningPath

    available = selectors.assignable_courses(request.user).order_by("title")
    scope = scope_for(request.user, perm=ASSIGN)
    if request.method == "POST":
        field = JobField.objects.filter(pk=request.POST.get("job_field") or 0).first()
        try:
            items = _path_items_posted(request.POST, courses=available, scope=scope)
            if not items:
                raise ApplicationError(
                    "empty_path", _("Jalur belajar perlu sedikitnya satu kegiatan.")
                )
            course = next((i["course"] for i in items if "course" in i), None)
            agency_id = (
                course.agency_id
                if course is not None
                else OrgUnit.objects.filter(unit_scope_q(scope))
                .values_list("agency_id", flat=True)
                .first()
            )
            if agency_id is None:
                raise ApplicationError(
                    "no_agency", _("Anda tidak mengelola instansi mana pun.")
                )
            community.path_create(
                agency=Agency.objects.get(pk=agency_id),
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                position_kind=request.POST.get("position_kind", ""),
                target_position_kind=request.POST.get("target_position_kind", ""),
                job_field=field,
                items=items,
            )
            messages.success(request, _("Jalur belajar disimpan."))
            return redirect("elearning:path_new")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    agencies = OrgUnit.objects.filter(unit_scope_q(scope)).values("agency_id")
    pickers = [
        {
            "kind": k.kind,
            "label": k.label,
            "choices": list_choices(k.kind, scope=scope),
        }
        for k in choosable_kinds()
        if k.kind in _PATH_ITEM_FIELD
    ]
    return render(
        request,
        "elearning/path_new.html",
        {
            "courses": available,
            "pickers": pickers,
            "paths": LearningPath.objects.filter(
                agency_id__in=agencies
            ).prefetch_related("items__course"),
            "kinds": Position.Kind.choices,
            "fields": JobField.objects.all(),
        },
    )
