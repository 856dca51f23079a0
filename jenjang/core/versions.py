"""Version numbers in the shared cache: what a cached answer was made from.

A reader reads the versions its answer depends on (one round trip for all
of them) and keeps the answer under a key made of them; a writer bumps the
versions its change touches, so the next reader misses and rebuilds. Old
entries are never deleted, only never read again, and expire on their own.

Writers bump twice: at once (so the same transaction, and tests, see it)
and again on commit (so a reader who filled the cache between the two from
not-yet-committed data is superseded). A version that is missing (never
read, evicted, or dropped by `drop`) starts afresh at the current time in
nanoseconds, a value no earlier version of it can have reached.
"""

import contextlib
import time
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# Every cached answer also depends on this one: a bulk load that writes past
# the services (`jenjang demo`, a restore) restarts it, and with it them all.
EPOCH = "versions:epoch"


def restart_everything() -> None:
    """Make every answer kept under versions stale (after writes past the services)."""
    drop([EPOCH])


def read(keys: list[str]) -> dict[str, int]:
    """Return the current value of each version key, starting missing ones."""
    found = cache.get_many(keys)
    start_missing(found, keys)
    return {k: int(found.get(k, 0)) for k in keys}


def start_missing(found: dict, keys: list[str]) -> None:
    """Start the version keys absent from `found` (a get_many answer) and add them."""
    missing = [k for k in keys if k not in found]
    if missing:
        start = time.time_ns()
        for key in missing:
            cache.add(key, start, timeout=None)
        found.update(cache.get_many(missing))


def _bump(keys: list[str]) -> None:
    for key in keys:
        # Never read yet (or evicted): the next reader starts it afresh.
        with contextlib.suppress(ValueError):
            cache.incr(key)


def bump(keys: Iterable[str]) -> None:
    """Move the versions on, now and again when the transaction commits."""
    keys = list(keys)
    if not keys:
        return
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def drop(keys: Iterable[str]) -> None:
    """Bump many versions in one round trip (a bulk write): restart them afresh."""
    keys = list(keys)
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def watch(
    model, keys_for: Callable[[object], Iterable[str]], *, restart: bool = False
) -> None:
    """Bump `keys_for(instance)` whenever an instance of `model` is saved or deleted.

    With `restart`, drop the keys instead (`drop`): for entries that copy
    data rather than count versions, such as a cached user.

    Bulk writes (`QuerySet.update`, `bulk_create`, COPY) send no signal:
    the services that make them call `bump` or `drop` themselves.
    """
    act = drop if restart else bump

    def changed(sender, instance, **kwargs) -> None:
        act(keys_for(instance))

    uid = f"versions:{model._meta.label}:{getattr(keys_for, '__qualname__', id(keys_for))}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":del")


def watch_m2m(through, keys_for: Callable[[object], Iterable[str]]) -> None:
    """Bump `keys_for(instance)` when a many-to-many set changes."""

    def changed(sender, instance, action, **kwargs) -> None:
        if action in ("post_add", "post_remove", "post_clear"):
            bump(keys_for(instance))

    m2m_changed.connect(
        changed, sender=through, weak=False, dispatch_uid=f"versions:{through}:m2m"
    )
