"""What each role may do in the surveys area; merged into accounts.roles.

Permission names are "surveys.<action>". Keys are Role values. The public
form needs none. Managers (HR admin, organiser) act inside their granted
subtree; leaders read IKM figures for theirs.
"""

from jenjang.accounts.models import Role

VIEW_IKM = "surveys.view_ikm"
MANAGE_UNITS = "surveys.manage_units"
ENTER_RESPONSES = "surveys.enter_responses"
VIEW_RESPONSES = "surveys.view_responses"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: set(),
    Role.SUPERVISOR: set(),
    Role.MENTOR: set(),
    Role.ORGANISER: {VIEW_IKM, MANAGE_UNITS, ENTER_RESPONSES, VIEW_RESPONSES},
    Role.LEADER: {VIEW_IKM},
    Role.HR_ADMIN: {VIEW_IKM, MANAGE_UNITS, ENTER_RESPONSES, VIEW_RESPONSES},
}
