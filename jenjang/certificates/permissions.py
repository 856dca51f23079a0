"""What each role may do with certificates; merged into accounts.roles.

Anyone (signed in or not) may verify a certificate by its number; the
verification shows only name, title, dates, JP and status.
"""

from jenjang.accounts.models import Role

_OWN = {"certificates.view_own"}
_STAFF = {"certificates.view"}

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: _OWN,
    Role.SUPERVISOR: _OWN,
    Role.MENTOR: _OWN,
    Role.ORGANISER: _OWN | _STAFF,
    Role.LEADER: _OWN | _STAFF,
    Role.HR_ADMIN: _OWN | _STAFF | {"certificates.revoke"},
}
