"""Small helpers the competency pages share."""

from django.http import Http404

from jenjang.core.exceptions import NotFound

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def or_404(function, **kwargs):
    """Call a selector; turn its NotFound into the page's 404."""
    try:
        return function(**kwargs)
    except NotFound:
        raise Http404 from None


def int_or_none(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None
