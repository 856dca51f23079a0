"""Take the README screenshot: the employee list as the demo HR admin sees it.

Run it against a server with the demo loaded (`make run` in another shell):

    .venv/bin/python e2e/screenshot.py [--base-url http://127.0.0.1:8000]

It reads the same database as the server (same DATABASE_URL / JENJANG_DATA_DIR)
to give the HR admin a one-off backup code for the second factor, signs in in
headless Chromium, saves docs/screenshot-employees.png, and removes the code.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshot-employees.png"
DEMO_PASSWORD = "jenjang-demo"  # noqa: S105
DEVICE_NAME = "readme-screenshot"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def one_off_backup_code(username: str) -> str:
    """Give `username` a single static code on a device of its own."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    user = get_user_model().objects.get(username=username)
    StaticDevice.objects.filter(user=user, name=DEVICE_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    token = StaticToken.random_token()
    device.token_set.create(token=token)
    return token


def forget_backup_code(username: str) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.filter(user__username=username, name=DEVICE_NAME).delete()


def take(base_url: str, username: str, out: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    code = one_off_backup_code(username)
    # Django's ORM is done; Playwright's sync API now owns this thread's loop.
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_context(
                base_url=base_url,
                locale="id-ID",
                viewport={"width": 1280, "height": 760},
                device_scale_factor=1,
            ).new_page()
            page.goto("/accounts/login/")
            page.locator("input[name='username']").fill(username)
            page.locator("input[name='password']").fill(DEMO_PASSWORD)
            with page.expect_navigation():
                page.locator("input[name='password']").press("Enter")
            if "/accounts/two-factor/" in page.url:
                page.locator("input[name='code']").fill(code)
                with page.expect_navigation():
                    page.locator("input[name='code']").press("Enter")
            page.goto("/people/employees/")
            page.wait_for_load_state("networkidle")
            if "/people/employees/" not in page.url:
                sys.exit(f"did not reach the employee list, ended at {page.url}")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    finally:
        forget_backup_code(username)
    print(f"saved {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="admin.bkpsdm")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    take(args.base_url.rstrip("/"), args.username, args.out, args.chromium)


if __name__ == "__main__":
    main()
