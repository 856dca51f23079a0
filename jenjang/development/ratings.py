"""Yearly performance ratings, for the areas that sit below performance.

STYLE.md's import map puts performance above training, e-learning, mentoring
and events, yet those areas show how participants were rated after an
activity (training impact beside the next predikat). Performance registers
its reader here from its `AppConfig.ready()`; the areas below ask here and
never import performance. Without performance installed they get nothing.
"""

from collections.abc import Callable, Iterable

RatingReader = Callable[[Iterable[int], Iterable[int]], dict[tuple[int, int], str]]
_READER: list[RatingReader] = []
_LABELS: list[tuple[str, str]] = []


def register_rating_reader(
    reader: RatingReader, labels: Iterable[tuple[str, str]]
) -> None:
    """Set the function that returns {(employee id, year): predikat} and the
    predikat values with their labels, best first (performance)."""
    _READER[:] = [reader]
    _LABELS[:] = list(labels)


def rating_labels() -> list[tuple[str, str]]:
    """The predikat values with their labels, best first; [] without a reader."""
    return list(_LABELS)


def annual_ratings(
    employee_ids: Iterable[int], years: Iterable[int]
) -> dict[tuple[int, int], str]:
    """Return the final yearly predikat per (employee id, year); {} without a reader."""
    if not _READER:
        return {}
    return _READER[0](list(employee_ids), list(years))
