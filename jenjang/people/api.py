"""The registry API: employees, org units, positions, ranks.

Every operation takes a personal token or the session (with CSRF), and reads
through the scoped selectors exactly as the pages do: what a user cannot see
answers 404, the same as an id that does not exist.
"""

import json
from typing import Any

from django.db.models import F, Func, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from jenjang.core import response_cache
from jenjang.core.api import AUTH, error_responses, require_perm, schema_answer
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.people import selectors, services, versions
from jenjang.people.models import OrgUnit, PersonalDataAccess
from jenjang.people.personal_data import json_default, personal_data_export
from jenjang.people.schemas import (
    NO_NUL,
    EmployeeHistoryOut,
    EmployeeIn,
    EmployeeKind,
    EmployeeOut,
    EmployeePage,
    EmployeePatch,
    OrgUnitOut,
    OrgUnitPage,
    PositionKind,
    PositionOut,
    PositionPage,
    RankOut,
)

router = Router(tags=["people"], auth=AUTH)

DEFAULT_PAGE_SIZE = 50
Cursor = Query(
    None,
    max_length=MAX_CURSOR_LENGTH,
    description="next_cursor dari halaman sebelumnya",
)
Size = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _invalid(*errors: tuple[str, str]) -> ApplicationError:
    """Return a 422 in the shape of the input validation error, for each (field, message)."""
    return ApplicationError(
        "invalid_input",
        _("Masukan tidak sah."),
        details=[{"field": field, "message": message} for field, message in errors],
        status=422,
    )


