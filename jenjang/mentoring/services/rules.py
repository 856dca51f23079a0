"""Admissibility rules (hard constraints) and the fit score of a pair.

Pure functions over small frozen records, so the matching runs the same in a
request, a background job and the benchmark. Each hard rule is one function;
a pair is admissible when every rule holds. The fit score is a weighted mean
of components in [0, 1], times 100, with weights HR sets per round.

Sources: the mission of issue 6 (senior civil servants guide junior
colleagues; supervisors coach); UU 20/2023 Pasal 49 and Peraturan LAN
10/2018 (mentoring is a nonklasikal form of competency development, domain
file §4.1). The thresholds themselves are the agency's policy, set per round.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# Position level: a rough ladder across structural and functional positions,
# used only for "senior enough" when ranks tie.
POSITION_LEVELS: dict[str, int] = {
    "pelaksana": 1,
    "pemula": 1,
    "terampil": 1,
    "mahir": 2,
    "penyelia": 3,
    "ahli_pertama": 2,
    "ahli_muda": 3,
    "ahli_madya": 4,
    "ahli_utama": 5,
    "fungsional": 2,
    "pengawas": 3,
    "administrator": 4,
    "jpt_pratama": 5,
    "jpt_madya": 6,
    "jpt_utama": 7,
}
ANY = "any"
SAME = "same"
OTHER = "other"


def position_level(kind: str, functional_level: str = "") -> int:
    """Return the ladder step of a position (functional ones by their level)."""
    if kind == "fungsional" and functional_level:
        return POSITION_LEVELS.get(functional_level, 2)
    return POSITION_LEVELS.get(kind, 1)


@dataclass(frozen=True)
class Mentee:
    key: int  # the request id
    employee_id: int
    unit_id: int
    rank_order: int | None
    level: int
    supervisor_position_id: int | None  # the mentee's position reports to this
    job_field_id: int | None
    needs: dict[int, int]  # competency id -> target level
    unit_preference: str = ANY
    mode: str = ANY


@dataclass(frozen=True)
class Mentor:
    key: int  # the profile id
    employee_id: int
    unit_id: int
    rank_order: int | None
    level: int
    position_id: int | None
    job_field_id: int | None  # of the mentor's own position
    fields: frozenset[int]  # job fields the mentor declared
    strengths: dict[int, int]  # competency id -> level
    capacity: int
    load: int = 0  # live pairs already held
    available: bool = True
    mode: str = ANY

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0) if self.available else 0


@dataclass(frozen=True)
class Policy:
    min_rank_gap: int = 1
    max_rank_gap: int = 8
    allow_supervisor: bool = False
    weights: dict[str, int] = field(
        default_factory=lambda: {
            "coverage": 40,
            "field": 20,
            "seniority": 15,
            "unit": 10,
            "load": 15,
        }
    )
    # (mentee employee id, mentor employee id): HR forbade it in this round,
    # or one side declined it in an earlier round.
    forbidden: frozenset[tuple[int, int]] = frozenset()


# --- hard constraints -----------------------------------------------------------


def rule_not_self(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    """Nobody mentors themself."""
    return mentee.employee_id != mentor.employee_id


def rule_has_capacity(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    """The mentor is available and holds fewer live pairs than their capacity."""
    return mentor.free > 0


def rule_senior_enough(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    """The mentor is senior enough, within a range.

    Senior: the mentor's golongan is at least `min_rank_gap` steps above the
    mentee's, or the mentor holds a higher position level (golongan not
    lower). Within range: never more than `max_rank_gap` steps above, so the
    distance stays bridgeable. Without a known golongan, the position level
    decides alone.
    """
    higher_position = mentor.level > mentee.level
    if mentor.rank_order is None or mentee.rank_order is None:
        return higher_position
    gap = mentor.rank_order - mentee.rank_order
    if gap > policy.max_rank_gap:
        return False
    return gap >= policy.min_rank_gap or (higher_position and gap >= 0)


def rule_not_own_supervisor(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    """The mentor is not the mentee's own atasan langsung, unless HR allows it.

    Supervisors coach their team (a coaching relationship); mentoring brings
    a second senior voice. The atasan is the holder of the position the
    mentee's position reports to.
    """
    if policy.allow_supervisor:
        return True
    return not (
        mentee.supervisor_position_id is not None
        and mentee.supervisor_position_id == mentor.position_id
    )


def rule_mode_compatible(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    """Both can meet the same way: online, in person, or either."""
    return ANY in (mentee.mode, mentor.mode) or mentee.mode == mentor.mode


def rule_relevant(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    """The mentor is strong in a competency the mentee wants to grow, or
    works in the mentee's job field. Anyone else has nothing to teach here."""
    if any(c in mentor.strengths for c in mentee.needs):
        return True
    return mentee.job_field_id is not None and mentee.job_field_id in mentor.fields


