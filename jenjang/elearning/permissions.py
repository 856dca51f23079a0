"""What each role may do in the elearning area; merged into accounts.roles.

Permission names are "elearning.<action>". Keys are Role values.
"""

from jenjang.accounts.models import Role

LEARN = "elearning.learn"
AUTHOR = "elearning.author"
ASSIGN = "elearning.assign"
REPORT = "elearning.report"
MODERATE = "elearning.moderate"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: {LEARN},
    Role.SUPERVISOR: {LEARN},
    Role.MENTOR: {LEARN},
    Role.ORGANISER: {AUTHOR, REPORT, MODERATE},
    Role.LEADER: {REPORT},
    Role.HR_ADMIN: {AUTHOR, ASSIGN, REPORT, MODERATE},
}
