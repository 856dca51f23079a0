"""The direction of imports between apps (STYLE.md, "Direction of imports").

`core` and `accounts` at the bottom; then people → competencies →
development (with the shared certificate service beside it) → training,
e-learning, mentoring, events → performance → talent; surveys needs only core
and people; dashboards at the top reads the others and nothing imports it.
An app may import only apps below it. Tests are left out: they may build
fixtures from any app below the one they test.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

LEVELS = {
    "core": 0,
    "accounts": 0,
    "notifications": 0,
    "people": 1,
    "competencies": 2,
    "development": 3,
    "certificates": 3,
    "training": 4,
    "elearning": 4,
    "mentoring": 4,
    "events": 4,
    "performance": 5,
    "talent": 6,
    "dashboards": 9,
}
# surveys sits beside the ladder: it needs only core, accounts and people.
ONLY = {"surveys": {"core", "accounts", "people"}}
# core and accounts depend on each other by design (roles ↔ scoping); the
# shared inbox sits beside them and uses core's API pieces.
MUTUAL = {("core", "accounts"), ("accounts", "core"), ("notifications", "core")}
APPS_DIR = Path(settings.BASE_DIR) / "jenjang"


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "jenjang":
                found.add(parts[1])
    return found


def _modules(app: str):
    for path in sorted((APPS_DIR / app).rglob("*.py")):
        rel = path.relative_to(APPS_DIR / app)
        if rel.parts[0] in {"tests", "migrations"}:
            continue
        yield path


def _allowed(app: str, other: str) -> bool:
    if other == app or (app, other) in MUTUAL:
        return True
    if app in ONLY:
        return other in ONLY[app]
    if other == "surveys":
        return app == "dashboards"
    return LEVELS.get(other, 99) < LEVELS.get(app, -1)


@pytest.mark.parametrize("app", sorted([*LEVELS, *ONLY]))
def test_app_imports_only_apps_below_it(app):
    problems = []
    for path in _modules(app):
        for other in _imported_apps(path):
            if other not in LEVELS and other not in ONLY:
                continue  # jenjang.settings, jenjang.api and the like
            if not _allowed(app, other):
                problems.append(f"{path.relative_to(APPS_DIR)} imports jenjang.{other}")
    assert problems == []
