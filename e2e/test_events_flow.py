"""In Chromium: an employee registers for a seminar, the organiser checks the
ticket in by typing its code, the employee asks and upvotes a question in the
live room, the moderator marks it answered, then makes an employee a speaker
and edits the event."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from e2e.conftest import PASSWORD, TIMEOUT_MS
from jenjang.development.models import LedgerEntry
from jenjang.events import live
from jenjang.events.models import CheckIn, Question, Registration
from jenjang.events.tests.factories import make_event

SLOW_MS = 4 * TIMEOUT_MS
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def open_as(browser, live_server):
    """Return a function: a new browser page signed in as `username`."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
        )
        # The machines are shared and slow at times: a first page may take long.
        context.set_default_timeout(SLOW_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/", wait_until="domcontentloaded")
        page.locator("input[name='username']").fill(username)
        page.locator("input[name='password']").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("input[name='password']").press("Enter")
        assert "/accounts/login/" not in page.url, page.url
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_register_checkin_ask_upvote_and_moderate(open_as, world, organiser):
    cache.clear()  # the live room's versions: row ids repeat between tests
    live._SESSION_EVENT.clear()
    event = make_event(world, title="Seminar Inovasi Pelayanan", jp=Decimal("4"))
    session = event.sessions.get()

    # The employee registers and gets a ticket with a code.
    employee = open_as("employee")
    employee.goto(f"/events/{event.pk}/")
    employee.locator("#register").click()
    expect(employee.locator("#registration-status")).to_have_text("Terdaftar")
    employee.locator("#my-ticket").click()
    code = employee.locator("#ticket-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert employee.locator("#ticket svg").count() == 1

    # The organiser types the code on the check-in page (no camera here).
    staff = open_as("organiser")
    staff.goto(f"/events/{event.pk}/checkin/")
    staff.locator("#checkin-code").fill(code.lower())
    staff.locator("#checkin-submit").click()
    expect(staff.locator("#checkin-result")).to_contain_text(
        f"Hadir: {world.employee.full_name}"
    )
    # Scanning the same ticket again is refused with a clear message.
    staff.locator("#checkin-code").fill(code)
    staff.locator("#checkin-submit").click()
    expect(staff.locator("#checkin-result")).to_contain_text(
        "sudah tercatat hadir di sesi ini"
    )
    reg = Registration.objects.get(event=event, employee=world.employee)
    assert CheckIn.objects.filter(registration=reg).count() == 1
    assert LedgerEntry.objects.get(source_id=str(reg.pk)).jp == Decimal("4.00")

    # The employee asks a question in the live room and upvotes it.
    employee.goto(f"/events/sessions/{session.pk}/room/")
    employee.locator("#question-text").fill("Bagaimana mengukur kepuasan layanan?")
    employee.locator("#ask-submit").click()
    question = employee.locator("li.question").first
    expect(question).to_contain_text("Bagaimana mengukur kepuasan layanan?")
    question.locator("button.vote").click()
    expect(employee.locator("li.question .vote-count").first).to_have_text("1")
    expect(employee.locator("li.question button.vote").first).to_have_attribute(
        "aria-pressed", "true"
    )

    # The moderator marks it answered; the employee's room refreshes itself.
    staff.goto(f"/events/sessions/{session.pk}/room/")
    staff.locator("li.question button.mark-answered").first.click()
    expect(staff.locator("li.question").first).to_have_attribute(
        "data-status", "answered"
    )
    assert Question.objects.get().status == Question.Status.ANSWERED
    expect(employee.locator("li.question").first).to_have_attribute(
        "data-status", "answered", timeout=SLOW_MS
    )

    # The organiser makes an employee of the unit a speaker, then edits the
    # event's title (the whole-event session follows its times).
    staff.goto("/events/manage/speakers/internal/")
    staff.locator("#candidate-q").fill("Budi")
    staff.locator("#candidate-q").press("Enter")
    staff.locator("#candidates button.make-speaker").first.click()
    expect(staff.locator("#speakers")).to_contain_text(world.employee.full_name)
    staff.goto(f"/events/{event.pk}/manage/edit/")
    staff.locator("#edit-form input[name='title']").fill("Seminar Inovasi Layanan")
    staff.locator("#edit-form button[type='submit']").click()
    expect(staff.locator("h1")).to_have_text("Seminar Inovasi Layanan")
