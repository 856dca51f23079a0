"""Relevance: programs that close an employee's gaps, and needs vs catalog coverage."""

import logging
from dataclasses import dataclass

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.competencies.selectors import Gap
from jenjang.development.recommendations import Recommendation, gap_reason
from jenjang.people.models import Employee
from jenjang.training.models import Batch, Enrolment, ProgramCompetency, TrainingProgram

logger = logging.getLogger(__name__)


def training_provider(employee: Employee, gaps: list[Gap]) -> list[Recommendation]:
    """Recommend active programs that raise a gap competency above the current level.

    Programs aimed at the employee's job field rank first; a program the
    employee has already passed, or is enrolled in, is left out. The reason
    names the gap, the job-field match and the next open batch.
    """
    below = {g.competency.pk: g for g in gaps if g.gap is not None and g.gap > 0}
    if not below:
        return []
    links = (
        ProgramCompetency.objects.filter(
            competency_id__in=below, program__is_active=True
        )
        .select_related("program", "program__form", "competency")
        .order_by("program__title")
    )
    taken = set(
        Enrolment.objects.filter(employee=employee, status__in=Enrolment.ACTIVE)
        .exclude(status=Enrolment.Status.FAILED)
        .values_list("batch__program_id", flat=True)
    )
    job_field = employee.position.job_field_id if employee.position_id else None
    program_ids = {link.program_id for link in links}
    fields = set(
        TrainingProgram.job_fields.through.objects.filter(
            trainingprogram_id__in=program_ids
        ).values_list("trainingprogram_id", "jobfield_id")
    )
    today = timezone.localdate()
    next_batch = dict(
        Batch.objects.filter(
            program_id__in=program_ids,
            status=Batch.Status.OPEN,
            starts_on__gt=today,
        )
        .values("program_id")
        .annotate(first=Min("starts_on"))
        .values_list("program_id", "first")
    )
    found = []
    for link in links:
        gap = below[link.competency_id]
        if link.program_id in taken or link.target_level <= (gap.current_level or 0):
            continue
        reason = gap_reason(gap, min(link.target_level, gap.required_level))
        field_match = bool(job_field and (link.program_id, job_field) in fields)
        if field_match:
            reason += "; " + _("sesuai rumpun jabatan Anda")
        first = next_batch.get(link.program_id)
        if first:
            reason += "; " + _("angkatan berikutnya %(date)s") % {
                "date": first.strftime("%d-%m-%Y")
            }
        found.append(
            (
                not field_match,
                Recommendation(
                    title=link.program.title,
                    form=link.program.form,
                    reason=reason,
                    url=reverse("training:program_detail", args=[link.program_id]),
                    source="training",
                    competency=link.competency,
                    target_level=link.target_level,
                    gap_size=gap.gap or 0,
                    jp=link.program.jp,
                ),
            )
        )
    found.sort(key=lambda pair: (-pair[1].gap_size, pair[0], pair[1].title))
    return [rec for _no_match, rec in found]


def home_panel_context(request) -> dict | None:
    """The "Rekomendasi untuk Anda" card: the three most relevant programs."""
    from jenjang.accounts.roles import has_perm
    from jenjang.development.selectors.plans import employee_gaps
    from jenjang.people.selectors import employee_for_user

    if not has_perm(request.user, "training.enrol_own"):
        return None
    employee = employee_for_user(user=request.user)
    if employee is None or not employee.position_id:
        return None
    try:
        items = training_provider(employee, employee_gaps(employee=employee))
    except Exception:  # one broken panel must not take the home page down
        logger.exception("training home panel failed")
        return None
    return {"recommendations": items[:3], "more": max(len(items) - 3, 0)}


# --- needs vs coverage ----------------------------------------------------------


@dataclass
class CoveredNeed:
    need: object  # competencies.selectors.Need
    programs: list[TrainingProgram]


@dataclass
class Coverage:
    needs: list[CoveredNeed]
    uncovered: list[CoveredNeed]
    unneeded: list[TrainingProgram]
    scope_title: str


def needs_coverage(*, user) -> Coverage:
    """Training needs (gap analysis) beside the catalog: what is covered, what is not.

    A need is covered by an active program that develops its competency to at
    least the target level; a program nobody needs develops no competency
    that any need in the user's scope asks for.
    """
    from jenjang.competencies.selectors import training_needs

    result = training_needs(user=user)
    programs = list(
        TrainingProgram.objects.filter(is_active=True)
        .prefetch_related("competencies")
        .order_by("title")
    )
    by_competency: dict[int, list[tuple[TrainingProgram, int]]] = {}
    for program in programs:
        for link in program.competencies.all():
            by_competency.setdefault(link.competency_id, []).append(
                (program, link.target_level)
            )
    rows = []
    needed_programs: set[int] = set()
    for need in result.needs:
        covering = [
            p
            for p, level in by_competency.get(need.competency.pk, [])
            if level >= need.target_level
        ]
        needed_programs.update(
            p.pk for p, _level in by_competency.get(need.competency.pk, [])
        )
        rows.append(CoveredNeed(need, covering))
    unneeded = [p for p in programs if p.pk not in needed_programs]
    # Leadership and compliance programs serve a position or a rule, not a gap.
    unneeded = [p for p in unneeded if not p.leadership and not p.validity_months]
    return Coverage(
        needs=rows,
        uncovered=[r for r in rows if not r.programs],
        unneeded=unneeded,
        scope_title=result.title_scope,
    )
