"""A read replica for reports and dashboards (DATABASE_REPLICA_URL).

With DATABASE_REPLICA_URL set, settings add a "replica" database and this
router. Writes, migrations and every read outside a replica block go to the
primary ("default"). Reads inside `replica_reads()` go to the replica: the
middleware opens that block for GET and HEAD requests under the report and
dashboard paths (`JENJANG_REPLICA_PATHS`, default "/dashboards/"), and a
report job can open it around its queries. A read inside a transaction on
the primary stays on the primary, so a service never reads past its own
uncommitted writes from a replica that has not seen them.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading = ContextVar("jenjang_replica_reads", default=False)


def replica_settings(default: dict, url: str | None) -> dict:
    """Return the DATABASES entries to add for a replica URL (none without one).

    The replica shares the primary's options; in tests it mirrors the test
    database, so no second test database is created.
    """
    if not url:
        return {}
    replica = dj_database_url.parse(url, conn_max_age=default.get("CONN_MAX_AGE", 0))
    replica["OPTIONS"] = dict(default.get("OPTIONS", {}))
    replica["TEST"] = {"MIRROR": DEFAULT_DB_ALIAS}
    return {REPLICA: replica}


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the reads made inside this block to the replica, if one is configured."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """Primary for writes and migrations; the replica for reads in a replica block."""

    def db_for_read(self, model, **hints):
        if not _reading.get() or REPLICA not in settings.DATABASES:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def _replica_paths() -> tuple[str, ...]:
    value = getattr(settings, "JENJANG_REPLICA_PATHS", "/dashboards/")
    return tuple(p.strip() for p in value.split(",") if p.strip())


class ReplicaReadsMiddleware:
    """Read from the replica for GET/HEAD requests under the report paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path.startswith(
            _replica_paths()
        ):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
