"""The employees, positions and assessments a user may see or act on.

All of them come through the registry's scoped selectors
(`jenjang.people.selectors`): out of reach is NotFound, never 403.
"""

from django.db.models import Q, QuerySet

from jenjang.competencies.models import Assessment
from jenjang.core.exceptions import NotFound
from jenjang.people import selectors as people
from jenjang.people.models import Employee, OrgUnit, Position


def employee_for_profile(*, user, pk) -> Employee:
    """Return an employee whose competencies the user may see (always their own)."""
    return people.employee_get_visible_to(user=user, pk=pk, perm="competencies.view")


def employee_for_assessment(*, user, pk) -> Employee:
    """Return an employee the user may assess (their own record included: the
    service refuses self-assessment with a message, not a 404)."""
    return people.employee_get_visible_to(user=user, pk=pk, perm="competencies.assess")


def assessment_list_visible_to(
    *,
    user,
    employee: Employee | None = None,
    competency_id: int | None = None,
    unit: OrgUnit | None = None,
) -> QuerySet[Assessment]:
    """Return the assessments of the people the user may see, newest first."""
    visible = people.employee_list_visible_to(
        user=user, unit=unit, include_inactive=True
    ).order_by()
    qs = Assessment.objects.filter(employee__in=visible.values("pk"))
    if employee is not None:
        qs = qs.filter(employee=employee)
    if competency_id:
        qs = qs.filter(competency_id=competency_id)
    return qs.select_related("competency", "employee", "assessor").order_by(
        "-assessed_on", "-id"
    )


def position_list_for_standards(
    *, user, unit: OrgUnit | None = None, search: str = "", perm: str | None = None
) -> QuerySet[Position]:
    """Return the positions whose standard the user may see (or, with perm, change)."""
    qs = people.position_list_visible_to(user=user, unit=unit, perm=perm).filter(
        is_active=True
    )
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(code__icontains=search))
    return qs


def position_for_standards(*, user, pk, perm: str | None = None) -> Position:
    try:
        return people.position_list_visible_to(user=user, perm=perm).get(pk=pk)
    except (Position.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
