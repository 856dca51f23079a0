"""Deployment settings come from the environment (one env-driven settings file)."""

import os
import subprocess
import sys

from django.conf import settings

SHOW = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, "
    "s.EMAIL_USE_SSL, s.EMAIL_TIMEOUT)"
)


def _settings_under(env: dict) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
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


def test_smtp_relay_is_set_from_the_environment():
    out = _settings_under(
        {
            "EMAIL_HOST": "smtp.contoh.go.id",
            "EMAIL_PORT": "587",
            "EMAIL_HOST_USER": "jenjang",
            "EMAIL_USE_TLS": "1",
            "EMAIL_TIMEOUT": "10",
        }
    )
    assert out == "smtp.contoh.go.id 587 jenjang True False 10"


def test_smtp_defaults_are_a_local_relay():
    assert _settings_under({}) == "localhost 25  False False 30"


def _session_engine(env: dict) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "JENJANG_CACHE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.conf import settings as s; print(s.SESSION_ENGINE)",
        ],
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


def test_sessions_use_the_shared_cache_only_when_there_is_one():
    assert _session_engine({}) == "django.contrib.sessions.backends.db"
    cached = _session_engine({"JENJANG_CACHE_URL": "redis://127.0.0.1:6379/1"})
    assert cached == "django.contrib.sessions.backends.cached_db"
