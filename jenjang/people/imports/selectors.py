"""Reads for imports: where a user may import, and which jobs they may see."""

from django.db.models import Q, QuerySet

from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import unit_scope_q
from jenjang.people.imports.engine import import_scope
from jenjang.people.models import Agency, ImportJob, OrgUnit


def import_agencies_for(*, user) -> QuerySet[Agency]:
    """Return the agencies the user may import into (their import grants reach)."""
    scope = import_scope(user)
    if scope.everything:
        return Agency.objects.order_by("name")
    if scope.is_empty:
        return Agency.objects.none()
    units = OrgUnit.objects.filter(unit_scope_q(scope)).values("agency_id")
    return Agency.objects.filter(
        Q(pk__in=sorted(scope.agency_ids)) | Q(pk__in=units)
    ).order_by("name")


def import_job_list_visible_to(*, user) -> QuerySet[ImportJob]:
    """Return the jobs the user may open: their own; a superadmin sees all.

    A job's report names NIPs of the uploader's scope, so other HR admins
    (even of the same agency) do not see it.
    """
    qs = ImportJob.objects.select_related("agency", "created_by")
    if import_scope(user).everything:
        return qs
    return qs.filter(created_by=user)


def import_job_get_visible_to(*, user, pk) -> ImportJob:
    try:
        return import_job_list_visible_to(user=user).get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
