"""Self-reported learning: an employee claims JP with evidence; it counts once verified.

The employee's atasan (the holder up the reporting line, see
`people.selectors.employee_supervisor`) or an HR admin whose scope holds the
employee verifies or rejects it with a reason. Nobody verifies their own
claim. Verification posts to the ledger under source "development.claim".
"""

import datetime as dt
import os
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.models import Role
from jenjang.accounts.roles import active_roles, has_perm
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_contains, scope_for
from jenjang.development.models import (
    DevelopmentForm,
    LedgerEntry,
    SelfLearningClaim,
)
from jenjang.development.services.conversion import jp_for, rule_for
from jenjang.development.services.ledger import CLAIM, ledger_post
from jenjang.people.models import Employee
from jenjang.people.selectors import employee_supervisor

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
VERIFY_PERM = "development.verify_claims"
# What the first bytes of an allowed file look like, and the extension we store.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)
ALLOWED_EXTENSIONS = {"pdf", "png", "jpg", "jpeg"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
MAX_TITLE = 250
MAX_ORGANISER = 200
MAX_REASON = 300


def evidence_kind(upload) -> str:
    """Return "pdf", "png" or "jpg" after checking size, name and content.

    The content decides, not the name or the browser's content type: the
    first bytes must be a PDF, PNG or JPEG signature.
    """
    if upload is None:
        raise ApplicationError("evidence_required", _("Unggah bukti kegiatan."))
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ApplicationError("evidence_empty", _("Berkas bukti kosong."))
    if size > MAX_EVIDENCE_BYTES:
        raise ApplicationError(
            "evidence_too_large", _("Berkas bukti paling besar 5 MB.")
        )
    extension = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    if extension.lstrip(".") not in ALLOWED_EXTENSIONS:
        raise ApplicationError(
            "evidence_type", _("Bukti harus berupa berkas PDF, JPG, atau PNG.")
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    raise ApplicationError(
        "evidence_content", _("Isi berkas bukan PDF, JPG, atau PNG yang sah.")
    )


def _safe_upload(upload: UploadedFile, kind: str) -> UploadedFile:
    # Never keep the client's file name: a random name with our extension.
    upload.name = f"{uuid.uuid4().hex}.{kind}"
    return upload


def _check_claim_fields(
    *, employee, title, organiser, form, started_on, ended_on, quantity, unit
):
    title = (title or "").strip()
    organiser = (organiser or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise ApplicationError(
            "bad_title", _("Nama kegiatan wajib diisi (paling panjang 250 karakter).")
        )
    if len(organiser) > MAX_ORGANISER:
        raise ApplicationError(
            "bad_organiser", _("Penyelenggara paling panjang 200 karakter.")
        )
    if ended_on < started_on:
        raise ApplicationError(
            "dates_reversed", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        )
    if ended_on > timezone.localdate():
        raise ApplicationError(
            "future_date", _("Kegiatan yang diklaim harus sudah selesai.")
        )
    if (ended_on - started_on).days > 366:
        raise ApplicationError(
            "span_too_long", _("Satu klaim paling lama mencakup satu tahun.")
        )
    # The same rule the verifier will apply: refuse now what cannot convert.
    preview = jp_for(
        agency=employee.agency_id,
        form=form,
        quantity=quantity,
        unit=unit,
        on=ended_on,
        started_on=started_on,
    )
    return title, organiser, preview


def claim_submit(
    *,
    employee: Employee,
    title: str,
    organiser: str = "",
    form: DevelopmentForm,
    started_on: dt.date,
    ended_on: dt.date,
    quantity,
    unit: str,
    evidence: UploadedFile,
    competency=None,
    by,
) -> SelfLearningClaim:
    """Record an employee's own claim of learning, with evidence, awaiting review."""
    if employee.user_id is None or employee.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Klaim hanya dapat diajukan untuk diri sendiri."))
    title, organiser, preview = _check_claim_fields(
        employee=employee,
        title=title,
        organiser=organiser,
        form=form,
        started_on=started_on,
        ended_on=ended_on,
        quantity=quantity,
        unit=unit,
    )
    kind = evidence_kind(evidence)
    with acting_as(by), transaction.atomic():
        claim = SelfLearningClaim(
            employee=employee,
            title=title,
            organiser=organiser,
            form=form,
            started_on=started_on,
            ended_on=ended_on,
            quantity=Decimal(str(quantity)),
            unit=preview.rule.unit,
            competency=competency,
            evidence=_safe_upload(evidence, kind),
        )
        claim.save()
        return claim


def claim_unit_for(*, employee: Employee, form: DevelopmentForm, on: dt.date) -> str:
    """Return the unit the employee's agency counts this form in."""
    return rule_for(agency=employee.agency_id, form=form, on=on).unit


def claim_preview(*, claim: SelfLearningClaim):
    """Return what verifying now would post: (jp, rule, note), caps included."""
    return jp_for(
        agency=claim.employee.agency_id,
        form=claim.form,
        quantity=claim.quantity,
        unit=claim.unit,
        on=claim.ended_on,
        started_on=claim.started_on,
        employee=claim.employee,
    )


# --- Review -------------------------------------------------------------------


def _is_atasan(user, employee: Employee) -> bool:
    if Role.SUPERVISOR not in active_roles(user):
        return False
    supervisor = employee_supervisor(employee=employee)
    return supervisor is not None and supervisor.user_id == user.pk


def can_review(*, user, claim: SelfLearningClaim) -> bool:
    """Tell whether `user` may verify or reject this claim (status aside).

    The atasan langsung, or a role granting verify_claims whose scope holds
    the employee; never the claimant.
    """
    employee = claim.employee
    if not getattr(user, "is_authenticated", False) or employee.user_id == user.pk:
        return False
    if not has_perm(user, VERIFY_PERM):
        return False
    if _is_atasan(user, employee):
        return True
    return scope_contains(scope_for(user, perm=VERIFY_PERM), employee)


def _check_review(*, claim: SelfLearningClaim, by) -> SelfLearningClaim:
    """Lock the claim and check it is pending and `by` may review it."""
    if claim.employee.user_id and claim.employee.user_id == getattr(by, "pk", None):
        raise PermissionDenied(_("Anda tidak dapat memverifikasi klaim Anda sendiri."))
    if not can_review(user=by, claim=claim):
        raise PermissionDenied(_("Anda tidak berwenang memverifikasi klaim ini."))
    locked = SelfLearningClaim.objects.select_for_update().get(pk=claim.pk)
    if locked.status != SelfLearningClaim.Status.PENDING:
        raise ApplicationError(
            "claim_not_pending", _("Klaim ini sudah diproses."), status=409
        )
    return locked


def claim_verify(*, claim: SelfLearningClaim, by) -> LedgerEntry:
    """Verify a pending claim and post its JP to the ledger (caps apply)."""
    with acting_as(by), transaction.atomic():
        locked = _check_review(claim=claim, by=by)
        entry = ledger_post(
            employee=claim.employee,
            occurred_on=locked.ended_on,
            started_on=locked.started_on,
            form=locked.form,
            title=locked.title,
            source_type=CLAIM,
            source_id=locked.pk,
            quantity=locked.quantity,
            unit=locked.unit,
            evidence=locked.evidence.name,
            by=by,
        )
        locked.status = SelfLearningClaim.Status.VERIFIED
        locked.reviewed_by = by
        locked.reviewed_at = timezone.now()
        locked.review_reason = ""
        locked.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"]
        )
        claim.refresh_from_db()
        return entry


def claim_reject(*, claim: SelfLearningClaim, reason: str, by) -> SelfLearningClaim:
    """Reject a pending claim; the reason is required and shown to the employee."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", _("Alasan penolakan wajib diisi."))
    if len(reason) > MAX_REASON:
        raise ApplicationError(
            "reason_too_long",
            _("Alasan paling panjang %(n)d karakter.") % {"n": MAX_REASON},
        )
    with acting_as(by), transaction.atomic():
        locked = _check_review(claim=claim, by=by)
        locked.status = SelfLearningClaim.Status.REJECTED
        locked.reviewed_by = by
        locked.reviewed_at = timezone.now()
        locked.review_reason = reason
        locked.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"]
        )
        claim.refresh_from_db()
        return locked
