"""Panels on the employee's home page, contributed by each area.

An app registers a panel from its `AppConfig.ready()`::

    from jenjang.core.home import register_home_panel
    register_home_panel("training", "training/_home_panel.html", context_fn, order=30)

`context_fn(request)` returns the template context for the panel, or None to
hide it (for example when the user holds no employee record). Panels render
in `order`, each inside a Bootstrap column of the home page grid.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[[HttpRequest], dict | None]
    order: int


_PANELS: dict[str, HomePanel] = {}
logger = logging.getLogger(__name__)


def register_home_panel(
    name: str,
    template: str,
    context: Callable[[HttpRequest], dict | None],
    *,
    order: int = 50,
) -> None:
    _PANELS[name] = HomePanel(name, template, context, order)


def render_home_panels(request: HttpRequest) -> list[str]:
    """Render every visible panel for this request, in order.

    A panel that fails is left out and logged: one area's bug must not take
    the home page of every employee down with it.
    """
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        try:
            context = panel.context(request)
            if context is not None:
                rendered.append(
                    render_to_string(panel.template, context, request=request)
                )
        except Exception:
            logger.exception("home panel %s failed", panel.name)
    return rendered
