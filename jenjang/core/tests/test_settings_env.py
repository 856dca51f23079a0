"""Deployment settings come from the environment (one env-driven settings file)."""

import os
import subprocess
import sys

from django.conf import settings

CLEARED = ("EMAIL_", "JENJANG_CACHE_URL")


def _settings_under(env: dict, expression: str) -> str:
    """Print `expression` (over `s`, the settings) in a fresh process with `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    code = (
        "import django; django.setup(); "
        f"from django.conf import settings as s; print({expression})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "jenjang.settings",
            "DEBUG": "1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


SMTP = (
    "s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
    "s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT"
)


def test_smtp_relay_is_set_from_the_environment():
    out = _settings_under(
        {
            "EMAIL_HOST": "smtp.contoh.go.id",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "jenjang",
            "EMAIL_USE_TLS": "1",
            "EMAIL_TIMEOUT": "10",
        },
        SMTP,
    )
    assert out == "smtp.contoh.go.id 587 jenjang True False 10"


def test_smtp_defaults_are_a_local_relay():
    assert _settings_under({}, SMTP) == "localhost 25  False False 30"


def test_sessions_use_the_shared_cache_only_when_there_is_one():
    assert _settings_under({}, "s.SESSION_ENGINE") == (
        "django.contrib.sessions.backends.db"
    )
    cached = _settings_under(
        {"JENJANG_CACHE_URL": "redis://127.0.0.1:6379/1"}, "s.SESSION_ENGINE"
    )
    assert cached == "django.contrib.sessions.backends.cached_db"
