"""Who sees the leaders' dashboards; merged into accounts.roles.

Leaders (pimpinan) read the dashboards of their scope; HR admins too, since
they answer for the figures.
"""

from jenjang.accounts.models import Role

VIEW = "dashboards.view"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: set(),
    Role.SUPERVISOR: set(),
    Role.MENTOR: set(),
    Role.ORGANISER: set(),
    Role.LEADER: {VIEW},
    Role.HR_ADMIN: {VIEW},
}
