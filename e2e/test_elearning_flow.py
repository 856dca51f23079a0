"""In Chromium: a learner completes a text + quiz course, and a real SCORM 2004
package (launch, answer, exit, relaunch and resume, complete); each time the JP
arrives in the ledger."""

import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from e2e.conftest import PASSWORD, TIMEOUT_MS
from jenjang.development.models import LedgerEntry
from jenjang.development.services.conversion import ensure_seeded
from jenjang.elearning.models import Enrolment, Lesson, ScormAttempt, XapiStatement
from jenjang.elearning.services import courses, learning, scorm

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCORM_SINGLE = Path("/work/shared/data/scorm/golf-2004-3rd-advanced-runtime.zip")


@pytest.fixture
def signed_in(browser, live_server):
    contexts = []

    def open_as(username: str):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        # The live server imports every app on its first request: allow for it.
        page.goto("/accounts/login/", timeout=90_000)
        page.locator("input[name='username']").fill(username)
        page.locator("input[name='password']").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("input[name='password']").press("Enter")
        assert "/accounts/login/" not in page.url, page.url
        return page

    yield open_as
    for context in contexts:
        context.close()


def _wait_for(check, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = check()
        except OperationalError:
            # The live server's request holds SQLite's table lock: ask again.
            value = None
        if value:
            return value
        time.sleep(0.3)
    return check()


def test_text_and_quiz_course_completed_with_jp(signed_in, world, organiser):
    from jenjang.elearning.tests.conftest import build_course

    ensure_seeded()
    course = build_course(organiser=organiser, unit=world.dinkes)
    page = signed_in("employee")
    page.goto("/elearning/")
    page.get_by_role("link", name=re.compile("Kepemimpinan Pelayanan")).first.click()
    page.get_by_role("button", name="Daftar kursus").click()
    expect(page).to_have_url(re.compile(r"/elearning/learn/\d+/$"))
    page.goto(page.url + "?resume=1")
    expect(page.locator("article.lesson-body")).to_contain_text("Isi penting")
    expect(page.locator("article.lesson-body script")).to_have_count(0)
    page.locator("#complete-lesson").click()
    # The next lesson is the quiz.
    expect(page.locator("h1")).to_have_text("Kuis")
    page.locator("#start-quiz").click()
    expect(page.locator("#quiz-form")).to_be_visible()
    page.get_by_label("Jakarta").check()
    page.get_by_label("Berorientasi pelayanan").check()
    page.get_by_label("Akuntabel").check()
    page.get_by_label("Benar", exact=True).check()
    page.get_by_label("Jawaban").fill("SKP")
    page.locator("#submit-quiz").click()
    expect(page.locator("#quiz-result")).to_contain_text("100")
    expect(page.locator("#quiz-result")).to_contain_text("Lulus")
    enrolment = Enrolment.objects.get(course=course, employee=world.employee)
    assert enrolment.status == Enrolment.Status.COMPLETED
    entry = LedgerEntry.objects.get(
        source_type="elearning.enrolment", source_id=str(enrolment.pk)
    )
    assert entry.jp == Decimal("3.00")
    page.goto("/elearning/")
    expect(page.get_by_role("link", name="Sertifikat")).to_be_visible()


def _scorm_course(world, organiser):
    course = courses.course_create(
        title="Golf Explained", owner_unit=world.dinkes, by=organiser
    )
    with open(SCORM_SINGLE, "rb") as f:
        package = scorm.package_upload(course=course, upload=f, by=organiser)
    module = courses.module_create(course=course, title="Golf")
    courses.lesson_create(
        course=course,
        module_id=module.pk,
        title="Golf Explained",
        kind=Lesson.Kind.SCORM,
        scorm_package=package,
        estimated_minutes=90,
    )
    courses.course_publish(course=course, by=organiser)
    course.refresh_from_db()
    return course


def _sco(page):
    """The SCO's own page (launchpage.html) inside the player's iframe."""
    frame = page.frame_locator("#sco-frame")
    expect(frame.locator("#butNext")).to_be_visible()
    return frame


def test_scorm_launch_answer_exit_resume_complete(
    signed_in, world, organiser, employee
):
    ensure_seeded()
    course = _scorm_course(world, organiser)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    lesson = Lesson.objects.get(module__version=enrolment.version)
    page = signed_in("employee")
    # The Golf SCO asks with confirm() whether to save or resume: always yes.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/")
    page.locator("#launch-scorm").click()
    sco = _sco(page)
    for _ in range(3):
        sco.locator("#butNext").click()
    sco.locator("#butExit").click()
    attempt = _wait_for(
        lambda: ScormAttempt.objects.filter(enrolment=enrolment, location="3").first()
    )
    assert attempt is not None, list(ScormAttempt.objects.values("location", "commits"))
    assert attempt.completion_status == "incomplete"
    assert not LedgerEntry.objects.filter(source_type="elearning.enrolment").exists()

    # Relaunch: the SCO resumes on page 3 (OtherScoring.html).
    page.goto(f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/scorm/")
    sco = _sco(page)
    content = page.frame_locator("#sco-frame").frame_locator("#contentFrame")
    expect(content.locator("body")).to_be_visible()
    src = page.frame_locator("#sco-frame").locator("#contentFrame").get_attribute("src")
    assert src.endswith("Playing/OtherScoring.html"), src
    for _ in range(11):
        sco.locator("#butNext").click()
    # The assessment: answer every question right, as a learner who read the pages.
    content = page.frame_locator("#sco-frame").frame_locator("#contentFrame")
    expect(
        content.locator("input[type=button], input[type=submit]").first
    ).to_be_visible()
    content.locator("body").evaluate(
        """() => {
          for (const q of test.Questions) {
            if (q.Type === QUESTION_TYPE_CHOICE) {
              const i = q.Answers.indexOf(q.CorrectAnswer);
              document.getElementById('question_' + q.Id + '_' + i).click();
            } else if (q.Type === QUESTION_TYPE_TF) {
              document.getElementById('question_' + q.Id + '_' + (q.CorrectAnswer ? 'True' : 'False')).click();
            } else {
              document.getElementById('question_' + q.Id + '_Text').value = String(q.CorrectAnswer);
            }
          }
        }"""
    )
    content.locator("input[type=button], input[type=submit]").last.click()
    expect(content.locator("body")).to_contain_text("Score: 100")
    sco.locator("#butExit").click()
    done = _wait_for(
        lambda: Enrolment.objects.filter(
            pk=enrolment.pk, status=Enrolment.Status.COMPLETED
        ).exists()
    )
    attempt = ScormAttempt.objects.get(enrolment=enrolment)
    assert done, (attempt.completion_status, attempt.success_status, attempt.commits)
    assert (attempt.completion_status, attempt.success_status) == (
        "completed",
        "passed",
    )
    assert attempt.score_scaled == Decimal("1.0000")
    entry = LedgerEntry.objects.get(
        source_type="elearning.enrolment", source_id=str(enrolment.pk)
    )
    assert entry.jp == Decimal("2.00")  # 90 minutes
    assert attempt.cmi["_interactions_seen"] >= 10
    assert XapiStatement.objects.filter(verb="answered").count() >= 10
    page.goto(f"/elearning/learn/{enrolment.pk}/")
    expect(page.locator("#course-completed")).to_contain_text("2")
