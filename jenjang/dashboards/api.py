"""Read-only API of the dashboards: every figure, chart series and table as JSON."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.dashboards import selectors as sel
from jenjang.dashboards.permissions import VIEW
from jenjang.dashboards.sections import sections

router = Router(tags=["dashboards"], auth=AUTH)


class SectionRef(Schema):
    key: str
    title: str


class SectionOut(Schema):
    key: str
    title: str
    year: int
    unit_id: int | None
    figures: list[dict[str, Any]]
    charts: list[dict[str, Any]]
    tables: list[dict[str, Any]]
    notes: list[str]


@router.get(
    "/dashboards",
    response={200: list[SectionRef], **error_responses(401, 403)},
    summary="Bagian dasbor pimpinan",
)
def section_list(request: HttpRequest):
    require_perm(request, VIEW)
    return [SectionRef(key=s.key, title=str(s.title)) for s in sections()]


@router.get(
    "/dashboards/{key}",
    response={200: SectionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Angka satu bagian dasbor",
)
def section_detail(
    request: HttpRequest,
    key: str,
    year: int | None = Query(None, ge=sel.MIN_YEAR, le=sel.MAX_YEAR),
    unit: int | None = Query(None, ge=1),
):
    require_perm(request, VIEW)
    ctx = sel.dashboard_context(user=request.auth, year=year, unit_id=unit)
    data = sel.section_data(key=key, ctx=ctx).as_dict()
    return SectionOut(year=ctx.year, unit_id=ctx.unit.pk if ctx.unit else None, **data)
