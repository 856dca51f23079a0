"""Back up and restore the database, and the drill that proves a restore works.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists
--no-owner`, run against the configured database (DATABASE_URL). SQLite: the
online backup API, file to file. The drill backs up, wipes the database,
restores it and compares the row count of every table and a fingerprint of a
sample of rows of each, before and after.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

from jenjang.core import versions

SAMPLE_ROWS = 50


@dataclass(frozen=True)
class Snapshot:
    counts: dict[str, int]
    fingerprints: dict[str, str]


def _db(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _is_postgres(db: dict) -> bool:
    return "postgresql" in db["ENGINE"]


def backup(path: Path, alias: str = "default") -> Path:
    """Write a backup of the database to `path`; return it."""
    db = _db(alias)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _is_postgres(db):
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", db["NAME"]],
            env=_pg_env(db),
            check=True,
            capture_output=True,
        )
    else:
        connections[alias].close()
        with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(path) as target:
            source.backup(target)
    return path


def wipe(alias: str = "default") -> None:
    """Empty the database completely (the drill's stand-in for a lost server)."""
    db = _db(alias)
    connection = connections[alias]
    if _is_postgres(db):
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        connection.close()
        Path(db["NAME"]).unlink()


def restore(path: Path, alias: str = "default") -> None:
    """Restore the database from a backup made by `backup`."""
    db = _db(alias)
    connection = connections[alias]
    connection.close()
    if _is_postgres(db):
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={db['NAME']}",
                str(path),
            ],
            env=_pg_env(db),
            check=True,
            capture_output=True,
        )
    else:
        shutil.copyfile(path, db["NAME"])
    versions.restart_everything()  # pages kept from the data before the restore


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def snapshot(alias: str = "default") -> Snapshot:
    """Count every table's rows and fingerprint its first SAMPLE_ROWS rows by key."""
    connection = connections[alias]
    counts, prints = {}, {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables(alias):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT * FROM {quote(table)} ORDER BY 1 LIMIT %s", [SAMPLE_ROWS]
            )  # noqa: S608
            digest = hashlib.sha256()
            for row in cursor.fetchall():
                digest.update(repr(tuple(str(v) for v in row)).encode())
            prints[table] = digest.hexdigest()
    return Snapshot(counts, prints)


def drill(path: Path, alias: str = "default") -> tuple[Snapshot, Snapshot]:
    """Back up, wipe, restore; return the snapshots before and after."""
    before = snapshot(alias)
    backup(path, alias)
    wipe(alias)
    restore(path, alias)
    after = snapshot(alias)
    return before, after
