"""Browser tests: Playwright for Python driving Debian's Chromium.

Chromium is found at $CHROMIUM_PATH or /usr/bin/chromium. Without it the
tests skip with a visible reason, unless REQUIRE_E2E=1 (as in `.ci/run`),
where a missing browser is an error. Playwright never downloads a browser
here: we always pass `executable_path`.

The pages are served by pytest-django's `live_server` (a transactional
database). Every browser test must be marked
`django_db(transaction=True, serialized_rollback=True)` (the collection hook
below refuses one that is not): see `pytest_collection_modifyitems` for why
the marker, and not only the fixture, matters.
"""

import os
import shutil
from collections.abc import Iterator

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machines' network is closed: without these Chromium keeps trying
    # to reach Google's hosts and floods the log with refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def find_chromium() -> str | None:
    """Return the Chromium executable to drive, or None when there is none."""
    candidate = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    if os.path.isabs(candidate):
        return candidate if os.access(candidate, os.X_OK) else None
    return shutil.which(candidate)


def _e2e_required() -> bool:
    return os.environ.get("REQUIRE_E2E", "") in {"1", "true", "yes"}


def pytest_report_header(config) -> str:
    path = find_chromium()
    if path:
        return f"e2e: Chromium at {path}"
    required = " (REQUIRE_E2E=1: they will fail)" if _e2e_required() else ""
    return f"e2e: no Chromium found, browser tests skip{required}"


def _restores_seed_rows(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback"))


def pytest_collection_modifyitems(config, items) -> None:
    """Refuse a browser test that would flush the migrations' seed rows for good.

    A transactional test (every live-server test is one) ends with a flush of
    every table. Django puts the migrations' rows back only at the start of
    a test with serialized rollback, from a copy taken when the test database
    was created, and pytest-django takes that copy only when some collected
    test asks for it in its `django_db` *marker* (the
    `django_db_serialized_rollback` fixture alone does not count for
    set-up). A transactional test without it leaves the tables empty for
    the next one, or re-creates content types under new ids so that the
    next restore fails on a duplicate content type (both seen with a probe).
    So every browser test carries the marker.
    """
    e2e_dir = os.path.dirname(__file__)
    offenders = [
        item.nodeid
        for item in items
        if str(item.path).startswith(e2e_dir)
        and "live_server" in getattr(item, "fixturenames", ())
        and not _restores_seed_rows(item)
    ]
    if offenders:
        raise pytest.UsageError(
            "browser tests without "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True): "
            + ", ".join(offenders)
        )


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path:
        return path
    where = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    message = (
        f"no Chromium at {where}: install Debian's `chromium` "
        "or set CHROMIUM_PATH to run the browser tests"
    )
    if _e2e_required():
        pytest.fail(f"REQUIRE_E2E=1 but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread, which trips
    # Django's async-unsafe guard in fixtures that touch the ORM. The guard
    # has nothing to protect here: the test thread is not running async code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback) -> Iterator:
    """A page in a new, empty browser context, pointed at the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


# The password the factories give every user.
PASSWORD = "Rahasia-123!"  # noqa: S105
# The second-factor page's code field, whatever its name turns out to be.
OTP_INPUT = (
    "input[name='otp_token'], input[name='code'], input[name='token'], "
    "input[autocomplete='one-time-code']"
)


def totp_now(device) -> str:
    """Return the code an authenticator app would show now for `device`."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def submit_login(page):
    """Return a function that posts the sign-in form and returns the response."""

    def submit(username: str, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.locator("input[name='username']").fill(username)
        password_input = page.locator("input[name='password']")
        password_input.fill(password)
        with page.expect_response(
            lambda r: r.request.method == "POST" and "/accounts/login/" in r.url
        ) as posted:
            password_input.press("Enter")
        page.wait_for_load_state()
        return posted.value

    return submit


@pytest.fixture
def sign_in_with_totp(page, submit_login):
    """Return a function: sign `user` in with the password, then a TOTP code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign_in(user, username: str | None = None) -> None:
        device = TOTPDevice.objects.create(user=user, name="e2e", confirmed=True)
        submit_login(username or user.username)
        assert "/accounts/two-factor/" in page.url, page.url
        code = page.locator(OTP_INPUT).first
        code.fill(totp_now(device))
        with page.expect_navigation():
            code.press("Enter")
        assert "/accounts/" not in page.url, page.url

    return sign_in


@pytest.fixture(autouse=True)
def _seed_tables(request):
    """Put back the rows the migrations seed, should a flush have taken them.

    Serialized rollback restores them at the start of each browser test (a
    probe of consecutive serialized live-server tests found every seed row
    in place). This stays as a cheap, idempotent guard for the one case it
    cannot cover: a transactional test elsewhere in the same worker that
    flushes without serialized rollback. Keep it until a full parallel run
    passes without it.
    """
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    from jenjang.competencies.seed import ensure_dictionary
    from jenjang.development.services.conversion import ensure_seeded
    from jenjang.people.tests.factories import ensure_ranks
    from jenjang.performance.seed import seed_rules

    ensure_ranks()
    ensure_dictionary()
    ensure_seeded()
    seed_rules()
    importlib.import_module("jenjang.surveys.migrations.0002_seed_tables").seed(
        apps, None
    )