def rule_not_forbidden(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    """HR did not forbid the pair, and neither side declined it before."""
    return (mentee.employee_id, mentor.employee_id) not in policy.forbidden


RULES: tuple[Callable[[Mentee, Mentor, Policy], bool], ...] = (
    rule_not_self,
    rule_has_capacity,
    rule_not_forbidden,
    rule_mode_compatible,
    rule_not_own_supervisor,
    rule_senior_enough,
    rule_relevant,
)


def admissible(mentee: Mentee, mentor: Mentor, policy: Policy) -> bool:
    return all(rule(mentee, mentor, policy) for rule in RULES)


def broken_rules(mentee: Mentee, mentor: Mentor, policy: Policy) -> list[str]:
    """Name the rules a pair breaks (for HR's pin attempts and the API)."""
    return [rule.__name__ for rule in RULES if not rule(mentee, mentor, policy)]


# --- fit score ---------------------------------------------------------------------


def coverage(mentee: Mentee, mentor: Mentor) -> float:
    """How well the mentor's strengths cover the mentee's target levels (0–1)."""
    if not mentee.needs:
        return 0.0
    total = 0.0
    for competency, target in mentee.needs.items():
        level = mentor.strengths.get(competency, 0)
        total += min(level, target) / target
    return total / len(mentee.needs)


def field_fit(mentee: Mentee, mentor: Mentor) -> float:
    """1 for a declared job field of the mentor, ½ for the mentor's own position's."""
    if mentee.job_field_id is None:
        return 0.0
    if mentee.job_field_id in mentor.fields:
        return 1.0
    return 0.5 if mentee.job_field_id == mentor.job_field_id else 0.0


def seniority(mentee: Mentee, mentor: Mentor, policy: Policy) -> float:
    """More golongan steps above the mentee (up to the range) scores higher."""
    if mentor.rank_order is None or mentee.rank_order is None:
        return 0.5 if mentor.level > mentee.level else 0.0
    gap = max(mentor.rank_order - mentee.rank_order, 0)
    return min(gap / max(policy.max_rank_gap, 1), 1.0)


def unit_fit(mentee: Mentee, mentor: Mentor) -> float:
    """The mentee's unit preference; without one, another unit is preferred."""
    same = mentee.unit_id == mentor.unit_id
    if mentee.unit_preference == SAME:
        return 1.0 if same else 0.0
    if mentee.unit_preference == OTHER:
        return 0.0 if same else 1.0
    return 0.5 if same else 1.0


def load_fit(mentor: Mentor, slot: int) -> float:
    """The k-th new mentee of a mentor (k from 0) scores 1 − (load + k)/capacity.

    Decreasing in k, so filling a mentor's slots in order is optimal and the
    assignment spreads mentees over mentors when the weight asks for it.
    """
    return 1.0 - (mentor.load + slot) / mentor.capacity


def scale(policy: Policy) -> dict[str, float]:
    """Return the points each component is worth (weights normalised to 100)."""
    return _scale(policy)


def _scale(policy: Policy) -> dict[str, float]:
    total = sum(policy.weights.values())
    if total <= 0:
        return dict.fromkeys(policy.weights, 0.0)
    return {k: 100.0 * w / total for k, w in policy.weights.items()}


def base_breakdown(
    mentee: Mentee, mentor: Mentor, policy: Policy, points: dict | None = None
) -> dict[str, float]:
    """Return the weighted points of each component except load (0–100 total)."""
    points = points or _scale(policy)
    return {
        "coverage": points["coverage"] * coverage(mentee, mentor),
        "field": points["field"] * field_fit(mentee, mentor),
        "seniority": points["seniority"] * seniority(mentee, mentor, policy),
        "unit": points["unit"] * unit_fit(mentee, mentor),
    }


def slot_points(mentor: Mentor, policy: Policy) -> list[float]:
    """Return the load points of each free slot of the mentor, in order."""
    per = _scale(policy)["load"]
    return [per * load_fit(mentor, k) for k in range(mentor.free)]
