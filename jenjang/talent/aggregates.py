"""Aggregate figures of talent management for a reader's scope (dashboards).

Scoped as this app scopes (`visible_employees`, `talent.view`): the 9-box
counts the confirmed placements of the people in scope in the latest review
of the year or before that has any; the talent pool is boxes 7, 8 and 9
(PermenPANRB 3/2020, regulations.md §2.3). Promotion candidates are the
people in scope named in a succession plan made in the year; decisions and
remedial plans are those made in the year.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from jenjang.accounts.roles import has_perm
from jenjang.people.models import OrgUnit
from jenjang.performance.aggregates import predikat_choices
from jenjang.talent.models import (
    Placement,
    PromotionDecision,
    RemedialPlan,
    SuccessionCandidate,
    TalentReview,
)
from jenjang.talent.rules import GRID_ROWS, POOL_BOXES, box_description
from jenjang.talent.selectors import (
    VIEW,
    agencies_for,
    annotate_final_box,
    box_counts,
    decisions_visible_to,
    remedial_visible_to,
    visible_employees,
)

RS = RemedialPlan.Status
PROMOTED = PromotionDecision.Decision.PROMOTED

__all__ = [
    "GRID_ROWS",
    "POOL_BOXES",
    "TalentFigures",
    "box_description",
    "decision_choices",
    "predikat_choices",
    "remedial_choices",
    "talent_figures",
]


@dataclass(frozen=True)
class TalentFigures:
    review_name: str | None
    review_year: int | None
    boxes: dict[int, int]  # 1..9
    candidates: int
    decisions: dict[tuple[str, str], int]  # (kind, decision)
    remedial: dict[tuple[str, str | None], int]  # (status, outcome predikat)

    @property
    def placed(self) -> int:
        return sum(self.boxes.values())

    @property
    def pool(self) -> int:
        return sum(self.boxes[b] for b in POOL_BOXES)

    def pipeline(self, status: str) -> int:
        return sum(n for (s, _o), n in self.remedial.items() if s == status)

    @property
    def promoted(self) -> int:
        return sum(n for (_k, d), n in self.decisions.items() if d == PROMOTED)


def decision_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(kinds, decisions) of promotion decisions as (value, label)."""
    kinds = [(v, str(label)) for v, label in PromotionDecision.Kind.choices]
    values = [(v, str(label)) for v, label in PromotionDecision.Decision.choices]
    return kinds, values


def remedial_choices() -> list[tuple[str, str]]:
    """The remedial pipeline's stages as (value, label)."""
    return [(v, str(label)) for v, label in RS.choices]


def _employees(user, unit: OrgUnit | None):
    qs = visible_employees(user)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return qs


def _nine_box(user, year: int, employees) -> tuple[TalentReview | None, dict]:
    """Return (review, {box: count}) of the latest review with confirmed placements.

    The reviews are walked newest first and the first with a confirmed
    placement of these employees wins (an EXISTS per review), instead of
    sorting every confirmed placement in scope: 3 s to a few ms for the
    nation's 2,000,000 placements.
    """
    if not has_perm(user, VIEW):
        return None, dict.fromkeys(range(1, 10), 0)
    confirmed = Placement.objects.filter(
        employee__in=employees, confirmed_at__isnull=False
    )
    review = (
        TalentReview.objects.filter(agency__in=agencies_for(user), year__lte=year)
        .filter(Exists(confirmed.filter(review=OuterRef("pk"))))
        .order_by("-year", "-created_at", "-pk")
        .first()
    )
    if review is None:
        return None, dict.fromkeys(range(1, 10), 0)
    return review, box_counts(annotate_final_box(confirmed.filter(review=review)))


def talent_figures(*, user, year: int, unit: OrgUnit | None = None) -> TalentFigures:
    """The 9-box, succession candidates, promotion decisions and remedial plans."""
    employees = _employees(user, unit)
    review, boxes = _nine_box(user, year, employees)
    candidates = (
        SuccessionCandidate.objects.filter(
            employee__in=employees, plan__created_at__year=year
        )
        .values("employee")
        .distinct()
        .count()
    )
    decisions = {
        (r["kind"], r["decision"]): r["n"]
        for r in decisions_visible_to(user=user)
        .filter(employee__in=employees, decided_at__year=year)
        .order_by()
        .values("kind", "decision")
        .annotate(n=Count("pk"))
    }
    remedial = {
        (r["status"], r["outcome_predikat"]): r["n"]
        for r in remedial_visible_to(user=user)
        .prefetch_related(None)
        .filter(employee__in=employees, created_at__year=year)
        .order_by()
        .values("status", "outcome_predikat")
        .annotate(n=Count("pk"))
    }
    return TalentFigures(
        review_name=review.name if review else None,
        review_year=review.year if review else None,
        boxes=boxes,
        candidates=candidates,
        decisions=decisions,
        remedial=remedial,
    )
