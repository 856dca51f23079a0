"""In Chromium: HR runs a matching round and publishes it, the mentee and the
mentor accept, the mentor logs a session, and the mentee's JP rises."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import PASSWORD
from jenjang.mentoring.models import Relationship
from jenjang.mentoring.tests.factories import (
    competency,
    make_mentor,
    make_request,
    make_senior,
)

# The machine is shared; a page can take long to render under load.
SLOW_MS = 60_000

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=SLOW_MS)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default


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
        context.set_default_timeout(SLOW_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.locator("input[name='username']").fill(username)
        page.locator("input[name='password']").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("input[name='password']").press("Enter")
        assert "/accounts/login/" not in page.url, page.url
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_hr_runs_a_round_mentee_accepts_mentor_logs_a_session_jp_rises(
    page, open_as, sign_in_with_totp, world, hr_admin
):
    data = competency("analisis-data-kesehatan")
    make_senior(world.mentor)
    make_mentor(world.mentor, {data: 4}, capacity=2, by=hr_admin)
    make_request(world.employee, {data: 3}, goals="Menguasai analisis data kunjungan")

    page.set_default_timeout(SLOW_MS)
    mentee = open_as("employee")
    mentee.goto("/development/jp/")
    expect(mentee.locator("#jp-total")).to_have_text("0")

    # HR creates and runs a round over Dinas Kesehatan, then publishes it.
    sign_in_with_totp(hr_admin)
    page.goto("/mentoring/rounds/")
    form = page.locator("#round-form")
    form.locator("input[name='name']").fill("Putaran Maret")
    form.locator("select[name='org_unit']").select_option(str(world.dinkes.pk))
    form.get_by_role("button", name="Buat putaran").click()
    expect(page).to_have_url(re.compile(r"/mentoring/rounds/\d+/$"))
    page.locator("#run-round").click()
    expect(page.locator("#round-progress")).to_have_attribute("data-status", "done")
    proposals = page.locator("#proposals")
    expect(proposals).to_contain_text("Agus Salim")
    expect(proposals).to_contain_text("Budi Santoso")
    expect(proposals).to_contain_text("Kecocokan kompetensi")
    page.locator("#publish-round").click()
    expect(page.locator("#round-status")).to_have_text("Diumumkan")

    # The mentee accepts from their mentoring page.
    mentee.goto("/mentoring/")
    proposal = mentee.locator("[data-proposal]")
    expect(proposal).to_contain_text("Agus Salim")
    proposal.get_by_role("button", name="Terima").click()
    expect(mentee.locator(".alert-success, .alert")).to_contain_text("Usulan diterima")

    # The mentor accepts too, then logs a session on the pair page.
    mentor = open_as("mentor")
    mentor.goto("/mentoring/")
    mentor.locator("[data-proposal]").get_by_role("button", name="Terima").click()
    pair = Relationship.objects.get()
    mentor.goto(f"/mentoring/pairs/{pair.pk}/")
    expect(mentor.locator("#pair-status")).to_have_text("Aktif")
    session = mentor.locator("#session-form")
    session.locator("input[name='topics']").fill("Membaca data kunjungan puskesmas")
    session.locator("input[name='duration_minutes']").fill("60")
    session.locator("input[name='held_on']").fill(pair.started_on.strftime("%Y-%m-%d"))
    session.locator("textarea[name='notes']").fill("Catatan pribadi pasangan")
    session.get_by_role("button", name="Catat sesi").click()
    expect(mentor.locator("[data-session]")).to_contain_text("Membaca data kunjungan")

    # The mentee's JP rises by the mentoring rule (1 session = 2 JP).
    mentee.goto("/development/jp/")
    expect(mentee.locator("#jp-total")).to_have_text("2")
    expect(
        mentee.get_by_text(re.compile("Mentoring bersama Agus Salim"))
    ).to_be_visible()
