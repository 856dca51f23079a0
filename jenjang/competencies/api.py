"""The competencies API: dictionary, assessments, gaps and training needs.

Scoped as the pages are: people out of reach answer 404 (the same as an id
that does not exist); an unknown filter value answers 422.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from jenjang.competencies import selectors, services
from jenjang.competencies.schemas import (
    AgencySummaryOut,
    AssessmentIn,
    AssessmentOut,
    AssessmentPage,
    CompetencyKind,
    CompetencyOut,
    CompetencyPage,
    EmployeeGapsOut,
    HeatmapOut,
    TrainingNeedsOut,
)
from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import (
    MAX_CURSOR_LENGTH,
    MAX_PAGE_SIZE,
    decode_cursor,
    encode_cursor,
    keyset_page,
)
from jenjang.people import selectors as people
from jenjang.people.models import OrgUnit

router = Router(tags=["competencies"], auth=AUTH)

DEFAULT_PAGE_SIZE = 50
_MAX_ID = 2**63 - 1
Cursor = Query(
    None,
    max_length=MAX_CURSOR_LENGTH,
    description="next_cursor dari halaman sebelumnya",
)
Size = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
Kind = Query(None, description="managerial, sociocultural atau technical")


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(
        "invalid_input",
        _("Masukan tidak sah."),
        details=[{"field": field, "message": message}],
        status=422,
    )


def _unit(request: HttpRequest, unit_id: int | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    try:
        return people.org_unit_get_visible_to(user=request.auth, pk=unit_id)
    except NotFound:
        raise _invalid("unit", _("Unit kerja tidak ditemukan.")) from None


# --- dictionary ----------------------------------------------------------------


@router.get(
    "/competencies",
    response={200: CompetencyPage, **error_responses(400, 401, 403, 422)},
    summary="Kamus kompetensi dengan level dan indikator perilaku",
)
def competency_list(
    request: HttpRequest,
    kind: CompetencyKind | None = Kind,
    job_field: int | None = Query(None, description="id rumpun jabatan"),
    include_inactive: bool = False,
    cursor: str | None = Cursor,
    size: int = Size,
):
    require_perm(request, "competencies.view_own")
    qs = selectors.competency_list(
        kind=kind or "",
        job_field_id=job_field,
        include_inactive=include_inactive,
        with_levels=True,
    )
    page = keyset_page(qs, order=("code", "id"), cursor=cursor, size=size)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/competencies/{competency_id}",
    response={200: CompetencyOut, **error_responses(401, 403, 404, 422)},
    summary="Satu kompetensi",
)
def competency_detail(request: HttpRequest, competency_id: int):
    require_perm(request, "competencies.view_own")
    return selectors.competency_get(pk=competency_id)


# --- assessments ---------------------------------------------------------------


def _newest_first(qs, cursor: str | None, size: int) -> dict:
    """Page by id, newest entry first; the cursor holds the last id shown."""
    if cursor:
        values = decode_cursor(cursor)
        if (
            len(values) != 1
            or type(values[0]) is not int
            or not 0 < values[0] <= _MAX_ID
        ):
            raise ApplicationError("bad_cursor", _("Kursor halaman tidak sah."))
        qs = qs.filter(id__lt=values[0])
    rows = list(qs.order_by("-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return {
        "items": rows,
        "next_cursor": encode_cursor([rows[-1].id]) if more else None,
    }


@router.get(
    "/assessments",
    response={200: AssessmentPage, **error_responses(400, 401, 403, 422)},
    summary="Hasil asesmen pegawai dalam cakupan Anda (terbaru dahulu)",
)
def assessment_list(
    request: HttpRequest,
    employee: int | None = Query(None, description="id pegawai"),
    competency: int | None = Query(None, description="id kompetensi"),
    unit: int | None = Query(None, description="id unit kerja, termasuk sub-unitnya"),
    cursor: str | None = Cursor,
    size: int = Size,
):
    require_perm(request, "competencies.view_own")
    person = None
    if employee is not None:
        try:
            person = selectors.employee_for_profile(user=request.auth, pk=employee)
        except NotFound:
            raise _invalid("employee", _("Pegawai tidak ditemukan.")) from None
    qs = selectors.assessment_list_visible_to(
        user=request.auth,
        employee=person,
        competency_id=competency,
        unit=_unit(request, unit),
    )
    return _newest_first(qs, cursor, size)


@router.post(
    "/assessments",
    response={201: AssessmentOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Catat hasil asesmen",
)
def assessment_create(request: HttpRequest, payload: AssessmentIn):
    require_perm(request, "competencies.assess")
    employee = selectors.employee_for_assessment(
        user=request.auth, pk=payload.employee_id
    )
    competency = (
        selectors.competency_list(include_inactive=True)
        .filter(pk=payload.competency_id)
        .first()
    )
    if competency is None:
        raise _invalid("competency_id", _("Kompetensi tidak ditemukan."))
    assessment = services.assessment_create(
        by=request.auth,
        employee=employee,
        competency=competency,
        level=payload.level,
        assessed_on=payload.assessed_on,
        source=payload.source,
        note=payload.note,
    )
    return Status(201, assessment)


# --- gaps ----------------------------------------------------------------------


@router.get(
    "/employees/{employee_id}/gaps",
    response={200: EmployeeGapsOut, **error_responses(401, 403, 404, 422)},
    summary="Kesenjangan kompetensi seorang pegawai (terbesar dahulu)",
)
def employee_gaps(request: HttpRequest, employee_id: int):
    require_perm(request, "competencies.view_own")
    employee = selectors.employee_for_profile(user=request.auth, pk=employee_id)
    gaps = selectors.employee_gaps(employee)
    return {
        "employee": employee,
        "position": employee.position,
        "gaps": [
            {
                "competency": g.competency,
                "required_level": g.required_level,
                "source": g.source,
                "current_level": g.current_level,
                "gap": g.gap,
                "status": g.status,
                "assessed_on": g.assessed_on,
                "assessment_source": g.assessment_source,
            }
            for g in gaps
        ],
    }


def _cells(cells: dict) -> list[dict]:
    return [
        {
            "competency_id": competency_id,
            "required": cell.required,
            "assessed": cell.assessed,
            "below": cell.below,
            "unassessed": cell.unassessed,
            "avg_gap": cell.avg_gap,
            "below_share": cell.below_share,
        }
        for competency_id, cell in sorted(cells.items())
    ]


@router.get(
    "/gaps/units",
    response={200: HeatmapOut, **error_responses(401, 403, 422)},
    summary="Peta kesenjangan: kompetensi × unit kerja",
)
def unit_heatmap(
    request: HttpRequest,
    unit: int | None = Query(
        None, description="id unit kerja: baris = sub-unitnya; kosong = unit teratas"
    ),
    kind: CompetencyKind | None = Kind,
):
    require_perm(request, "competencies.view")
    heatmap = selectors.unit_heatmap(
        user=request.auth, unit=_unit(request, unit), competency_kind=kind or ""
    )
    return {
        "unit": heatmap.parent,
        "competencies": heatmap.competencies,
        "rows": [
            {
                "key": row.key,
                "unit": row.unit,
                "headcount": row.headcount,
                "is_parent": row.is_parent,
                "drillable": row.drillable,
                "cells": _cells(row.cells),
            }
            for row in heatmap.rows
        ],
        "totals": _cells(heatmap.totals),
    }


@router.get(
    "/gaps/agencies",
    response={200: AgencySummaryOut, **error_responses(401, 403, 422)},
    summary="Ringkasan kesenjangan per instansi",
)
def agency_summary(request: HttpRequest, kind: CompetencyKind | None = Kind):
    require_perm(request, "competencies.view")
    summary = selectors.agency_summary(user=request.auth, competency_kind=kind or "")
    return {
        "competencies": summary.competencies,
        "rows": [
            {"agency": r.agency, "headcount": r.headcount, "cells": _cells(r.cells)}
            for r in summary.rows
        ],
        "totals": _cells(summary.totals),
    }


@router.get(
    "/training-needs",
    response={200: TrainingNeedsOut, **error_responses(401, 403, 422)},
    summary="Analisis kebutuhan pengembangan kompetensi",
)
def training_needs(
    request: HttpRequest,
    agency: int | None = Query(None, description="id instansi"),
    unit: int | None = Query(None, description="id unit kerja, termasuk sub-unitnya"),
    kind: CompetencyKind | None = Kind,
):
    require_perm(request, "competencies.view")
    chosen = None
    if agency is not None:
        chosen = (
            people.agency_list_visible_to(user=request.auth).filter(pk=agency).first()
        )
        if chosen is None:
            raise _invalid("agency", _("Instansi tidak ditemukan."))
    result = selectors.training_needs(
        user=request.auth,
        agency=chosen,
        unit=_unit(request, unit),
        competency_kind=kind or "",
    )
    return {
        "agency": result.agency,
        "unit": result.unit,
        "people_below": result.people_assessed_below,
        "needs": [
            {
                "competency": n.competency,
                "target_level": n.target_level,
                "people": n.people,
                "avg_gap": n.avg_gap,
                "units": [{"unit": u.unit, "people": u.people} for u in n.units],
            }
            for n in result.needs
        ],
    }
