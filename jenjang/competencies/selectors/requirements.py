"""Which level of which competency a position requires, and what people have now.

Two rules, each in one place, written as SQL so that the same text serves one
position on a profile page and every position of a province in a heat map:

- `requirement_pairs_sql`: the standar kompetensi jabatan of positions;
- `latest_assessments_sql`: the current level of employees.

Table and column names come from the models' metadata.
"""

from dataclasses import dataclass

from django.db import connection

from jenjang.competencies.models import (
    Assessment,
    Competency,
    PositionStandard,
    StandardDefault,
)
from jenjang.people.models import Position

# Where a required level comes from, most specific first.
SOURCE_POSITION = "position"
SOURCE_FUNCTIONAL_LEVEL = "functional_level"
SOURCE_KIND = "kind"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class Sql:
    """A fragment of SQL with its parameters, in the order they appear."""

    text: str
    params: tuple = ()


def requirement_pairs_sql(positions: Sql, *, competency_kind: str = "") -> Sql:
    """Return rows (position_id, competency_id, required_level, source) for `positions`.

    The rule (PermenPANRB 38/2017, domain file §5: the standard of a position
    is data, with defaults per position group, UNCERTAIN): a position's own
    PositionStandard wins; otherwise the StandardDefault of its kind and
    jenjang (functional positions); otherwise the default of its kind for
    every jenjang (functional_level ""). Technical competencies are required
    only through PositionStandard: they belong to a job field, not a kind.
    Inactive competencies are required of no one.

    `positions` is SQL yielding position ids (a subquery, or a list of
    placeholders); it appears twice in the result.
    """
    ps, sd, comp, pos = (
        _table(PositionStandard),
        _table(StandardDefault),
        _table(Competency),
        _table(Position),
    )
    kind_filter, kind_params = "", ()
    if competency_kind:
        kind_filter, kind_params = " AND c.kind = %s", (competency_kind,)
    text = f"""
        SELECT ps.position_id AS position_id, ps.competency_id AS competency_id,
               ps.required_level AS required_level, %s AS source
        FROM {ps} ps JOIN {comp} c ON c.id = ps.competency_id
        WHERE c.is_active = %s{kind_filter} AND ps.position_id IN ({positions.text})
        UNION ALL
        SELECT p.id, c.id, COALESCE(sd1.required_level, sd0.required_level),
               CASE WHEN sd1.required_level IS NULL THEN %s ELSE %s END
        FROM {pos} p
        JOIN {comp} c ON c.is_active = %s AND c.kind <> %s{kind_filter}
        LEFT JOIN {sd} sd1 ON sd1.competency_id = c.id AND sd1.position_kind = p.kind
             AND sd1.functional_level = p.functional_level AND p.functional_level <> ''
        LEFT JOIN {sd} sd0 ON sd0.competency_id = c.id AND sd0.position_kind = p.kind
             AND sd0.functional_level = ''
        WHERE p.id IN ({positions.text})
          AND (sd1.required_level IS NOT NULL OR sd0.required_level IS NOT NULL)
          AND NOT EXISTS (
              SELECT 1 FROM {ps} x WHERE x.position_id = p.id AND x.competency_id = c.id
          )
    """
    params = (
        SOURCE_POSITION,
        True,
        *kind_params,
        *positions.params,
        SOURCE_KIND,
        SOURCE_FUNCTIONAL_LEVEL,
        True,
        Competency.Kind.TECHNICAL,
        *kind_params,
        *positions.params,
    )
    return Sql(text, params)


def latest_assessments_sql(employees: Sql) -> Sql:
    """Return rows (id, employee_id, competency_id, level, assessed_on, source).

    The current level of a competency is the latest assessment of it: the
    greatest assessed_on, then the greatest id (the one entered last that
    day). PostgreSQL picks it with DISTINCT ON over the `assessment_latest`
    index; elsewhere a ROW_NUMBER window does the same.
    `employees` is SQL yielding employee ids.
    """
    table = _table(Assessment)
    columns = "a.id, a.employee_id, a.competency_id, a.level, a.assessed_on, a.source"
    if connection.vendor == "postgresql":
        text = f"""
            SELECT DISTINCT ON (a.employee_id, a.competency_id) {columns}
            FROM {table} a WHERE a.employee_id IN ({employees.text})
            ORDER BY a.employee_id, a.competency_id, a.assessed_on DESC, a.id DESC
        """
    else:
        text = f"""
            SELECT id, employee_id, competency_id, level, assessed_on, source FROM (
                SELECT {columns}, ROW_NUMBER() OVER (
                    PARTITION BY a.employee_id, a.competency_id
                    ORDER BY a.assessed_on DESC, a.id DESC
                ) AS rn
                FROM {table} a WHERE a.employee_id IN ({employees.text})
            ) ranked WHERE rn = 1
        """
    return Sql(text, employees.params)


@dataclass(frozen=True)
class Requirement:
    competency_id: int
    required_level: int
    source: str  # SOURCE_POSITION, SOURCE_FUNCTIONAL_LEVEL or SOURCE_KIND


def requirements_for_positions(
    position_ids: list[int],
) -> dict[int, dict[int, Requirement]]:
    """Return {position id: {competency id: Requirement}} for the given positions."""
    if not position_ids:
        return {}
    # A list of placeholders is valid SQL inside the rule's "IN (…)".
    marks = ", ".join(["%s"] * len(position_ids))
    sql = requirement_pairs_sql(Sql(marks, tuple(position_ids)))
    result: dict[int, dict[int, Requirement]] = {pk: {} for pk in position_ids}
    with connection.cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        for position_id, competency_id, level, source in cursor.fetchall():
            result[position_id][competency_id] = Requirement(
                competency_id, level, source
            )
    return result


def position_requirements(position: Position) -> dict[int, Requirement]:
    """Return the required level of each competency for one position."""
    return requirements_for_positions([position.pk])[position.pk]
