"""Reads of the dictionary and the job standards (no people: no scope needed)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from jenjang.competencies.models import (
    Competency,
    CompetencyLevel,
    PositionStandard,
    StandardDefault,
)
from jenjang.competencies.selectors.requirements import (
    SOURCE_POSITION,
    position_requirements,
)
from jenjang.core.exceptions import NotFound
from jenjang.people.models import Position


def competency_list(
    *,
    kind: str = "",
    job_field_id: int | None = None,
    search: str = "",
    include_inactive: bool = False,
    with_levels: bool = False,
) -> QuerySet[Competency]:
    """Return the dictionary, filtered, in dictionary order."""
    qs = Competency.objects.select_related("job_field").order_by("kind", "name", "id")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if job_field_id:
        qs = qs.filter(job_field_id=job_field_id)
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    if with_levels:
        qs = qs.prefetch_related(
            Prefetch("levels", queryset=CompetencyLevel.objects.order_by("level"))
        )
    return qs


def competency_get(*, pk) -> Competency:
    """Return one competency with its levels, or raise NotFound."""
    try:
        return competency_list(include_inactive=True, with_levels=True).get(pk=pk)
    except (Competency.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def competency_by_code(code: str) -> Competency | None:
    return Competency.objects.filter(code=code).first()


# --- defaults per position kind ----------------------------------------------


@dataclass
class DefaultGroup:
    position_kind: str
    functional_level: str
    label: str


def default_groups() -> list[DefaultGroup]:
    """Return every position group a default can be set for, in rank order."""
    groups = [
        DefaultGroup(kind, "", str(label))
        for kind, label in Position.Kind.choices
        if kind != Position.Kind.FUNGSIONAL
    ]
    fungsional = str(Position.Kind.FUNGSIONAL.label)
    groups.append(DefaultGroup(Position.Kind.FUNGSIONAL, "", fungsional))
    groups += [
        DefaultGroup(Position.Kind.FUNGSIONAL, level, f"{fungsional} {label}")
        for level, label in Position.FunctionalLevel.choices
    ]
    return groups


@dataclass
class DefaultsMatrix:
    competencies: list[Competency]
    groups: list[DefaultGroup]
    levels: dict[tuple[str, str, int], int]  # (kind, jenjang, competency) -> level

    def rows(self) -> list[tuple[DefaultGroup, list[tuple[Competency, int | None]]]]:
        return [
            (
                g,
                [
                    (c, self.levels.get((g.position_kind, g.functional_level, c.pk)))
                    for c in self.competencies
                ],
            )
            for g in self.groups
        ]


def standard_defaults_matrix() -> DefaultsMatrix:
    """Return the default required level of each non-technical competency per group."""
    competencies = list(competency_list().exclude(kind=Competency.Kind.TECHNICAL))
    levels = {
        (d.position_kind, d.functional_level, d.competency_id): d.required_level
        for d in StandardDefault.objects.all()
    }
    return DefaultsMatrix(competencies, default_groups(), levels)


# --- one position's standard -------------------------------------------------


@dataclass
class StandardRow:
    competency: Competency
    required_level: int | None  # what applies now
    source: str  # requirements.SOURCE_*; "" when nothing is required
    override: int | None  # the position's own level, if set

    @property
    def is_override(self) -> bool:
        return self.source == SOURCE_POSITION


def position_standard_rows(position: Position) -> list[StandardRow]:
    """Return the standard of a position: what is required, and from where.

    Lists every managerial and sociocultural competency, the technical ones
    of the position's job field, and any other the position requires.
    """
    required = position_requirements(position)
    overrides = dict(
        PositionStandard.objects.filter(position=position).values_list(
            "competency_id", "required_level"
        )
    )
    shown = Q(kind__in=[Competency.Kind.MANAGERIAL, Competency.Kind.SOCIOCULTURAL])
    if position.job_field_id:
        shown |= Q(job_field_id=position.job_field_id)
    shown |= Q(pk__in=list(required) + list(overrides))
    rows = []
    for competency in competency_list(include_inactive=True).filter(shown):
        requirement = required.get(competency.pk)
        rows.append(
            StandardRow(
                competency=competency,
                required_level=requirement.required_level if requirement else None,
                source=requirement.source if requirement else "",
                override=overrides.get(competency.pk),
            )
        )
    return rows
