"""API shapes of the registry: what goes in and what comes out of /api."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import ConfigDict, StringConstraints, field_validator

from jenjang.core.exceptions import NotFound
from jenjang.people import selectors
from jenjang.people.models import Employee, Position

# PostgreSQL refuses NUL in text; refuse it at the door with a 422.
NO_NUL = r"^[^\x00]*$"


def _text(max_length: int, *, required: bool = False) -> Any:
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=1 if required else 0,
            max_length=max_length,
            pattern=NO_NUL,
        ),
    ]


Nip = _text(40, required=True)  # the service says what is wrong with a bad NIP
Nik = Annotated[str, StringConstraints(pattern=r"^(\d{16})?$")]
Name = _text(150, required=True)
FrontTitle = _text(40)
BackTitle = _text(60)
Place = _text(80)
Major = _text(120)
Email = _text(254)
Phone = _text(20)
EmployeeKind = Literal[tuple(Employee.Kind.values)]
Gender = Literal[tuple(Employee.Gender.values)]
Education = Literal[tuple(Employee.Education.values)]
PositionKind = Literal[tuple(Position.Kind.values)]


# --- references inside other shapes -------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str


class PositionRef(Schema):
    id: int
    code: str
    title: str
    kind: str


class RankRef(Schema):
    id: int
    code: str
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class JobFieldRef(Schema):
    code: str
    name: str


# --- employees -----------------------------------------------------------------


class PersonalOut(Schema):
    """Personal data (UU 27/2022): shown only to whom selectors.can_see_personal_data allows."""

    nik: str
    birth_date: dt.date
    birth_place: str
    email: str
    phone: str
    education_level: str
    education_major: str


class EmployeeListItem(Schema):
    id: int
    nip: str
    name: str
    full_name: str
    front_title: str
    back_title: str
    kind: str
    gender: str
    is_active: bool
    position: PositionRef
    org_unit: UnitRef
    rank: RankRef
    position_tmt: dt.date
    rank_tmt: dt.date

    @staticmethod
    def resolve_nip(obj: Employee, context: dict) -> str:
        user = context["request"].auth
        if selectors.can_see_nip(user=user, employee=obj):
            return obj.nip
        return selectors.mask_nip(obj.nip)


class EmployeeOut(EmployeeListItem):
    supervisor: PersonRef | None = None
    personal: PersonalOut | None = None

    @staticmethod
    def resolve_nip(obj: Employee, context: dict) -> str:
        return EmployeeListItem.resolve_nip(obj, context)

    @staticmethod
    def resolve_supervisor(obj: Employee, context: dict) -> Employee | None:
        user = context["request"].auth
        supervisor = selectors.employee_supervisor(employee=obj)
        if supervisor is None:
            return None
        try:
            return selectors.employee_get_visible_to(user=user, pk=supervisor.pk)
        except NotFound:
            return None

    @staticmethod
    def resolve_personal(obj: Employee, context: dict) -> Employee | None:
        user = context["request"].auth
        return obj if selectors.can_see_personal_data(user=user, employee=obj) else None


class EmployeePage(Schema):
    items: list[EmployeeListItem]
    next_cursor: str | None


def _check_email(value: str | None) -> str | None:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as exc:
            raise ValueError(exc.messages[0]) from None
    return value


class EmployeeIn(Schema):
    """A new employee. NIP, birth date, TMT CPNS and gender must agree (BKN 22/2007)."""

    model_config = ConfigDict(extra="forbid")

    nip: Nip
    nik: Nik = ""
    name: Name
    front_title: FrontTitle = ""
    back_title: BackTitle = ""
    kind: EmployeeKind
    gender: Gender
    birth_place: Place = ""
    birth_date: dt.date
    tmt_cpns: dt.date
    position_id: int
    position_tmt: dt.date
    rank_id: int
    rank_tmt: dt.date
    education_level: Education
    education_major: Major = ""
    email: Email = ""
    phone: Phone = ""
    is_active: bool = True

    _email = field_validator("email")(_check_email)


def _drop_null_defaults(schema: dict[str, Any]) -> None:
    # PATCH fields may be left out but never sent as null: say so in OpenAPI.
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None:
            del prop["default"]


class EmployeePatch(Schema):
    """Changes to an employee: only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_null_defaults)

    nip: Nip = None
    nik: Nik = None
    name: Name = None
    front_title: FrontTitle = None
    back_title: BackTitle = None
    kind: EmployeeKind = None
    gender: Gender = None
    birth_place: Place = None
    birth_date: dt.date = None
    tmt_cpns: dt.date = None
    position_id: int = None
    position_tmt: dt.date = None
    rank_id: int = None
    rank_tmt: dt.date = None
    education_level: Education = None
    education_major: Major = None
    email: Email = None
    phone: Phone = None
    is_active: bool = None

    _email = field_validator("email")(_check_email)


class PositionHistoryOut(Schema):
    position: PositionRef
    org_unit: UnitRef
    start: dt.date
    end: dt.date | None
    note: str


class RankHistoryOut(Schema):
    rank: RankRef
    start: dt.date
    end: dt.date | None
    note: str


class EmployeeHistoryOut(Schema):
    positions: list[PositionHistoryOut]
    ranks: list[RankHistoryOut]


# --- structure -----------------------------------------------------------------


class OrgUnitOut(Schema):
    id: int
    code: str
    name: str
    agency_id: int
    parent_id: int | None = None  # null when the parent is outside the caller's scope
    depth: int
    path: str
    is_active: bool
    headcount: int | None = None  # active employees in the subtree, with ?with_counts=1


class OrgUnitPage(Schema):
    items: list[OrgUnitOut]
    next_cursor: str | None


class PositionOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    functional_level: str
    job_field: JobFieldRef | None
    org_unit: UnitRef
    reports_to_id: int | None
    is_active: bool


class PositionPage(Schema):
    items: list[PositionOut]
    next_cursor: str | None


class RankOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    order: int
