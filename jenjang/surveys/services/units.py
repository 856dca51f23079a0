"""Writing service units and their services. Callers pass units already in scope."""

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.people.models import OrgUnit
from jenjang.surveys.models import Service, ServiceUnit


def _forget_public(unit: ServiceUnit, *codes: str) -> None:
    """Drop the public form's cached copy of the unit (see selectors)."""
    from jenjang.surveys.selectors import public_cache_key

    cache.delete_many([public_cache_key(c) for c in {unit.code, *codes}])


def _check_code(code: str, *, exclude: int | None = None) -> str:
    code = (code or "").strip().lower()
    taken = ServiceUnit.objects.filter(code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ApplicationError(
            "code_taken", _("Kode %(code)s sudah dipakai unit lain.") % {"code": code}
        )
    return code


def service_unit_create(
    *, org_unit: OrgUnit, code: str, name: str, address: str = "", by=None
) -> ServiceUnit:
    """Create a service unit under `org_unit` (which the caller may manage)."""
    unit = ServiceUnit(
        org_unit=org_unit,
        code=_check_code(code),
        name=name.strip(),
        address=address.strip(),
    )
    unit.full_clean()
    unit.save()
    return unit


def service_unit_update(
    *,
    unit: ServiceUnit,
    org_unit: OrgUnit,
    code: str,
    name: str,
    address: str = "",
    is_active: bool = True,
    by=None,
) -> ServiceUnit:
    """Change a service unit; its responses stay with it."""
    _forget_public(unit)
    unit.org_unit = org_unit
    unit.code = _check_code(code, exclude=unit.pk)
    unit.name = name.strip()
    unit.address = address.strip()
    unit.is_active = is_active
    unit.full_clean()
    unit.save()
    return unit


def service_create(*, service_unit: ServiceUnit, name: str, by=None) -> Service:
    """Add a jenis layanan to a unit; names are unique within the unit."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError("name_required", _("Nama layanan wajib diisi."))
    if len(name) > 200:
        raise ApplicationError("name_too_long", _("Nama layanan terlalu panjang."))
    if service_unit.services.filter(name__iexact=name).exists():
        raise ApplicationError(
            "service_exists", _("Layanan %(name)s sudah ada.") % {"name": name}
        )
    with transaction.atomic():
        service = Service.objects.create(service_unit=service_unit, name=name)
    _forget_public(service_unit)
    return service


def service_set_active(*, service: Service, is_active: bool, by=None) -> Service:
    """Open or close a service; closed ones leave the public form, keep answers."""
    service.is_active = is_active
    service.save(update_fields=["is_active"])
    _forget_public(service.service_unit)
    return service
