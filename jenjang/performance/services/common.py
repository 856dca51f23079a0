"""Shared checks of the performance services."""

from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.core.scoping import scope_contains, scope_for
from jenjang.people.models import Employee
from jenjang.performance.models import Skp
from jenjang.performance.permissions import EVALUATE, MANAGE, OWN

MAX_TEXT = 2000


def user_employee(user) -> Employee | None:
    try:
        return user.employee if getattr(user, "pk", None) else None
    except Employee.DoesNotExist:
        return None


def is_owner(user, skp: Skp) -> bool:
    return bool(
        getattr(user, "pk", None) and skp.employee.user_id == user.pk
    ) and has_perm(user, OWN)


def is_evaluator(user, skp: Skp) -> bool:
    return bool(
        getattr(user, "pk", None)
        and skp.evaluator_id
        and skp.evaluator.user_id == user.pk
        and has_perm(user, EVALUATE)
    )


def manages(user, employee: Employee) -> bool:
    """Tell whether an HR role with `performance.manage` reaches the employee."""
    return has_perm(user, MANAGE) and scope_contains(
        scope_for(user, perm=MANAGE), employee
    )


def require_owner(user, skp: Skp) -> None:
    if not is_owner(user, skp):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat melakukan ini."))


def require_evaluator(user, skp: Skp) -> None:
    if not is_evaluator(user, skp):
        raise PermissionDenied(
            _("Hanya pejabat penilai kinerja pegawai ini yang dapat melakukan ini.")
        )


def clean_text(value, field: str, *, required: bool = True, max_length=MAX_TEXT):
    text = (value or "").strip()
    if required and not text:
        raise ApplicationError(
            "required",
            _("%(field)s wajib diisi.") % {"field": field},
            details=[{"field": field, "message": _("Wajib diisi.")}],
        )
    if len(text) > max_length:
        raise ApplicationError(
            "too_long",
            _("%(field)s paling banyak %(n)s karakter.")
            % {"field": field, "n": max_length},
        )
    return text


def require_choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ApplicationError(
            "invalid_choice",
            _("Nilai %(field)s tidak dikenal.") % {"field": field},
            details=[{"field": field, "message": _("Pilihan tidak sah.")}],
        )
    return value
