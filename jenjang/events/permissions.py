"""What each role may do in the events area; merged into accounts.roles.

Permission names are "events.<action>". Keys are Role values.

- events.attend: browse events, register, ask questions, give feedback
  (the user's own employee record).
- events.approve: the supervisor approves registrations of direct reports.
- events.manage: create and run events of units in the organiser's scope:
  agenda, speakers, check-in, moderation, materials, feedback results.
- events.view_reports: charts of events held, attendance, satisfaction, JP.
Anyone, signed in or not, sees public events and public speaker pages.
"""

from jenjang.accounts.models import Role

_ATTEND = {"events.attend"}
_MANAGE = {"events.manage", "events.view_reports"}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: _ATTEND,
    Role.SUPERVISOR: _ATTEND | {"events.approve"},
    Role.MENTOR: _ATTEND,
    Role.ORGANISER: _ATTEND | _MANAGE,
    Role.LEADER: _ATTEND | {"events.view_reports"},
    Role.HR_ADMIN: _ATTEND | _MANAGE,
}
