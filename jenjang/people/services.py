"""Writes to the registry. Every write checks the rules and leaves history."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.people.models import (
    Employee,
    OrgUnit,
    PersonalDataAccess,
    Position,
    PositionHistory,
    Rank,
    RankHistory,
)
from jenjang.people.nip import NipError, check_nip_matches_record, validate_pppk_number

EMPLOYEE_FIELDS = (
    "nip",
    "nik",
    "name",
    "front_title",
    "back_title",
    "kind",
    "gender",
    "birth_place",
    "birth_date",
    "tmt_cpns",
    "position",
    "position_tmt",
    "rank",
    "rank_tmt",
    "education_level",
    "education_major",
    "email",
    "phone",
    "is_active",
)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def employee_record_errors(
    data: dict[str, Any], *, today: dt.date | None = None
) -> list[FieldError]:
    """Return every rule the record breaks: NIP shape and agreement, rank kind, dates.

    Shared by the form, the API and the importer so that all three say the
    same thing. `data` holds model values (dates, Position, Rank instances).
    An importer passes `today` once rather than reading the clock per row.
    """
    errors: list[FieldError] = []
    nip, kind = data.get("nip", ""), data.get("kind")
    birth, tmt = data.get("birth_date"), data.get("tmt_cpns")
    try:
        if kind == Employee.Kind.PNS:
            if birth and tmt and data.get("gender"):
                errors += [
                    FieldError(f, m)
                    for f, m in check_nip_matches_record(
                        nip, birth_date=birth, tmt_cpns=tmt, gender=data["gender"]
                    )
                ]
        else:
            validate_pppk_number(nip)
    except NipError as exc:
        errors.append(FieldError("nip", exc.message))
    if birth and tmt and tmt <= birth:
        errors.append(
            FieldError("tmt_cpns", _("TMT CPNS harus setelah tanggal lahir."))
        )
    rank: Rank | None = data.get("rank")
    if rank is not None and kind and rank.kind != kind:
        errors.append(
            FieldError(
                "rank",
                _("Golongan %(rank)s bukan golongan %(kind)s.")
                % {"rank": rank.code, "kind": kind},
            )
        )
    for field in ("position_tmt", "rank_tmt"):
        value = data.get(field)
        if value and tmt and value < tmt:
            errors.append(
                FieldError(field, _("TMT tidak boleh sebelum TMT CPNS/PPPK."))
            )
    if birth and birth > (today or timezone.localdate()):
        errors.append(FieldError("birth_date", _("Tanggal lahir di masa depan.")))
    return errors


def _raise_if_invalid(data: dict[str, Any]) -> None:
    errors = employee_record_errors(data)
    if errors:
        raise ApplicationError(
            "employee_invalid",
            errors[0].message,
            details=[{"field": e.field, "message": e.message} for e in errors],
        )


def employee_create(*, by, **data: Any) -> Employee:
    """Create an employee, opening their first position and rank history rows."""
    with acting_as(by), transaction.atomic():
        return _employee_create(data)


def _employee_create(data: dict[str, Any]) -> Employee:
    _raise_if_invalid(data)
    if Employee.objects.filter(nip=data["nip"]).exists():
        raise ApplicationError("nip_taken", _("NIP sudah terdaftar."))
    position: Position = data["position"]
    employee = Employee(
        **{k: v for k, v in data.items() if k in EMPLOYEE_FIELDS},
        agency_id=position.agency_id,
        org_unit_id=position.org_unit_id,
    )
    employee.full_clean(exclude=["user"])
    employee.save()
    PositionHistory.objects.create(
        employee=employee,
        position=position,
        org_unit_id=position.org_unit_id,
        start=employee.position_tmt,
    )
    RankHistory.objects.create(
        employee=employee, rank=employee.rank, start=employee.rank_tmt
    )
    return employee


def employee_update(*, employee: Employee, by, **changes: Any) -> Employee:
    """Change an employee; a new position or rank closes the old history row."""
    with acting_as(by), transaction.atomic():
        return _employee_update(employee, changes)


def _employee_update(employee: Employee, changes: dict[str, Any]) -> Employee:
    unknown = set(changes) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise ApplicationError(
            "unknown_fields", _("Kolom tidak dikenal: %s") % ", ".join(sorted(unknown))
        )
    old_position_id, old_rank_id = employee.position_id, employee.rank_id
    data = {f: getattr(employee, f) for f in EMPLOYEE_FIELDS} | changes
    _raise_if_invalid(data)
    if (
        "nip" in changes
        and Employee.objects.filter(nip=changes["nip"]).exclude(pk=employee.pk).exists()
    ):
        raise ApplicationError("nip_taken", _("NIP sudah terdaftar."))
    for field, value in changes.items():
        setattr(employee, field, value)
    employee.agency_id = employee.position.agency_id
    employee.org_unit_id = employee.position.org_unit_id
    employee.full_clean(exclude=["user"])
    employee.save()
    if employee.position_id != old_position_id:
        _close_and_open(
            PositionHistory,
            employee,
            employee.position_tmt,
            position=employee.position,
            org_unit_id=employee.org_unit_id,
        )
    if employee.rank_id != old_rank_id:
        _close_and_open(RankHistory, employee, employee.rank_tmt, rank=employee.rank)
    return employee


def _close_and_open(model, employee: Employee, start: dt.date, **fields: Any) -> None:
    for row in model.objects.filter(employee=employee, end__isnull=True):
        row.end = max(row.start, start - dt.timedelta(days=1))
        row.save(update_fields=["end"])
    model.objects.create(employee=employee, start=start, **fields)


def org_unit_create(
    *, agency, code: str, name: str, parent: OrgUnit | None = None
) -> OrgUnit:
    """Add a unit at the top of the agency's tree or under `parent`."""
    if OrgUnit.objects.filter(code=code).exists():
        raise ApplicationError("unit_code_taken", _("Kode unit sudah dipakai."))
    if parent is not None:
        if parent.agency_id != agency.pk:
            raise ApplicationError(
                "unit_agency_mismatch", _("Unit induk berada di instansi lain.")
            )
        return OrgUnit.objects.add_child(
            parent, dict(agency=agency, code=code, name=name)
        )
    return OrgUnit.objects.add_root(dict(agency=agency, code=code, name=name))


# --- personal data access log (UU 27/2022) ---------------------------------------

ACCESS_LOG_WINDOW = dt.timedelta(minutes=10)


def personal_data_access_record(*, viewer, employee: Employee, channel: str) -> bool:
    """Log that `viewer` saw `employee`'s personal data; return whether a row was added.

    UU 27/2022 (PDP): who processed whose data must be traceable. Views of
    one's own record are not logged; repeated views by the same viewer on the
    same channel within ACCESS_LOG_WINDOW count once.
    """
    if not getattr(viewer, "pk", None) or employee.user_id == viewer.pk:
        return False
    since = timezone.now() - ACCESS_LOG_WINDOW
    recent = PersonalDataAccess.objects.filter(
        viewer=viewer, employee=employee, channel=channel, accessed_at__gte=since
    )
    if recent.exists():
        return False
    PersonalDataAccess.objects.create(viewer=viewer, employee=employee, channel=channel)
    return True