def _filter_unit(request: HttpRequest, unit_id: int | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    try:
        return selectors.org_unit_get_visible_to(user=request.auth, pk=unit_id)
    except NotFound:
        raise _invalid(("unit", _("Unit kerja tidak ditemukan."))) from None


def _page(qs: QuerySet, order: tuple[str, str], cursor: str | None, size: int) -> dict:
    page = keyset_page(qs, order=order, cursor=cursor, size=size)
    return {"items": page.items, "next_cursor": page.next_cursor}


# --- employees -----------------------------------------------------------------


@router.get(
    "/employees",
    response={200: EmployeePage, **error_responses(400, 401, 403, 422)},
    summary="Daftar pegawai dalam cakupan Anda",
)
def employee_list(
    request: HttpRequest,
    q: str = Query(
        "", max_length=100, pattern=NO_NUL, description="nama atau awalan NIP"
    ),
    unit: int | None = Query(None, description="id unit kerja, termasuk sub-unitnya"),
    position_kind: PositionKind | None = None,
    rank: int | None = Query(None, description="id golongan"),
    kind: EmployeeKind | None = None,
    cursor: str | None = Cursor,
    size: int = Size,
):
    require_perm(request, "people.view")
    hit, slot = response_cache.lookup(request, "api.employees", [versions.PEOPLE])
    if hit is not None:
        return hit
    qs = selectors.employee_list_visible_to(
        user=request.auth,
        search=q,
        unit=_filter_unit(request, unit),
        position_kind=position_kind or "",
        rank_id=rank,
        kind=kind or "",
    )
    page = _page(qs, ("name", "id"), cursor, size)
    return response_cache.store(
        request, slot, schema_answer(request, EmployeePage, page)
    )


@router.get(
    "/employees/{employee_id}",
    response={200: EmployeeOut, **error_responses(401, 404, 422)},
    summary="Profil pegawai",
)
def employee_detail(request: HttpRequest, employee_id: int):
    employee = selectors.employee_get_visible_to(user=request.auth, pk=employee_id)
    if selectors.can_see_personal_data(user=request.auth, employee=employee):
        services.personal_data_access_record(
            viewer=request.auth,
            employee=employee,
            channel=PersonalDataAccess.Channel.API,
        )
    return employee


@router.get(
    "/me/data",
    response={200: dict, **error_responses(401, 403, 404)},
    summary="Unduh semua data saya (UU 27/2022)",
)
def my_data(request: HttpRequest):
    require_perm(request, "people.view_self")
    employee = selectors.employee_for_user(user=request.auth)
    if employee is None:
        raise NotFound()
    return json.loads(json.dumps(personal_data_export(employee), default=json_default))


@router.get(
    "/employees/{employee_id}/history",
    response={200: EmployeeHistoryOut, **error_responses(401, 404, 422)},
    summary="Riwayat jabatan dan pangkat",
)
def employee_history(request: HttpRequest, employee_id: int):
    employee = selectors.employee_get_visible_to(user=request.auth, pk=employee_id)
    return selectors.employee_history(employee=employee)


def _model_values(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Turn position_id and rank_id into rows the caller may use, or answer 422."""
    errors = []
    if "position_id" in data:
        data["position"] = (
            selectors.position_list_visible_to(user=request.auth, perm="people.change")
            .filter(pk=data.pop("position_id"))
            .first()
        )
        if data["position"] is None:
            message = _("Jabatan tidak ditemukan dalam cakupan Anda.")
            errors.append(("position_id", message))
    if "rank_id" in data:
        data["rank"] = selectors.rank_list().filter(pk=data.pop("rank_id")).first()
        if data["rank"] is None:
            errors.append(("rank_id", _("Golongan tidak dikenal.")))
    if errors:
        raise _invalid(*errors)
    return data


@router.post(
    "/employees",
    response={201: EmployeeOut, **error_responses(400, 401, 403, 422)},
    summary="Tambah pegawai",
)
def employee_create(request: HttpRequest, payload: EmployeeIn):
    require_perm(request, "people.change")
    data = _model_values(request, payload.model_dump())
    employee = services.employee_create(by=request.auth, **data)
    return Status(
        201, selectors.employee_get_visible_to(user=request.auth, pk=employee.pk)
    )


@router.patch(
    "/employees/{employee_id}",
    response={200: EmployeeOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Ubah pegawai",
)
def employee_update(request: HttpRequest, employee_id: int, payload: EmployeePatch):
    require_perm(request, "people.change")
    employee = selectors.employee_get_visible_to(
        user=request.auth, pk=employee_id, perm="people.change"
    )
    changes = _model_values(request, payload.model_dump(exclude_unset=True))
    if changes:
        services.employee_update(employee=employee, by=request.auth, **changes)
    return selectors.employee_get_visible_to(user=request.auth, pk=employee_id)


# --- org units -----------------------------------------------------------------


def _subtree_headcount(user) -> Coalesce:
    """Count the active employees the user may see in each unit's subtree."""
    visible = (
        selectors.employee_list_visible_to(user=user)
        .filter(org_unit__path__startswith=OuterRef("path"))
        .order_by()
        # COUNT as a plain function, so no GROUP BY: one row per outer unit.
        .values(n=Func(F("pk"), function="COUNT"))
    )
    return Coalesce(Subquery(visible), 0)


def _with_parents(user, units: list[OrgUnit]) -> list[OrgUnit]:
    """Set `parent_id` on each unit: its parent's id, or None where out of scope."""
    step = OrgUnit.steplen
    parent_paths = {u.path[:-step] for u in units if u.depth > 1}
    visible = dict(
        selectors.org_unit_list_visible_to(user=user)
        .filter(path__in=parent_paths)
        .values_list("path", "id")
    )
    for unit in units:
        unit.parent_id = visible.get(unit.path[:-step])
    return units


@router.get(
    "/org-units",
    response={200: OrgUnitPage, **error_responses(400, 401, 422)},
    summary="Unit kerja dalam cakupan Anda, urut pohon",
)
def org_unit_list(
    request: HttpRequest,
    with_counts: bool = False,
    cursor: str | None = Cursor,
    size: int = Size,
):
    qs = selectors.org_unit_list_visible_to(user=request.auth)
    if with_counts:
        qs = qs.annotate(headcount=_subtree_headcount(request.auth))
    page = _page(qs, ("path", "id"), cursor, size)
    _with_parents(request.auth, page["items"])
    return page


@router.get(
    "/org-units/{unit_id}",
    response={200: OrgUnitOut, **error_responses(401, 404, 422)},
    summary="Satu unit kerja",
)
def org_unit_detail(request: HttpRequest, unit_id: int, with_counts: bool = False):
    unit = selectors.org_unit_get_visible_to(user=request.auth, pk=unit_id)
    if with_counts:
        unit.headcount = (
            selectors.employee_list_visible_to(user=request.auth)
            .filter(org_unit__path__startswith=unit.path)
            .count()
        )
    return _with_parents(request.auth, [unit])[0]


# --- positions and ranks -------------------------------------------------------


@router.get(
    "/positions",
    response={200: PositionPage, **error_responses(400, 401, 422)},
    summary="Jabatan dalam cakupan Anda",
)
def position_list(
    request: HttpRequest,
    unit: int | None = Query(None, description="id unit kerja, termasuk sub-unitnya"),
    kind: PositionKind | None = None,
    cursor: str | None = Cursor,
    size: int = Size,
):
    qs = selectors.position_list_visible_to(
        user=request.auth, unit=_filter_unit(request, unit)
    )
    if kind:
        qs = qs.filter(kind=kind)
    return _page(qs, ("title", "id"), cursor, size)


@router.get(
    "/positions/{position_id}",
    response={200: PositionOut, **error_responses(401, 404, 422)},
    summary="Satu jabatan",
)
def position_detail(request: HttpRequest, position_id: int):
    return selectors.position_get_visible_to(user=request.auth, pk=position_id)


@router.get(
    "/ranks",
    response={200: list[RankOut], **error_responses(401)},
    summary="Semua pangkat/golongan PNS dan PPPK",
)
def rank_list(request: HttpRequest):
    return selectors.rank_list()
