"""Reads of the talent area, always scoped.

Talent data is visible to HR (`talent.manage`), the employee's leaders and
supervisor (`talent.view`, reaching their unit or direct reports), and the
employee themselves (`talent.view_own`: their own confirmed box with the
reasons). Every query for people goes through `core.scoping`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from jenjang.accounts.roles import has_perm
from jenjang.competencies.models import Assessment, Competency
from jenjang.competencies.selectors.requirements import (
    Sql,
    latest_assessments_sql,
    requirements_for_positions,
)
from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import Scope, people_scope_q, scope_contains, scope_for
from jenjang.people.models import Agency, Employee, Position, Rank
from jenjang.performance.models import Predikat
from jenjang.performance.selectors import annual_predikat
from jenjang.talent import rules
from jenjang.talent.models import (
    DisciplinaryRecord,
    KeyPosition,
    Placement,
    PotentialInput,
    PromotionDecision,
    PromotionRule,
    RemedialPlan,
    SuccessionPlan,
    TalentConfig,
    TalentReview,
)

VIEW = "talent.view"
VIEW_OWN = "talent.view_own"
MANAGE = "talent.manage"
REMEDIAL = "talent.remedial"


# --- the performance axis: the one function that reads `performance` ---------------


def predikat_for(
    employee_ids: Iterable[int], years: Iterable[int]
) -> dict[tuple[int, int], str]:
    """Return {(employee id, year): predikat} of final annual ratings.

    The performance area owns the ratings (PermenPANRB 6/2022); this is the
    only place the talent area reads them.
    """
    ids, wanted = list(employee_ids), list(years)
    if not ids or not wanted:
        return {}
    return annual_predikat(ids, wanted)


def predikat_subquery(year: int) -> Subquery:
    """The final annual predikat of OuterRef("pk") in `year`, in SQL.

    The same ratings as `predikat_for`, for a list that filters and sorts in
    the database; with `predikat_for`, the only reads of `performance`.
    """
    from jenjang.performance.selectors import annual_predikat_subquery

    return annual_predikat_subquery(year=year)


def predikat_by_employee(
    employee_ids: Iterable[int], years: Iterable[int]
) -> dict[int, dict[int, str]]:
    result: dict[int, dict[int, str]] = defaultdict(dict)
    for (employee_id, year), predikat in predikat_for(employee_ids, years).items():
        result[employee_id][year] = predikat
    return result


# --- configuration ---------------------------------------------------------------


def config_for(agency: Agency) -> TalentConfig:
    """Return the agency's talent configuration (seeded defaults when none)."""
    config = TalentConfig.objects.filter(agency=agency).first()
    return config or TalentConfig(agency=agency)


def promotion_rule_for(agency: Agency) -> PromotionRule:
    rule = PromotionRule.objects.filter(agency=agency).first()
    return rule or PromotionRule(agency=agency)


def weights_of(config: TalentConfig) -> rules.Weights:
    return rules.Weights(
        competency=config.weight_competency,
        track_record=config.weight_track_record,
        qualification=config.weight_qualification,
        integrity=config.weight_integrity,
    )


# --- scope -----------------------------------------------------------------------


def _scope(user, perm: str) -> Scope:
    return scope_for(user, perm=perm)


def can_manage(user, employee: Employee) -> bool:
    return has_perm(user, MANAGE) and scope_contains(_scope(user, MANAGE), employee)


def can_view(user, employee: Employee) -> bool:
    """HR, leaders and the supervisor see an employee's talent data."""
    if can_manage(user, employee):
        return True
    return has_perm(user, VIEW) and scope_contains(_scope(user, VIEW), employee)


def is_self(user, employee: Employee) -> bool:
    return bool(getattr(user, "pk", None)) and employee.user_id == user.pk


def visible_employees(user, perm: str = VIEW) -> QuerySet[Employee]:
    """Employees whose talent data `user` may see (not counting themselves)."""
    if not has_perm(user, perm):
        return Employee.objects.none()
    scope = _scope(user, perm)
    qs = Employee.objects.filter(people_scope_q(scope))
    if scope.self_employee_id:
        qs = qs.exclude(pk=scope.self_employee_id)
    return qs


def employee_get_for_talent(*, user, pk: int) -> Employee:
    """Return an employee the user may see talent data of (self included), or 404."""
    employee = (
        Employee.objects.select_related("org_unit", "position", "rank", "agency")
        .filter(pk=pk)
        .first()
    )
    if employee is None:
        raise NotFound()
    if is_self(user, employee) and has_perm(user, VIEW_OWN):
        return employee
    if not can_view(user, employee):
        raise NotFound()
    return employee


def agencies_for(user) -> QuerySet[Agency]:
    """Agencies in which the user sees talent data."""
    scope = _scope(user, VIEW)
    if scope.everything:
        return Agency.objects.all()
    ids = set(scope.agency_ids)
    if scope.unit_paths:
        from jenjang.people.models import OrgUnit

        q = Q(pk__in=[])
        for path in scope.unit_paths:
            q |= Q(path=path)
        ids |= set(OrgUnit.objects.filter(q).values_list("agency_id", flat=True))
    if scope.self_employee_id:
        ids |= set(
            Employee.objects.filter(pk=scope.self_employee_id).values_list(
                "agency_id", flat=True
            )
        )
    return Agency.objects.filter(pk__in=ids)


# --- reviews and placements -------------------------------------------------------


