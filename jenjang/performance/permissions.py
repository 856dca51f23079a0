"""What each role may do in the performance area; merged into accounts.roles.

Permission names are "performance.<action>". Keys are Role values.

- own: draft one's own SKP, record realisation, answer an evaluation.
- evaluate: act as pejabat penilai for one's direct reports (and as atasan
  pejabat penilai on objections).
- view: read SKP and results within one's scope (team, unit subtree).
- manage: configure performance years and rule tables, set the predikat
  kinerja organisasi, see the HR overview.
"""

from jenjang.accounts.models import Role

OWN = "performance.own"
EVALUATE = "performance.evaluate"
VIEW = "performance.view"
MANAGE = "performance.manage"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.EMPLOYEE: {OWN},
    Role.SUPERVISOR: {OWN, EVALUATE, VIEW},
    Role.MENTOR: {OWN},
    Role.ORGANISER: {OWN},
    Role.LEADER: {OWN, VIEW, MANAGE},
    Role.HR_ADMIN: {OWN, VIEW, MANAGE},
}
