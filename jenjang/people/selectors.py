"""Reads of the registry, always scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import (
    people_scope_q,
    scope_contains,
    scope_for,
    unit_scope_q,
)
from jenjang.people.models import Agency, Employee, JobField, OrgUnit, Position, Rank


def employee_list_visible_to(
    *,
    user,
    search: str = "",
    unit: OrgUnit | None = None,
    position_kind: str = "",
    rank_id: int | None = None,
    kind: str = "",
    include_inactive: bool = False,
) -> QuerySet[Employee]:
    """Return the employees the user may see, filtered and ordered by name."""
    qs = Employee.objects.filter(people_scope_q(scope_for(user)))
    if not include_inactive:
        qs = qs.filter(is_active=True)
    search = (search or "").strip()
    if search:
        qs = qs.filter(_search_q(search, by_nip=has_perm(user, "people.view_nip")))
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if position_kind:
        qs = qs.filter(position__kind=position_kind)
    if rank_id:
        qs = qs.filter(rank_id=rank_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("org_unit", "position", "rank", "agency").order_by(
        "name", "id"
    )


def _search_q(search: str, *, by_nip: bool) -> Q:
    compact = search.replace(" ", "")
    if compact.isdigit():
        # A NIP or its prefix, served by the unique index on nip. Those who
        # may not see NIPs may not probe them either: digits then match no name.
        return Q(nip__startswith=compact) if by_nip else Q(name__icontains=search)
    return Q(name__icontains=search)


def employee_get_visible_to(*, user, pk: int, perm: str | None = None) -> Employee:
    """Return one employee the user may see, or raise NotFound (never 403: no leak).

    With `perm` (e.g. "people.change"), only the reach of the roles granting it.
    """
    try:
        return (
            Employee.objects.filter(people_scope_q(scope_for(user, perm=perm)))
            .select_related(
                "org_unit", "position__reports_to", "rank", "agency", "user"
            )
            .get(pk=pk)
        )
    except (Employee.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def employee_for_user(*, user) -> Employee | None:
    """Return the user's own employee record, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Employee.objects.select_related("org_unit", "position", "rank", "agency")
        .filter(user=user)
        .first()
    )


def employee_supervisor(*, employee: Employee) -> Employee | None:
    """Return the atasan langsung: the holder of the nearest filled position up the line.

    The supervisor follows from the reporting line of positions, never a free
    field. A vacant superior position passes the duty to the next one up
    (as a Plt would).
    """
    seen: set[int] = set()
    position = employee.position.reports_to if employee.position_id else None
    while position is not None and position.pk not in seen:
        seen.add(position.pk)
        holder = (
            Employee.objects.filter(position=position, is_active=True)
            .exclude(pk=employee.pk)
            .order_by("position_tmt", "id")
            .first()
        )
        if holder:
            return holder
        position = position.reports_to
    return None


def employee_history(*, employee: Employee) -> dict[str, QuerySet]:
    """Return the employee's position and rank history, newest first."""
    return {
        "positions": employee.position_history.select_related(
            "position", "org_unit"
        ).order_by("-start", "-id"),
        "ranks": employee.rank_history.select_related("rank").order_by("-start", "-id"),
    }


def employee_direct_reports(*, employee: Employee) -> QuerySet[Employee]:
    return Employee.objects.filter(
        position__reports_to_id=employee.position_id, is_active=True
    ).select_related("position", "rank")


def can_see_personal_data(*, user, employee: Employee) -> bool:
    """NIK, birth date and contact: HR admins in scope and the person themself.

    UU 27/2022 (PDP) Pasal 35–39: personal data reaches only those who need it.
    """
    return _is_self(user, employee) or _perm_reaches(
        user, "people.view_personal", employee
    )


def can_see_nip(*, user, employee: Employee) -> bool:
    return _is_self(user, employee) or _perm_reaches(user, "people.view_nip", employee)


def _is_self(user, employee: Employee) -> bool:
    return bool(employee.user_id and employee.user_id == user.pk)


