"""Issue, revoke and render certificates. The one certificate service of Jenjang.

Training, e-learning and events call `certificate_issue` when a participant
completes; it is idempotent per source, like the JP ledger.
"""

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jenjang.certificates.models import Certificate
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.core.qr import qr_svg_data_uri
from jenjang.people.models import Employee

# Crockford's base32 without I, L, O, U: easy to read aloud and to type.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_NUMBER_TRIES = 5


def new_certificate_number(year: int) -> str:
    """Return a fresh number like JJG-2026-7K3M-9QXD (40 random bits)."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"JJG-{year}-{body[:4]}-{body[4:]}"


def normalise_number(raw: str) -> str:
    """Accept what people type: lower case, spaces, O for 0, I/L for 1."""
    text = (raw or "").strip().upper().replace(" ", "")
    prefix, _sep, rest = text.partition("-")
    if prefix != "JJG":
        return text
    return "JJG-" + rest.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def verification_url(number: str) -> str:
    """The public address of a certificate's verification page (in its QR code)."""
    path = reverse("certificates:verify", kwargs={"number": number})
    return f"{settings.JENJANG_PUBLIC_URL}{path}"


def certificate_issue(
    *,
    employee: Employee,
    title: str,
    source_type: str,
    source_id,
    started_on: dt.date,
    ended_on: dt.date,
    jp: Decimal | int | str,
    issuer: str = "",
    valid_until: dt.date | None = None,
    signatory_name: str = "",
    signatory_title: str = "",
    by=None,
) -> Certificate:
    """Issue the certificate of one completed activity; again for the same source returns it."""
    source_id = str(source_id)
    live = Certificate.objects.filter(
        source_type=source_type, source_id=source_id, revoked_at__isnull=True
    ).first()
    if live is not None:
        return live
    if ended_on < started_on:
        raise ApplicationError(
            "bad_dates", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        )
    if valid_until is not None and valid_until < ended_on:
        raise ApplicationError(
            "bad_validity",
            _("Masa berlaku tidak boleh berakhir sebelum kegiatan selesai."),
        )
    jp = Decimal(str(jp))
    if jp < 0:
        raise ApplicationError("bad_jp", _("JP tidak boleh negatif."))
    issuer = issuer or (employee.agency.name if employee.agency_id else "")
    with acting_as(by):
        for _attempt in range(_NUMBER_TRIES):
            try:
                with transaction.atomic():
                    return Certificate.objects.create(
                        number=new_certificate_number(ended_on.year),
                        employee=employee,
                        holder_name=employee.full_name,
                        title=title.strip()[:250],
                        source_type=source_type,
                        source_id=source_id,
                        started_on=started_on,
                        ended_on=ended_on,
                        jp=jp,
                        issuer=issuer[:200] or settings.JENJANG_ORG_NAME,
                        valid_until=valid_until,
                        signatory_name=signatory_name,
                        signatory_title=signatory_title,
                        issued_by=by if getattr(by, "pk", None) else None,
                    )
            except IntegrityError:
                # Either another request issued it first, or the number collided.
                live = Certificate.objects.filter(
                    source_type=source_type,
                    source_id=source_id,
                    revoked_at__isnull=True,
                ).first()
                if live is not None:
                    return live
    raise ApplicationError(
        "number_exhausted", _("Nomor sertifikat tidak dapat dibuat. Coba lagi.")
    )


def certificate_revoke(*, certificate: Certificate, reason: str, by) -> Certificate:
    """Revoke a certificate (for example when a result is corrected); kept on record."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", _("Alasan pencabutan wajib diisi."))
    if certificate.revoked_at is not None:
        raise ApplicationError("already_revoked", _("Sertifikat ini sudah dicabut."))
    with acting_as(by), transaction.atomic():
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason[:250]
        certificate.revoked_by = by
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    return certificate


def certificate_revoke_source(*, source_type: str, source_id, reason: str, by) -> None:
    """Revoke the live certificate of a source, if there is one."""
    live = Certificate.objects.filter(
        source_type=source_type, source_id=str(source_id), revoked_at__isnull=True
    ).first()
    if live is not None:
        certificate_revoke(certificate=live, reason=reason, by=by)


def certificate_html(certificate: Certificate, *, language: str | None = None) -> str:
    """The certificate page as HTML (A4 landscape), the input of the PDF."""
    with translation.override(language or translation.get_language()):
        return render_to_string(
            "certificates/pdf.html",
            {
                "certificate": certificate,
                "verify_url": verification_url(certificate.number),
                "qr": qr_svg_data_uri(verification_url(certificate.number)),
            },
        )


def certificate_pdf(certificate: Certificate, *, language: str | None = None) -> bytes:
    """Render the certificate as a PDF with WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=certificate_html(certificate, language=language)).write_pdf()
