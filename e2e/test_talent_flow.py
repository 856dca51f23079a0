"""In Chromium: HR runs a talent review, opens box 9, confirms a placement with
an override reason, and sees a remedial plan proposed for a low performer."""

import re

import pytest
from playwright.sync_api import expect

from jenjang.performance.tests.factories import make_final_rating
from jenjang.talent.models import Placement, RemedialPlan
from jenjang.talent.tests.factories import potential

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
REASON = "Baru dimutasi; kinerja di jabatan baru belum teramati."


def test_hr_runs_review_confirms_box_nine_with_override_and_sees_remedial(
    page, sign_in_with_totp, world, hr_admin
):
    # The machine is shared: allow slow responses, but fail on a real hang.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    # Two years of final predikat from the performance area, and potential inputs.
    for year in (2024, 2025):
        make_final_rating(world.employee, year, "sangat_baik")
    make_final_rating(world.puskesmas_employee, 2025, "kurang")
    potential(world.employee, 95)
    potential(world.puskesmas_employee, 60)

    sign_in_with_totp(hr_admin)
    page.goto("/talent/")
    form = page.locator("#review-form")
    form.locator("input[name='name']").fill("Pemetaan Talenta 2025")
    form.locator("input[name='year']").fill("2025")
    form.get_by_role("button", name="Buat pemetaan").click()
    expect(page).to_have_url(re.compile(r"/talent/reviews/\d+/$"))

    page.locator("#run-review").click()
    # The computation runs as a task (immediate in tests); the grid shows it.
    expect(page.locator("#run-summary")).to_contain_text("2 penempatan dihitung")
    expect(page.locator("#box-9 .box-count")).to_have_text("1")
    expect(page.locator("#box-1 .box-count")).to_have_text("1")

    page.locator("#box-9").click()
    expect(page.locator("#drill-title")).to_contain_text("Kotak 9")
    rows = page.locator("#drill-table tr.placement-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Budi Santoso")
    expect(rows.first).to_contain_text("Usulan sistem")
    rows.first.get_by_role("link", name="Buka").click()

    expect(page.locator("#final-box")).to_have_text("9")
    expect(page.locator("#inputs-table")).to_contain_text("sangat_baik")
    confirm = page.locator("#confirm-form")
    confirm.locator("select[name='override_box']").select_option("8")
    # Without a reason the override is refused and nothing is confirmed.
    page.locator("#confirm-placement").click()
    expect(page.locator("#confirm-form")).to_contain_text(
        "Alasan wajib diisi bila kotak dikoreksi."
    )
    assert Placement.objects.get(employee=world.employee).confirmed_at is None
    page.locator("#confirm-form select[name='override_box']").select_option("8")
    page.locator("#confirm-form textarea[name='reason']").fill(REASON)
    page.locator("#confirm-placement").click()
    expect(page.locator("#confirmed-badge")).to_contain_text("Dikonfirmasi oleh")
    expect(page.locator("#final-box")).to_have_text("8")
    expect(page.locator("#override-note")).to_contain_text(REASON)
    placement = Placement.objects.get(employee=world.employee)
    assert (placement.computed_box, placement.override_box) == (9, 8)
    assert placement.confirmed_by == hr_admin

    # The low performer (predikat Kurang) has a proposed remedial plan.
    page.goto("/talent/remedial/")
    expect(page.locator("#pipeline-opened")).to_contain_text("1")
    row = page.locator("#remedial-table tr.remedial-row")
    expect(row).to_have_count(1)
    expect(row.first).to_contain_text("Dewi Lestari")
    expect(row.first).to_contain_text("Diusulkan")
    row.first.get_by_role("link", name="Buka").click()
    expect(page.locator("#remedial-status")).to_have_text("Diusulkan")
    plan = RemedialPlan.objects.get()
    assert (plan.employee, plan.trigger_predikat) == (
        world.puskesmas_employee,
        "kurang",
    )

    # The employee's profile links to the talent page.
    page.goto(f"/people/employees/{world.employee.pk}/")
    page.locator("#talent-profile-link").click()
    expect(page).to_have_url(re.compile(rf"/talent/employees/{world.employee.pk}/$"))

    # HR closes the review: placements become read-only.
    page.goto(f"/talent/reviews/{placement.review_id}/")
    page.locator("#close-understood").check()
    page.locator("#close-review").click()
    expect(page.locator("#review-closed")).to_be_visible()
    expect(page.locator("#run-review")).to_have_count(0)
    placement.review.refresh_from_db()
    assert placement.review.status == "closed"
