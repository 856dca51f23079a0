"""Reads of the JP ledger and of self-learning claims, always scoped.

Who sees what:
- anyone sees their own entries and claims;
- `development.view_compliance` (supervisor for direct reports, leader, HR,
  superadmin) sees the entries of the employees in its scope;
- claims and their evidence go to the claimant and to whoever may review
  them (`development.verify_claims` in scope, or the atasan langsung).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import people_scope_q, scope_for
from jenjang.development.models import DevelopmentForm, LedgerEntry, SelfLearningClaim
from jenjang.development.selectors.compliance import year_bounds
from jenjang.development.services.claims import VERIFY_PERM, can_review
from jenjang.people.models import Employee

VIEW_PERM = "development.view_compliance"
POST_PERM = "development.post"


def development_forms() -> QuerySet[DevelopmentForm]:
    return DevelopmentForm.objects.order_by("siasn_code")


def ledger_entries_for(
    *, employee: Employee, year: int | None = None
) -> QuerySet[LedgerEntry]:
    """Return an employee's entries (postings and reversals), newest first.

    Each row carries `is_reversed` (a posting that a later entry cancels).
    """
    qs = LedgerEntry.objects.filter(employee=employee)
    if year is not None:
        start, end = year_bounds(year)
        qs = qs.filter(occurred_on__gte=start, occurred_on__lt=end)
    return (
        qs.select_related("form", "rule", "created_by")
        .annotate(
            is_reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk")))
        )
        .order_by("-occurred_on", "-id")
    )


def ledger_employee_get(*, user, pk, perm: str = VIEW_PERM) -> Employee:
    """Return an employee whose ledger `user` may read (or, with POST_PERM, post to).

    Reading: self always, others through the reach of view_compliance.
    Posting by hand: only others, through the reach of development.post.
    Anything else raises NotFound.
    """
    try:
        qs = Employee.objects.select_related("org_unit", "position", "agency", "user")
        employee = qs.get(pk=pk)
    except (Employee.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    is_self = bool(employee.user_id and employee.user_id == user.pk)
    if is_self:
        if perm == VIEW_PERM:
            return employee
        raise NotFound()  # nobody posts hours for themself by hand
    if not has_perm(user, perm):
        raise NotFound()
    scope_q = people_scope_q(scope_for(user, perm=perm))
    if not Employee.objects.filter(scope_q, pk=employee.pk).exists():
        raise NotFound()
    return employee


def ledger_entry_get_visible_to(
    *, user, pk, perm: str = VIEW_PERM, allow_own: bool = True
) -> LedgerEntry:
    """Return one entry the user may see (own, or `perm` in scope), or NotFound."""
    try:
        entry = LedgerEntry.objects.select_related(
            "employee__org_unit", "employee__position", "form"
        ).get(pk=pk)
    except (LedgerEntry.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if allow_own and entry.employee.user_id == user.pk:
        return entry
    if not has_perm(user, perm):
        raise NotFound()
    scope_q = people_scope_q(scope_for(user, perm=perm))
    if not Employee.objects.filter(scope_q, pk=entry.employee_id).exists():
        raise NotFound()
    return entry


# --- claims -------------------------------------------------------------------


def _claims() -> QuerySet[SelfLearningClaim]:
    return SelfLearningClaim.objects.select_related(
        "employee__org_unit", "employee__position", "form", "reviewed_by"
    )


def claim_list_visible_to(*, user, status: str = "") -> QuerySet[SelfLearningClaim]:
    """Return the user's own claims and those they may review, newest first."""
    if not getattr(user, "is_authenticated", False):
        return SelfLearningClaim.objects.none()
    qs = _claims()
    scope = scope_for(user, perm=VERIFY_PERM)
    if not (has_perm(user, VERIFY_PERM) and scope.everything):
        # An empty Q() would vanish from an OR, so "everything" is handled apart.
        q = Q(employee__user=user)
        if has_perm(user, VERIFY_PERM):
            q |= people_scope_q(scope, prefix="employee__")
        qs = qs.filter(q)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def claim_list_own(*, user) -> QuerySet[SelfLearningClaim]:
    return _claims().filter(employee__user=user).order_by("-created_at", "-id")


def claim_review_queue(*, user) -> QuerySet[SelfLearningClaim]:
    """Return pending claims the user may review (never their own), oldest first."""
    if not has_perm(user, VERIFY_PERM):
        return SelfLearningClaim.objects.none()
    scope_q = people_scope_q(scope_for(user, perm=VERIFY_PERM), prefix="employee__")
    return (
        _claims()
        .filter(scope_q, status=SelfLearningClaim.Status.PENDING)
        .exclude(employee__user=user)
        .order_by("created_at", "id")
    )


def claim_get_visible_to(*, user, pk) -> SelfLearningClaim:
    """Return a claim the user may see (claimant or reviewer), or raise NotFound."""
    try:
        claim = _claims().get(pk=pk)
    except (SelfLearningClaim.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if claim.employee.user_id and claim.employee.user_id == user.pk:
        return claim
    if claim_list_visible_to(user=user).filter(pk=claim.pk).exists():
        return claim
    if can_review(user=user, claim=claim):  # the atasan up a vacant line
        return claim
    raise NotFound()


def siasn_employees_visible_to(*, user, unit=None):
    """Return the employees (active or not) whose history HR may export for SIASN."""
    qs = Employee.objects.filter(people_scope_q(scope_for(user, perm=POST_PERM)))
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return qs
