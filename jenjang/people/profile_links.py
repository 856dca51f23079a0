"""Links other areas add to an employee's profile page, without people knowing them.

An app registers a provider from its `AppConfig.ready()`::

    from jenjang.people.profile_links import register_profile_links
    register_profile_links("talent", talent_links, order=50)

`provider(user, employee)` returns a list of `ProfileLink` (label already
translated by the providing app, URL, Bootstrap icon name) or `[]` when the
user may not follow any. Links render in `order` among the profile buttons.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProfileLink:
    label: str
    url: str
    icon: str = "box-arrow-up-right"
    dom_id: str = ""


Provider = Callable[[object, object], list[ProfileLink]]
_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register_profile_links(name: str, provider: Provider, *, order: int = 50) -> None:
    _PROVIDERS[name] = (order, provider)


def profile_links(user, employee) -> list[ProfileLink]:
    """Return every registered area's links for this user on this profile.

    A provider that fails is left out and logged: one area's bug must not
    take the profile page down with it.
    """
    links: list[ProfileLink] = []
    for name, (_order, provider) in sorted(
        _PROVIDERS.items(), key=lambda item: (item[1][0], item[0])
    ):
        try:
            links.extend(provider(user, employee) or [])
        except Exception:
            logger.exception("profile links of %s failed", name)
    return links
