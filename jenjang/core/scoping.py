"""The one place that decides which people a user may see.

Every selector that returns people (or rows that belong to people) filters
through `people_scope_q`, and every selector that returns org units through
`unit_scope_q`. A role grant gives an agency or an org-unit subtree; personal
roles reach the user's own record and, for supervisors, their direct reports.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from jenjang.accounts.models import Role
from jenjang.accounts.roles import (
    ROLE_PERMISSIONS,
    active_roles,
    roles_with,
    user_grants,
)

PERSONAL_ROLES = frozenset({Role.EMPLOYEE, Role.SUPERVISOR, Role.MENTOR})
# What a personal role may do reaches only the user and their direct reports.
PERSONAL_PERMS = frozenset().union(*(ROLE_PERMISSIONS[r] for r in PERSONAL_ROLES))


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    agency_ids: frozenset[int] = field(default_factory=frozenset)
    unit_paths: tuple[str, ...] = ()
    self_employee_id: int | None = None
    supervised_position_id: int | None = None
    own_unit_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.everything
            or self.agency_ids
            or self.unit_paths
            or self.self_employee_id
            or self.supervised_position_id
        )


def _own_employee(user):
    try:
        return user.employee
    except Exception:  # RelatedObjectDoesNotExist: the user has no record
        return None


def scope_for(user, *, perm: str | None = None, perm_roles=None) -> Scope:
    """Return the reach of the user's roles in force.

    With `perm`, only the roles that grant that permission count: an HR admin
    of one unit who leads another may edit only in the first.
    """
    if not getattr(user, "is_authenticated", False):
        return Scope()
    if perm is not None:
        perm_roles = tuple(roles_with(perm))
    cache_key = ("_jenjang_scope", getattr(user, "active_role", None), perm_roles)
    cache = user.__dict__.setdefault("_jenjang_scope_cache", {})
    if cache_key in cache:
        return cache[cache_key]
    roles = set(active_roles(user))
    if perm_roles is not None:
        roles &= set(perm_roles)
    personal = perm is None or perm in PERSONAL_PERMS
    employee = _own_employee(user) if personal else None
    agencies: set[int] = set()
    paths: list[str] = []
    if Role.SUPERADMIN in roles:
        scope = Scope(everything=True)
    else:
        scoped = roles & {Role.HR_ADMIN, Role.LEADER, Role.ORGANISER}
        for grant in user_grants(user):
            if grant.role not in scoped:
                continue
            if grant.agency_id:
                agencies.add(grant.agency_id)
            elif grant.org_unit_path:
                paths.append(grant.org_unit_path)
        scope = Scope(
            agency_ids=frozenset(agencies),
            unit_paths=tuple(sorted(_outermost(paths))),
            self_employee_id=employee.pk if employee else None,
            supervised_position_id=(
                employee.position_id if employee and Role.SUPERVISOR in roles else None
            ),
            own_unit_id=employee.org_unit_id if employee else None,
        )
    cache[cache_key] = scope
    return scope


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths already inside another path of the list."""
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def scope_contains(scope: Scope, employee) -> bool:
    """Tell whether `employee` (with `org_unit` loaded) lies inside `scope`."""
    if scope.everything:
        return True
    if employee.pk == scope.self_employee_id:
        return True
    if employee.agency_id in scope.agency_ids:
        return True
    if any(employee.org_unit.path.startswith(p) for p in scope.unit_paths):
        return True
    position = getattr(employee, "position", None)
    return bool(
        scope.supervised_position_id
        and position is not None
        and position.reports_to_id == scope.supervised_position_id
    )


def people_scope_q(scope: Scope, prefix: str = "") -> Q:
    """Return a filter over Employee rows (or rows with an employee at `prefix`)."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    if scope.agency_ids:
        q |= Q(**{f"{prefix}agency_id__in": sorted(scope.agency_ids)})
    for path in scope.unit_paths:
        q |= Q(**{f"{prefix}org_unit__path__startswith": path})
    if scope.self_employee_id:
        q |= Q(**{f"{prefix}pk": scope.self_employee_id})
    if scope.supervised_position_id:
        q |= Q(**{f"{prefix}position__reports_to_id": scope.supervised_position_id})
    return q


def unit_scope_q(scope: Scope, prefix: str = "") -> Q:
    """Return a filter over OrgUnit rows the user may see."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    if scope.agency_ids:
        q |= Q(**{f"{prefix}agency_id__in": sorted(scope.agency_ids)})
    for path in scope.unit_paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    if scope.own_unit_id:
        q |= Q(**{f"{prefix}pk": scope.own_unit_id})
    return q
