"""A fingerprint of the whole database, to prove a refused import wrote nothing.

Every table of every installed model: its row count and a digest of its rows
(ordered by primary key), so an update in place shows as well as an insert.
Tests compare the fingerprint before and after a failed import.
"""

import hashlib

from django.apps import apps
from django.db import connection

# Written by the machinery around a request or a test, not by an import.
IGNORED = {"django_session", "axes_accessattempt", "axes_accesslog"}


def _tables() -> list[tuple[str, str]]:
    seen = set()
    tables = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in seen or table in IGNORED or not model._meta.managed:
            continue
        seen.add(table)
        tables.append((table, model._meta.pk.column))
    return sorted(tables)


def db_fingerprint() -> dict[str, tuple[int, str]]:
    """Return {table: (row count, digest of its rows)} for every model table."""
    result = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, pk in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            digest = hashlib.blake2b(digest_size=16)
            count = 0
            for row in cursor.fetchall():
                count += 1
                digest.update(repr(row).encode())
            result[table] = (count, digest.hexdigest())
    return result


def changed_tables(before: dict, after: dict) -> dict[str, tuple]:
    """Return the tables whose fingerprint differs, with both fingerprints."""
    return {
        table: (before.get(table), after.get(table))
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    }
