"""Who completed which activity, for the areas that count others' activities.

A learning path (e-learning) lists training programmes and events beside its
courses, yet e-learning sits beside training and events on STYLE.md's
import map and may not import them. Each of those apps registers here, from
its `AppConfig.ready()`, a reader that tells which of the given activities an
employee has completed; e-learning asks here. Without a reader (the app is
not installed) nothing counts as completed.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# (employee id, activity ids) -> the ids among them the employee completed.
CompletionReader = Callable[[int, list[int]], set[int]]
_READERS: dict[str, CompletionReader] = {}

TRAINING_PROGRAM = "training.program"
EVENT = "events.event"


def register_completion_reader(
    kind: str, reader: CompletionReader, *, sources: Iterable = ()
) -> None:
    """Set the reader of one kind of activity (e.g. "training.program").

    `sources` are the models (each with an `employee_id`) the reader reads:
    a save or delete of one moves `completions_key` of that employee on.
    """
    from jenjang.core import versions

    _READERS[kind] = reader
    for model in sources:
        versions.watch(model, _source_changed)


def completions_key(employee_id) -> str:
    """Moves on whenever what `completed_ids` answers for the employee may change."""
    return f"development:completions:{employee_id}"


def _source_changed(row) -> list[str]:
    return [completions_key(row.employee_id)]


def completed_ids(kind: str, employee_id: int, ids: Iterable[int]) -> set[int]:
    """The activities of `kind` among `ids` that the employee completed."""
    ids = [int(i) for i in ids if i is not None]
    reader = _READERS.get(kind)
    if reader is None or not ids:
        return set()
    return set(reader(employee_id, ids)) & set(ids)


def has_reader(kind: str) -> bool:
    return kind in _READERS


# --- choosing activities for a path ----------------------------------------------
#
# HR's learning-path page lists, per registered kind, the activities it may put
# in a path, and resolves a posted id with the same scope check. The owning app
# registers a lister taking the user's Scope (core.scoping, computed by the
# caller for its own permission) and an optional id; it returns the choosable
# rows, only the one with that id when given.


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    date: datetime.date | None = None


ChoiceLister = Callable[..., Iterable[Choice]]


@dataclass(frozen=True)
class ChoosableKind:
    kind: str
    label: str
    lister: ChoiceLister
    order: int = 100


_CHOOSERS: dict[str, ChoosableKind] = {}


def register_choices(
    kind: str, *, label, lister: ChoiceLister, order: int = 100
) -> None:
    """Let HR pick activities of `kind`: lister(scope=Scope, pk=None) -> [Choice]."""
    _CHOOSERS[kind] = ChoosableKind(kind=kind, label=label, lister=lister, order=order)


def choosable_kinds() -> list[ChoosableKind]:
    """The registered kinds, in their registered order."""
    return sorted(_CHOOSERS.values(), key=lambda c: (c.order, c.kind))


def list_choices(kind: str, *, scope) -> list[Choice]:
    """The activities of `kind` the scope may put in a path (none if unregistered)."""
    chooser = _CHOOSERS.get(kind)
    return list(chooser.lister(scope=scope)) if chooser else []


def resolve_choice(kind: str, pk, *, scope) -> Choice | None:
    """The activity of `kind` with id `pk` if it is choosable in the scope, else None."""
    chooser = _CHOOSERS.get(kind)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if chooser is None or pk <= 0:
        return None
    found = [c for c in chooser.lister(scope=scope, pk=pk) if c.id == pk]
    return found[0] if found else None
