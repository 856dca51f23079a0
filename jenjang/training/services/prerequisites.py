"""Who may join a program: each rule in one function, with a clear reason.

Every rule returns None when met, or the reason (in Bahasa Indonesia) when not.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from jenjang.people.models import Employee, Position
from jenjang.training.models import Enrolment, TrainingProgram

# Peraturan LAN 10/2018 and PerLAN 5/2022 jo 6/2022 (pelatihan struktural
# kepemimpinan), domain file §4.2: the position level each leadership
# training serves.
LEADERSHIP_TARGETS: dict[str, tuple[str, ...]] = {
    TrainingProgram.Leadership.PKN_I: (Position.Kind.JPT_MADYA,),
    TrainingProgram.Leadership.PKN_II: (Position.Kind.JPT_PRATAMA,),
    TrainingProgram.Leadership.PKA: (Position.Kind.ADMINISTRATOR,),
    TrainingProgram.Leadership.PKP: (Position.Kind.PENGAWAS,),
}


@dataclass(frozen=True)
class Unmet:
    code: str
    reason: str


def _kind_labels(kinds) -> str:
    labels = dict(Position.Kind.choices)
    return ", ".join(str(labels.get(k, k)) for k in kinds)


def rule_leadership_level(program: TrainingProgram, employee: Employee) -> str | None:
    """PKN I/II, PKA and PKP each serve one position level.

    Source: PerLAN 5/2022 jo 6/2022 (earlier PerLAN 2/2019, 15/2019);
    domain file §4.2: PKN I → JPT Madya, PKN II → JPT Pratama,
    PKA → Administrator, PKP → Pengawas.
    """
    kinds = LEADERSHIP_TARGETS.get(program.leadership)
    if not kinds or employee.position.kind in kinds:
        return None
    return _(
        "%(program)s diperuntukkan bagi pejabat %(kinds)s; jabatan Anda %(mine)s."
    ) % {
        "program": program.get_leadership_display(),
        "kinds": _kind_labels(kinds),
        "mine": employee.position.get_kind_display(),
    }


def rule_position_kind(program: TrainingProgram, employee: Employee) -> str | None:
    """The program may be limited to some kinds of position (set by HR)."""
    kinds = program.required_position_kinds or []
    if not kinds or employee.position.kind in kinds:
        return None
    return _("Pelatihan ini hanya untuk jabatan %(kinds)s; jabatan Anda %(mine)s.") % {
        "kinds": _kind_labels(kinds),
        "mine": employee.position.get_kind_display(),
    }


def rule_min_rank(program: TrainingProgram, employee: Employee) -> str | None:
    """The program may require a minimum golongan (compared by rank order)."""
    if program.min_rank_id is None:
        return None
    rank = employee.rank
    minimum = program.min_rank
    if rank.kind == minimum.kind and rank.order >= minimum.order:
        return None
    return _("Golongan minimum %(min)s; golongan Anda %(mine)s.") % {
        "min": minimum.code,
        "mine": rank.code,
    }


def rule_competency_level(program: TrainingProgram, employee: Employee) -> str | None:
    """The program may require a competency at a level (latest assessment)."""
    if program.prereq_competency_id is None:
        return None
    from jenjang.development.selectors.plans import current_level

    level = current_level(employee=employee, competency=program.prereq_competency)
    if level is not None and level >= program.prereq_level:
        return None
    return _(
        "Perlu kompetensi %(competency)s minimal level %(level)s; level Anda %(mine)s."
    ) % {
        "competency": program.prereq_competency.name,
        "level": program.prereq_level,
        "mine": level if level is not None else _("belum dinilai"),
    }


def rule_earlier_program(program: TrainingProgram, employee: Employee) -> str | None:
    """The program may require having passed an earlier program."""
    if program.prereq_program_id is None:
        return None
    passed = Enrolment.objects.filter(
        employee=employee,
        batch__program_id=program.prereq_program_id,
        status=Enrolment.Status.PASSED,
    ).exists()
    if passed:
        return None
    return _("Harus lulus %(program)s lebih dahulu.") % {
        "program": program.prereq_program.title
    }


RULES = (
    ("leadership_level", rule_leadership_level),
    ("position_kind", rule_position_kind),
    ("min_rank", rule_min_rank),
    ("competency_level", rule_competency_level),
    ("earlier_program", rule_earlier_program),
)


def prerequisites_unmet(program: TrainingProgram, employee: Employee) -> list[Unmet]:
    """Return every unmet prerequisite of the program for the employee."""
    found = []
    for code, rule in RULES:
        reason = rule(program, employee)
        if reason:
            found.append(Unmet(code, reason))
    return found