def review_list_visible_to(*, user) -> QuerySet[TalentReview]:
    if not has_perm(user, VIEW):
        return TalentReview.objects.none()
    return (
        TalentReview.objects.filter(agency__in=agencies_for(user))
        .select_related("agency", "org_unit", "created_by")
        .annotate(
            placed=Count("placements", distinct=True),
            confirmed=Count(
                "placements",
                filter=Q(placements__confirmed_at__isnull=False),
                distinct=True,
            ),
        )
    )


def review_get_visible_to(*, user, pk: int) -> TalentReview:
    review = review_list_visible_to(user=user).filter(pk=pk).first()
    if review is None:
        raise NotFound()
    return review


@dataclass
class Filters:
    unit: int | None = None
    position_kind: str = ""
    rank: int | None = None
    box: int | None = None
    status: str = ""  # "", "confirmed", "unconfirmed"


def placements_visible_to(
    *, user, review: TalentReview, filters: Filters | None = None
) -> QuerySet[Placement]:
    """Placements of a review the user may see, with the filters applied."""
    filters = filters or Filters()
    employees = visible_employees(user)
    qs = (
        Placement.objects.filter(review=review, employee__in=employees)
        .annotate(final_box=Coalesce("override_box", "computed_box"))
        .select_related(
            "employee",
            "employee__org_unit",
            "employee__position",
            "employee__rank",
            "confirmed_by",
        )
    )
    if filters.unit:
        from jenjang.people.models import OrgUnit

        unit = OrgUnit.objects.filter(pk=filters.unit).first()
        qs = qs.filter(employee__org_unit__path__startswith=unit.path) if unit else qs
    if filters.position_kind:
        qs = qs.filter(employee__position__kind=filters.position_kind)
    if filters.rank:
        qs = qs.filter(employee__rank_id=filters.rank)
    if filters.box:
        qs = qs.filter(final_box=filters.box)
    if filters.status == "confirmed":
        qs = qs.filter(confirmed_at__isnull=False)
    elif filters.status == "unconfirmed":
        qs = qs.filter(confirmed_at__isnull=True)
    return qs.order_by("employee__name", "employee_id")


def box_counts(placements: QuerySet[Placement]) -> dict[int, int]:
    """Return {box: count} over 1..9 for the (annotated) placements."""
    counts = dict.fromkeys(range(1, 10), 0)
    rows = placements.order_by().values("final_box").annotate(n=Count("id"))
    for row in rows:
        counts[row["final_box"]] = row["n"]
    return counts


@dataclass
class GridCell:
    box: int
    count: int
    description: str
    actions: list[str]
    color: str


BOX_COLORS = {
    9: "success",
    8: "success",
    7: "success",
    6: "warning",
    5: "info",
    4: "info",
    3: "warning",
    2: "warning",
    1: "danger",
}


def grid(counts: dict[int, int]) -> list[list[GridCell]]:
    """Return the 9-box as rows of cells, laid out as the regulation's table."""
    return [
        [
            GridCell(
                box,
                counts.get(box, 0),
                rules.box_description(box),
                rules.box_actions(box),
                BOX_COLORS[box],
            )
            for box in row
        ]
        for row in rules.GRID_ROWS
    ]


def previous_review(review: TalentReview) -> TalentReview | None:
    """The agency's latest closed review before this one (what it compares with)."""
    return (
        TalentReview.objects.filter(
            agency_id=review.agency_id, status=TalentReview.Status.CLOSED
        )
        .exclude(pk=review.pk)
        .filter(
            Q(year__lt=review.year)
            | Q(year=review.year, created_at__lt=review.created_at)
        )
        .order_by("-year", "-created_at", "-id")
        .first()
    )


@dataclass
class Transitions:
    previous: TalentReview | None
    matrix: dict[int, dict[int, int]] = field(default_factory=dict)
    moved_up: int = 0
    moved_down: int = 0
    stayed: int = 0
    new: int = 0

    @property
    def rows(self) -> list[tuple[int, list[int]]]:
        return [
            (b, [self.matrix.get(b, {}).get(a, 0) for a in range(1, 10)])
            for b in range(1, 10)
        ]


def transitions(
    *, user, review: TalentReview, filters: Filters | None = None
) -> Transitions:
    """How the visible people moved between the previous review and this one."""
    previous = previous_review(review)
    result = Transitions(previous)
    now = dict(
        placements_visible_to(user=user, review=review, filters=filters).values_list(
            "employee_id", "final_box"
        )
    )
    if previous is None:
        result.new = len(now)
        return result
    before = dict(
        placements_visible_to(
            user=user, review=previous, filters=Filters(status="confirmed")
        ).values_list("employee_id", "final_box")
    )
    for employee_id, box in now.items():
        old = before.get(employee_id)
        if old is None:
            result.new += 1
            continue
        result.matrix.setdefault(old, {}).setdefault(box, 0)
        result.matrix[old][box] += 1
        if box == old:
            result.stayed += 1
        elif _box_order(box) > _box_order(old):
            result.moved_up += 1
        else:
            result.moved_down += 1
    return result


def _box_order(box: int) -> int:
    return box  # the regulation numbers boxes from worst (1) to best (9)


