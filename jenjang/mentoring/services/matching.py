"""The exact optimum of a matching round: candidates, then an assignment.

Every mentor with `free` open slots becomes `free` columns; the k-th column
carries the load points of a k-th new mentee (decreasing, see
`rules.load_fit`). Each mentee also gets a "stays unmatched" column worth 0,
so a mentee without an admissible mentor stays unmatched and the problem is
always feasible. Maximising the total fit over this bipartite graph is an
assignment problem, solved exactly:

- small instances: `scipy.optimize.linear_sum_assignment` on the dense
  matrix (inadmissible pairs get a prohibitive value);
- large ones: `scipy.sparse.csgraph.min_weight_full_bipartite_matching` on
  the sparse graph of admissible pairs only (LAPJVsp), with costs
  `top − value` so every edge weight stays positive.

Capacity cannot be exceeded: a mentor has exactly `free` columns.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from jenjang.mentoring.services.rules import (
    Mentee,
    Mentor,
    Policy,
    admissible,
    base_breakdown,
    scale,
    slot_points,
)

DENSE_LIMIT = 2_000_000  # cells; above it the sparse solver is used
PROHIBITIVE = -1e9

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Candidate:
    row: int  # mentee index
    col: int  # mentor index
    base: float  # fit points without the load component


@dataclass(frozen=True)
class Assignment:
    row: int
    col: int
    slot: int
    score: float
    breakdown: dict[str, float]


@dataclass(frozen=True)
class Result:
    pairs: list[Assignment]
    unmatched: list[int]
    total: float
    candidates: int


def candidates(
    mentees: Sequence[Mentee], mentors: Sequence[Mentor], policy: Policy
) -> list[Candidate]:
    """Return every admissible pair with its base points.

    Only mentors sharing a competency or a job field with the mentee are
    looked at (an inverted index), since `rule_relevant` rules out the rest;
    this keeps a national round from testing every mentee against every mentor.
    """
    by_competency: dict[int, list[int]] = defaultdict(list)
    by_field: dict[int, list[int]] = defaultdict(list)
    for j, mentor in enumerate(mentors):
        if mentor.free <= 0:
            continue
        for competency in mentor.strengths:
            by_competency[competency].append(j)
        for job_field in mentor.fields:
            by_field[job_field].append(j)
    found: list[Candidate] = []
    points = scale(policy)
    for i, mentee in enumerate(mentees):
        near: set[int] = set()
        for competency in mentee.needs:
            near.update(by_competency.get(competency, ()))
        if mentee.job_field_id is not None:
            near.update(by_field.get(mentee.job_field_id, ()))
        for j in sorted(near):
            mentor = mentors[j]
            if admissible(mentee, mentor, policy):
                parts = base_breakdown(mentee, mentor, policy, points)
                found.append(Candidate(i, j, sum(parts.values())))
    return found


def solve(
    n_mentees: int,
    slots: Sequence[Sequence[float]],
    edges: Sequence[Candidate],
    *,
    force_sparse: bool | None = None,
) -> tuple[dict[int, tuple[int, int]], float]:
    """Return ({row: (mentor index, slot)}, total) maximising the total value.

    `slots[j]` lists the extra points of mentor j's free slots; an edge's
    value in slot k is `edge.base + slots[j][k]`.
    """
    offsets = np.zeros(len(slots) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(s) for s in slots])
    n_slot_cols = int(offsets[-1])
    if n_mentees == 0 or not edges or n_slot_cols == 0:
        return {}, 0.0
    rows, cols, values = _expand(edges, slots, offsets)
    n_cols = n_slot_cols + n_mentees
    dense = (
        n_mentees * n_cols <= DENSE_LIMIT if force_sparse is None else not force_sparse
    )
    if dense:
        matrix = np.full((n_mentees, n_cols), PROHIBITIVE)
        matrix[:, n_slot_cols:] = 0.0
        matrix[rows, cols] = values
        r, c = linear_sum_assignment(matrix, maximize=True)
    else:
        top = float(values.max()) + 1.0
        dummy_rows = np.arange(n_mentees)
        graph = csr_matrix(
            (
                np.concatenate([top - values, np.full(n_mentees, top)]),
                (
                    np.concatenate([rows, dummy_rows]),
                    np.concatenate([cols, n_slot_cols + dummy_rows]),
                ),
            ),
            shape=(n_mentees, n_cols),
        )
        r, c = min_weight_full_bipartite_matching(graph)
    return _decode(r, c, offsets, slots, edges, n_slot_cols)


def _expand(edges, slots, offsets):
    counts = np.array([len(slots[e.col]) for e in edges], dtype=np.int64)
    size = int(counts.sum())
    rows = np.repeat(np.array([e.row for e in edges], dtype=np.int64), counts)
    base = np.repeat(np.array([e.base for e in edges]), counts)
    starts = np.repeat(offsets[[e.col for e in edges]], counts)
    within = np.arange(size) - np.repeat(np.cumsum(counts) - counts, counts)
    flat_points = np.concatenate([np.asarray(s, dtype=float) for s in slots if len(s)])
    cols = starts + within
    return rows, cols, base + flat_points[cols]


def _decode(r, c, offsets, slots, edges, n_slot_cols):
    base = {(e.row, e.col): e.base for e in edges}
    chosen: dict[int, tuple[int, int]] = {}
    total = 0.0
    for row, col in zip(r.tolist(), c.tolist(), strict=True):
        if col >= n_slot_cols:
            continue
        mentor = int(np.searchsorted(offsets, col, side="right") - 1)
        slot = col - int(offsets[mentor])
        value = base.get((row, mentor))
        if value is None:  # a prohibitive cell: cannot be optimal, never kept
            continue
        chosen[row] = (mentor, slot)
        total += value + slots[mentor][slot]
    return chosen, total


def optimal_round(
    mentees: Sequence[Mentee],
    mentors: Sequence[Mentor],
    policy: Policy,
    *,
    progress: Progress | None = None,
    force_sparse: bool | None = None,
) -> Result:
    """Find the admissible pairs and the assignment of maximum total fit."""
    report = progress or (lambda _p, _m: None)
    report(20, "candidates")
    edges = candidates(mentees, mentors, policy)
    report(50, "solving")
    slots = [slot_points(m, policy) for m in mentors]
    chosen, total = solve(len(mentees), slots, edges, force_sparse=force_sparse)
    report(80, "decoding")
    pairs = []
    for row, (col, slot) in sorted(chosen.items()):
        # Only the chosen pairs keep their breakdown ("why this mentor").
        parts = base_breakdown(mentees[row], mentors[col], policy)
        parts["load"] = slots[col][slot]
        pairs.append(Assignment(row, col, slot, sum(parts.values()), parts))
    unmatched = [i for i in range(len(mentees)) if i not in chosen]
    return Result(pairs, unmatched, total, len(edges))
