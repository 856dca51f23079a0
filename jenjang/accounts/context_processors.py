from jenjang.accounts.models import Role
from jenjang.accounts.roles import active_roles, has_perm, user_roles


class _Perms:
    """Template access to permissions: {% if perms_j.people__view %}."""

    def __init__(self, user):
        self.user = user

    def __getattr__(self, name: str) -> bool:
        return has_perm(self.user, name.replace("__", "."))


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    held = user_roles(user)
    labels = dict(Role.choices)
    return {
        "held_roles": [(r, labels[r]) for r in held],
        "active_role": getattr(user, "active_role", None) if len(held) > 1 else None,
        "active_role_label": labels.get(active_roles(user)[0]) if held else "",
        "jperms": _Perms(user),
    }
