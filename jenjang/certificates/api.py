"""Certificates API: public verification, my certificates, staff reads, revocation."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import StringConstraints

from jenjang.certificates import selectors as sel
from jenjang.certificates.models import Certificate
from jenjang.certificates.services import (
    certificate_pdf,
    certificate_revoke,
    verification_url,
)
from jenjang.certificates.views import VERIFY_LIMIT, VERIFY_WINDOW
from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.core.ratelimit import check_rate

router = Router(tags=["certificates"], auth=AUTH)

Number = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
Reason = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=250, pattern=r"^[^\x00]*$"
    ),
]


class PublicCertificateOut(Schema):
    number: str
    holder_name: str
    title: str
    started_on: dt.date
    ended_on: dt.date
    jp: Decimal
    issuer: str
    valid_until: dt.date | None
    status: str
    status_label: str


class CertificateOut(PublicCertificateOut):
    source_type: str
    issued_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_reason: str
    verify_url: str


class CertificatePage(Schema):
    items: list[CertificateOut]
    next_cursor: str | None


class RevokeIn(Schema):
    reason: Reason


def _out(cert: Certificate) -> CertificateOut:
    return CertificateOut(
        number=cert.number,
        holder_name=cert.holder_name,
        title=cert.title,
        started_on=cert.started_on,
        ended_on=cert.ended_on,
        jp=cert.jp,
        issuer=cert.issuer,
        valid_until=cert.valid_until,
        status=cert.status,
        status_label=str(cert.status_label),
        source_type=cert.source_type,
        issued_at=cert.issued_at,
        revoked_at=cert.revoked_at,
        revoked_reason=cert.revoked_reason,
        verify_url=verification_url(cert.number),
    )


@router.get(
    "/certificates/verify/{number}",
    auth=None,
    response={200: PublicCertificateOut, **error_responses(404, 429)},
    summary="Verifikasi publik sertifikat",
)
def verify(request: HttpRequest, number: Number):
    check_rate(request, "certificate-verify", limit=VERIFY_LIMIT, window=VERIFY_WINDOW)
    found = sel.certificate_public(number=number)
    if found is None:
        raise NotFound()
    return PublicCertificateOut(
        **{**found.__dict__, "status_label": str(found.status_label)}
    )


@router.get(
    "/certificates/mine",
    response={200: list[CertificateOut], **error_responses(401, 403)},
    summary="Sertifikat saya",
)
def mine(request: HttpRequest):
    require_perm(request, "certificates.view_own")
    return [_out(c) for c in sel.certificates_of_user(user=request.auth)]


@router.get(
    "/certificates",
    response={200: CertificatePage, **error_responses(401, 403, 422)},
    summary="Sertifikat pegawai dalam cakupan",
)
def staff_list(
    request: HttpRequest,
    cursor: str | None = Query(None, max_length=MAX_CURSOR_LENGTH),
    size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, "certificates.view")
    page = keyset_page(
        sel.certificates_visible_to(user=request.auth),
        order=("number", "id"),
        cursor=cursor,
        size=size,
    )
    return CertificatePage(
        items=[_out(c) for c in page.items], next_cursor=page.next_cursor
    )


@router.get(
    "/certificates/recertification",
    response={200: list[CertificateOut], **error_responses(401, 403, 422)},
    summary="Sertifikat yang perlu sertifikasi ulang",
)
def recertification(request: HttpRequest, days: int = Query(90, ge=0, le=3650)):
    require_perm(request, "certificates.view")
    due = sel.certificates_due_for_recertification(user=request.auth, within_days=days)
    return [_out(c) for c in due[:MAX_PAGE_SIZE]]


@router.get(
    "/certificates/{number}",
    response={200: CertificateOut, **error_responses(401, 403, 404)},
    summary="Satu sertifikat",
)
def detail(request: HttpRequest, number: Number):
    require_perm(request, "certificates.view_own")
    return _out(sel.certificate_get_visible_to(user=request.auth, number=number))


@router.get(
    "/certificates/{number}/pdf",
    response={200: None, **error_responses(401, 403, 404)},
    summary="PDF sertifikat",
)
def pdf(request: HttpRequest, number: Number):
    require_perm(request, "certificates.view_own")
    cert = sel.certificate_get_visible_to(user=request.auth, number=number)
    response = HttpResponse(certificate_pdf(cert), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{cert.number}.pdf"'
    )
    return response


@router.post(
    "/certificates/{number}/revoke",
    response={200: CertificateOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Cabut sertifikat",
)
def revoke(request: HttpRequest, number: Number, payload: RevokeIn):
    require_perm(request, "certificates.revoke")
    cert = sel.certificate_get_visible_to(user=request.auth, number=number)
    if not sel.certificates_visible_to(
        user=request.auth, perm="certificates.revoke"
    ).filter(pk=cert.pk):
        raise NotFound()
    return _out(
        certificate_revoke(certificate=cert, reason=payload.reason, by=request.auth)
    )
