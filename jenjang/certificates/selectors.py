"""Reads of certificates: the public verification, and scoped lists."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from jenjang.accounts.roles import has_perm
from jenjang.certificates.models import Certificate
from jenjang.certificates.services import normalise_number
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import people_scope_q, scope_for
from jenjang.people.selectors import employee_for_user

NUMBER_SHAPE = re.compile(r"^JJG-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


@dataclass(frozen=True)
class PublicCertificate:
    """All a verifier may learn: no NIP, no unit, no birth date."""

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


def certificate_public(*, number: str) -> PublicCertificate | None:
    """Look a certificate up by its number for the public verification page."""
    number = normalise_number(number)
    if not NUMBER_SHAPE.match(number):
        return None
    cert = Certificate.objects.filter(number=number).first()
    if cert is None:
        return None
    return PublicCertificate(
        number=cert.number,
        holder_name=cert.holder_name,
        title=cert.title,
        started_on=cert.started_on,
        ended_on=cert.ended_on,
        jp=cert.jp,
        issuer=cert.issuer,
        valid_until=cert.valid_until,
        status=cert.status,
        status_label=cert.status_label,
    )


def certificates_of_user(*, user) -> QuerySet[Certificate]:
    """The signed-in user's own certificates, newest first."""
    employee = employee_for_user(user=user)
    if employee is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(employee=employee).order_by("-issued_at", "-id")


def certificates_visible_to(*, user, perm: str = "certificates.view") -> QuerySet:
    """Certificates of the people in the user's scope (staff lists).

    `user=None` is the system itself (a reminder job): every certificate.
    """
    qs = Certificate.objects.select_related("employee", "employee__org_unit")
    if user is None:
        return qs
    return qs.filter(people_scope_q(scope_for(user, perm=perm), prefix="employee__"))


def certificate_get_visible_to(*, user, number: str) -> Certificate:
    """The holder, or staff with the person in scope, may open a certificate."""
    cert = (
        Certificate.objects.select_related("employee")
        .filter(number=normalise_number(number))
        .first()
    )
    if cert is None:
        raise NotFound()
    own = employee_for_user(user=user)
    if own is not None and cert.employee_id == own.pk:
        return cert
    if has_perm(user, "certificates.view") and (
        certificates_visible_to(user=user).filter(pk=cert.pk).exists()
    ):
        return cert
    raise NotFound()


def certificates_due_for_recertification(
    *, user, within_days: int = 90, today: dt.date | None = None
) -> QuerySet[Certificate]:
    """Live certificates in the user's scope that expire within `within_days` (or have).

    `user=None` reads every certificate (for the reminder job). Only the newest certificate per person and title counts: someone who has
    already been recertified is not listed again.
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days)
    candidates = certificates_visible_to(user=user).filter(
        revoked_at__isnull=True, valid_until__isnull=False, valid_until__lte=horizon
    )
    newer = Certificate.objects.filter(
        employee_id=OuterRef("employee_id"),
        title=OuterRef("title"),
        revoked_at__isnull=True,
        ended_on__gt=OuterRef("ended_on"),
    )
    return candidates.exclude(Exists(newer)).order_by("valid_until", "holder_name")
