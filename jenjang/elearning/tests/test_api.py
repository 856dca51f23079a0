"""API: access per persona, learner scoping, quiz and SCORM runtime through HTTP."""

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from conftest import FORBIDDEN, NOT_FOUND
from jenjang.development.models import LedgerEntry
from jenjang.elearning.models import Answer, Course, Enrolment, QuizAttempt, Thread
from jenjang.elearning.services import learning, quiz
from jenjang.elearning.tests.conftest import lessons, right_answers
from jenjang.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AUTHOR_OK = {"organiser", "hr_admin", "superadmin"}


@pytest.mark.parametrize(
    "persona",
    [
        "employee",
        "supervisor",
        "mentor",
        "organiser",
        "hr_admin",
        "hr_admin_other",
        "leader",
        "superadmin",
        "anonymous",
    ],
)
def test_authoring_list_access(api_for, persona, course):
    response = api_for(persona).get("/api/elearning/authoring/courses")
    if persona == "anonymous":
        assert response.status_code == 401
    elif persona in AUTHOR_OK | {"hr_admin_other"}:
        assert response.status_code == 200
        titles = [c["title"] for c in response.json()]
        # BPKAD's HR admin does not see Dinkes's course.
        assert titles == (
            [] if persona == "hr_admin_other" else ["Kepemimpinan Pelayanan"]
        )
    else:
        assert response.status_code == 403
        assert response.json() == FORBIDDEN


