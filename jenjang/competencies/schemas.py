"""API shapes of competencies, assessments, gaps and training needs."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints

from jenjang.competencies.models import MAX_LEVEL, MIN_LEVEL, Assessment, Competency
from jenjang.people.schemas import NO_NUL, JobFieldRef, PersonRef, PositionRef, UnitRef

CompetencyKind = Literal[tuple(Competency.Kind.values)]
AssessmentSource = Literal[tuple(Assessment.Source.values)]
Level = Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL)]
Note = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=300, pattern=NO_NUL)
]


class CompetencyRef(Schema):
    id: int
    code: str
    name: str
    kind: str


class CompetencyLevelOut(Schema):
    level: int
    title: str
    description: str
    indicators: list[str]

    @staticmethod
    def resolve_indicators(obj) -> list[str]:
        return obj.indicator_list


class CompetencyOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    job_field: JobFieldRef | None = None
    description: str
    is_active: bool
    levels: list[CompetencyLevelOut]

    @staticmethod
    def resolve_levels(obj) -> list:
        return list(obj.levels.all())


class CompetencyPage(Schema):
    items: list[CompetencyOut]
    next_cursor: str | None


class AssessmentOut(Schema):
    id: int
    employee: PersonRef
    competency: CompetencyRef
    level: int
    assessed_on: dt.date
    source: str
    note: str
    created_at: dt.datetime


class AssessmentPage(Schema):
    items: list[AssessmentOut]
    next_cursor: str | None


class AssessmentIn(Schema):
    """One assessed level. The assessor is the caller; self-assessment is refused."""

    model_config = ConfigDict(extra="forbid")

    employee_id: int
    competency_id: int
    level: Level
    assessed_on: dt.date
    source: AssessmentSource
    note: Note = ""


class GapOut(Schema):
    competency: CompetencyRef
    required_level: int
    source: str = Field(description="position, functional_level atau kind")
    current_level: int | None
    gap: int | None = Field(description="standar − saat ini; null bila belum dinilai")
    status: Literal["below", "meets", "unassessed"]
    assessed_on: dt.date | None
    assessment_source: str


class EmployeeGapsOut(Schema):
    employee: PersonRef
    position: PositionRef
    gaps: list[GapOut]


class GapCellOut(Schema):
    competency_id: int
    required: int
    assessed: int
    below: int
    unassessed: int
    avg_gap: float | None
    below_share: float | None


class HeatRowOut(Schema):
    key: str
    unit: UnitRef | None
    headcount: int
    is_parent: bool
    drillable: bool
    cells: list[GapCellOut]


class HeatmapOut(Schema):
    unit: UnitRef | None
    competencies: list[CompetencyRef]
    rows: list[HeatRowOut]
    totals: list[GapCellOut]


class AgencyRef(Schema):
    id: int
    code: str
    name: str


class AgencyRowOut(Schema):
    agency: AgencyRef
    headcount: int
    cells: list[GapCellOut]


class AgencySummaryOut(Schema):
    competencies: list[CompetencyRef]
    rows: list[AgencyRowOut]
    totals: list[GapCellOut]


class UnitNeedOut(Schema):
    unit: UnitRef
    people: int


class NeedOut(Schema):
    competency: CompetencyRef
    target_level: int
    people: int
    avg_gap: float
    units: list[UnitNeedOut]


class TrainingNeedsOut(Schema):
    agency: AgencyRef | None
    unit: UnitRef | None
    people_below: int
    needs: list[NeedOut]
