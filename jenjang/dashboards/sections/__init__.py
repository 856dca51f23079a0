"""Dashboard sections: each builds its figures, charts and tables for one scope.

`dashboards` sits at the top of the import map (STYLE.md): its sections read
other apps' selectors, and nothing imports it. A section is registered with
`register(Section(...))` in its module; `SECTION_MODULES` lists the modules
loaded at start-up. Every number a chart shows is also in a table beside it.
"""

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from importlib import import_module
from typing import Any

SECTION_MODULES = [
    "jenjang.dashboards.sections.development",
    "jenjang.dashboards.sections.training",
    "jenjang.dashboards.sections.elearning",
    "jenjang.dashboards.sections.mentoring",
    "jenjang.dashboards.sections.events",
    "jenjang.dashboards.sections.performance",
    "jenjang.dashboards.sections.talent",
    "jenjang.dashboards.sections.public_service",
]


@dataclass(frozen=True)
class Context:
    """Whose dashboard, for which year and (optionally) which unit subtree."""

    user: Any
    year: int
    unit: Any = None  # an OrgUnit (people) or None: the whole scope
    today: dt.date | None = None


@dataclass
class Figure:
    key: str
    label: str
    value: Any
    unit: str = ""


@dataclass
class Series:
    label: str
    values: list[float | None]


@dataclass
class Chart:
    key: str
    kind: str  # bar, line, doughnut, scatter
    title: str
    labels: list[str]
    series: list[Series]
    # scatter charts carry their points here instead: [[x, y], ...]
    points: list[list[float]] = field(default_factory=list)

    @property
    def spec_json(self) -> str:
        """The chart as JSON safe to embed in a <script type="application/json">."""
        import json

        text = json.dumps(_plain(asdict(self)), ensure_ascii=False)
        return (
            text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        )


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class SectionData:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))


@dataclass(frozen=True)
class Section:
    key: str
    title: Any  # lazy translation
    icon: str
    build: Callable[[Context], SectionData]
    order: int = 50


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    _SECTIONS[section.key] = section
    return section


def load_sections() -> None:
    for name in SECTION_MODULES:
        import_module(name)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def section_get(key: str) -> Section | None:
    return _SECTIONS.get(key)


def _plain(value: Any) -> Any:
    """Turn Decimals and dates into JSON-friendly values, recursively."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation coefficient of paired values; None below 3 pairs or no spread."""
    n = len(xs)
    if n != len(ys) or n < 3:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0
