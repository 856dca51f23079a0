"""The restore drill on a small real database: SQLite file, and PostgreSQL when present."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings


def _pg_base() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"


def _jenjang(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "django", *args, "--settings", "jenjang.settings"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def _drill(env: dict) -> str:
    migrated = _jenjang(env, "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    result = _jenjang(env, "restore-drill", "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# Each CI run drills the engine it tests (the drill migrates a fresh database).
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.sqlite
@pytest.mark.skipif(ON_POSTGRES, reason="the PostgreSQL run drills PostgreSQL")
def test_restore_drill_on_sqlite(tmp_path: Path):
    out = _drill({"DATABASE_URL": f"sqlite:///{tmp_path / 'drill.sqlite3'}"})
    assert "Restore drill passed" in out
    tables = int(out.split(": ", 1)[1].split(" tables")[0])
    assert tables > 50


@pytest.mark.skipif(not ON_POSTGRES, reason="the SQLite run drills SQLite")
def test_restore_drill_on_postgres():
    name = f"jj_drill_{uuid.uuid4().hex[:8]}"
    base = _pg_base()
    admin = f"{base}/postgres"
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    try:
        out = _drill({"DATABASE_URL": f"{base}/{name}"})
        assert "Restore drill passed" in out
    finally:
        subprocess.run(
            ["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
            check=True,
        )


def test_a_changed_restore_is_detected(tmp_path: Path, db):
    from jenjang.core.backup import Snapshot

    before = Snapshot({"t": 1}, {"t": "a"})
    assert before != Snapshot({"t": 1}, {"t": "b"})
    assert before != Snapshot({"t": 2}, {"t": "a"})
