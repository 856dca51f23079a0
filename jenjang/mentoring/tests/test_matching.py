"""The round's assignment is the exact optimum: checked against brute force.

The brute force enumerates every way to give each mentee one admissible
mentor or none, within capacity, and scores it from the rule functions
directly (load points summed per mentor as 0..n−1 slots). It shares no code
with the solver beyond the score components themselves.
"""

import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jenjang.mentoring.services import matching
from jenjang.mentoring.services.rules import (
    Mentee,
    Mentor,
    Policy,
    admissible,
    base_breakdown,
    load_fit,
)

COMPETENCIES = [1, 2, 3, 4]
FIELDS = [10, 11]


@st.composite
def mentees(draw, key):
    needs = draw(
        st.dictionaries(
            st.sampled_from(COMPETENCIES), st.integers(1, 5), min_size=0, max_size=3
        )
    )
    return Mentee(
        key=key,
        employee_id=key,
        unit_id=draw(st.integers(1, 3)),
        rank_order=draw(st.one_of(st.none(), st.integers(1, 8))),
        level=draw(st.integers(1, 3)),
        supervisor_position_id=draw(st.one_of(st.none(), st.integers(500, 502))),
        job_field_id=draw(st.one_of(st.none(), st.sampled_from(FIELDS))),
        needs=needs,
        unit_preference=draw(st.sampled_from(["any", "same", "other"])),
        mode=draw(st.sampled_from(["any", "online", "offline"])),
    )


@st.composite
def mentors(draw, key):
    capacity = draw(st.integers(1, 3))
    return Mentor(
        key=key,
        employee_id=100 + key,
        unit_id=draw(st.integers(1, 3)),
        rank_order=draw(st.one_of(st.none(), st.integers(3, 14))),
        level=draw(st.integers(1, 5)),
        position_id=draw(st.sampled_from([500, 501, 502, 503])),
        job_field_id=draw(st.one_of(st.none(), st.sampled_from(FIELDS))),
        fields=frozenset(draw(st.sets(st.sampled_from(FIELDS), max_size=2))),
        strengths=draw(
            st.dictionaries(
                st.sampled_from(COMPETENCIES), st.integers(1, 5), max_size=3
            )
        ),
        capacity=capacity,
        load=draw(st.integers(0, capacity)),
        available=draw(st.booleans().filter(lambda _: True)),
        mode=draw(st.sampled_from(["any", "online", "offline"])),
    )


@st.composite
def instances(draw):
    n_mentees = draw(st.integers(1, 5))
    n_mentors = draw(st.integers(1, 3))
    mentee_list = [draw(mentees(i)) for i in range(n_mentees)]
    mentor_list = [draw(mentors(j)) for j in range(n_mentors)]
    weights = {
        name: draw(st.integers(0, 10))
        for name in ("coverage", "field", "seniority", "unit", "load")
    }
    pairs = [(m.employee_id, t.employee_id) for m in mentee_list for t in mentor_list]
    forbidden = draw(st.sets(st.sampled_from(pairs), max_size=2)) if pairs else set()
    policy = Policy(
        min_rank_gap=draw(st.integers(0, 2)),
        max_rank_gap=draw(st.integers(2, 8)),
        allow_supervisor=draw(st.booleans()),
        weights=weights,
        forbidden=frozenset(forbidden),
    )
    return mentee_list, mentor_list, policy


def brute_force(mentee_list, mentor_list, policy) -> float:
    """Best total over every capacity-respecting assignment, by enumeration."""
    total_weight = sum(policy.weights.values()) or 1
    load_scale = 100.0 * policy.weights["load"] / total_weight
    options = []
    for mentee in mentee_list:
        choices = [None] + [
            j for j, t in enumerate(mentor_list) if admissible(mentee, t, policy)
        ]
        options.append(choices)
    best = 0.0
    for combo in itertools.product(*options):
        counts = Counter(j for j in combo if j is not None)
        if any(n > mentor_list[j].free for j, n in counts.items()):
            continue
        value = sum(
            sum(base_breakdown(mentee_list[i], mentor_list[j], policy).values())
            for i, j in enumerate(combo)
            if j is not None
        )
        for j, n in counts.items():
            value += sum(load_scale * load_fit(mentor_list[j], k) for k in range(n))
        best = max(best, value)
    return best


@pytest.mark.parametrize("sparse", [False, True])
@given(instance=instances())
def test_round_reaches_the_brute_force_optimum(instance, sparse):
    mentee_list, mentor_list, policy = instance
    result = matching.optimal_round(
        mentee_list, mentor_list, policy, force_sparse=sparse
    )
    assert result.total == pytest.approx(
        brute_force(mentee_list, mentor_list, policy), abs=1e-6
    )
    assert sum(p.score for p in result.pairs) == pytest.approx(result.total, abs=1e-6)


@given(instance=instances())
def test_capacity_is_never_exceeded_and_every_pair_is_admissible(instance):
    mentee_list, mentor_list, policy = instance
    result = matching.optimal_round(mentee_list, mentor_list, policy)
    counts = Counter(p.col for p in result.pairs)
    for j, n in counts.items():
        assert n <= mentor_list[j].free
        assert mentor_list[j].load + n <= mentor_list[j].capacity
    for pair in result.pairs:
        assert admissible(mentee_list[pair.row], mentor_list[pair.col], policy)
    rows = [p.row for p in result.pairs]
    assert len(rows) == len(set(rows))
    assert sorted(rows + result.unmatched) == list(range(len(mentee_list)))


