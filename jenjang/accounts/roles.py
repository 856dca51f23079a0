"""What each role may do. Declared once; views, API and selectors ask here."""

from collections.abc import Iterable

from jenjang.accounts.models import Role

# Permission names are "<area>.<action>".
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: frozenset({"people.view_self"}),
    Role.SUPERVISOR: frozenset({"people.view_self", "people.view", "people.view_nip"}),
    Role.MENTOR: frozenset({"people.view_self"}),
    Role.ORGANISER: frozenset({"people.view_self", "people.view"}),
    Role.LEADER: frozenset({"people.view_self", "people.view", "people.view_nip"}),
    Role.HR_ADMIN: frozenset(
        {
            "people.view_self",
            "people.view",
            "people.view_nip",
            "people.view_personal",
            "people.change",
            "people.import",
            "people.export",
        }
    ),
}
ROLE_PERMISSIONS[Role.SUPERADMIN] = (
    frozenset({"people.manage_structure", "accounts.manage_roles"})
    | ROLE_PERMISSIONS[Role.HR_ADMIN]
)


def user_roles(user) -> list[str]:
    """Return the roles the user holds, in Role order, cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jenjang_roles", None)
    if cached is None:
        held = set(user.role_grants.values_list("role", flat=True))
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
