"""What each role may do in the training area; merged into accounts.roles.

Permission names are "training.<action>". Keys are Role values.
"""

from jenjang.accounts.models import Role

_CATALOG = {"training.view_catalog"}
_OWN = {"training.enrol_own"}
_SUPERVISE = {"training.approve", "training.nominate"}
_ORGANISE = {"training.organise"}
_HR = {
    "training.manage_catalog",
    "training.bulk_nominate",
    "training.view_needs",
    "training.view_impact",
}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: _CATALOG | _OWN,
    Role.SUPERVISOR: _CATALOG | _OWN | _SUPERVISE,
    Role.MENTOR: _CATALOG | _OWN,
    Role.ORGANISER: _CATALOG | _ORGANISE,
    Role.LEADER: _CATALOG | {"training.view_needs", "training.view_impact"},
    Role.HR_ADMIN: _CATALOG | _SUPERVISE | _ORGANISE | _HR,
}
