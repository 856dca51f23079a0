"""Production settings pass Django's deployment checks with no warning."""

import os
import subprocess
import sys

from django.conf import settings


def test_check_deploy_is_clean_for_production_settings():
    # Playwright's fixtures set DJANGO_ALLOW_ASYNC_UNSAFE for the test process;
    # a production server never has it.
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        "DEBUG": "0",
        "SECRET_KEY": "x9!" + "k" * 60 + "Qz#7",
        "JENJANG_HTTPS": "1",
        "JENJANG_HSTS_PRELOAD": "1",
        "ALLOWED_HOSTS": "jenjang.contoh.go.id",
        "DATABASE_URL": "sqlite:////tmp/jenjang-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings",
            "jenjang.settings",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_settings_are_not_mistaken_for_production():
    # The test run itself uses the placeholder key: deployment checks must flag it.
    from django.core.checks import run_checks

    messages = run_checks(include_deployment_checks=True)
    assert any(m.id == "security.W009" for m in messages)
