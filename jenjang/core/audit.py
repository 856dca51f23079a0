"""Who changed what: every service write records its actor in the audit log.

django-auditlog records changes to registered models through signals; the
actor comes from a context variable that its middleware sets for browser
requests. Services set it themselves (`by=`), so API tokens, commands and
tasks are attributed too.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_actor


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute audit entries written inside the block to `user`.

    Restores the surrounding context afterwards (auditlog's own context
    manager leaves its value behind), so a request's actor survives a nested
    service call and a finished block never leaks into the next one.
    """
    if user is None or not getattr(user, "pk", None):
        yield
        return
    try:
        previous = auditlog_value.get()
    except LookupError:
        previous = {}
    try:
        with set_actor(user):
            yield
    finally:
        auditlog_value.set(previous)
