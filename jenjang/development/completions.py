"""Who completed which activity, for the areas that count others' activities.

A learning path (e-learning) lists training programmes and events beside its
courses, yet e-learning sits beside training and events on STYLE.md's
import map and may not import them. Each of those apps registers here, from
its `AppConfig.ready()`, a reader that tells which of the given activities an
employee has completed; e-learning asks here. Without a reader (the app is
not installed) nothing counts as completed.
"""

from collections.abc import Callable, Iterable

# (employee id, activity ids) -> the ids among them the employee completed.
CompletionReader = Callable[[int, list[int]], set[int]]
_READERS: dict[str, CompletionReader] = {}

TRAINING_PROGRAM = "training.program"
EVENT = "events.event"


def register_completion_reader(kind: str, reader: CompletionReader) -> None:
    """Set the reader of one kind of activity (e.g. "training.program")."""
    _READERS[kind] = reader


def completed_ids(kind: str, employee_id: int, ids: Iterable[int]) -> set[int]:
    """The activities of `kind` among `ids` that the employee completed."""
    ids = [int(i) for i in ids if i is not None]
    reader = _READERS.get(kind)
    if reader is None or not ids:
        return set()
    return set(reader(employee_id, ids)) & set(ids)


def has_reader(kind: str) -> bool:
    return kind in _READERS
