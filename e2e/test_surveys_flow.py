"""In Chromium: twenty people answer the public survey of a puskesmas on their
phones, then the leader reads the unit's IKM and mutu letter, equal to the
figure worked out by hand; and a response typed offline is sent once when
the connection returns."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import PASSWORD, TIMEOUT_MS
from jenjang.surveys.models import Response, Service, ServiceUnit
from jenjang.surveys.services.periods import current_period

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
FORM = "/surveys/s/pkm-sukamaju/"
PHONE = {"width": 390, "height": 844}

# Twenty respondents, U1..U9 each (all different, so none is a near-duplicate).
ROWS = [
    (4, 4, 4, 4, 4, 4, 4, 4, 4),  # 36
    (4, 4, 3, 4, 4, 4, 4, 3, 4),  # 34
    (3, 3, 3, 4, 3, 3, 4, 3, 3),  # 29
    (3, 3, 2, 4, 3, 3, 3, 2, 3),  # 26
    (4, 3, 3, 4, 3, 4, 4, 3, 3),  # 31
    (3, 4, 3, 4, 3, 3, 4, 3, 4),  # 31
    (4, 4, 4, 4, 3, 4, 4, 3, 3),  # 33
    (3, 3, 3, 3, 3, 3, 3, 3, 3),  # 27
    (2, 3, 2, 4, 3, 3, 3, 2, 3),  # 25
    (4, 3, 3, 4, 4, 3, 4, 3, 3),  # 31
    (3, 3, 3, 4, 3, 4, 4, 2, 3),  # 29
    (4, 4, 3, 4, 4, 4, 4, 4, 4),  # 35
    (3, 2, 2, 3, 3, 3, 3, 2, 3),  # 24
    (4, 3, 3, 4, 3, 3, 4, 3, 4),  # 31
    (3, 3, 3, 4, 3, 3, 3, 3, 3),  # 28
    (4, 4, 4, 4, 4, 3, 4, 3, 4),  # 34
    (3, 3, 2, 4, 3, 3, 4, 2, 3),  # 27
    (4, 3, 4, 4, 3, 4, 4, 3, 3),  # 32
    (3, 4, 3, 4, 4, 3, 3, 3, 3),  # 30
    (4, 3, 3, 4, 3, 3, 4, 4, 4),  # 32
]
# Worked by hand:
#   column sums U1..U9 = 69 66 60 78 66 67 74 58 67; row sums above add to 605
#   NRR = sum ÷ 20     = 3.45 3.30 3.00 3.90 3.30 3.35 3.70 2.90 3.35
#   IKM = Σ NRR × 1/9  = 605 ÷ (20 × 9) = 605 ÷ 180 = 3.36111…
#   IKM unit = 3.36111… × 25 = 84.02777… → 84.03 (shown as 84,03)
#   76.61 ≤ 84.03 ≤ 88.30 → mutu B, kinerja "Baik"; weakest unsur U8 (2.90)
EXPECTED_VALUE, EXPECTED_LETTER, WEAKEST = "84,03", "B", "U8"


@pytest.fixture
def unit(world):
    cache.clear()  # the per-IP rate limit counts in the live server's cache
    made = ServiceUnit.objects.create(
        org_unit=world.puskesmas, code="pkm-sukamaju", name="Puskesmas Sukamaju"
    )
    Service.objects.create(service_unit=made, name="Rawat jalan")
    Service.objects.create(service_unit=made, name="Imunisasi")
    yield made
    cache.clear()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=PHONE, is_mobile=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def fill(page, answers, service="Rawat jalan") -> None:
    page.locator("#id_service").select_option(label=service)
    for number, value in enumerate(answers, start=1):
        page.locator(f"label[for='u{number}-{value}']").click()


def test_twenty_public_responses_give_the_hand_worked_ikm(
    phone, browser, live_server, unit, leader
):
    page = phone.new_page()
    page.goto(FORM)
    for answers in ROWS:
        fill(page, answers)
        page.locator("#survey-submit").click()
        expect(page).to_have_url(re.compile(r"/terima-kasih/$"))
        page.get_by_role("link", name="Isi untuk responden berikutnya").click()
        expect(page).to_have_url(re.compile(r"/surveys/s/pkm-sukamaju/$"))
    assert Response.objects.filter(service_unit=unit).count() == 20
    assert sorted(r.answers for r in Response.objects.all()) == sorted(
        list(r) for r in ROWS
    )

    desk = browser.new_context(base_url=live_server.url, locale="id-ID")
    desk.set_default_timeout(TIMEOUT_MS)
    staff = desk.new_page()
    staff.goto("/accounts/login/")
    staff.locator("input[name='username']").fill("leader")
    staff.locator("input[name='password']").fill(PASSWORD)
    with staff.expect_navigation():
        staff.locator("input[name='password']").press("Enter")
    staff.goto("/surveys/")
    staff.get_by_role("link", name="Puskesmas Sukamaju").click()
    staff.locator("#ikm-link").click()
    period = current_period()
    expect(staff).to_have_url(re.compile(rf"/surveys/units/{unit.pk}/ikm/$"))
    expect(staff.locator("#ikm-value")).to_have_text(EXPECTED_VALUE)
    expect(staff.locator("#ikm-letter")).to_have_text(EXPECTED_LETTER)
    expect(staff.locator("#ikm-label")).to_have_text("Baik")
    expect(staff.locator("#ikm-respondents")).to_have_text("20")
    expect(staff.locator("tr.weakest")).to_have_count(1)
    expect(staff.locator("tr.weakest")).to_have_attribute("data-code", WEAKEST)
    expect(staff.get_by_role("heading", name=period.label)).to_be_visible()
    desk.close()


def test_offline_response_is_sent_once_when_back_online(phone, unit):
    page = phone.new_page()
    page.goto(FORM)
    phone.set_offline(True)
    fill(page, (4, 3, 3, 4, 3, 3, 4, 3, 3), service="Imunisasi")
    page.locator("#id_suggestion").fill("Ruang tunggu panas")
    page.locator("#survey-submit").click()
    expect(page.locator("#survey-status")).to_contain_text("Anda sedang luring")
    expect(page.locator("#survey-queue")).to_contain_text("1")
    queued = page.evaluate(
        "JSON.parse(localStorage.getItem('jenjang.survey.queue.v1'))"
    )
    assert len(queued) == 1
    client_uuid = queued[0]["body"]["client_uuid"]
    assert Response.objects.count() == 0
    # The form is ready for the next respondent with a fresh client UUID.
    fresh = page.locator("input[name=client_uuid]").input_value()
    assert fresh != client_uuid

    phone.set_offline(False)
    expect(page.locator("#survey-status")).to_contain_text(
        "Tanggapan yang tersimpan sudah terkirim", timeout=TIMEOUT_MS
    )
    expect(page.locator("#survey-queue")).to_be_hidden()
    stored = Response.objects.get()
    assert str(stored.client_uuid) == client_uuid
    assert stored.suggestion == "Ruang tunggu panas"
    assert stored.service.name == "Imunisasi"
    assert timezone.now() - stored.submitted_at < dt.timedelta(minutes=5)

    # The same item resent (a second tab, a lost reply): still stored once.
    page.evaluate(
        "q => localStorage.setItem('jenjang.survey.queue.v1', JSON.stringify(q))",
        queued,
    )
    page.reload()
    expect(page.locator("#survey-status")).to_contain_text(
        "Tanggapan yang tersimpan sudah terkirim"
    )
    assert page.evaluate("localStorage.getItem('jenjang.survey.queue.v1')") == "[]"
    assert Response.objects.filter(client_uuid=client_uuid).count() == 1
    assert Response.objects.count() == 1


def test_unanswered_questions_are_pointed_out(phone, unit):
    page = phone.new_page()
    page.goto(FORM)
    page.locator("#id_service").select_option(label="Rawat jalan")
    page.locator("label[for='u1-4']").click()
    page.locator("#survey-submit").click()
    expect(page.locator("#survey-status")).to_contain_text(
        "Mohon jawab semua pertanyaan"
    )
    expect(page.locator("fieldset.survey-q.is-invalid")).to_have_count(8)
    assert Response.objects.count() == 0
