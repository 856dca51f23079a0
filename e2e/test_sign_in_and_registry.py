"""In Chromium: an HR admin signs in with TOTP, finds an employee by NIP and
opens the profile; a profile outside their scope answers 404."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_hr_admin_finds_employee_by_nip_and_opens_profile(
    page, sign_in_with_totp, world, hr_admin
):
    target = world.puskesmas_employee
    sign_in_with_totp(hr_admin)

    page.goto("/people/employees/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(4)  # Dinas Kesehatan and its puskesmas
    search = page.locator("input[name='q']")
    search.fill(target.nip)
    search.press("Enter")  # htmx swaps the table in place, or the form submits

    expect(rows).to_have_count(1)
    expect(rows.get_by_role("link", name=re.compile(target.name))).to_have_count(1)
    expect(page).to_have_url(re.compile(rf"[?&]q={target.nip}"))

    page.get_by_role("link", name=re.compile(target.name)).click()
    expect(page).to_have_url(re.compile(rf"/people/employees/{target.pk}/$"))
    expect(page.get_by_role("heading", name=re.compile(target.name))).to_be_visible()


def test_out_of_scope_profile_answers_404(page, sign_in_with_totp, world, hr_admin):
    sign_in_with_totp(hr_admin)

    inside = page.goto(f"/people/employees/{world.employee.pk}/")
    assert inside.status == 200
    outside = page.goto(f"/people/employees/{world.bpkad_employee.pk}/")

    assert outside.status == 404
    expect(page.get_by_text(world.bpkad_employee.name)).to_have_count(0)
