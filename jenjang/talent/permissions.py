"""What each role may do in the talent area; merged into accounts.roles.

Permission names are "talent.<action>". Keys are Role values.

- view_own: the employee's own confirmed box, with the reasons;
- view: talent data of the people in reach (leaders in their unit, the
  supervisor for direct reports, HR);
- remedial: confirm a direct report's remedial plan (supervisor);
- manage: run reviews, confirm placements, key positions, decisions (HR).
"""

from jenjang.accounts.models import Role

_OWN = {"talent.view_own"}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: _OWN,
    Role.SUPERVISOR: _OWN | {"talent.view", "talent.remedial"},
    Role.MENTOR: _OWN,
    Role.ORGANISER: _OWN,
    Role.LEADER: _OWN | {"talent.view"},
    Role.HR_ADMIN: _OWN | {"talent.view", "talent.remedial", "talent.manage"},
}
