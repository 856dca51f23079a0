"""The surveys API: public submission (no sign-in) and scoped staff reads.

The public endpoint is idempotent by `client_uuid`: the offline script
resends until it hears back, and the response is stored once. Staff reads go
through the scoped selectors; a unit outside the caller's scope is a 404.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.core.ratelimit import client_ip
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.people.models import OrgUnit
from jenjang.surveys import selectors as sel
from jenjang.surveys.permissions import (
    ENTER_RESPONSES,
    MANAGE_UNITS,
    VIEW_IKM,
    VIEW_RESPONSES,
)
from jenjang.surveys.services import responses as resp
from jenjang.surveys.services import units as unit_services
from jenjang.surveys.services.ikm import IkmFigure
from jenjang.surveys.services.periods import current_period, period_parse

router = Router(tags=["surveys"], auth=AUTH)

PeriodKey = Query(None, max_length=7, description="2026, 2026-S1 atau 2026-Q3")
# bool first: pydantic keeps a JSON true as bool, which validation refuses.
Answer = bool | int | str | None


# --- shapes -------------------------------------------------------------------


class ServiceOut(Schema):
    id: int
    name: str
    is_active: bool


class UnitOut(Schema):
    id: int
    code: str
    name: str
    address: str
    is_active: bool
    org_unit_id: int
    org_unit_name: str
    public_url: str


class UnitDetailOut(UnitOut):
    services: list[ServiceOut]


class UnitIn(Schema):
    org_unit_id: int
    code: str
    name: str
    address: str = ""


class UnsurOut(Schema):
    number: int
    code: str
    name: str
    nrr: Decimal
    converted: Decimal
    weakest: bool


class IkmOut(Schema):
    service_unit_id: int
    period: str
    respondents: int
    index: Decimal | None
    value: Decimal | None
    mutu: str
    kinerja: str
    unsur: list[UnsurOut]


class PublicUnsurOut(Schema):
    field: str
    code: str
    name: str
    question: str


class PublicFormOut(Schema):
    code: str
    name: str
    services: list[ServiceOut]
    unsur: list[PublicUnsurOut]


class SubmissionIn(Schema):
    client_uuid: str | None = None
    service: Answer = None
    u1: Answer = None
    u2: Answer = None
    u3: Answer = None
    u4: Answer = None
    u5: Answer = None
    u6: Answer = None
    u7: Answer = None
    u8: Answer = None
    u9: Answer = None
    age_band: str = ""
    sex: str = ""
    education: str = ""
    occupation: str = ""
    suggestion: str = ""
    filled_at: str | None = None
    website: str = ""  # honeypot: people leave it empty


class PaperIn(SubmissionIn):
    filled_on: dt.date


class SubmissionOut(Schema):
    status: Literal["created", "duplicate", "ignored"]
    client_uuid: uuid.UUID | None


class ResponseOut(Schema):
    id: int
    client_uuid: uuid.UUID
    service_unit_id: int
    service_id: int | None
    answers: list[int]
    age_band: str
    sex: str
    education: str
    occupation: str
    suggestion: str
    channel: str
    submitted_at: dt.datetime


class ResponsePage(Schema):
    items: list[ResponseOut]
    next_cursor: str | None


def _unit_out(unit, request) -> dict:
    from django.urls import reverse

    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "address": unit.address,
        "is_active": unit.is_active,
        "org_unit_id": unit.org_unit_id,
        "org_unit_name": unit.org_unit.name,
        "public_url": request.build_absolute_uri(
            reverse("surveys:public_form", args=[unit.code])
        ),
    }


def _ikm_out(unit_id: int, period_key: str, figure: IkmFigure) -> IkmOut:
    return IkmOut(
        service_unit_id=unit_id,
        period=period_key,
        respondents=figure.respondents,
        index=figure.index,
        value=figure.value,
        mutu=figure.letter,
        kinerja=figure.label,
        unsur=[UnsurOut(**u.__dict__) for u in figure.unsur],
    )


def _period(key: str | None):
    return period_parse(key) if key else current_period()


def _client_ip(request: HttpRequest) -> str:
    return client_ip(request)


# --- public -------------------------------------------------------------------


@router.get(
    "/surveys/public/{code}",
    auth=None,
    response={200: PublicFormOut, **error_responses(404)},
    summary="Formulir survei publik sebuah unit pelayanan",
)
def public_form(request: HttpRequest, code: str):
    unit = sel.service_unit_get_public(code=code)
    return PublicFormOut(
        code=unit.code,
        name=unit.name,
        services=[ServiceOut.from_orm(s) for s in unit.services.filter(is_active=True)],
        unsur=[
            PublicUnsurOut(field=u.field, code=u.code, name=u.name, question=u.question)
            for u in sel.unsur_list()
        ],
    )


@router.post(
    "/surveys/public/{code}/responses",
    auth=None,
    response={
        200: SubmissionOut,
        201: SubmissionOut,
        **error_responses(400, 404, 409, 422, 429),
    },
    summary="Kirim tanggapan survei (tanpa masuk; idempoten per client_uuid)",
)
def public_submit(request: HttpRequest, code: str, payload: SubmissionIn):
    unit, services = sel.service_unit_for_submission(code=code)
    row, outcome = resp.response_submit_public(
        service_unit=unit,
        services=services,
        data=payload.dict(),
        ip=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    body = SubmissionOut(
        status=outcome.value, client_uuid=row.client_uuid if row else None
    )
    return Status(201 if outcome == resp.Outcome.CREATED else 200, body)


# --- staff --------------------------------------------------------------------


@router.get(
    "/surveys/units",
    response={200: list[UnitOut], **error_responses(401, 403)},
    summary="Unit pelayanan dalam cakupan",
)
def unit_list(request: HttpRequest):
    require_perm(request, VIEW_IKM)
    return [
        _unit_out(u, request)
        for u in sel.service_unit_list_visible_to(user=request.auth)
    ]


@router.post(
    "/surveys/units",
    response={201: UnitDetailOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Buat unit pelayanan",
)
def unit_create(request: HttpRequest, payload: UnitIn):
    require_perm(request, MANAGE_UNITS)
    scope = scope_for(request.auth, perm=MANAGE_UNITS)
    org_unit = OrgUnit.objects.filter(
        unit_scope_q(scope), pk=payload.org_unit_id
    ).first()
    if org_unit is None:
        raise NotFound()
    unit = unit_services.service_unit_create(
        org_unit=org_unit,
        code=payload.code,
        name=payload.name,
        address=payload.address,
        by=request.auth,
    )
    return Status(201, {**_unit_out(unit, request), "services": []})


@router.get(
    "/surveys/units/{unit_id}",
    response={200: UnitDetailOut, **error_responses(401, 403, 404)},
    summary="Satu unit pelayanan dan jenis layanannya",
)
def unit_detail(request: HttpRequest, unit_id: int):
    require_perm(request, VIEW_IKM)
    unit = sel.service_unit_get_visible_to(user=request.auth, pk=unit_id)
    services = [ServiceOut.from_orm(s) for s in unit.services.all()]
    return {**_unit_out(unit, request), "services": services}


@router.get(
    "/surveys/units/{unit_id}/ikm",
    response={200: IkmOut, **error_responses(400, 401, 403, 404, 422)},
    summary="IKM satu unit pada satu periode, dengan NRR per unsur",
)
def unit_ikm(request: HttpRequest, unit_id: int, period: str | None = PeriodKey):
    require_perm(request, VIEW_IKM)
    unit = sel.service_unit_get_visible_to(user=request.auth, pk=unit_id)
    chosen = _period(period)
    figure = sel.ikm_for_unit(service_unit=unit, period=chosen)
    return _ikm_out(unit.pk, chosen.key, figure)


@router.get(
    "/surveys/units/{unit_id}/trend",
    response={200: list[IkmOut], **error_responses(400, 401, 403, 404, 422)},
    summary="IKM satu unit pada beberapa periode berturut-turut",
)
def unit_trend(
    request: HttpRequest,
    unit_id: int,
    until: str | None = PeriodKey,
    count: int = Query(8, ge=1, le=20),
):
    require_perm(request, VIEW_IKM)
    unit = sel.service_unit_get_visible_to(user=request.auth, pk=unit_id)
    trend = sel.ikm_trend(service_unit=unit, last=_period(until), count=count)
    return [_ikm_out(unit.pk, p.key, f) for p, f in trend]


@router.get(
    "/surveys/ikm",
    response={200: list[IkmOut], **error_responses(400, 401, 403, 422)},
    summary="IKM setiap unit pelayanan dalam cakupan pada satu periode",
)
def ikm_all(request: HttpRequest, period: str | None = PeriodKey):
    require_perm(request, VIEW_IKM)
    chosen = _period(period)
    units = sel.service_unit_list_visible_to(user=request.auth)
    figures = sel.ikm_by_unit(service_units=units, period=chosen)
    return [
        _ikm_out(unit_id, chosen.key, figure)
        for unit_id, figure in sorted(figures.items())
    ]


@router.get(
    "/surveys/units/{unit_id}/responses",
    response={200: ResponsePage, **error_responses(400, 401, 403, 404, 422)},
    summary="Tanggapan survei sebuah unit",
)
def response_list(
    request: HttpRequest,
    unit_id: int,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, VIEW_RESPONSES)
    unit = sel.service_unit_get_visible_to(
        user=request.auth, pk=unit_id, perm=VIEW_RESPONSES
    )
    page = keyset_page(
        sel.response_list_visible_to(user=request.auth, service_unit=unit),
        order=("id", "id"),
        cursor=cursor,
        size=size,
    )
    items = [
        ResponseOut(
            **{k: getattr(r, k) for k in ResponseOut.model_fields if k != "answers"},
            answers=r.answers,
        )
        for r in page.items
    ]
    return ResponsePage(items=items, next_cursor=page.next_cursor)


@router.post(
    "/surveys/units/{unit_id}/responses",
    response={201: SubmissionOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Masukkan formulir kertas",
)
def paper_create(request: HttpRequest, unit_id: int, payload: PaperIn):
    require_perm(request, ENTER_RESPONSES)
    unit = sel.service_unit_get_visible_to(
        user=request.auth, pk=unit_id, perm=ENTER_RESPONSES
    )
    with transaction.atomic():
        row = resp.response_enter_paper(
            service_unit=unit, data=payload.dict(), by=request.auth
        )
    return Status(201, SubmissionOut(status="created", client_uuid=row.client_uuid))
