"""Links from a session to records of the areas above mentoring.

Mentoring may not import the areas above it (STYLE.md, "Direction of
imports"). An area that ties its records to sessions (performance: a
coaching session linked to a feedback entry) registers a reader from its
`AppConfig.ready()`::

    from jenjang.mentoring.links import register_session_link_reader
    register_session_link_reader(reader)

A reader is called as ``reader(user=..., session_ids=[...])`` and returns the
`SessionLink`s the user may see; the pair page and the API show them as a
label and a URL. Likewise a pair reader (`register_pair_link_reader`), called
as ``reader(user=..., relationship=...)``, returns `PairLink`s for the whole
pair (performance: the coached employee's SKP feedback page).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SessionLink:
    session_id: int
    kind: str  # a stable name, e.g. "performance.feedback"
    label: str
    url: str


_readers: list[Callable[..., Iterable[SessionLink]]] = []


def register_session_link_reader(reader: Callable[..., Iterable[SessionLink]]) -> None:
    """Add a reader (once, however often an app's ready() runs)."""
    if reader not in _readers:
        _readers.append(reader)


def session_links(*, user, session_ids: Iterable[int]) -> dict[int, list[SessionLink]]:
    """Return the links of each session the user may see, by session id."""
    ids = sorted({int(i) for i in session_ids})
    found: dict[int, list[SessionLink]] = defaultdict(list)
    if not ids:
        return {}
    for reader in _readers:
        for link in reader(user=user, session_ids=ids):
            found[link.session_id].append(link)
    return dict(found)


@dataclass(frozen=True)
class PairLink:
    kind: str
    label: str
    url: str


_pair_readers: list[Callable[..., Iterable[PairLink]]] = []


def register_pair_link_reader(reader: Callable[..., Iterable[PairLink]]) -> None:
    """Add a pair reader (once, however often an app's ready() runs)."""
    if reader not in _pair_readers:
        _pair_readers.append(reader)


def pair_links(*, user, relationship) -> list[PairLink]:
    """Return the links of the pair the user may see, readers in order."""
    return [
        link
        for reader in _pair_readers
        for link in reader(user=user, relationship=relationship)
    ]