def _mentee(key, **kw):
    base = dict(
        key=key,
        employee_id=key,
        unit_id=1,
        rank_order=5,
        level=1,
        supervisor_position_id=None,
        job_field_id=10,
        needs={1: 3},
    )
    base.update(kw)
    return Mentee(**base)


def _mentor(key, **kw):
    base = dict(
        key=key,
        employee_id=100 + key,
        unit_id=2,
        rank_order=8,
        level=3,
        position_id=900 + key,
        job_field_id=10,
        fields=frozenset({10}),
        strengths={1: 4},
        capacity=1,
    )
    base.update(kw)
    return Mentor(**base)


def test_greedy_would_be_wrong_the_optimum_is_not():
    # Mentee 0 fits both mentors, best with A; mentee 1 fits only A. Greedy
    # by best pair gives A to mentee 0 and leaves mentee 1 unmatched.
    mentee_a = _mentee(1, needs={1: 3, 2: 3})
    mentee_b = _mentee(2, needs={1: 3})
    mentor_a = _mentor(1, strengths={1: 4, 2: 4})
    mentor_b = _mentor(2, strengths={2: 4}, fields=frozenset())
    policy = Policy()
    result = matching.optimal_round([mentee_a, mentee_b], [mentor_a, mentor_b], policy)
    assert {(p.row, p.col) for p in result.pairs} == {(0, 1), (1, 0)}
    assert result.unmatched == []


def test_a_mentee_without_admissible_mentor_stays_unmatched():
    mentee = _mentee(1, needs={3: 2}, job_field_id=11)
    result = matching.optimal_round([mentee], [_mentor(1)], Policy())
    assert result.pairs == []
    assert result.unmatched == [0]
    assert result.total == 0


def test_load_points_spread_mentees_when_weighted():
    mentees_ = [_mentee(1), _mentee(2)]
    mentors_ = [_mentor(1, capacity=2), _mentor(2, capacity=2)]
    policy = Policy(
        weights={"coverage": 0, "field": 0, "seniority": 0, "unit": 0, "load": 1}
    )
    result = matching.optimal_round(mentees_, mentors_, policy)
    assert sorted(p.col for p in result.pairs) == [0, 1]
    assert all(p.breakdown["load"] == pytest.approx(100.0) for p in result.pairs)


def lp_optimum(mentee_list, mentor_list, policy) -> float:
    """The same optimum by linear programming (HiGHS), written independently.

    Every admissible (mentee, mentor slot) pair is a variable in [0, 1]; each
    mentee and each slot is used at most once. The bipartite matching polytope
    is integral, so the LP optimum is the assignment optimum.
    """
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    total_weight = sum(policy.weights.values()) or 1
    load_scale = 100.0 * policy.weights["load"] / total_weight
    values, rows, slots = [], [], []
    slot_ids = {}
    for i, mentee in enumerate(mentee_list):
        for j, mentor in enumerate(mentor_list):
            if not admissible(mentee, mentor, policy):
                continue
            base = sum(base_breakdown(mentee, mentor, policy).values())
            for k in range(mentor.capacity - mentor.load):
                values.append(base + load_scale * load_fit(mentor, k))
                rows.append(i)
                slots.append(slot_ids.setdefault((j, k), len(slot_ids)))
    if not values:
        return 0.0
    n = len(values)
    var = np.arange(n)
    a_rows = coo_matrix(
        (np.ones(n), (np.array(rows), var)), shape=(len(mentee_list), n)
    )
    a_slots = coo_matrix((np.ones(n), (np.array(slots), var)), shape=(len(slot_ids), n))
    from scipy.sparse import vstack

    result = linprog(
        -np.array(values),
        A_ub=vstack([a_rows, a_slots]),
        b_ub=np.ones(len(mentee_list) + len(slot_ids)),
        bounds=(0, 1),
        method="highs",
    )
    assert result.status == 0
    return -result.fun


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_medium_instances_match_an_lp_solver(seed):
    import random

    rng = random.Random(seed)
    mentee_list = [
        Mentee(
            key=i,
            employee_id=i,
            unit_id=rng.randint(1, 6),
            rank_order=rng.randint(5, 10),
            level=rng.randint(1, 2),
            supervisor_position_id=rng.randint(500, 520),
            job_field_id=rng.choice(FIELDS),
            needs={c: rng.randint(2, 4) for c in rng.sample(COMPETENCIES, 2)},
            unit_preference=rng.choice(["any", "same", "other"]),
        )
        for i in range(80)
    ]
    mentor_list = [
        Mentor(
            key=j,
            employee_id=1000 + j,
            unit_id=rng.randint(1, 6),
            rank_order=rng.randint(9, 16),
            level=rng.randint(2, 5),
            position_id=rng.randint(500, 520),
            job_field_id=rng.choice(FIELDS),
            fields=frozenset({rng.choice(FIELDS)}),
            strengths={c: rng.randint(3, 5) for c in rng.sample(COMPETENCIES, 2)},
            capacity=rng.randint(1, 4),
            load=rng.randint(0, 1),
        )
        for j in range(20)
    ]
    policy = Policy()
    expected = lp_optimum(mentee_list, mentor_list, policy)
    for sparse in (False, True):
        result = matching.optimal_round(
            mentee_list, mentor_list, policy, force_sparse=sparse
        )
        assert result.total == pytest.approx(expected, abs=1e-6)
    assert len(result.pairs) > 0
