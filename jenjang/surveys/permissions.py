"""What each role may do in the surveys area; merged into accounts.roles.

Permission names are "surveys.<action>". Keys are Role values.
"""

from jenjang.accounts.models import Role

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: set(),
    Role.SUPERVISOR: set(),
    Role.MENTOR: set(),
    Role.ORGANISER: set(),
    Role.LEADER: set(),
    Role.HR_ADMIN: set(),
}
