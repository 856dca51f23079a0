"""What each role may do. Declared once; views, API and selectors ask here."""

from collections.abc import Iterable
from importlib import import_module
from typing import NamedTuple

from django.utils.functional import LazyObject, empty

from jenjang.accounts.models import Role

# Permission names are "<area>.<action>".
_SELF = frozenset(
    {
        "people.view_self",
        "competencies.view_own",
        "development.plan_own",
        "development.claim_own",
    }
)
_SUPERVISE = frozenset(
    {
        "people.view",
        "people.view_nip",
        "competencies.view",
        "competencies.assess",
        "development.approve_plans",
        "development.verify_claims",
        "development.view_compliance",
    }
)
_HR = frozenset(
    {
        "people.view",
        "people.view_nip",
        "people.view_personal",
        "people.change",
        "people.import",
        "people.export",
        "competencies.view",
        "competencies.assess",
        "competencies.manage",
        "development.approve_plans",
        "development.verify_claims",
        "development.view_compliance",
        "development.manage_rules",
        "development.post",
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: _SELF,
    Role.SUPERVISOR: _SELF | _SUPERVISE,
    Role.MENTOR: _SELF,
    Role.ORGANISER: _SELF | {"people.view", "competencies.view"},
    Role.LEADER: _SELF
    | {
        "people.view",
        "people.view_nip",
        "competencies.view",
        "development.view_compliance",
    },
    Role.HR_ADMIN: _SELF | _HR,
}
# Each later area declares its own permissions in <app>/permissions.py.
AREA_PERMISSION_MODULES = [
    "jenjang.certificates.permissions",
    "jenjang.training.permissions",
    "jenjang.elearning.permissions",
    "jenjang.mentoring.permissions",
    "jenjang.events.permissions",
    "jenjang.performance.permissions",
    "jenjang.talent.permissions",
    "jenjang.surveys.permissions",
    "jenjang.dashboards.permissions",
]


def _merge_area_permissions() -> None:
    for module_name in AREA_PERMISSION_MODULES:
        module = import_module(module_name)
        for role, perms in module.ROLE_PERMISSIONS.items():
            ROLE_PERMISSIONS[role] = ROLE_PERMISSIONS[role] | frozenset(perms)


_merge_area_permissions()
ROLE_PERMISSIONS[Role.SUPERADMIN] = ROLE_PERMISSIONS[Role.HR_ADMIN] | {
    "people.manage_structure",
    "accounts.manage_roles",
}


# What one request has read about the user's roles, cached on the user object.
ROLE_CACHES = ("_jenjang_grants", "_jenjang_roles", "_jenjang_scope_cache")


class GrantRow(NamedTuple):
    role: str
    agency_id: int | None
    org_unit_path: str | None


def unwrapped(user):
    """The user itself, not the lazy wrappers middleware puts on request.user."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def user_grants(user) -> list[GrantRow]:
    """Return every role grant of the user with its reach, read once per user object.

    The roles and every scope of the request come from this one query, or
    from the shared cache where the session's user was read
    (accounts.user_cache).
    """
    user = unwrapped(user)
    cached = user.__dict__.get("_jenjang_grants")
    if cached is None:
        from jenjang.accounts.user_cache import grants_store

        cached = [
            GrantRow(*row)
            for row in user.role_grants.values_list(
                "role", "agency_id", "org_unit__path"
            )
        ]
        user.__dict__["_jenjang_grants"] = cached
        grants_store(user, cached)
    return cached


def forget_roles(user) -> None:
    """Drop what was cached of the user's roles (after a grant changes)."""
    from jenjang.accounts.user_cache import grants_forget

    grants_forget(user.pk)
    user = unwrapped(user)
    for attr in ROLE_CACHES:
        user.__dict__.pop(attr, None)


def user_roles(user) -> list[str]:
    """Return the roles the user holds, in Role order, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jenjang_roles", None)
    if cached is None:
        held = {grant.role for grant in user_grants(user)}
        if user.is_superuser:
            held.add(Role.SUPERADMIN)
        cached = [r.value for r in Role if r.value in held]
        user._jenjang_roles = cached
    return cached


def active_roles(user) -> list[str]:
    """Return the roles in force now: the switched-to role, or all held roles."""
    roles = user_roles(user)
    active = getattr(user, "active_role", None)
    return [active] if active in roles else roles


def has_perm(user, perm: str) -> bool:
    return any(perm in ROLE_PERMISSIONS.get(role, ()) for role in active_roles(user))


def roles_with(perm: str) -> Iterable[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
