"""In Chromium: a learner completes a text + quiz course, and a real SCORM 2004
package (launch, answer, exit, relaunch and resume, complete); each time the JP
arrives in the ledger."""

import re
import time
from decimal import Decimal

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from e2e.conftest import PASSWORD, TIMEOUT_MS
from jenjang.development.models import LedgerEntry
from jenjang.development.services.conversion import ensure_seeded
from jenjang.elearning.models import Enrolment, Lesson, ScormAttempt, XapiStatement
from jenjang.elearning.services import learning
from jenjang.elearning.tests.builders import (
    SCORM_MULTI,
    SCORM_SINGLE,
    published_package_course,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


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
    course, _package = published_package_course(
        organiser=organiser, unit=world.dinkes, upload=SCORM_SINGLE, minutes=90
    )
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
    # The answered statements may land with a commit still in flight.
    assert _wait_for(
        lambda: XapiStatement.objects.filter(verb="answered").count() >= 10
    )
    # Leaving the player may wait on the package's unload commit: the check
    # below waits for the page itself, not for every last request.
    page.goto(f"/elearning/learn/{enrolment.pk}/", wait_until="domcontentloaded")
    expect(page.locator("#course-completed")).to_contain_text("2")


def _package_course(world, organiser, upload, title, minutes):
    return published_package_course(
        organiser=organiser,
        unit=world.dinkes,
        upload=upload,
        title=title,
        minutes=minutes,
    )


def test_multi_sco_navigate_exit_resume_complete(signed_in, world, organiser, employee):
    ensure_seeded()
    with open(SCORM_MULTI, "rb") as f:
        course, package = _package_course(world, organiser, f, "Golf Multi", 135)
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    lesson = Lesson.objects.get(module__version=enrolment.version)
    page = signed_in("employee")
    page.goto(f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/")
    page.locator("#launch-scorm").click()
    # The table of contents: the manifest's four sections and 18 items.
    toc = page.locator("#sco-nav")
    expect(toc.locator("[data-cluster]")).to_have_count(4)
    expect(toc.locator("a[data-sco]")).to_have_count(18)
    expect(toc.locator("[data-cluster='etiquette_item']")).to_contain_text("Etiquette")
    frame = page.frame_locator("#sco-frame")
    expect(frame.locator("h1")).to_have_text("Play of the game")
    page.locator("#sco-next").click()
    expect(frame.locator("h1")).to_have_text("Par")
    expect(page.locator("#sco-position")).to_have_text("Bagian 2 dari 18")
    page.locator("#sco-prev").click()
    expect(frame.locator("h1")).to_have_text("Play of the game")
    # Straight to an item from the table of contents: the section's quiz,
    # launched with the manifest's parameters (?questions=Playing).
    toc.locator("a[data-sco='playing_quiz_item']").click()
    expect(frame.locator("h1")).to_have_text("Knowledge Check")
    expect(frame.locator("#test .question").first).to_be_visible()
    expect(
        toc.locator("a[data-sco='playing_playing_item'] .bi-check-circle-fill")
    ).to_be_visible()
    page.locator("#scorm-exit").click()
    expect(page).to_have_url(re.compile(rf"/lessons/{lesson.pk}/$"))
    progress = enrolment.progress.get(lesson=lesson)
    assert progress.position == {"sco": "playing_quiz_item"}
    assert progress.completed_at is None
    assert not LedgerEntry.objects.filter(source_type="elearning.enrolment").exists()
    launched = set(
        ScormAttempt.objects.filter(enrolment=enrolment).values_list("sco", flat=True)
    )
    assert launched == {"playing_playing_item", "playing_par_item", "playing_quiz_item"}

    # Relaunch: back on the item the learner left.
    page.locator("#launch-scorm").click()
    expect(frame.locator("h1")).to_have_text("Knowledge Check")
    expect(page.locator("#sco-position")).to_have_text("Bagian 6 dari 18")
    expect(toc.locator("a.active")).to_have_attribute("data-sco", "playing_quiz_item")
    # Go through the rest of the package with "next".
    for _ in range(12):
        page.locator("#sco-next").click()
        expect(page.locator("#sco-frame")).to_be_visible()
    expect(page.locator("#sco-next")).to_have_count(0)
    expect(frame.locator("h1")).to_have_text("Knowledge Check")
    # Items 3–5 were never opened: the lesson is not done yet.
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    for sco in ("playing_scoring_item", "playing_otherscoring_item"):
        toc.locator(f"a[data-sco='{sco}']").click()
        expect(toc.locator("a.active")).to_have_attribute("data-sco", sco)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    toc.locator("a[data-sco='playing_rules_item']").click()
    expect(page.locator("#course-completed")).to_contain_text("3")
    expect(toc.locator(".bi-check-circle-fill")).to_have_count(18 + 4)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    entry = LedgerEntry.objects.get(
        source_type="elearning.enrolment", source_id=str(enrolment.pk)
    )
    assert entry.jp == Decimal("3.00")  # 135 minutes


def test_scorm12_launch_answer_exit_resume_complete(
    signed_in, world, organiser, employee
):
    from jenjang.elearning.tests.scorm12_fixture import scorm12_zip

    ensure_seeded()
    course, package = _package_course(world, organiser, scorm12_zip(), "Etika ASN", 45)
    assert package.standard == "1.2"
    enrolment = learning.enrolment_create(
        course=course, employee=world.employee, by=employee
    )
    lesson = Lesson.objects.get(module__version=enrolment.version)
    page = signed_in("employee")
    page.goto(f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/")
    page.locator("#launch-scorm").click()
    sco = page.frame_locator("#sco-frame")
    expect(sco.locator("#state")).to_have_text("entry=ab-initio; location=-")
    sco.locator("#to-quiz").click()
    sco.get_by_label("BerAKHLAK").check()
    attempt = _wait_for(
        lambda: ScormAttempt.objects.filter(
            enrolment=enrolment, location="quiz", suspend_data__contains="berakhlak"
        ).first()
    )
    assert attempt is not None, list(ScormAttempt.objects.values("location", "cmi"))
    sco.locator("#exit").click()
    expect(sco.locator("#state")).to_have_text("selesai")
    attempt = _wait_for(
        lambda: ScormAttempt.objects.filter(
            enrolment=enrolment, cmi__core__exit="suspend"
        ).first()
    )
    assert attempt is not None
    assert attempt.completion_status == "incomplete"
    assert not LedgerEntry.objects.filter(source_type="elearning.enrolment").exists()

    # Relaunch: the SCO is told to resume, goes back to the quiz with the
    # first answer still ticked.
    page.goto(f"/elearning/learn/{enrolment.pk}/lessons/{lesson.pk}/scorm/")
    expect(sco.locator("#state")).to_have_text("entry=resume; location=quiz")
    expect(sco.get_by_label("BerAKHLAK")).to_be_checked()
    sco.get_by_label("Benar").check()
    sco.locator("#submit").click()
    expect(sco.locator("#result")).to_have_text("Nilai: 100")
    done = _wait_for(
        lambda: Enrolment.objects.filter(
            pk=enrolment.pk, status=Enrolment.Status.COMPLETED
        ).exists()
    )
    attempt = ScormAttempt.objects.get(enrolment=enrolment)
    assert done, (attempt.completion_status, attempt.success_status, attempt.cmi)
    assert (attempt.completion_status, attempt.success_status) == (
        "completed",
        "passed",
    )
    assert attempt.score_raw == Decimal("100.00")
    sco.locator("#exit").click()
    entry = LedgerEntry.objects.get(
        source_type="elearning.enrolment", source_id=str(enrolment.pk)
    )
    assert entry.jp == Decimal("1.00")
    assert XapiStatement.objects.filter(verb="passed").count() == 1
