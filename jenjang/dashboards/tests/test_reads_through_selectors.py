"""The dashboards read other apps only through their selectors (STYLE.md).

`dashboards` sits at the top of the import map: it may use core and accounts
(permissions, scoping, errors), and reach every other app only through its
`selectors` or `aggregates` modules. It imports no other app's models or
services, so the figures stay defined (and scoped) in the app that owns them.
"""

import ast
from pathlib import Path

from django.conf import settings

DASHBOARDS = Path(settings.BASE_DIR) / "jenjang" / "dashboards"
INFRASTRUCTURE = {"core", "accounts", "dashboards"}
READ_MODULES = {"selectors", "aggregates"}


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


def _problems() -> list[str]:
    problems = []
    for path in sorted(DASHBOARDS.rglob("*.py")):
        rel = path.relative_to(DASHBOARDS)
        if rel.parts[0] in {"tests", "migrations"}:
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "jenjang" or len(parts) < 2:
                continue
            app = parts[1]
            if app in INFRASTRUCTURE or app in {"settings", "api", "urls"}:
                continue
            if len(parts) < 3 or parts[2] not in READ_MODULES:
                problems.append(f"{rel} imports {name}")
    return problems


def test_dashboards_reach_other_apps_only_through_selectors_and_aggregates():
    assert _problems() == []


def test_no_dashboard_module_imports_another_apps_models():
    models = [p for p in _problems() if p.endswith(".models")]
    assert models == []
    assert not [
        name
        for path in DASHBOARDS.rglob("*.py")
        if "tests" not in path.relative_to(DASHBOARDS).parts
        for name in _imports(path)
        if name.startswith("jenjang.")
        and name.endswith(".models")
        and name.split(".")[1] not in {"accounts", "dashboards"}
    ]
