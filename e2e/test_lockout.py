"""In Chromium: sign-in by NIP, and the lockout after repeated bad passwords."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

# The lockout page's heading (accounts/locked_out.html).
LOCKED_OUT_HEADING = "Akun dikunci sementara"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_employee_signs_in_with_nip(page, submit_login, world):
    response = submit_login(world.employee.nip)

    assert response.status == 302
    assert "/accounts/login/" not in page.url
    expect(page.locator("#user-menu")).to_contain_text("employee")


def test_lockout_after_repeated_bad_passwords(page, submit_login, world):
    failures = settings.AXES_FAILURE_LIMIT
    assert failures == 5
    # The account counts once, whether it is named by username or by NIP.
    names = ["employee", world.employee.nip] * failures

    for name in names[: failures - 1]:
        response = submit_login(name, "salah-sandi-123")
        assert response.status == 200
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page.locator("input[name='password']")).to_be_visible()
    locked = submit_login(names[failures - 1], "salah-sandi-123")
    assert locked.status == 429

    response = submit_login("employee")

    assert response.status == 429
    expect(page.get_by_role("heading", name=LOCKED_OUT_HEADING)).to_be_visible()
    expect(page.locator("input[name='password']")).to_have_count(0)
    page.goto("/people/me/")
    assert "/accounts/login/" in page.url
