"""In Chromium: twenty people answer the public survey of a puskesmas, then the
leader opens the dashboards and the public-service section shows the unit's
IKM and mutu letter, equal to the figure worked out by hand (PermenPANRB
14/2017; regulations.md §7)."""

import re
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import PASSWORD
from jenjang.surveys.models import Response, Service, ServiceUnit
from jenjang.surveys.services.periods import QUARTER, Period

pytestmark = pytest.mark.e2e
FORM = "/surveys/s/pkm-sukamaju/"
PHONE = {"width": 390, "height": 844}
# The shared machine is slow at times: a page may take longer than usual.
TIMEOUT_MS = 60_000

# Twenty respondents, U1..U9 each, all different (none is a near-duplicate).
ROWS = [
    (4, 4, 4, 3, 3, 3, 4, 3, 4),
    (3, 3, 4, 4, 3, 4, 3, 4, 3),
    (3, 4, 3, 4, 3, 4, 3, 4, 4),
    (4, 4, 3, 4, 4, 3, 4, 4, 3),
    (3, 3, 4, 4, 4, 4, 4, 4, 4),
    (4, 4, 4, 4, 3, 4, 4, 4, 4),
    (4, 3, 3, 4, 4, 4, 4, 4, 4),
    (3, 3, 4, 4, 4, 4, 4, 3, 3),
    (4, 4, 3, 3, 4, 4, 4, 4, 4),
    (3, 4, 4, 4, 3, 4, 3, 4, 4),
    (4, 4, 4, 4, 4, 3, 4, 4, 4),
    (4, 4, 4, 4, 4, 4, 4, 4, 4),
    (3, 4, 4, 4, 4, 3, 4, 4, 4),
    (4, 3, 4, 4, 4, 4, 4, 3, 4),
    (4, 4, 4, 4, 3, 4, 4, 3, 4),
    (3, 4, 4, 4, 3, 4, 3, 3, 3),
    (4, 3, 4, 3, 3, 4, 4, 4, 4),
    (4, 4, 4, 3, 3, 4, 4, 4, 4),
    (4, 3, 4, 3, 4, 4, 4, 4, 3),
    (4, 4, 4, 3, 4, 3, 4, 4, 4),
]
# Worked by hand (regulations.md §7.2–7.3):
#   column sums U1..U9 = 73 73 76 74 71 75 76 75 75, together 668
#   NRR = sum ÷ 20     = 3.65 3.65 3.80 3.70 3.55 3.75 3.80 3.75 3.75
#   IKM = Σ NRR × 1/9  = 668 ÷ (20 × 9) = 3.71111…
#   IKM unit = 3.71111… × 25 = 92.7777… → 92.78 (shown as 92,78)
#   88.31 ≤ 92.78 ≤ 100.00 → mutu A, kinerja "Sangat Baik"
EXPECTED_IKM, EXPECTED_LETTER = Decimal("92.78"), "A"
# §7.3: the lower bound of each mutu on the 25–100 scale.
MUTU = [(Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C")]


def ikm_by_formula(rows) -> Decimal:
    """NRR per unsur, their mean (weight 1/9 each), × 25; two decimals."""
    n = len(rows)
    nrr = [Decimal(sum(r[i] for r in rows)) / n for i in range(9)]
    value = sum(nrr) / 9 * 25
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def mutu(value: Decimal) -> str:
    return next((letter for low, letter in MUTU if value >= low), "D")


def test_the_hand_worked_figure_follows_the_regulation():
    assert ikm_by_formula(ROWS) == EXPECTED_IKM
    assert mutu(EXPECTED_IKM) == EXPECTED_LETTER
    assert [mutu(Decimal(v)) for v in ("88.30", "76.60", "76.61", "64.99")] == [
        "B",
        "C",
        "B",
        "D",
    ]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=5_000)  # Playwright's default


@pytest.fixture
def unit(world):
    cache.clear()  # the per-IP rate limit counts in the live server's cache
    # The nine unsur and the mutu intervals the migration seeds, again in case
    # an earlier transactional test flushed them.
    import_module("jenjang.surveys.migrations.0002_seed_tables").seed(apps, None)
    made = ServiceUnit.objects.create(
        org_unit=world.puskesmas, code="pkm-sukamaju", name="Puskesmas Sukamaju"
    )
    Service.objects.create(service_unit=made, name="Rawat jalan")
    yield made
    cache.clear()


def fill(page, answers) -> None:
    page.locator("#id_service").select_option(label="Rawat jalan")
    for number, value in enumerate(answers, start=1):
        page.locator(f"label[for='u{number}-{value}']").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leader_sees_the_hand_worked_ikm_on_the_dashboard(
    browser, live_server, unit, leader
):
    phone = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport=PHONE, is_mobile=True
    )
    phone.set_default_timeout(TIMEOUT_MS)
    page = phone.new_page()
    page.goto(FORM)
    for answers in ROWS:
        fill(page, answers)
        page.locator("#survey-submit").click()
        expect(page).to_have_url(re.compile(r"/terima-kasih/$"))
        page.get_by_role("link", name="Isi untuk responden berikutnya").click()
        expect(page).to_have_url(re.compile(r"/surveys/s/pkm-sukamaju/$"))
    phone.close()
    assert Response.objects.filter(service_unit=unit).count() == 20

    desk = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 1280, "height": 900},
    )
    desk.set_default_timeout(TIMEOUT_MS)
    staff = desk.new_page()
    staff.goto("/accounts/login/")
    staff.locator("input[name='username']").fill("leader")
    staff.locator("input[name='password']").fill(PASSWORD)
    with staff.expect_navigation():
        staff.locator("input[name='password']").press("Enter")
    staff.goto("/dashboards/")
    expect(staff).to_have_url(re.compile(r"/dashboards/$"))

    shown = f"{EXPECTED_IKM}".replace(".", ",")  # Indonesian decimal comma
    section = staff.locator("[data-section='public_service']")
    expect(section.locator("[data-figure='mean_ikm']")).to_have_text(shown)
    expect(section.locator("[data-figure='respondents']")).to_have_text("20")
    today = timezone.localdate()
    quarter = Period(today.year, QUARTER, (today.month - 1) // 3 + 1).key
    row = section.locator("#table-public_service-points tbody tr").filter(
        has=staff.locator("td", has_text=quarter)
    )
    expect(row).to_have_count(1)
    cells = row.locator("td")
    expect(cells.nth(0)).to_have_text("Puskesmas Sukamaju")
    expect(cells.nth(2)).to_have_text(shown)
    expect(cells.nth(3)).to_have_text(EXPECTED_LETTER)
    expect(cells.nth(4)).to_have_text("20")
    # The other sections load beside it, each with its numbers.
    for key in ("development", "training", "talent"):
        expect(
            staff.locator(f"[data-section='{key}'] [data-figure]").first
        ).to_be_visible()
    desk.close()