def placement_get_visible_to(*, user, pk: int) -> Placement:
    """A placement the user may see: HR/leaders in scope, or the employee's own
    once confirmed."""
    placement = (
        Placement.objects.select_related(
            "review",
            "review__agency",
            "employee",
            "employee__org_unit",
            "employee__position",
            "employee__rank",
            "confirmed_by",
        )
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise NotFound()
    employee = placement.employee
    if can_view(user, employee) and not is_self(user, employee):
        return placement
    if is_self(user, employee) and has_perm(user, VIEW_OWN) and placement.is_confirmed:
        return placement
    raise NotFound()


def own_placements(*, employee: Employee) -> QuerySet[Placement]:
    """The employee's confirmed placements, newest first (what they may see)."""
    return (
        Placement.objects.filter(employee=employee, confirmed_at__isnull=False)
        .select_related("review")
        .order_by("-review__year", "-review__created_at")
    )


def latest_confirmed_boxes(employee_ids: Iterable[int]) -> dict[int, Placement]:
    """Return each employee's latest confirmed placement."""
    rows = (
        Placement.objects.filter(
            employee_id__in=list(employee_ids), confirmed_at__isnull=False
        )
        .select_related("review")
        .order_by("employee_id", "-review__year", "-confirmed_at", "-id")
    )
    result: dict[int, Placement] = {}
    for row in rows:
        result.setdefault(row.employee_id, row)
    return result


# --- potential inputs -------------------------------------------------------------


def latest_potential_inputs(employee_ids: Iterable[int]) -> dict[int, PotentialInput]:
    rows = PotentialInput.objects.filter(employee_id__in=list(employee_ids)).order_by(
        "employee_id", "-recorded_on", "-id"
    )
    result: dict[int, PotentialInput] = {}
    for row in rows:
        result.setdefault(row.employee_id, row)
    return result


def _sql_of(qs: QuerySet) -> Sql:
    text, params = qs.values("pk").query.sql_with_params()
    return Sql(text, tuple(params))


def latest_levels(
    employees: QuerySet[Employee], kinds: Iterable[str] | None = None
) -> dict[int, dict[int, int]]:
    """Return {employee id: {competency id: current level}} in one statement."""
    sql = latest_assessments_sql(_sql_of(employees))
    wanted = None
    if kinds is not None:
        wanted = set(
            Competency.objects.filter(kind__in=list(kinds)).values_list("pk", flat=True)
        )
    result: dict[int, dict[int, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        for _id, employee_id, competency_id, level, _on, _source in cursor.fetchall():
            if wanted is None or competency_id in wanted:
                result[employee_id][competency_id] = level
    return result


MANAGERIAL_KINDS = (Competency.Kind.MANAGERIAL, Competency.Kind.SOCIOCULTURAL)


def discipline_since(
    employee_ids: Iterable[int], since: dt.date
) -> dict[int, list[DisciplinaryRecord]]:
    result: dict[int, list[DisciplinaryRecord]] = defaultdict(list)
    for row in DisciplinaryRecord.objects.filter(
        employee_id__in=list(employee_ids)
    ).filter(
        Q(decided_on__gte=since) | Q(ends_on__isnull=True) | Q(ends_on__gte=since)
    ):
        result[row.employee_id].append(row)
    return result


def pending_discipline(employee_ids: Iterable[int], on: dt.date) -> set[int]:
    """Employees serving a disciplinary penalty on `on` (domain file §8.2)."""
    return set(
        DisciplinaryRecord.objects.filter(
            employee_id__in=list(employee_ids), decided_on__lte=on
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values_list("employee_id", flat=True)
    )


@dataclass
class PotentialFacts:
    score: Decimal | None
    level: str
    components: dict


def potential_facts(
    employees: QuerySet[Employee], *, config: TalentConfig, today: dt.date
) -> dict[int, PotentialFacts]:
    """Compute each employee's potential from the recorded inputs, in bulk."""
    ids = list(employees.values_list("pk", flat=True))
    inputs = latest_potential_inputs(ids)
    levels = latest_levels(employees, MANAGERIAL_KINDS)
    discipline = discipline_since(ids, rules.add_months(today, -24))
    weights = weights_of(config)
    result = {}
    for pk in ids:
        row = inputs.get(pk)
        competency = (
            row.assessment_score
            if row and row.assessment_score is not None
            else rules.competency_score(levels.get(pk, {}).values())
        )
        severities = [d.severity for d in discipline.get(pk, [])]
        components = {
            "competency": competency,
            "track_record": row.track_record_score if row else None,
            "qualification": row.qualification_score if row else None,
            "integrity": row.integrity_score if row else None,
        }
        score = rules.potential_score(**components, weights=weights)
        level = rules.potential_level(
            score, cutoff_middle=config.cutoff_middle, cutoff_high=config.cutoff_high
        )
        components = {
            k: (str(v) if v is not None else None) for k, v in components.items()
        }
        components["discipline"] = severities
        components["recorded_on"] = row.recorded_on.isoformat() if row else None
        result[pk] = PotentialFacts(score, level, components)
    return result


# --- succession ---------------------------------------------------------------------


def key_positions_visible_to(*, user) -> QuerySet[KeyPosition]:
    return KeyPosition.objects.filter(
        position__agency__in=agencies_for(user)
    ).select_related("position", "position__org_unit", "min_rank")


def key_position_get(*, user, pk: int) -> KeyPosition:
    found = key_positions_visible_to(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def leadership_done(employee_ids: Iterable[int]) -> dict[int, set[str]]:
    """Which leadership programmes each employee has in the JP ledger.

    Ledger entries of form 1 (Diklat Struktural, domain file §4.1) whose
    title names the programme (PKN I/II, PKA, PKP, or the Diklatpim they
    replace, §4.2).
    """
    from jenjang.development.models import LedgerEntry

    result: dict[int, set[str]] = defaultdict(set)
    rows = LedgerEntry.objects.filter(
        employee_id__in=list(employee_ids),
        form__siasn_code=1,
        kind=LedgerEntry.Kind.POSTING,
        reversal__isnull=True,
    ).values_list("employee_id", "title")
    for employee_id, title in rows:
        result[employee_id] |= rules.leadership_programmes_in(title)
    return result


@dataclass
class Candidate:
    employee: Employee
    placement: Placement
    readiness: rules.Readiness
    fit: Decimal | None


def succession_candidates(
    *, user, key_position: KeyPosition, today: dt.date | None = None
) -> list[Candidate]:
    """Rank the visible talent pool (boxes 7–9, confirmed) for a key position."""
    today = today or timezone.localdate()
    position = key_position.position
    employees = (
        visible_employees(user)
        .filter(agency_id=position.agency_id, is_active=True)
        .exclude(position=position)
    )
    placements = latest_confirmed_boxes(employees.values_list("pk", flat=True))
    pool = {
        pk: p
        for pk, p in placements.items()
        if (p.override_box or p.computed_box) in rules.POOL_BOXES
    }
    people = {
        e.pk: e
        for e in Employee.objects.filter(pk__in=pool).select_related(
            "rank", "position", "org_unit"
        )
    }
    required = requirements_for_positions([position.pk])[position.pk]
    levels = latest_levels(Employee.objects.filter(pk__in=pool))
    training = rules.required_leadership_training(position.kind)
    done = leadership_done(pool) if training else {}
    discipline = discipline_since(pool, rules.add_months(today, -24))
    facts = []
    for pk, employee in people.items():
        fit = rules.competency_fit(
            {c: r.required_level for c, r in required.items()}, levels.get(pk, {})
        )
        min_rank = key_position.min_rank
        facts.append(
            rules.CandidateFacts(
                employee_id=pk,
                box=pool[pk].box,
                fit=fit,
                rank_ok=min_rank is None
                or (
                    employee.rank.kind == min_rank.kind
                    and employee.rank.order >= min_rank.order
                ),
                years_in_grade=rules.years_between(employee.rank_tmt, today),
                training_required=training,
                training_done=bool(training and training in done.get(pk, set())),
                integrity_blocked=rules.integrity_blocks_pool(
                    d.severity for d in discipline.get(pk, [])
                ),
            )
        )
    fits = {f.employee_id: f.fit for f in facts}
    return [
        Candidate(people[r.employee_id], pool[r.employee_id], r, fits[r.employee_id])
        for r in rules.rank_candidates(facts)
    ]


def succession_plans_for(key_position: KeyPosition) -> QuerySet[SuccessionPlan]:
    return key_position.plans.prefetch_related("candidates__employee")


# --- promotion ------------------------------------------------------------------------


@dataclass
class ProgressRow:
    employee: Employee
    result: rules.ProgressResult
    predikat: str | None


@dataclass
class ProgressPage:
    rows: list[ProgressRow]
    total: int
    next_cursor: str | None = None


def _progress_sql(
    employees: Sql,
    *,
    today: dt.date,
    rule: PromotionRule,
    matching_only: bool,
    cursor: list | None,
    size: int | None,
) -> Sql:
    """The SQL form of `rules.significant_progress` over an agency's people.

    `employees` yields (id, name, latest predikat). Returns rows (id,
    evidence count, latest predikat, total) of the people with data (and,
    when `matching_only`, matching the rule), ordered by the evidence count
    (most first), the name and the id, after `cursor` and `size` at most.

    The rule's steps, per employee and managerial competency, over the
    assessments since the loading window (`window + 3` years) up to today:
    the level before is the latest at or before the window's start, else the
    first inside it; the level after is the latest; it counts when the
    latest is inside the window, is not the one before, and gains at least
    `min_level_gain`. The same for the assessment-centre scores (all dates up
    to today) with `min_score_gain`. The tests hold it equal to the rule.
    """
    adapt = connection.ops.adapt_datefield_value
    start = rules.add_months(today, -12 * rule.progress_window_years)
    load_start = rules.add_months(today, -12 * (rule.progress_window_years + 3))
    min_score = rule.progress_min_score_gain
    if connection.vendor != "postgresql":
        min_score = float(min_score)
    good = rules.predikat_values_at_least(rule.progress_min_predikat)
    good_marks = ", ".join(["%s"] * len(good)) or "NULL"
    assessment, competency = Assessment._meta.db_table, Competency._meta.db_table
    potential = PotentialInput._meta.db_table
    early = "CASE WHEN {d} <= %s THEN 1 ELSE 0 END"
    # Per series in date order, the early points (at or before the window's
    # start) come first: the one before is the last of them (row n_early),
    # else the first (row 1); the one after is the last (row n).
    pairs = """
        SELECT eid, MAX(CASE WHEN rn = n THEN v END) AS after_v,
            MAX(CASE WHEN rn = n THEN d END) AS after_d,
            MAX(CASE WHEN rn = CASE WHEN n_early > 0 THEN n_early ELSE 1 END
                THEN v END) AS before_v,
            MAX(n_early) AS n_early, MAX(n) AS n
        FROM pts GROUP BY eid, cid"""
    text = f"""
WITH emp (id, name, predikat) AS ({employees.text}),
pts AS (
    SELECT a.employee_id AS eid, a.competency_id AS cid, a.level AS v,
        a.assessed_on AS d,
        ROW_NUMBER() OVER (w ORDER BY a.assessed_on, a.id) AS rn,
        COUNT(*) OVER w AS n,
        SUM({early.format(d="a.assessed_on")}) OVER w AS n_early
    FROM {assessment} a JOIN {competency} c ON c.id = a.competency_id
    WHERE c.kind = %s AND a.assessed_on >= %s AND a.assessed_on <= %s
        AND a.employee_id IN (SELECT id FROM emp)
    WINDOW w AS (PARTITION BY a.employee_id, a.competency_id)
),
gains AS (
    SELECT eid, SUM(CASE WHEN after_d > %s AND (n_early > 0 OR n > 1)
        AND after_v - before_v >= %s THEN 1 ELSE 0 END) AS gained
    FROM ({pairs}) pairs GROUP BY eid
),
spts AS (
    SELECT p.employee_id AS eid, NULL AS cid, p.assessment_score AS v,
        p.recorded_on AS d,
        ROW_NUMBER() OVER (w ORDER BY p.recorded_on) AS rn,
        COUNT(*) OVER w AS n,
        SUM({early.format(d="p.recorded_on")}) OVER w AS n_early
    FROM {potential} p
    WHERE p.assessment_score IS NOT NULL AND p.recorded_on <= %s
        AND p.employee_id IN (SELECT id FROM emp)
    WINDOW w AS (PARTITION BY p.employee_id)
),
scores AS (
    SELECT eid, CASE WHEN after_d > %s AND (n_early > 0 OR n > 1)
        AND ROUND(after_v - before_v, 2) >= %s THEN 1 ELSE 0 END AS ok
    FROM ({pairs.replace("pts", "spts")}) pairs
),
found AS (
    SELECT emp.id, emp.name, emp.predikat,
        COALESCE(g.gained, 0) + COALESCE(s.ok, 0) AS evidence,
        CASE WHEN (COALESCE(g.gained, 0) >= %s OR COALESCE(s.ok, 0) = 1)
            AND emp.predikat IN ({good_marks}) THEN 1 ELSE 0 END AS matches
    FROM emp
    LEFT JOIN gains g ON g.eid = emp.id
    LEFT JOIN scores s ON s.eid = emp.id
    WHERE EXISTS (
        SELECT 1 FROM {assessment} a JOIN {competency} c ON c.id = a.competency_id
        WHERE a.employee_id = emp.id AND c.kind = %s AND a.assessed_on >= %s
    ) OR EXISTS (
        SELECT 1 FROM {potential} p
        WHERE p.employee_id = emp.id AND p.assessment_score IS NOT NULL
    )
),
counted AS (
    SELECT id, name, predikat, evidence, COUNT(*) OVER () AS total
    FROM found {"WHERE matches = 1" if matching_only else ""}
)
SELECT id, evidence, predikat, total FROM counted
"""
    s, t, ld = adapt(start), adapt(today), adapt(load_start)
    kind = Competency.Kind.MANAGERIAL
    params = [
        *employees.params,
        *(s, kind, ld, t),  # pts
        s,
        rule.progress_min_level_gain,  # gains
        *(s, t),  # spts
        s,
        min_score,  # scores
        rule.progress_min_competencies,
        *good,
        kind,
        ld,  # found
    ]
    if cursor is not None:
        text += " WHERE evidence < %s OR (evidence = %s AND (name > %s"
        text += " OR (name = %s AND id > %s)))"
        evidence, name, pk = cursor
        params += [evidence, evidence, name, name, pk]
    text += " ORDER BY evidence DESC, name, id"
    if size is not None:
        text += " LIMIT %s"
        params.append(size + 1)
    return Sql(text, tuple(params))


def _progress_cursor(cursor: str | None) -> list | None:
    """Decode a page cursor: [evidence count, name, id], or refuse it."""
    from jenjang.core.pagination import _bad_cursor, decode_cursor

    if not cursor:
        return None
    values = decode_cursor(cursor)
    if (
        len(values) != 3
        or type(values[0]) is not int
        or not 0 <= values[0] <= 1000
        or not isinstance(values[1], str)
        or "\x00" in values[1]
        or type(values[2]) is not int
        or not 0 <= values[2] < 2**63
    ):
        raise _bad_cursor()
    try:
        values[1].encode()
    except UnicodeEncodeError:
        raise _bad_cursor() from None
    return values


def progress_page(
    *,
    user,
    agency: Agency,
    today: dt.date | None = None,
    matching_only: bool = True,
    cursor: str | None = None,
    size: int | None = 50,
) -> ProgressPage:
    """Employees showing significant managerial progress, with the evidence.

    The agency's rule (`rules.significant_progress`) runs in the database
    (`_progress_sql`): who matches, how much evidence each has, the order
    (most evidence first, then by name) and the page. Only the page's people
    are loaded, and their evidence comes from the rule itself, so a national
    agency is never loaded into memory. `size=None` returns every row.
    """
    from jenjang.core.pagination import MAX_PAGE_SIZE, encode_cursor

    today = today or timezone.localdate()
    if size is not None:
        size = max(1, min(int(size), MAX_PAGE_SIZE))
    after = _progress_cursor(cursor)
    rule = promotion_rule_for(agency)
    last_year = today.year - 1
    employees = (
        visible_employees(user)
        .filter(agency=agency, is_active=True)
        .annotate(
            latest_predikat=Coalesce(
                predikat_subquery(today.year), predikat_subquery(last_year)
            )
        )
        .order_by()
        .values_list("pk", "name", "latest_predikat")
    )
    text, params = employees.query.sql_with_params()
    sql = _progress_sql(
        Sql(text, tuple(params)),
        today=today,
        rule=rule,
        matching_only=matching_only,
        cursor=after,
        size=size,
    )
    with transaction.atomic(), connection.cursor() as db:
        if connection.vendor == "postgresql":
            # The planner's estimate for the per-employee predikat lookups
            # overshoots, so PostgreSQL JIT-compiles the statement: 1.3 s of
            # compiling for 0.6 s of work at an agency of 19,528
            # (docs/benchmarks.md, "Talent review").
            db.execute("SET LOCAL jit = off")
        db.execute(sql.text, sql.params)
        found = db.fetchall()
    total = found[0][3] if found else 0
    has_next = size is not None and len(found) > size
    found = found[:size] if size is not None else found
    rows = _progress_rows(found, today=today, rule=rule)
    next_cursor = None
    if has_next and rows:
        last = rows[-1]
        next_cursor = encode_cursor(
            [len(last.result.evidence), last.employee.name, last.employee.pk]
        )
    return ProgressPage(rows=rows, total=total, next_cursor=next_cursor)


def _progress_rows(found: list, *, today: dt.date, rule) -> list[ProgressRow]:
    """The evidence of the page's people, from the rule (a fixed number of queries)."""
    ids = [row[0] for row in found]
    if not ids:
        return []
    start = rules.add_months(today, -12 * (rule.progress_window_years + 3))
    points: dict[int, list[rules.AssessmentPoint]] = defaultdict(list)
    for a in (
        Assessment.objects.filter(
            employee_id__in=ids,
            competency__kind=Competency.Kind.MANAGERIAL,
            assessed_on__gte=start,
        )
        .select_related("competency")
        .order_by("assessed_on", "id")
    ):
        points[a.employee_id].append(
            rules.AssessmentPoint(
                a.competency_id, a.competency.name, a.level, a.assessed_on, a.source
            )
        )
    scores: dict[int, list] = defaultdict(list)
    for pk, on, score in PotentialInput.objects.filter(
        employee_id__in=ids, assessment_score__isnull=False
    ).values_list("employee_id", "recorded_on", "assessment_score"):
        scores[pk].append((on, score))
    people = Employee.objects.select_related("position", "org_unit", "rank").in_bulk(
        ids
    )
    rows = []
    for pk, _evidence, latest, _total in found:
        result = rules.significant_progress(
            points=points.get(pk, []),
            score_points=scores.get(pk, []),
            predikat=latest,
            today=today,
            window_years=rule.progress_window_years,
            min_competencies=rule.progress_min_competencies,
            min_level_gain=rule.progress_min_level_gain,
            min_score_gain=rule.progress_min_score_gain,
            min_predikat=rule.progress_min_predikat,
        )
        rows.append(ProgressRow(people[pk], result, latest))
    return rows


def progress_candidates(
    *, user, agency: Agency, today: dt.date | None = None, matching_only: bool = True
) -> list[ProgressRow]:
    """Every employee showing significant managerial progress (`progress_page`)."""
    return progress_page(
        user=user, agency=agency, today=today, matching_only=matching_only, size=None
    ).rows


@dataclass
class EligibilityRow:
    employee: Employee
    next_rank: Rank | None
    result: rules.Eligibility


@dataclass
class EligibilityPage:
    period: dt.date
    eligible_count: int
    total: int
    rows: list[EligibilityRow]
    next_cursor: str | None = None


# The atasan langsung is the holder of the nearest filled position up the
# reporting line (people.selectors.employee_supervisor); in SQL the line is
# followed this many positions up (three vacancies in a row end the search).
SUPERVISOR_DEPTH = 4


def _holder_rank_order(depth: int) -> Subquery:
    ref = "position__" + "reports_to__" * (depth - 1) + "reports_to_id"
    return Subquery(
        Employee.objects.filter(position_id=OuterRef(ref), is_active=True)
        .exclude(pk=OuterRef("pk"))
        .order_by("position_tmt", "id")
        .values("rank__order")[:1]
    )


def rank_eligibility_queryset(
    *, user, agency: Agency, period: dt.date, rule: PromotionRule
) -> QuerySet[Employee]:
    """The visible PNS of the agency with each rank-promotion fact computed in SQL.

    Annotations: `next_rank_order`/`next_rank_code`, `predikat_before` and
    `predikat_last` (the two years before the period, from the performance
    area), `ceiling_order` (the education ceiling), `supervisor_rank_order`,
    `pending_discipline` and `eligible`. `eligible` is the SQL form of
    `rules.rank_promotion_eligibility` (domain file §8.2); the tests hold
    the two equal, condition by condition. Nothing is loaded into Python.
    """
    from jenjang.performance.selectors import annual_predikat_subquery

    next_rank = (
        Rank.objects.filter(kind=Rank.Kind.PNS, kind__exact=OuterRef("rank__kind"))
        .filter(order__gt=OuterRef("rank__order"))
        .order_by("order")
    )
    orders = dict(
        Rank.objects.filter(
            kind=Rank.Kind.PNS, code__in=list(rule.education_ceiling.values())
        ).values_list("code", "order")
    )
    whens = [
        When(education_level=level, then=Value(orders[code]))
        for level, code in rule.education_ceiling.items()
        if code in orders
    ]
    ceiling = (
        Case(*whens, default=None, output_field=IntegerField())
        if whens
        else Value(None, output_field=IntegerField())
    )
    pending = DisciplinaryRecord.objects.filter(
        employee_id=OuterRef("pk"), decided_on__lte=period
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period))
    good = rules.predikat_values_at_least(Predikat.BAIK)
    latest_tmt = rules.latest_rank_tmt(period, rule.min_years_in_grade)
    return (
        visible_employees(user)
        .filter(agency=agency, is_active=True, kind=Employee.Kind.PNS)
        .annotate(
            next_rank_order=Subquery(next_rank.values("order")[:1]),
            next_rank_code=Subquery(next_rank.values("code")[:1]),
            predikat_before=annual_predikat_subquery(year=period.year - 2),
            predikat_last=annual_predikat_subquery(year=period.year - 1),
            ceiling_order=ceiling,
            supervisor_rank_order=Coalesce(
                *(_holder_rank_order(d) for d in range(1, SUPERVISOR_DEPTH + 1))
            ),
            pending_discipline=Exists(pending),
        )
        .annotate(
            eligible=ExpressionWrapper(
                Q(next_rank_order__isnull=False)
                & Q(rank_tmt__lte=latest_tmt)
                # Guarded against NULL so `eligible` is never unknown.
                & Q(predikat_before__isnull=False, predikat_before__in=good)
                & Q(predikat_last__isnull=False, predikat_last__in=good)
                & (
                    Q(ceiling_order__isnull=True)
                    | Q(next_rank_order__lte=F("ceiling_order"))
                )
                & (
                    Q(supervisor_rank_order__isnull=True)
                    | Q(next_rank_order__lte=F("supervisor_rank_order"))
                )
                & Q(pending_discipline=False),
                output_field=BooleanField(),
            )
        )
    )


def _eligibility_row(e: Employee, period: dt.date, rule: PromotionRule, ranks):
    facts = rules.RankFacts(
        kind=e.kind,
        rank_order=e.rank.order,
        rank_tmt=e.rank_tmt,
        next_rank_order=e.next_rank_order,
        next_rank_code=e.next_rank_code or "",
        ceiling_order=e.ceiling_order,
        supervisor_rank_order=e.supervisor_rank_order,
        predikat_by_year={
            year: p
            for year, p in (
                (period.year - 2, e.predikat_before),
                (period.year - 1, e.predikat_last),
            )
            if p
        },
        pending_discipline=e.pending_discipline,
    )
    result = rules.rank_promotion_eligibility(
        facts, period=period, min_years_in_grade=rule.min_years_in_grade
    )
    return EligibilityRow(e, ranks.get(e.next_rank_order), result)


def rank_eligibility(
    *,
    user,
    agency: Agency,
    today: dt.date | None = None,
    eligible: bool = True,
    cursor: str | None = None,
    size: int = 50,
) -> EligibilityPage:
    """Who becomes eligible for a regular rank promotion in the next period.

    One page (by name) of the eligible people, or of the others with what is
    missing; the counts and the filter run in the database, so a national
    agency is never loaded into memory. The reasons of the page's rows come
    from `rules.rank_promotion_eligibility`.
    """
    from jenjang.core.pagination import keyset_page

    today = today or timezone.localdate()
    rule = promotion_rule_for(agency)
    period = rules.next_promotion_period(today, rule.kp_months)
    qs = rank_eligibility_queryset(user=user, agency=agency, period=period, rule=rule)
    counts = qs.aggregate(
        total=Count("pk"), eligible_count=Count("pk", filter=Q(eligible=True))
    )
    page = keyset_page(
        qs.filter(eligible=eligible).select_related("rank", "position", "org_unit"),
        order=("name", "id"),
        cursor=cursor,
        size=size,
    )
    ranks = {r.order: r for r in Rank.objects.filter(kind=Rank.Kind.PNS)}
    return EligibilityPage(
        period=period,
        eligible_count=counts["eligible_count"],
        total=counts["total"],
        rows=[_eligibility_row(e, period, rule, ranks) for e in page.items],
        next_cursor=page.next_cursor,
    )


def decisions_visible_to(*, user, employee: Employee | None = None):
    qs = PromotionDecision.objects.filter(
        employee__in=visible_employees(user)
    ).select_related("employee", "decided_by")
    if employee is not None:
        qs = qs.filter(employee=employee)
    return qs


# --- remedial ---------------------------------------------------------------------------


def remedial_visible_to(*, user, status: str = "") -> QuerySet[RemedialPlan]:
    """Remedial plans of the people the user may see (HR, leaders, supervisor)."""
    qs = (
        RemedialPlan.objects.filter(employee__in=visible_employees(user))
        .select_related("employee", "employee__org_unit", "confirmed_by")
        .prefetch_related("activities")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def remedial_get(*, user, pk: int) -> RemedialPlan:
    plan = (
        RemedialPlan.objects.select_related(
            "employee", "employee__org_unit", "employee__position", "development_plan"
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise NotFound()
    if is_self(user, plan.employee) and has_perm(user, VIEW_OWN):
        return plan
    if not can_view(user, plan.employee):
        raise NotFound()
    return plan


def performance_plan_holders(employee_ids: Iterable[int], year: int) -> set[int]:
    """Employees already under the performance area's improvement plan for `year`.

    One plan per triggering evaluation (docs/talent.md): the performance area
    opens its plan when a final predikat below Baik is given (PP 30/2019
    Pasal 56–58). An employee whose evaluation of `year` has that plan, or
    who has one still running, gets no talent remedial plan besides it.
    """
    from jenjang.performance.models import ImprovementPlan
    from jenjang.performance.selectors import improvement_plans_for

    ids = list(employee_ids)
    if not ids:
        return set()
    return {
        p.employee_id
        for p in improvement_plans_for(ids)
        if p.evaluation.year == year or p.status == ImprovementPlan.Status.OPEN
    }


def performance_plans_visible_to(*, user) -> QuerySet:
    """The performance area's improvement plans of the people the user may see."""
    from jenjang.performance.models import ImprovementPlan
    from jenjang.performance.selectors import improvement_plans_visible_to

    return (
        improvement_plans_visible_to(user=user)
        .filter(employee__in=visible_employees(user))
        .exclude(status=ImprovementPlan.Status.CANCELLED)
        .select_related("employee__org_unit")
    )


def performance_plans_of(*, user, employee: Employee) -> QuerySet:
    """One employee's improvement plans from the performance area that the user
    may open there (the performance area's own visibility)."""
    from jenjang.performance.selectors import improvement_plans_visible_to

    return improvement_plans_visible_to(user=user).filter(employee=employee)


# The performance area's plan stages in the talent pipeline's terms.
PERFORMANCE_STAGE = {
    "open": RemedialPlan.Status.IN_PROGRESS,
    "improved": RemedialPlan.Status.IMPROVED,
    "not_improved": RemedialPlan.Status.NOT_IMPROVED,
}


def remedial_pipeline(*, user) -> dict[str, int]:
    """Counts per stage: talent's remedial plans and performance's plans together."""
    counts = dict.fromkeys(RemedialPlan.Status.values, 0)
    for row in (
        remedial_visible_to(user=user)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    ):
        counts[row["status"]] = row["n"]
    for row in (
        performance_plans_visible_to(user=user)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    ):
        stage = PERFORMANCE_STAGE.get(row["status"])
        if stage:
            counts[stage] += row["n"]
    return counts


# --- career path -------------------------------------------------------------------------

# One level up the managerial ladder, and for functional levels (domain file §5).
NEXT_KIND = {
    "pelaksana": "pengawas",
    "pengawas": "administrator",
    "administrator": "jpt_pratama",
    "jpt_pratama": "jpt_madya",
    "jpt_madya": "jpt_utama",
}
NEXT_FUNCTIONAL = {
    "ahli_pertama": "ahli_muda",
    "ahli_muda": "ahli_madya",
    "ahli_madya": "ahli_utama",
    "pemula": "terampil",
    "terampil": "mahir",
    "mahir": "penyelia",
}
MAX_PATHS = 6


@dataclass
class PathGap:
    competency: Competency
    required: int
    current: int | None

    @property
    def gap(self) -> int:
        return self.required - (self.current or 0)


@dataclass
class CareerStep:
    position: Position
    move: str  # "up" or "lateral"
    gaps: list[PathGap]
    fit: Decimal | None
    steps: list = field(default_factory=list)


def career_paths(*, employee: Employee) -> list[CareerStep]:
    """Positions the employee could move to next, the gaps and steps to each.

    Same job family (rumpun jabatan): one level up the managerial ladder or
    the functional levels, or lateral (same kind and level, another unit).
    """
    from jenjang.competencies.selectors import Gap
    from jenjang.development.recommendations import recommend_for

    position = employee.position
    up = Q(kind=NEXT_KIND.get(position.kind, "-"))
    if position.kind == "fungsional":
        up = Q(
            kind="fungsional",
            functional_level=NEXT_FUNCTIONAL.get(position.functional_level, "-"),
        )
    lateral = Q(kind=position.kind, functional_level=position.functional_level)
    family = Q(job_field_id=position.job_field_id) if position.job_field_id else Q()
    candidates = list(
        Position.objects.filter(agency_id=employee.agency_id, is_active=True)
        .filter(family)
        .filter(up | lateral)
        .exclude(pk=position.pk)
        .select_related("org_unit")
        .annotate(up=ExpressionWrapper(up, output_field=BooleanField()))
        .order_by("-up", "title", "pk")[: MAX_PATHS * 3]
    )
    requirements = requirements_for_positions([p.pk for p in candidates])
    current = latest_levels(Employee.objects.filter(pk=employee.pk)).get(
        employee.pk, {}
    )
    competencies = Competency.objects.in_bulk(
        {c for reqs in requirements.values() for c in reqs}
    )
    steps = []
    for target in candidates:
        reqs = requirements.get(target.pk, {})
        gaps = [
            PathGap(competencies[c], r.required_level, current.get(c))
            for c, r in reqs.items()
            if current.get(c) is None or current[c] < r.required_level
        ]
        gaps.sort(key=lambda g: (-g.gap, g.competency.name))
        fit = rules.competency_fit(
            {c: r.required_level for c, r in reqs.items()}, current
        )
        steps.append(
            CareerStep(target, "up" if target.up else "lateral", gaps, fit, [])
        )
    steps.sort(key=lambda s: (s.move != "up", len(s.gaps), s.position.title))
    steps = steps[:MAX_PATHS]
    for step in steps[:3]:
        gap_rows = [
            Gap(
                competency=g.competency,
                required_level=g.required,
                source="talent",
                current_level=g.current if g.current is not None else 0,
            )
            for g in step.gaps[:3]
        ]
        step.steps = recommend_for(employee, gaps=gap_rows)[:4] if gap_rows else []
    return steps


def employee_talent_summary(*, employee: Employee) -> dict:
    """The employee's own latest confirmed placement with its reasons."""
    placement = own_placements(employee=employee).first()
    if placement is None:
        return {"placement": None}
    return {
        "placement": placement,
        "description": rules.box_description(placement.box),
        "actions": rules.box_actions(placement.box),
        "pools": rules.talent_pools(placement.box),
    }


def ranks() -> QuerySet[Rank]:
    return Rank.objects.order_by("kind", "order")


def annotate_final_box(qs: QuerySet[Placement]) -> QuerySet[Placement]:
    return qs.annotate(final_box=Coalesce("override_box", F("computed_box")))