@pytest.mark.parametrize(
    "persona", ["employee", "leader", "hr_admin_other", "anonymous"]
)
def test_create_course_denied_changes_nothing(api_for, persona, world):
    before = Course.objects.count()
    response = api_for(persona).post(
        "/api/elearning/authoring/courses",
        {"title": "X", "owner_unit_id": world.dinkes.pk},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert Course.objects.count() == before


def test_author_builds_and_publishes_through_api(api_for, world):
    api = api_for("organiser")
    r = api.post(
        "/api/elearning/authoring/courses",
        {"title": "Manajemen Risiko", "owner_unit_id": world.dinkes.pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    m = api.post(
        f"/api/elearning/authoring/courses/{cid}/modules",
        {"title": "M1"},
        content_type="application/json",
    ).json()
    l1 = api.post(
        f"/api/elearning/authoring/courses/{cid}/modules/{m['id']}/lessons",
        {"title": "Bacaan", "kind": "text", "body": "Teks", "estimated_minutes": 45},
        content_type="application/json",
    ).json()
    l2 = api.post(
        f"/api/elearning/authoring/courses/{cid}/modules/{m['id']}/lessons",
        {"title": "Kuis", "kind": "quiz", "estimated_minutes": 15},
        content_type="application/json",
    ).json()
    r = api.post(f"/api/elearning/authoring/courses/{cid}/publish")
    assert r.status_code == 400
    assert r.json()["code"] == "quiz_without_questions"
    r = api.post(
        f"/api/elearning/authoring/courses/{cid}/lessons/{l2['id']}/questions",
        {
            "kind": "single",
            "text": "Soal?",
            "choices": [{"text": "A", "correct": True}, {"text": "B"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    r = api.put(
        f"/api/elearning/authoring/courses/{cid}/order",
        {"module_id": m["id"], "lesson_ids": [l2["id"], l1["id"]]},
        content_type="application/json",
    )
    assert r.status_code == 204
    r = api.post(f"/api/elearning/authoring/courses/{cid}/publish")
    assert r.status_code == 200
    assert r.json()["number"] == 1
    detail = api.get(f"/api/elearning/authoring/courses/{cid}").json()
    assert [x["title"] for x in detail["modules"][0]["lessons"]] == ["Kuis", "Bacaan"]
    # The learner sees it in the catalogue with 60 minutes = 1,33 JP.
    catalog = api_for("employee").get("/api/elearning/courses").json()
    assert [(c["title"], c["jp"]) for c in catalog] == [("Manajemen Risiko", "1.33")]


def test_learner_flow_through_api(api_for, course, world):
    api = api_for("employee")
    r = api.post(f"/api/elearning/courses/{course.pk}/enrol")
    assert r.status_code == 201
    eid = r.json()["id"]
    detail = api.get(f"/api/elearning/enrolments/{eid}").json()
    text_id, quiz_id = [x["id"] for x in detail["modules"][0]["lessons"]]
    opened = api.get(f"/api/elearning/enrolments/{eid}/lessons/{text_id}").json()
    assert "<script" not in opened["html"]
    assert "<strong>penting</strong>" in opened["html"]
    assert (
        api.post(
            f"/api/elearning/enrolments/{eid}/lessons/{text_id}/complete"
        ).status_code
        == 200
    )
    attempt = api.post(
        f"/api/elearning/enrolments/{eid}/lessons/{quiz_id}/attempts"
    ).json()
    assert all("correct" not in json.dumps(q) for q in attempt["questions"])
    answers = right_answers(QuizAttempt.objects.get(pk=attempt["id"]))
    r = api.post(
        f"/api/elearning/attempts/{attempt['id']}/submit",
        {"answers": answers},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["passed"] is True
    mine = api.get("/api/elearning/enrolments").json()
    assert mine[0]["status"] == "completed"
    assert mine[0]["percent"] == 100
    assert (
        LedgerEntry.objects.filter(
            employee=world.employee, source_type="elearning.enrolment"
        ).count()
        == 1
    )
    review = api.get(f"/api/elearning/attempts/{attempt['id']}/review").json()
    assert review["policy"] == "full"
    assert all(i["correct"] for i in review["items"])
    statements = api.get("/api/elearning/xapi/statements?mine=true").json()
    assert {s["verb"]["display"]["en-US"] for s in statements} >= {
        "launched",
        "completed",
        "passed",
        "answered",
    }
    assert statements[0]["actor"]["account"]["name"] == world.employee.nip


def test_other_learners_attempt_refused(api_for, course, world, enrolment):
    attempt = quiz.attempt_start(
        enrolment=enrolment, quiz=lessons(enrolment)["quiz"].quiz
    )
    other = api_for("supervisor")  # a learner too, but not the owner
    url = f"/api/elearning/attempts/{attempt.pk}"
    assert other.get(url).json() == NOT_FOUND
    r = other.put(
        f"{url}/answers",
        {"answers": right_answers(attempt)},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert r.json() == NOT_FOUND
    r = other.post(
        f"{url}/submit",
        {"answers": right_answers(attempt)},
        content_type="application/json",
    )
    assert r.status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not Answer.objects.filter(attempt=attempt).exists()
    assert other.get(f"/api/elearning/enrolments/{enrolment.pk}").status_code == 404


def test_late_submit_via_api(api_for, enrolment):
    q = lessons(enrolment)["quiz"].quiz
    q.time_limit_minutes = 5
    q.save()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = quiz.attempt_start(enrolment=enrolment, quiz=q)
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        r = api_for("employee").post(
            f"/api/elearning/attempts/{attempt.pk}/submit",
            {"answers": right_answers(attempt)},
            content_type="application/json",
        )
    assert r.status_code == 400
    assert r.json() == {
        "code": "time_limit_passed",
        "message": "Waktu pengerjaan kuis sudah habis; jawaban tidak diterima.",
        "details": None,
    }
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not attempt.answers.exists()


def test_bad_zip_via_api(api_for, course):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = api_for("organiser").post(
        f"/api/elearning/authoring/courses/{course.pk}/scorm-packages",
        {"file": SimpleUploadedFile("x.zip", b"rusak", content_type="application/zip")},
    )
    assert r.status_code == 400
    assert r.json()["message"] == "Berkas bukan arsip ZIP yang sah."
    assert not course.scorm_packages.exists()


def test_reports_scoped(api_for, course, world, employee, hr_admin, hr_admin_other):
    learning.enrolment_create(course=course, employee=world.employee, by=employee)
    learning.assignment_create(
        course=course,
        due_on=timezone.localdate() + dt.timedelta(days=1),
        by=hr_admin,
        org_unit=world.puskesmas,
    )
    rows = api_for("hr_admin").get("/api/elearning/reports/courses").json()
    assert rows == [
        {
            "course_id": course.pk,
            "course": "Kepemimpinan Pelayanan",
            "enrolled": 2,
            "in_progress": 0,
            "completed": 0,
            "overdue": 0,
        }
    ]
    assert api_for("hr_admin_other").get("/api/elearning/reports/courses").json() == []
    assert api_for("employee").get("/api/elearning/reports/courses").status_code == 403
    units = (
        api_for("leader")
        .get(f"/api/elearning/reports/units?course_id={course.pk}")
        .json()
    )
    assert {u["unit"]: u["enrolled"] for u in units} == {
        "Dinas Kesehatan": 1,
        "Puskesmas Sukamaju": 1,
    }


def test_discussion_board(api_for, course, enrolment, world):
    learner = api_for("employee")
    r = learner.post(
        f"/api/elearning/courses/{course.pk}/threads",
        {"title": "Tanya", "body": "Bagaimana?"},
        content_type="application/json",
    )
    assert r.status_code == 201
    tid = r.json()["id"]
    # A learner not enrolled does not see the board.
    assert (
        api_for("supervisor")
        .get(f"/api/elearning/courses/{course.pk}/threads")
        .status_code
        == 404
    )
    post = learner.post(
        f"/api/elearning/threads/{tid}/posts",
        {"body": "Begini."},
        content_type="application/json",
    ).json()
    r = learner.patch(
        f"/api/elearning/threads/{tid}",
        {"pinned": True},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert Thread.objects.get().pinned is False
    r = api_for("organiser").patch(
        f"/api/elearning/threads/{tid}",
        {"pinned": True, "answer_post_id": post["id"]},
        content_type="application/json",
    )
    assert r.status_code == 200
    body = r.json()
    assert body["pinned"] is True
    assert body["answered"] is True
    assert body["posts"][0]["is_answer"] is True


def test_scorm_commit_endpoint_requires_owner_and_token(
    client_for, world, organiser, employee
):
    from jenjang.elearning.tests.test_scorm import _scorm_course

    course, _package, lesson = _scorm_course(world, organiser)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    browser = client_for("employee")
    page = browser.get(f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/scorm/")
    assert page.status_code == 200
    launch = page.context["launch"]
    assert launch["standard"] == "2004"
    body = json.dumps(
        {
            "cmi": {
                "completion_status": "completed",
                "success_status": "passed",
                "session_time": "PT30S",
            }
        }
    )
    # Without the token: refused, nothing stored.
    bare = launch["commit_url"].split("?")[0]
    assert browser.post(bare, body, content_type="application/json").status_code == 403
    # Another learner with the URL (and their own session): refused.
    intruder = UserFactory(username="lain")
    from django.test import Client

    from conftest import sign_in

    other = sign_in(Client(), intruder)
    assert (
        other.post(
            launch["commit_url"], body, content_type="application/json"
        ).status_code
        == 403
    )
    enrolment.refresh_from_db()
    assert enrolment.status != Enrolment.Status.COMPLETED
    r = browser.post(launch["commit_url"], body, content_type="text/plain")
    assert r.status_code == 200
    assert r.json() == {"result": True, "errorCode": 0}
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    # The content is served to the enrolled learner with nosniff, not to others.
    content = browser.get(launch["launch_url"])
    assert content.status_code == 200
    assert content["Content-Type"].startswith("text/html")
    assert content["X-Content-Type-Options"] == "nosniff"
    assert other.get(launch["launch_url"]).status_code == 404
    assert (
        browser.get(
            launch["launch_url"].replace("shared/launchpage.html", "../../x")
        ).status_code
        == 404
    )


def test_learning_path_assigned_by_position_kind(
    api_for, course, world, enrolment, employee
):
    from jenjang.elearning.models import LearningPath
    from jenjang.elearning.services import quiz as quiz_services
    from jenjang.elearning.tests.conftest import lessons as lessons_of
    from jenjang.training.tests.factories import ProgramFactory

    programme = ProgramFactory(title="PKP")
    path = {
        "title": "Persiapan pengawas",
        "position_kind": "pelaksana",
        "target_position_kind": "pengawas",
        "items": [{"course_id": course.pk}, {"training_program_id": 0}],
    }
    for unknown in (programme.pk + 1000, 2**62):
        path["items"][1] = {"training_program_id": unknown}
        refused = api_for("hr_admin").post(
            "/api/elearning/paths", path, content_type="application/json"
        )
        assert refused.status_code == 400, refused.content
        assert refused.json()["code"] == "bad_item"
        assert refused.json()["message"] == (
            f"Program pelatihan #{unknown} tidak tersedia untuk jalur ini."
        )
    assert not LearningPath.objects.exists()
    path["items"][1] = {"training_program_id": programme.pk}
    r = api_for("hr_admin").post(
        "/api/elearning/paths", path, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    assert api_for("employee").get("/api/elearning/paths").json()[0]["percent"] == 0
    ls = lessons_of(enrolment)
    learning.lesson_complete(enrolment=enrolment, lesson=ls["text"], by=employee)
    attempt = quiz_services.attempt_start(enrolment=enrolment, quiz=ls["quiz"].quiz)
    quiz_services.attempt_submit(
        attempt=attempt, by=employee, responses=right_answers(attempt)
    )
    paths = api_for("employee").get("/api/elearning/paths").json()
    # The training programme counts too (not passed: half the path is done).
    assert [(p["title"], p["percent"], p["done"], p["total"]) for p in paths] == [
        ("Persiapan pengawas", 50, 1, 2)
    ]
    assert [i["status"] for i in paths[0]["items"]] == ["completed", ""]
    # The head of section holds a pengawas position: the path is not for them.
    assert api_for("supervisor").get("/api/elearning/paths").json() == []
    assert (
        api_for("employee")
        .post(
            "/api/elearning/paths",
            {"title": "x", "items": [{"course_id": course.pk}]},
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_assignment_api(api_for, course, world):
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    r = api_for("hr_admin").post(
        f"/api/elearning/courses/{course.pk}/assignments",
        {"due_on": due, "position_kind": "pengawas"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["enrolled"] == 1
    assert Enrolment.objects.get().employee == world.supervisor
    for persona in ("organiser", "employee"):
        r = api_for(persona).post(
            f"/api/elearning/courses/{course.pk}/assignments",
            {"due_on": due, "org_unit_id": world.dinkes.pk},
            content_type="application/json",
        )
        assert r.status_code == 403
    r = api_for("hr_admin").post(
        f"/api/elearning/courses/{course.pk}/assignments",
        {"due_on": "2000-01-01", "org_unit_id": world.dinkes.pk},
        content_type="application/json",
    )
    assert r.json()["code"] == "due_in_past"
    assert Enrolment.objects.count() == 1