def _perm_reaches(user, perm: str, employee: Employee) -> bool:
    """Tell whether a role granting `perm` reaches this employee (not just any role)."""
    return has_perm(user, perm) and scope_contains(scope_for(user, perm=perm), employee)


def mask_nip(nip: str) -> str:
    return f"{nip[:4]}{'•' * 11}{nip[-3:]}" if len(nip) == 18 else "•" * len(nip)


def org_unit_list_visible_to(*, user) -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.filter(unit_scope_q(scope_for(user)))
        .select_related("agency")
        .order_by("path")
    )


def org_unit_get_visible_to(*, user, pk: int) -> OrgUnit:
    try:
        return org_unit_list_visible_to(user=user).get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def org_unit_tree_with_headcounts(*, user) -> list[dict]:
    """Return visible units in tree order with own and subtree headcounts."""
    units = list(
        org_unit_list_visible_to(user=user).values(
            "id", "path", "depth", "name", "code"
        )
    )
    own = dict(
        Employee.objects.filter(people_scope_q(scope_for(user)), is_active=True)
        .values_list("org_unit_id")
        .annotate(n=Count("id"))
        .values_list("org_unit_id", "n")
    )
    totals: dict[str, int] = {}
    by_path = {u["path"]: u for u in units}
    for unit in units:
        unit["own"] = own.get(unit["id"], 0)
    # Walk deepest first so each unit adds its subtree total to its parent.
    for unit in sorted(units, key=lambda u: -len(u["path"])):
        totals[unit["path"]] = totals.get(unit["path"], 0) + unit["own"]
        parent = unit["path"][: -OrgUnit.steplen]
        if parent in by_path:
            totals[parent] = totals.get(parent, 0) + totals[unit["path"]]
    min_depth = min((u["depth"] for u in units), default=1)
    for unit in units:
        unit["total"] = totals[unit["path"]]
        unit["indent"] = unit["depth"] - min_depth
    return units


def position_list_visible_to(
    *, user, unit: OrgUnit | None = None, perm: str | None = None
) -> QuerySet[Position]:
    """Return visible positions; with `perm`, only where a role granting it reaches."""
    scope = scope_for(user, perm=perm)
    qs = Position.objects.filter(unit_scope_q(scope, prefix="org_unit__"))
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return qs.select_related("org_unit", "job_field", "reports_to").order_by(
        "title", "id"
    )


def position_get_visible_to(*, user, pk: int) -> Position:
    try:
        return position_list_visible_to(user=user).get(pk=pk)
    except (Position.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def rank_list() -> QuerySet[Rank]:
    return Rank.objects.order_by("kind", "order")


def job_field_list() -> QuerySet[JobField]:
    return JobField.objects.order_by("name")


def agency_list_visible_to(*, user) -> QuerySet[Agency]:
    scope = scope_for(user)
    if scope.everything:
        return Agency.objects.all()
    unit_agencies = OrgUnit.objects.filter(unit_scope_q(scope)).values("agency_id")
    return Agency.objects.filter(Q(pk__in=scope.agency_ids) | Q(pk__in=unit_agencies))


def personal_data_accesses(*, employee: Employee, limit: int = 50):
    """The latest views of this person's personal data by others, newest first."""
    from jenjang.people.models import PersonalDataAccess

    return (
        PersonalDataAccess.objects.filter(employee=employee)
        .select_related("viewer")
        .order_by("-accessed_at", "-id")[:limit]
    )


def active_headcount_by_org_unit(*, unit_paths: list[str]) -> dict[int, int]:
    """Return {org unit id: active employees} within the given subtrees (not scoped)."""
    if not unit_paths:
        return {}
    where = Q(pk__in=[])
    for path in unit_paths:
        where |= Q(org_unit__path__startswith=path)
    rows = (
        Employee.objects.filter(where, is_active=True)
        .values("org_unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["org_unit_id"]: r["n"] for r in rows}


def org_unit_paths(*, unit_ids) -> dict[int, str]:
    """Return {org unit id: tree path} for the given units."""
    return dict(OrgUnit.objects.filter(pk__in=list(unit_ids)).values_list("pk", "path"))
