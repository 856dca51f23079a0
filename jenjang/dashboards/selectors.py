"""Reads for the dashboards: the filters, and one section's data for a user."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, NotFound, PermissionDenied
from jenjang.dashboards.permissions import VIEW
from jenjang.dashboards.sections import Context, SectionData, section_get, sections
from jenjang.people.selectors import org_unit_get_visible_to, org_unit_list_visible_to

MIN_YEAR, MAX_YEAR = 2000, 2100


def dashboard_context(
    *, user, year=None, unit_id=None, today: dt.date | None = None
) -> Context:
    """Check the filters and return the context every section is built in."""
    if not has_perm(user, VIEW):
        raise PermissionDenied()
    today = today or timezone.localdate()
    if year in (None, ""):
        year = today.year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError("bad_year", _("Tahun tidak sah.")) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ApplicationError("bad_year", _("Tahun tidak sah."))
    unit = None
    if unit_id not in (None, ""):
        try:
            unit = org_unit_get_visible_to(user=user, pk=int(unit_id))
        except (TypeError, ValueError):
            raise NotFound() from None
    return Context(user=user, year=year, unit=unit, today=today)


def section_data(*, key: str, ctx: Context) -> SectionData:
    section = section_get(key)
    if section is None:
        raise NotFound()
    return section.build(ctx)


def all_section_data(*, ctx: Context) -> list[SectionData]:
    return [s.build(ctx) for s in sections()]


def unit_choices(*, user) -> list[tuple[int, str]]:
    """The org units a leader may filter by (top levels of their scope, indented)."""
    units = org_unit_list_visible_to(user=user).values_list("pk", "name", "depth")[:500]
    rows = list(units)
    if not rows:
        return []
    top = min(depth for _pk, _name, depth in rows)
    return [
        (pk, "\u00a0\u00a0" * (depth - top) + name)
        for pk, name, depth in rows
        if depth - top <= 2
    ]
