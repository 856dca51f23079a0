"""What each role may do in the mentoring area; merged into accounts.roles.

Permission names are "mentoring.<action>". Keys are Role values.

- take_part: ask for a mentor, volunteer as one, work in one's own pairs;
- coach: a supervisor coaches the members of their team;
- manage: HR runs matching rounds and manages mentors and requests;
- view_overview: HR and leaders see the pairs of their scope (never notes).
"""

from jenjang.accounts.models import Role

_SELF = {"mentoring.take_part"}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: set(_SELF),
    Role.SUPERVISOR: _SELF | {"mentoring.coach"},
    Role.MENTOR: set(_SELF),
    Role.ORGANISER: set(_SELF),
    Role.LEADER: _SELF | {"mentoring.view_overview"},
    Role.HR_ADMIN: _SELF | {"mentoring.manage", "mentoring.view_overview"},
}
