"""Gap analysis: per employee, per org unit (heat map), per agency, and the TNA.

A gap is the required level minus the current level (the latest assessment).
Aggregates count only assessed people in the average gap and the share
below standard, and say how many required people are not assessed yet: an
unassessed person is not known to be below standard. A surplus counts as no
gap: one person above the standard does not offset another below it.

Every aggregate runs as one grouped SQL statement over the employees the
user may see (`people.selectors.employee_list_visible_to`), whatever their
number: the database joins employees to their positions' requirements and
to their latest assessments; Python only shapes the grouped rows.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from jenjang.competencies.models import Assessment, Competency
from jenjang.competencies.selectors.requirements import (
    Sql,
    latest_assessments_sql,
    position_requirements,
    requirement_pairs_sql,
)
from jenjang.core.scoping import scope_for
from jenjang.people import selectors as people
from jenjang.people.models import Agency, Employee, OrgUnit

# Average gap at or above which a heat-map cell is red, amber, light.
GAP_BANDS = ((1.0, "danger"), (0.5, "warning"), (0.0001, "info"))


# --- one employee -------------------------------------------------------------


@dataclass
class Gap:
    competency: Competency
    required_level: int
    source: str  # where the required level comes from (requirements.SOURCE_*)
    current_level: int | None = None
    assessed_on: dt.date | None = None
    assessment_source: str = ""

    @property
    def gap(self) -> int | None:
        """Required minus current; None when not assessed (negative: above standard)."""
        if self.current_level is None:
            return None
        return self.required_level - self.current_level

    @property
    def status(self) -> str:
        if self.current_level is None:
            return "unassessed"
        return "below" if self.current_level < self.required_level else "meets"

    @property
    def assessment_source_label(self) -> str:
        return str(dict(Assessment.Source.choices).get(self.assessment_source, ""))


def current_levels(employee: Employee) -> dict[int, dict[str, Any]]:
    """Return {competency id: latest assessment as a dict} for one employee."""
    sql = latest_assessments_sql(Sql("%s", (employee.pk,)))
    with connection.cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        # SQLite hands back the date as text.
        if isinstance(row["assessed_on"], str):
            row["assessed_on"] = dt.date.fromisoformat(row["assessed_on"])
    return {row["competency_id"]: row for row in rows}


def employee_gaps(employee: Employee) -> list[Gap]:
    """Return the employee's gaps: largest first, then those not assessed yet.

    Ties keep the dictionary order (managerial, sociocultural, technical;
    then by name).
    """
    required = position_requirements(employee.position)
    current = current_levels(employee)
    competencies = {
        c.pk: c
        for c in Competency.objects.filter(pk__in=required).select_related("job_field")
    }
    gaps = []
    for competency_id, requirement in required.items():
        row = current.get(competency_id)
        gaps.append(
            Gap(
                competency=competencies[competency_id],
                required_level=requirement.required_level,
                source=requirement.source,
                current_level=row["level"] if row else None,
                assessed_on=row["assessed_on"] if row else None,
                assessment_source=row["source"] if row else "",
            )
        )
    return sorted(gaps, key=_gap_order)


def _gap_order(gap: Gap) -> tuple:
    unassessed = gap.gap is None
    return (
        unassessed,
        -(gap.gap or 0),
        gap.competency.kind,
        gap.competency.name,
        gap.competency.pk,
    )


# --- the grouped statement ----------------------------------------------------


@dataclass
class Cell:
    """One competency within one group of people."""

    required: int = 0  # people for whom the competency is required
    assessed: int = 0  # of them, people with an assessment
    below: int = 0  # of them, people below the required level
    gap_sum: int = 0  # sum of the gaps of those below

    @property
    def unassessed(self) -> int:
        return self.required - self.assessed

    @property
    def avg_gap(self) -> float | None:
        return self.gap_sum / self.assessed if self.assessed else None

    @property
    def below_share(self) -> float | None:
        return self.below / self.assessed if self.assessed else None

    @property
    def below_percent(self) -> int | None:
        share = self.below_share
        return None if share is None else round(share * 100)

    @property
    def band(self) -> str:
        """The Bootstrap colour of the cell: success, info, warning, danger, or secondary."""
        avg = self.avg_gap
        if avg is None:
            return "secondary"
        for threshold, colour in GAP_BANDS:
            if avg >= threshold:
                return colour
        return "success"

    def add(self, other: "Cell") -> None:
        self.required += other.required
        self.assessed += other.assessed
        self.below += other.below
        self.gap_sum += other.gap_sum


def _with_clause(employees: QuerySet, competency_kind: str) -> Sql:
    """Return `WITH emp, req, cur` over a values() queryset of employees.

    `employees` yields id, position_id, org_unit_id and grp (the group key).
    """
    emp_text, emp_params = employees.order_by().query.sql_with_params()
    req = requirement_pairs_sql(
        Sql("SELECT DISTINCT position_id FROM emp"), competency_kind=competency_kind
    )
    cur = latest_assessments_sql(Sql("SELECT id FROM emp"))
    text = f"WITH emp AS ({emp_text}), req AS ({req.text}), cur AS ({cur.text}) "
    return Sql(text, (*emp_params, *req.params, *cur.params))


def _employee_rows(employees: QuerySet, group) -> QuerySet:
    return employees.order_by().values("id", "position_id", "org_unit_id", grp=group)


def gap_cells(
    employees: QuerySet, *, group, competency_kind: str = ""
) -> dict[tuple[Any, int], Cell]:
    """Return {(group key, competency id): Cell} for `employees`, in one statement.

    `group` is an expression over Employee giving each person's group key
    (a unit path prefix, the agency id, the employee id …).
    """
    head = _with_clause(_employee_rows(employees, group), competency_kind)
    text = (
        head.text
        + """
        SELECT emp.grp, req.competency_id, COUNT(*), COUNT(cur.level),
               SUM(CASE WHEN cur.level < req.required_level THEN 1 ELSE 0 END),
               SUM(CASE WHEN cur.level < req.required_level
                        THEN req.required_level - cur.level ELSE 0 END)
        FROM emp
        JOIN req ON req.position_id = emp.position_id
        LEFT JOIN cur ON cur.employee_id = emp.id
             AND cur.competency_id = req.competency_id
        GROUP BY emp.grp, req.competency_id
        """
    )
    with connection.cursor() as cursor:
        cursor.execute(text, head.params)
        return {
            (grp, competency_id): Cell(required, assessed, below or 0, gaps or 0)
            for grp, competency_id, required, assessed, below, gaps in cursor
        }


def _headcounts(employees: QuerySet, group) -> dict[Any, int]:
    rows = employees.order_by().values(grp=group).annotate(n=Count("id"))
    return {row["grp"]: row["n"] for row in rows}


def _competencies(ids) -> list[Competency]:
    return list(
        Competency.objects.filter(pk__in=set(ids))
        .select_related("job_field")
        .order_by("kind", "name", "id")
    )


# --- heat map per org unit ----------------------------------------------------


@dataclass
class HeatRow:
    key: str  # the unit path the row groups by
    unit: OrgUnit | None
    headcount: int
    cells: dict[int, Cell]
    total: Cell = field(default_factory=Cell)
    drillable: bool = False  # the user may open the unit's own heat map
    is_parent: bool = False  # people placed directly in the parent unit

    @property
    def label(self) -> str:
        return self.unit.name if self.unit else self.key


@dataclass
class Heatmap:
    parent: OrgUnit | None
    competencies: list[Competency]
    rows: list[HeatRow]
    totals: dict[int, Cell]

    def cell_rows(self) -> list[tuple[HeatRow, list[Cell | None]]]:
        """Return each row with its cells in column order (None: not required)."""
        return [
            (row, [row.cells.get(c.pk) for c in self.competencies]) for row in self.rows
        ]

    def total_cells(self) -> list[Cell | None]:
        return [self.totals.get(c.pk) for c in self.competencies]


def _outermost(paths) -> list[str]:
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def _top_group(user):
    """Group people by the outermost units the user's grants reach.

    People reached personally (a supervisor's direct reports) outside those
    units are grouped by their own unit.
    """
    scope = scope_for(user)
    if scope.everything:
        return Substr("org_unit__path", 1, OrgUnit.steplen)
    paths = list(scope.unit_paths)
    if scope.agency_ids:
        paths += OrgUnit.objects.filter(
            agency_id__in=scope.agency_ids, depth=1
        ).values_list("path", flat=True)
    anchors = _outermost(paths)
    if not anchors:
        return F("org_unit__path")
    return Case(
        *[When(org_unit__path__startswith=p, then=Value(p)) for p in anchors],
        default=F("org_unit__path"),
    )


def unit_heatmap(
    *, user, unit: OrgUnit | None = None, competency_kind: str = ""
) -> Heatmap:
    """Return competencies × units: the average gap and share below standard.

    With `unit` (one the user may see), the rows are its child units, each
    over its whole subtree, plus the people placed in the unit itself;
    without, the outermost units the user's roles reach.
    """
    employees = people.employee_list_visible_to(user=user, unit=unit)
    if unit is not None:
        group = Substr("org_unit__path", 1, (unit.depth + 1) * OrgUnit.steplen)
    else:
        group = _top_group(user)
    cells = gap_cells(employees, group=group, competency_kind=competency_kind)
    counts = _headcounts(employees, group)
    keys = sorted(set(counts) | {k for k, _ in cells})
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=keys)}
    visible = set(
        people.org_unit_list_visible_to(user=user)
        .filter(path__in=keys, numchild__gt=0)
        .values_list("path", flat=True)
    )
    rows = {
        key: HeatRow(
            key=key,
            unit=units.get(key),
            headcount=counts.get(key, 0),
            cells={},
            drillable=key in visible and not (unit and key == unit.path),
            is_parent=bool(unit and key == unit.path),
        )
        for key in keys
    }
    totals: dict[int, Cell] = defaultdict(Cell)
    for (key, competency_id), cell in cells.items():
        rows[key].cells[competency_id] = cell
        rows[key].total.add(cell)
        totals[competency_id].add(cell)
    return Heatmap(
        parent=unit,
        competencies=_competencies(totals),
        rows=list(rows.values()),
        totals=dict(totals),
    )


# --- per agency ---------------------------------------------------------------


@dataclass
class AgencyRow:
    agency: Agency
    headcount: int
    cells: dict[int, Cell]
    total: Cell = field(default_factory=Cell)


@dataclass
class AgencySummary:
    competencies: list[Competency]
    rows: list[AgencyRow]
    totals: dict[int, Cell]

    def cell_rows(self) -> list[tuple[AgencyRow, list[Cell | None]]]:
        return [
            (row, [row.cells.get(c.pk) for c in self.competencies]) for row in self.rows
        ]

    def total_cells(self) -> list[Cell | None]:
        return [self.totals.get(c.pk) for c in self.competencies]


def agency_summary(*, user, competency_kind: str = "") -> AgencySummary:
    """Return competencies × agencies over the people the user may see."""
    employees = people.employee_list_visible_to(user=user)
    group = F("agency_id")
    cells = gap_cells(employees, group=group, competency_kind=competency_kind)
    counts = _headcounts(employees, group)
    agencies = Agency.objects.filter(pk__in=counts).order_by("name", "id")
    rows = {
        a.pk: AgencyRow(agency=a, headcount=counts[a.pk], cells={}) for a in agencies
    }
    totals: dict[int, Cell] = defaultdict(Cell)
    for (agency_id, competency_id), cell in cells.items():
        rows[agency_id].cells[competency_id] = cell
        rows[agency_id].total.add(cell)
        totals[competency_id].add(cell)
    return AgencySummary(
        competencies=_competencies(totals),
        rows=list(rows.values()),
        totals=dict(totals),
    )


# --- per employee, for lists --------------------------------------------------


def gap_counts_for(employees: QuerySet) -> dict[int, Cell]:
    """Return {employee id: Cell over all their required competencies}."""
    totals: dict[int, Cell] = defaultdict(Cell)
    for (employee_id, _competency_id), cell in gap_cells(
        employees, group=F("id")
    ).items():
        totals[employee_id].add(cell)
    return dict(totals)


# --- training-needs analysis --------------------------------------------------


@dataclass
class UnitNeed:
    unit: OrgUnit
    people: int


@dataclass
class Need:
    """One line of the analisis kebutuhan pengembangan kompetensi."""

    competency: Competency
    target_level: int
    people: int
    gap_sum: int
    units: list[UnitNeed]

    @property
    def avg_gap(self) -> float:
        return self.gap_sum / self.people if self.people else 0.0

    @property
    def units_text(self) -> str:
        return "; ".join(f"{u.unit.name} ({u.people})" for u in self.units)


@dataclass
class TrainingNeeds:
    agency: Agency | None
    unit: OrgUnit | None
    needs: list[Need]
    people_assessed_below: int

    @property
    def title_scope(self) -> str:
        if self.unit is not None:
            return self.unit.name
        return self.agency.name if self.agency else _("Semua instansi")


def training_needs(
    *,
    user,
    agency: Agency | None = None,
    unit: OrgUnit | None = None,
    competency_kind: str = "",
) -> TrainingNeeds:
    """Aggregate the gaps of the people the user may see into development needs.

    One need per competency and target (required) level: how many assessed
    people are below it, by how much on average, and in which units.
    """
    employees = people.employee_list_visible_to(user=user, unit=unit)
    if agency is not None:
        employees = employees.filter(agency=agency)
    head = _with_clause(_employee_rows(employees, F("org_unit_id")), competency_kind)
    text = (
        head.text
        + """
        SELECT req.competency_id, req.required_level, emp.org_unit_id, COUNT(*),
               SUM(req.required_level - cur.level)
        FROM emp
        JOIN req ON req.position_id = emp.position_id
        JOIN cur ON cur.employee_id = emp.id AND cur.competency_id = req.competency_id
        WHERE cur.level < req.required_level
        GROUP BY req.competency_id, req.required_level, emp.org_unit_id
        """
    )
    with connection.cursor() as cursor:
        cursor.execute(text, head.params)
        rows = cursor.fetchall()
    competencies = {c.pk: c for c in _competencies(r[0] for r in rows)}
    units = OrgUnit.objects.in_bulk({r[2] for r in rows})
    grouped: dict[tuple[int, int], Need] = {}
    for competency_id, level, unit_id, count, gaps in rows:
        need = grouped.setdefault(
            (competency_id, level),
            Need(competencies[competency_id], level, 0, 0, []),
        )
        need.people += count
        need.gap_sum += gaps
        need.units.append(UnitNeed(units[unit_id], count))
    for need in grouped.values():
        need.units.sort(key=lambda u: (-u.people, u.unit.path))
    needs = sorted(
        grouped.values(),
        key=lambda n: (-n.people, n.competency.kind, n.competency.name, n.target_level),
    )
    below = _people_below(employees, competency_kind) if needs else 0
    return TrainingNeeds(agency, unit, needs, below)


def _people_below(employees: QuerySet, competency_kind: str) -> int:
    """Count the people below standard in at least one competency."""
    head = _with_clause(_employee_rows(employees, F("org_unit_id")), competency_kind)
    text = (
        head.text
        + """
        SELECT COUNT(DISTINCT emp.id) FROM emp
        JOIN req ON req.position_id = emp.position_id
        JOIN cur ON cur.employee_id = emp.id AND cur.competency_id = req.competency_id
        WHERE cur.level < req.required_level
        """
    )
    with connection.cursor() as cursor:
        cursor.execute(text, head.params)
        return cursor.fetchone()[0]
