"""Each admissibility rule on its own, with the cases that make it fail."""

import pytest

from jenjang.mentoring.services.rules import (
    RULES,
    Mentee,
    Mentor,
    Policy,
    admissible,
    broken_rules,
    coverage,
    field_fit,
    load_fit,
    position_level,
    rule_has_capacity,
    rule_mode_compatible,
    rule_not_forbidden,
    rule_not_own_supervisor,
    rule_not_self,
    rule_relevant,
    rule_senior_enough,
    unit_fit,
)


def mentee(**kw) -> Mentee:
    base = dict(
        key=1,
        employee_id=1,
        unit_id=1,
        rank_order=5,
        level=1,
        supervisor_position_id=70,
        job_field_id=10,
        needs={1: 3},
    )
    return Mentee(**{**base, **kw})


def mentor(**kw) -> Mentor:
    base = dict(
        key=9,
        employee_id=2,
        unit_id=2,
        rank_order=8,
        level=3,
        position_id=80,
        job_field_id=10,
        fields=frozenset({10}),
        strengths={1: 4},
        capacity=2,
    )
    return Mentor(**{**base, **kw})


def test_a_plain_senior_relevant_pair_is_admissible():
    assert admissible(mentee(), mentor(), Policy())
    assert broken_rules(mentee(), mentor(), Policy()) == []


def test_rule_not_self():
    assert not rule_not_self(mentee(employee_id=2), mentor(employee_id=2), Policy())
    assert rule_not_self(mentee(), mentor(), Policy())


@pytest.mark.parametrize(
    ("capacity", "load", "available", "ok"),
    [(2, 0, True, True), (2, 1, True, True), (2, 2, True, False), (2, 0, False, False)],
)
def test_rule_has_capacity(capacity, load, available, ok):
    m = mentor(capacity=capacity, load=load, available=available)
    assert rule_has_capacity(mentee(), m, Policy()) is ok


@pytest.mark.parametrize(
    ("mentee_rank", "mentor_rank", "mentor_level", "ok"),
    [
        (5, 6, 1, True),  # one golongan step above: min gap 1
        (5, 5, 1, False),  # same golongan, same level: not senior
        (5, 5, 3, True),  # same golongan, higher position level
        (5, 4, 3, False),  # higher position but lower golongan
        (5, 13, 1, True),  # exactly max gap 8
        (5, 14, 3, False),  # beyond the range
        (None, 9, 1, False),  # no golongan known: position level decides
        (None, 9, 3, True),
    ],
)
def test_rule_senior_enough(mentee_rank, mentor_rank, mentor_level, ok):
    policy = Policy(min_rank_gap=1, max_rank_gap=8)
    pair = (
        mentee(rank_order=mentee_rank),
        mentor(rank_order=mentor_rank, level=mentor_level),
    )
    assert rule_senior_enough(*pair, policy) is ok


def test_rule_senior_enough_follows_the_round_range():
    pair = (mentee(rank_order=5), mentor(rank_order=7, level=1))
    assert rule_senior_enough(*pair, Policy(min_rank_gap=2, max_rank_gap=3))
    assert not rule_senior_enough(*pair, Policy(min_rank_gap=3, max_rank_gap=4))
    assert not rule_senior_enough(*pair, Policy(min_rank_gap=0, max_rank_gap=1))


def test_rule_not_own_supervisor():
    boss = mentor(position_id=70)
    assert not rule_not_own_supervisor(mentee(), boss, Policy())
    assert rule_not_own_supervisor(mentee(), boss, Policy(allow_supervisor=True))
    assert rule_not_own_supervisor(mentee(), mentor(position_id=71), Policy())
    assert rule_not_own_supervisor(mentee(supervisor_position_id=None), boss, Policy())


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("any", "online", True),
        ("offline", "any", True),
        ("online", "online", True),
        ("online", "offline", False),
    ],
)
def test_rule_mode_compatible(a, b, ok):
    assert rule_mode_compatible(mentee(mode=a), mentor(mode=b), Policy()) is ok


def test_rule_relevant():
    assert rule_relevant(mentee(), mentor(fields=frozenset()), Policy())
    assert rule_relevant(mentee(needs={5: 2}), mentor(), Policy())  # job field
    assert not rule_relevant(
        mentee(needs={5: 2}), mentor(fields=frozenset({11})), Policy()
    )


def test_rule_not_forbidden():
    policy = Policy(forbidden=frozenset({(1, 2)}))
    assert not rule_not_forbidden(mentee(), mentor(), policy)
    assert rule_not_forbidden(mentee(employee_id=3), mentor(), policy)
    assert broken_rules(mentee(), mentor(), policy) == ["rule_not_forbidden"]


def test_every_rule_has_its_rule_in_the_docstring():
    for rule in RULES:
        assert rule.__doc__, rule.__name__
        assert len(rule.__doc__.strip()) > 20, rule.__name__


def test_score_components():
    assert coverage(mentee(needs={1: 4, 2: 2}), mentor(strengths={1: 2, 2: 5})) == 0.75
    assert coverage(mentee(needs={}), mentor()) == 0
    assert field_fit(mentee(), mentor()) == 1
    assert field_fit(mentee(), mentor(fields=frozenset())) == 0.5
    assert field_fit(mentee(job_field_id=None), mentor()) == 0
    assert unit_fit(mentee(unit_preference="same"), mentor(unit_id=1)) == 1
    assert unit_fit(mentee(unit_preference="other"), mentor(unit_id=1)) == 0
    assert unit_fit(mentee(), mentor(unit_id=1)) == 0.5
    assert load_fit(mentor(capacity=4, load=1), 1) == 0.5


def test_position_levels():
    assert position_level("pelaksana") == 1
    assert position_level("fungsional", "ahli_madya") == 4
    assert position_level("administrator") > position_level("pengawas")
