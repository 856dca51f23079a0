"""The JP ledger API: entries, reversals, compliance, summaries, claims.

Reads go through the scoped selectors (whatever the caller may not see
answers 404, as an id that does not exist); writes through the services.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field, StringConstraints

from jenjang.accounts.roles import has_perm
from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, keyset_page
from jenjang.development.models import ConversionRule, LedgerEntry, SelfLearningClaim
from jenjang.development.selectors import compliance as comp
from jenjang.development.selectors import ledger as sel
from jenjang.development.services import claims as claim_services
from jenjang.development.services.ledger import (
    form_by_code,
    ledger_post_manual,
    ledger_reverse,
    source_label,
)
from jenjang.people.models import OrgUnit
from jenjang.people.selectors import (
    employee_for_user,
    mask_nip,
    org_unit_get_visible_to,
)

router = Router(tags=["jp"], auth=AUTH)

NO_NUL = r"^[^\x00]*$"
VIEW_PERM = "development.view_compliance"
POST_PERM = "development.post"
OWN_PERM = "development.claim_own"
VERIFY_PERM = "development.verify_claims"
Title = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=250, pattern=NO_NUL
    ),
]
Reason = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=250, pattern=NO_NUL
    ),
]
Reference = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=36, pattern=r"^[^#\x00]*$")
]
Organiser = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200, pattern=NO_NUL)
]
Unit = Literal[tuple(ConversionRule.Unit.values)]
ClaimStatus = Literal[tuple(SelfLearningClaim.Status.values)]
Year = Query(
    None, ge=comp.MIN_YEAR, le=comp.MAX_YEAR, description="tahun (bawaan: tahun ini)"
)
Cursor = Query(None, max_length=MAX_CURSOR_LENGTH, description="next_cursor sebelumnya")
Size = Query(50, ge=1, le=MAX_PAGE_SIZE)


# --- shapes -------------------------------------------------------------------


class FormRef(Schema):
    siasn_code: int
    name: str
    is_classical: bool


class LedgerPersonRef(Schema):
    id: int
    full_name: str


class EntryOut(Schema):
    id: int
    employee_id: int
    occurred_on: dt.date
    jp: Decimal
    form: FormRef
    title: str
    kind: str
    source_type: str
    source_label: str
    source_id: str
    quantity: Decimal | None
    unit: str
    rule_id: int | None
    rule_note: str
    reverses_id: int | None
    reason: str
    has_evidence: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_source_label(obj) -> str:
        return source_label(obj.source_type)

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)


class LedgerOut(Schema):
    employee: LedgerPersonRef
    year: int
    total_jp: Decimal
    target_jp: Decimal
    compliant: bool
    entries: list[EntryOut]


class EntryIn(Schema):
    employee_id: int
    occurred_on: dt.date
    siasn_code: int = Field(ge=1, le=99, description="kode jenis diklat SIASN (1–25)")
    title: Title
    quantity: Decimal | None = Field(None, gt=0, max_digits=8, decimal_places=2)
    unit: Unit | None = None
    jp: Decimal | None = Field(
        None,
        ge=0,
        max_digits=6,
        decimal_places=2,
        description="isi bila tidak dihitung dari aturan",
    )
    reference: Reference = Field(
        "",
        description="kunci idempoten: kirim ulang dengan nilai sama, tercatat sekali",
    )


class ReasonIn(Schema):
    reason: Reason


class BelowTargetOut(Schema):
    employee: LedgerPersonRef
    nip: str
    position: str
    unit: str
    total_jp: Decimal
    target_jp: Decimal
    shortfall_jp: Decimal


class BelowTargetPage(Schema):
    year: int
    items: list[BelowTargetOut]
    next_cursor: str | None


class UnitSummaryOut(Schema):
    unit_id: int | None
    name: str
    headcount: int
    compliant: int
    below: int
    average_jp: Decimal


class SummaryOut(Schema):
    year: int
    target_jp: Decimal | None
    headcount: int
    compliant: int
    below: int
    average_jp: Decimal
    units: list[UnitSummaryOut]


class ClaimOut(Schema):
    id: int
    employee: LedgerPersonRef
    title: str
    organiser: str
    form: FormRef
    started_on: dt.date
    ended_on: dt.date
    quantity: Decimal
    unit: str
    status: str
    review_reason: str
    reviewed_at: dt.datetime | None
    created_at: dt.datetime


class ClaimPage(Schema):
    items: list[ClaimOut]
    next_cursor: str | None


class ClaimIn(Schema):
    title: Title
    organiser: Organiser = ""
    siasn_code: int = Field(ge=1, le=99)
    started_on: dt.date
    ended_on: dt.date
    quantity: Decimal = Field(gt=0, max_digits=8, decimal_places=2)
    unit: Unit


class VerifyOut(Schema):
    claim: ClaimOut
    entry: EntryOut


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(
        "invalid_input",
        _("Masukan tidak sah."),
        details=[{"field": field, "message": message}],
        status=422,
    )


def _unit(request, unit_id: int | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    try:
        return org_unit_get_visible_to(user=request.auth, pk=unit_id)
    except NotFound:
        raise _invalid("unit", _("Unit kerja tidak ditemukan.")) from None


def _year(year: int | None) -> int:
    return year if year is not None else comp.current_year()


# --- ledger -------------------------------------------------------------------


@router.get(
    "/jp/ledger",
    response={200: LedgerOut, **error_responses(401, 404, 422)},
    summary="JP seorang pegawai dalam satu tahun, dengan entrinya",
)
def ledger_detail(
    request: HttpRequest,
    employee: int | None = Query(None, description="id pegawai (bawaan: diri sendiri)"),
    year: int | None = Year,
):
    year = _year(year)
    if employee is None:
        found = employee_for_user(user=request.auth)
        if found is None:
            raise NotFound(_("Akun Anda belum terhubung dengan data pegawai."))
    else:
        found = sel.ledger_employee_get(user=request.auth, pk=employee)
    progress = comp.employee_progress(employee=found, year=year)
    return {
        "employee": found,
        "year": year,
        "total_jp": progress.total_jp,
        "target_jp": progress.target_jp,
        "compliant": progress.compliant,
        "entries": list(sel.ledger_entries_for(employee=found, year=year)),
    }


@router.post(
    "/jp/entries",
    response={200: EntryOut, 201: EntryOut, **error_responses(400, 401, 403, 422)},
    summary="Catat JP secara manual (admin kepegawaian); idempoten per reference",
)
def entry_create(request: HttpRequest, payload: EntryIn):
    require_perm(request, POST_PERM)
    try:
        employee = sel.ledger_employee_get(
            user=request.auth, pk=payload.employee_id, perm=POST_PERM
        )
    except NotFound:
        raise _invalid(
            "employee_id", _("Pegawai tidak ditemukan dalam cakupan Anda.")
        ) from None
    try:
        form = form_by_code(payload.siasn_code)
    except ApplicationError as exc:
        raise _invalid("siasn_code", exc.message) from None
    entry, created = ledger_post_manual(
        employee=employee,
        reference=payload.reference,
        occurred_on=payload.occurred_on,
        form=form,
        title=payload.title,
        quantity=payload.quantity,
        unit=payload.unit or "",
        jp=payload.jp,
        by=request.auth,
    )
    return Status(201 if created else 200, entry)


@router.post(
    "/jp/entries/{entry_id}/reverse",
    response={201: EntryOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Batalkan entri dengan entri pembalik (JP negatif)",
)
def entry_reverse(request: HttpRequest, entry_id: int, payload: ReasonIn):
    require_perm(request, POST_PERM)
    entry = sel.ledger_entry_get_visible_to(
        user=request.auth, pk=entry_id, perm=POST_PERM
    )
    if entry.employee.user_id == request.auth.pk:
        raise ApplicationError(
            "own_entry",
            _("Anda tidak dapat membatalkan JP Anda sendiri."),
            status=403,
        )
    return Status(
        201, ledger_reverse(entry=entry, reason=payload.reason, by=request.auth)
    )


# --- compliance ---------------------------------------------------------------


@router.get(
    "/jp/compliance",
    response={200: BelowTargetPage, **error_responses(400, 401, 403, 422)},
    summary="Pegawai di bawah target JP (per unit termasuk sub-unit), per halaman",
)
def compliance_list(
    request: HttpRequest,
    unit: int | None = Query(None, description="id unit kerja, termasuk sub-unitnya"),
    year: int | None = Year,
    cursor: str | None = Cursor,
    size: int = Size,
):
    require_perm(request, VIEW_PERM)
    year = _year(year)
    qs = comp.below_target_visible_to(
        user=request.auth, year=year, unit=_unit(request, unit)
    )
    page = keyset_page(qs, order=("name", "id"), cursor=cursor, size=size)
    show_nip = has_perm(request.auth, "people.view_nip")
    items = [
        {
            "employee": e,
            "nip": e.nip if show_nip else mask_nip(e.nip),
            "position": e.position.title,
            "unit": e.org_unit.name,
            "total_jp": comp.jp2(e.total_jp),
            "target_jp": comp.jp2(e.target_jp),
            "shortfall_jp": comp.jp2(e.target_jp - e.total_jp),
        }
        for e in page.items
    ]
    return {"year": year, "items": items, "next_cursor": page.next_cursor}


def _unit_out(row) -> dict:
    return {
        "unit_id": row.unit_id,
        "name": str(row.name),
        "headcount": row.headcount,
        "compliant": row.compliant,
        "below": row.below,
        "average_jp": row.average_jp,
    }


@router.get(
    "/jp/summary",
    response={200: SummaryOut, **error_responses(401, 403, 422)},
    summary="Ringkasan kepatuhan JP: memenuhi / di bawah target, rata-rata, per unit",
)
def compliance_summary(
    request: HttpRequest,
    year: int | None = Year,
    unit: int | None = Query(None, description="id unit kerja, termasuk sub-unitnya"),
):
    require_perm(request, VIEW_PERM)
    year = _year(year)
    summary = comp.compliance_summary_visible_to(
        user=request.auth, year=year, unit=_unit(request, unit)
    )
    total = _unit_out(summary.total)
    return {
        "year": year,
        "target_jp": summary.target_jp,
        "headcount": total["headcount"],
        "compliant": total["compliant"],
        "below": total["below"],
        "average_jp": total["average_jp"],
        "units": [_unit_out(r) for r in summary.units],
    }


# --- claims -------------------------------------------------------------------


@router.get(
    "/jp/claims",
    response={200: ClaimPage, **error_responses(400, 401, 422)},
    summary="Klaim belajar mandiri: milik sendiri dan yang boleh Anda verifikasi",
)
def claim_list(
    request: HttpRequest,
    status: ClaimStatus | None = None,
    cursor: str | None = Cursor,
    size: int = Size,
):
    qs = sel.claim_list_visible_to(user=request.auth, status=status or "")
    page = keyset_page(qs, order=("id", "id"), cursor=cursor, size=size)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/jp/claims",
    response={201: ClaimOut, **error_responses(400, 401, 403, 422)},
    summary="Ajukan klaim belajar mandiri dengan bukti (PDF/JPG/PNG, ≤ 5 MB)",
)
def claim_create(
    request: HttpRequest,
    payload: Form[ClaimIn],
    evidence: File[UploadedFile],
):
    require_perm(request, OWN_PERM)
    employee = employee_for_user(user=request.auth)
    if employee is None:
        raise ApplicationError(
            "no_employee_record",
            _("Akun Anda belum terhubung dengan data pegawai."),
            status=403,
        )
    try:
        form = form_by_code(payload.siasn_code)
    except ApplicationError as exc:
        raise _invalid("siasn_code", exc.message) from None
    claim = claim_services.claim_submit(
        employee=employee,
        title=payload.title,
        organiser=payload.organiser,
        form=form,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        quantity=payload.quantity,
        unit=payload.unit,
        evidence=evidence,
        by=request.auth,
    )
    return Status(201, sel.claim_get_visible_to(user=request.auth, pk=claim.pk))


@router.get(
    "/jp/claims/{claim_id}",
    response={200: ClaimOut, **error_responses(401, 404, 422)},
    summary="Satu klaim",
)
def claim_detail(request: HttpRequest, claim_id: int):
    return sel.claim_get_visible_to(user=request.auth, pk=claim_id)


@router.get(
    "/jp/claims/{claim_id}/evidence",
    response={200: None, **error_responses(401, 404, 422)},
    summary="Berkas bukti klaim (hanya untuk pengaju dan pemeriksa)",
)
def claim_evidence(request: HttpRequest, claim_id: int):
    claim = sel.claim_get_visible_to(user=request.auth, pk=claim_id)
    extension = claim.evidence.name.rsplit(".", 1)[-1].lower()
    content_type = claim_services.CONTENT_TYPES.get(extension)
    if content_type is None:  # only the kinds the service accepts, never HTML
        raise NotFound()
    try:
        handle = claim.evidence.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise NotFound() from None
    response = FileResponse(
        handle, content_type=content_type, filename=f"bukti.{extension}"
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@router.post(
    "/jp/claims/{claim_id}/verify",
    response={200: VerifyOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Verifikasi klaim: JP-nya tercatat di buku besar",
)
def claim_verify(request: HttpRequest, claim_id: int):
    require_perm(request, VERIFY_PERM)
    claim = sel.claim_get_visible_to(user=request.auth, pk=claim_id)
    entry = claim_services.claim_verify(claim=claim, by=request.auth)
    return {
        "claim": sel.claim_get_visible_to(user=request.auth, pk=claim.pk),
        "entry": LedgerEntry.objects.select_related("form").get(pk=entry.pk),
    }


@router.post(
    "/jp/claims/{claim_id}/reject",
    response={200: ClaimOut, **error_responses(400, 401, 403, 404, 409, 422)},
    summary="Tolak klaim dengan alasan",
)
def claim_reject(request: HttpRequest, claim_id: int, payload: ReasonIn):
    require_perm(request, VERIFY_PERM)
    claim = sel.claim_get_visible_to(user=request.auth, pk=claim_id)
    claim_services.claim_reject(claim=claim, reason=payload.reason, by=request.auth)
    return sel.claim_get_visible_to(user=request.auth, pk=claim.pk)
