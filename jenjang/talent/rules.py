"""The talent rules as pure functions: one function per rule, its source named.

No database access here: services and selectors gather the facts, these
functions decide. Values are the domain file's tables (§1.4, §1.7, §2, §4.2,
§8); the configurable numbers come in as arguments.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.talent.models import Level, Performance, Predikat

# Best to worst (PermenPANRB 6/2022; domain file §1.4).
PREDIKAT_ORDER = [
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
]
PREDIKAT_RANK = {p.value: i for i, p in enumerate(PREDIKAT_ORDER)}

# The 9-box as PermenPANRB 3/2020 numbers it (domain file §2.3):
# (performance, potential) -> box.
NINE_BOX = {
    (Performance.ABOVE, Level.LOW): 4,
    (Performance.ABOVE, Level.MIDDLE): 7,
    (Performance.ABOVE, Level.HIGH): 9,
    (Performance.MEETS, Level.LOW): 2,
    (Performance.MEETS, Level.MIDDLE): 5,
    (Performance.MEETS, Level.HIGH): 8,
    (Performance.BELOW, Level.LOW): 1,
    (Performance.BELOW, Level.MIDDLE): 3,
    (Performance.BELOW, Level.HIGH): 6,
}
BOX_AXES = {box: axes for axes, box in NINE_BOX.items()}
# Rows top to bottom, columns left to right, as the table draws them.
GRID_ROWS = [
    [4, 7, 9],
    [2, 5, 8],
    [1, 3, 6],
]

# Recommended actions per box (PermenPANRB 3/2020; domain file §2.3).
BOX_ACTIONS = {
    9: [
        gettext_lazy("Dipromosikan dan dipertahankan"),
        gettext_lazy("Masuk Kelompok Rencana Suksesi Instansi/Nasional"),
        gettext_lazy("Penghargaan"),
    ],
    8: [
        gettext_lazy("Dipertahankan"),
        gettext_lazy("Masuk Kelompok Rencana Suksesi Instansi"),
        gettext_lazy("Rotasi/perluasan jabatan"),
        gettext_lazy("Bimbingan kinerja"),
    ],
    7: [
        gettext_lazy("Dipertahankan"),
        gettext_lazy("Masuk Kelompok Rencana Suksesi Instansi"),
        gettext_lazy("Rotasi/pengayaan jabatan"),
        gettext_lazy("Pengembangan kompetensi"),
        gettext_lazy("Tugas belajar"),
    ],
    6: [
        gettext_lazy("Penempatan yang sesuai"),
        gettext_lazy("Bimbingan kinerja"),
        gettext_lazy("Konseling kinerja"),
    ],
    5: [
        gettext_lazy("Penempatan yang sesuai"),
        gettext_lazy("Bimbingan kinerja"),
        gettext_lazy("Pengembangan kompetensi"),
    ],
    4: [gettext_lazy("Rotasi"), gettext_lazy("Pengembangan kompetensi")],
    3: [
        gettext_lazy("Bimbingan kinerja"),
        gettext_lazy("Konseling kinerja"),
        gettext_lazy("Pengembangan kompetensi"),
        gettext_lazy("Penempatan yang sesuai"),
    ],
    2: [
        gettext_lazy("Bimbingan kinerja"),
        gettext_lazy("Pengembangan kompetensi"),
        gettext_lazy("Penempatan yang sesuai"),
    ],
    1: [gettext_lazy("Diproses sesuai ketentuan peraturan perundang-undangan")],
}
# Boxes whose actions call for a remedial plan (issue 9; domain file §2.3).
REMEDIAL_BOXES = frozenset({1, 2, 3, 6})
POOL_BOXES = frozenset({7, 8, 9})
NATIONAL_POOL_BOXES = frozenset({9})
# Remedial review clock: PP 30/2019 Pasal 57 (domain file §1.7).
REMEDIAL_MONTHS = 6


def _d(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# --- potential ----------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    competency: Decimal
    track_record: Decimal
    qualification: Decimal
    integrity: Decimal


def potential_score(
    *,
    competency: Decimal | None,
    track_record: Decimal | None,
    qualification: Decimal | None,
    integrity: Decimal | None,
    weights: Weights,
) -> Decimal | None:
    """Return the weighted potential score (0–100) from its components.

    PermenPANRB 3/2020 (domain file §2.2): potensi and kompetensi (asesmen),
    rekam jejak, pertimbangan lainnya (integritas). Weights as reported for
    Kepka BKN 411/2025 (§2.4, UNCERTAIN) and configurable. A missing
    component drops out and the remaining weights are rescaled; with no
    component at all there is no score.
    """
    parts = [
        (competency, weights.competency),
        (track_record, weights.track_record),
        (qualification, weights.qualification),
        (integrity, weights.integrity),
    ]
    present = [(_d(v), _d(w)) for v, w in parts if v is not None and _d(w) > 0]
    total_weight = sum((w for _v, w in present), Decimal(0))
    if not present or total_weight == 0:
        return None
    score = sum((v * w for v, w in present), Decimal(0)) / total_weight
    return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def potential_level(
    score: Decimal | None, *, cutoff_middle: Decimal, cutoff_high: Decimal
) -> str:
    """Return rendah / menengah / tinggi for a potential score.

    PermenPANRB 3/2020 (domain file §2.2): three levels; the cut-offs are
    instansi-specific (one instansi: tinggi ≥ 90, menengah 78–<90). No score
    counts as rendah until inputs are recorded.
    """
    if score is None:
        return Level.LOW
    if score >= _d(cutoff_high):
        return Level.HIGH
    if score >= _d(cutoff_middle):
        return Level.MIDDLE
    return Level.LOW


def competency_score(levels: Iterable[int], *, max_level: int = 5) -> Decimal | None:
    """Return the managerial and sociocultural assessment result as 0–100.

    PermenPANRB 3/2020 (§2.2) names the 8 managerial competencies and
    Perekat Bangsa as the kompetensi input; PermenPANRB 38/2017 (§5) scores
    each 1–5. The mean level is scaled to 100.
    """
    values = [int(v) for v in levels]
    if not values:
        return None
    mean = Decimal(sum(values)) / len(values)
    return (mean * 100 / max_level).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def integrity_blocks_pool(severities: Iterable[str]) -> bool:
    """Tell whether discipline in the last 2 years excludes a candidate.

    Domain file §2.2 (one regional rule): hukuman disiplin sedang/berat or a
    code-of-ethics violation in the last 2 years excludes the candidate.
    """
    return any(s in ("sedang", "berat") for s in severities)


# --- performance ----------------------------------------------------------------

_PREDIKAT_TO_PERFORMANCE = {
    Predikat.SANGAT_BAIK: Performance.ABOVE,
    Predikat.BAIK: Performance.MEETS,
    Predikat.BUTUH_PERBAIKAN: Performance.BELOW,
    Predikat.KURANG: Performance.BELOW,
    Predikat.SANGAT_KURANG: Performance.BELOW,
}
_PERFORMANCE_VALUE = {Performance.BELOW: 1, Performance.MEETS: 2, Performance.ABOVE: 3}
_VALUE_PERFORMANCE = {v: k for k, v in _PERFORMANCE_VALUE.items()}


def performance_of_predikat(predikat: str) -> str:
    """Map one predikat to the performance axis.

    PermenPANRB 6/2022 (§1.4) and PermenPANRB 3/2020 (§2.2): the axis has the
    three levels of the rating; Sangat Baik is above expectations, Baik meets
    them, and the three lower predikat are below.
    """
    return _PREDIKAT_TO_PERFORMANCE[Predikat(predikat)]


def performance_level(predikat_by_year: Mapping[int, str], year: int) -> str | None:
    """Return the performance axis from the predikat of `year` and `year - 1`.

    PermenPANRB 3/2020 (domain file §2.2): kinerja over the last 2 years, in
    3 levels. The two years are averaged; a tie (one year above, one below
    the middle) goes the way of the latest year. With one year, that year
    counts; with none, there is no level (the person is not placed).
    """
    latest = predikat_by_year.get(year)
    earlier = predikat_by_year.get(year - 1)
    known = [p for p in (latest, earlier) if p]
    if not known:
        return None
    if len(known) == 1:
        return performance_of_predikat(known[0])
    a = _PERFORMANCE_VALUE[performance_of_predikat(latest)]
    b = _PERFORMANCE_VALUE[performance_of_predikat(earlier)]
    if (a + b) % 2 == 0:
        return _VALUE_PERFORMANCE[(a + b) // 2]
    return _VALUE_PERFORMANCE[a]


def predikat_at_least(predikat: str | None, minimum: str) -> bool:
    """Tell whether `predikat` is `minimum` or better (PermenPANRB 6/2022, §1.4)."""
    if not predikat:
        return False
    return PREDIKAT_RANK[predikat] <= PREDIKAT_RANK[minimum]


# --- the 9-box --------------------------------------------------------------------


def nine_box(performance: str, potential: str) -> int:
    """Return the box 1–9 exactly as PermenPANRB 3/2020 numbers it (domain §2.3)."""
    return NINE_BOX[(Performance(performance), Level(potential))]


def box_actions(box: int) -> list[str]:
    """Return the recommended actions for a box (PermenPANRB 3/2020, §2.3)."""
    return [str(a) for a in BOX_ACTIONS[box]]


def box_description(box: int) -> str:
    """Say the box as the regulation does: "Kinerja X ekspektasi dan potensial Y"."""
    performance, potential = BOX_AXES[box]
    return _("Kinerja %(performance)s, potensial %(potential)s") % {
        "performance": Performance(performance).label.lower(),
        "potential": Level(potential).label.lower(),
    }


def talent_pools(box: int) -> list[str]:
    """Return the talent pools a box belongs to: "instansi", and "nasional" for 9.

    PermenPANRB 3/2020 (domain file §2.3): boxes 7, 8 and 9 form the talent
    pool (kelompok rencana suksesi instansi); box 9 also the national one.
    """
    pools = []
    if box in POOL_BOXES:
        pools.append("instansi")
    if box in NATIONAL_POOL_BOXES:
        pools.append("nasional")
    return pools


def needs_remedial(*, predikat: str | None, box: int | None) -> bool:
    """Tell whether an evaluation calls for a remedial plan.

    PP 30/2019 Pasal 56–57 (domain file §1.7): a predikat below Baik opens a
    plan; PermenPANRB 3/2020 (§2.3): boxes 1, 2, 3 and 6 call for bimbingan
    or konseling kinerja.
    """
    below = bool(predikat) and not predikat_at_least(predikat, Predikat.BAIK)
    return below or (box is not None and box in REMEDIAL_BOXES)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def remedial_review_date(start: dt.date) -> dt.date:
    """Return when a remedial plan is reviewed: six months on (PP 30/2019 Pasal 57)."""
    return add_months(start, REMEDIAL_MONTHS)


# --- succession -------------------------------------------------------------------

# Leadership training required per position kind (domain file §4.2).
LEADERSHIP_TRAINING = {
    "jpt_madya": "PKN I",
    "jpt_pratama": "PKN II",
    "administrator": "PKA",
    "pengawas": "PKP",
}


def required_leadership_training(position_kind: str) -> str | None:
    """Return the leadership training a position requires (PerLAN 5/2022 jo 6/2022).

    Domain file §4.2: PKN Tingkat I for JPT Madya, PKN Tingkat II for JPT
    Pratama, PKA for administrators, PKP for pengawas.
    """
    return LEADERSHIP_TRAINING.get(position_kind)


_TK = r"(?: TINGKAT| TK\.?)?"
LEADERSHIP_PATTERNS = {
    "PKN I": re.compile(rf"\b(?:PKN|DIKLATPIM){_TK} I\b"),
    "PKN II": re.compile(rf"\b(?:PKN|DIKLATPIM){_TK} II\b"),
    "PKA": re.compile(rf"\bPKA\b|KEPEMIMPINAN ADMINISTRATOR|\bDIKLATPIM{_TK} III\b"),
    "PKP": re.compile(rf"\bPKP\b|KEPEMIMPINAN PENGAWAS|\bDIKLATPIM{_TK} IV\b"),
}


def leadership_programmes_in(title: str) -> set[str]:
    """Name the leadership programmes a ledger entry's title records (§4.2).

    PKN Tingkat I/II, PKA and PKP, or the Diklatpim I–IV they replace.
    """
    upper = title.upper()
    return {
        name for name, pattern in LEADERSHIP_PATTERNS.items() if pattern.search(upper)
    }


@dataclass
class CandidateFacts:
    employee_id: int
    box: int
    fit: Decimal | None  # competency fit to the key position's standard, 0–100
    rank_ok: bool
    years_in_grade: Decimal
    training_required: str | None
    training_done: bool
    integrity_blocked: bool = False


@dataclass
class Readiness:
    employee_id: int
    score: Decimal
    reasons: list[str] = field(default_factory=list)
    eligible: bool = True


# Points per factor; the fit counts for half (issue 9: readiness by competency
# fit, box, rank and years-in-grade eligibility, and the training done).
BOX_POINTS = {9: 30, 8: 25, 7: 20}
RANK_POINTS = 10
TRAINING_POINTS = 10
FIT_SHARE = Decimal("0.5")
MIN_YEARS_IN_GRADE_FOR_SUCCESSION = 2


def readiness(facts: CandidateFacts) -> Readiness:
    """Score one candidate's readiness for a key position, with the reasons.

    Issue 9 and PermenPANRB 3/2020 (§2.1, §2.3): only the talent pool (boxes
    7–9) are candidates; integrity exclusions per §2.2. Half the score is the
    competency fit to the position's standard (PermenPANRB 38/2017, §5); the
    box, rank eligibility with years in grade, and the required leadership
    training (§4.2) give the rest.
    """
    reasons: list[str] = []
    score = Decimal(0)
    eligible = facts.box in POOL_BOXES and not facts.integrity_blocked
    score += BOX_POINTS.get(facts.box, 0)
    reasons.append(_("Kotak %(box)s") % {"box": facts.box})
    if facts.fit is None:
        reasons.append(_("Kompetensi belum diases"))
    else:
        score += (facts.fit * FIT_SHARE).quantize(Decimal("0.1"))
        reasons.append(_("Kesesuaian kompetensi %(fit)s%%") % {"fit": facts.fit})
    in_grade = facts.years_in_grade >= MIN_YEARS_IN_GRADE_FOR_SUCCESSION
    if facts.rank_ok and in_grade:
        score += RANK_POINTS
        reasons.append(_("Pangkat dan masa dalam pangkat memenuhi"))
    elif not facts.rank_ok:
        reasons.append(_("Pangkat di bawah syarat jabatan"))
    else:
        reasons.append(
            _("Masa dalam pangkat %(years)s tahun") % {"years": facts.years_in_grade}
        )
    if facts.training_required:
        if facts.training_done:
            score += TRAINING_POINTS
            reasons.append(_("%(t)s sudah diikuti") % {"t": facts.training_required})
        else:
            reasons.append(_("%(t)s belum diikuti") % {"t": facts.training_required})
    else:
        score += TRAINING_POINTS
    if facts.integrity_blocked:
        reasons.append(_("Hukuman disiplin sedang/berat dalam 2 tahun terakhir"))
    if facts.box not in POOL_BOXES:
        reasons.append(_("Di luar kelompok talenta (kotak 7–9)"))
    return Readiness(facts.employee_id, score, reasons, eligible)


def rank_candidates(facts: Iterable[CandidateFacts]) -> list[Readiness]:
    """Rank candidates: eligible first, then by readiness score, box, fit.

    Ties break on the employee id so the order is stable.
    """
    rows = [(f, readiness(f)) for f in facts]
    rows.sort(
        key=lambda fr: (
            not fr[1].eligible,
            -fr[1].score,
            -fr[0].box,
            -(fr[0].fit or 0),
            fr[0].employee_id,
        )
    )
    return [r for _f, r in rows]


def competency_fit(
    required: Mapping[int, int], current: Mapping[int, int]
) -> Decimal | None:
    """Return the fit (0–100) of current levels to a position's standard.

    PermenPANRB 38/2017 (§5): each required level met counts fully, a level
    below counts in proportion; a surplus does not offset a gap. None when
    nothing required is assessed.
    """
    shares = [
        min(Decimal(current[c]) / Decimal(level), Decimal(1))
        for c, level in required.items()
        if c in current and level
    ]
    if not shares:
        return None
    return (sum(shares, Decimal(0)) * 100 / len(shares)).quantize(Decimal("0.1"))


# --- promotion ----------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentPoint:
    competency_id: int
    competency: str
    level: int
    on: dt.date
    source: str


@dataclass
class ProgressResult:
    matches: bool
    evidence: list[dict]
    missing: list[str]


def significant_progress(
    *,
    points: Iterable[AssessmentPoint],
    score_points: Iterable[tuple[dt.date, Decimal]] = (),
    predikat: str | None,
    today: dt.date,
    window_years: int,
    min_competencies: int,
    min_level_gain: int,
    min_score_gain: Decimal,
    min_predikat: str,
) -> ProgressResult:
    """Decide "significant progress in managerial skills" (issue 9, configurable).

    UU 20/2023 and PermenPANRB 3/2020 (§2.1): a civil servant who progresses
    is considered for promotion. The agency's rule: within the window, at
    least `min_level_gain` levels gained in at least `min_competencies`
    managerial competencies, or an assessment score gain of at least
    `min_score_gain`; and the latest predikat at least `min_predikat`.
    Evidence gives the before and after levels, dates and sources.
    """
    start = add_months(today, -12 * window_years)
    by_competency: dict[int, list[AssessmentPoint]] = {}
    for p in points:
        if p.on <= today:
            by_competency.setdefault(p.competency_id, []).append(p)
    evidence = []
    for rows in by_competency.values():
        rows.sort(key=lambda p: p.on)
        earlier = [p for p in rows if p.on <= start]
        # The level at the window's start, or the first one measured inside it.
        before = earlier[-1] if earlier else rows[0]
        after = rows[-1]
        if after.on <= start or after is before:
            continue
        gain = after.level - before.level
        if gain >= min_level_gain:
            evidence.append(
                {
                    "competency": after.competency,
                    "before_level": before.level,
                    "before_on": before.on.isoformat(),
                    "before_source": before.source,
                    "after_level": after.level,
                    "after_on": after.on.isoformat(),
                    "after_source": after.source,
                    "gain": gain,
                }
            )
    level_gains = len(evidence)
    scores = sorted((d, _d(s)) for d, s in score_points if d <= today)
    score_gain = None
    if scores:
        before_scores = [s for s in scores if s[0] <= start] or scores[:1]
        first, last = before_scores[-1], scores[-1]
        if last[0] > start and last is not first:
            score_gain = last[1] - first[1]
            if score_gain >= _d(min_score_gain):
                evidence.append(
                    {
                        "competency": _("Nilai asesmen"),
                        "before_level": str(first[1]),
                        "before_on": first[0].isoformat(),
                        "before_source": "assessment_centre",
                        "after_level": str(last[1]),
                        "after_on": last[0].isoformat(),
                        "after_source": "assessment_centre",
                        "gain": str(score_gain),
                    }
                )
    level_ok = level_gains >= min_competencies
    score_ok = score_gain is not None and score_gain >= _d(min_score_gain)
    missing = []
    if not (level_ok or score_ok):
        missing.append(
            _(
                "Belum ada kenaikan %(gain)s level pada %(count)s kompetensi "
                "manajerial atau kenaikan nilai asesmen %(score)s dalam %(years)s tahun"
            )
            % {
                "gain": min_level_gain,
                "count": min_competencies,
                "score": min_score_gain,
                "years": window_years,
            }
        )
    if not predikat_at_least(predikat, min_predikat):
        missing.append(
            _("Predikat kinerja di bawah %(min)s")
            % {"min": Predikat(min_predikat).label}
        )
    return ProgressResult(not missing, evidence, missing)


@dataclass(frozen=True)
class RankFacts:
    kind: str  # PNS or PPPK
    rank_order: int
    rank_tmt: dt.date
    next_rank_order: int | None
    next_rank_code: str
    ceiling_order: int | None
    supervisor_rank_order: int | None
    predikat_by_year: Mapping[int, str]
    pending_discipline: bool


@dataclass
class Eligibility:
    eligible: bool
    missing: list[str]


def years_between(start: dt.date, end: dt.date) -> Decimal:
    days = (end - start).days
    return (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.1"))


def rank_promotion_eligibility(
    facts: RankFacts, *, period: dt.date, min_years_in_grade: int
) -> Eligibility:
    """Tell whether a PNS may have a regular rank promotion at `period`, and what is missing.

    Domain file §8.2 (PP 99/2000 jo PP 12/2002, Peraturan BKN 12/2002,
    PermenPANRB 6/2022): at least 4 years in the current pangkat; predikat
    at least Baik in each of the last 2 years; the new rank within the
    ceiling of the employee's education and not above the direct superior's
    rank; no pending disciplinary penalty. PPPK hold no pangkat (§8.1).
    """
    missing: list[str] = []
    if facts.kind != "PNS":
        return Eligibility(False, [_("PPPK tidak mengenal kenaikan pangkat")])
    if facts.next_rank_order is None:
        return Eligibility(False, [_("Sudah di pangkat tertinggi")])
    years = years_between(facts.rank_tmt, period)
    if add_months(facts.rank_tmt, 12 * min_years_in_grade) > period:
        missing.append(
            _("Masa dalam pangkat %(years)s tahun (minimal %(min)s)")
            % {"years": years, "min": min_years_in_grade}
        )
    last_year = period.year - 1
    for year in (last_year - 1, last_year):
        predikat = facts.predikat_by_year.get(year)
        if not predikat_at_least(predikat, Predikat.BAIK):
            label = Predikat(predikat).label if predikat else _("belum ada")
            missing.append(
                _("Predikat %(year)s: %(predikat)s (minimal Baik)")
                % {"year": year, "predikat": label}
            )
    if facts.ceiling_order is not None and facts.next_rank_order > facts.ceiling_order:
        missing.append(
            _("Pangkat %(rank)s melebihi batas pendidikan")
            % {"rank": facts.next_rank_code}
        )
    if (
        facts.supervisor_rank_order is not None
        and facts.next_rank_order > facts.supervisor_rank_order
    ):
        missing.append(
            _("Pangkat %(rank)s melebihi pangkat atasan langsung")
            % {"rank": facts.next_rank_code}
        )
    if facts.pending_discipline:
        missing.append(_("Sedang menjalani hukuman disiplin"))
    return Eligibility(not missing, missing)


def latest_rank_tmt(period: dt.date, min_years_in_grade: int) -> dt.date:
    """The latest rank TMT with enough years in grade at `period` (the SQL form)."""
    return add_months(period, -12 * min_years_in_grade)


def predikat_values_at_least(minimum: str) -> list[str]:
    """The predikat values that are `minimum` or better (for a SQL filter)."""
    return [p.value for p in PREDIKAT_ORDER if predikat_at_least(p.value, minimum)]


def next_promotion_period(today: dt.date, months: Iterable[int]) -> dt.date:
    """Return the next KP period (TMT, the 1st of a configured month) after today.

    Domain file §8.2: historically 1 April and 1 October; 6 or 12 periods in
    later practice (UNCERTAIN, configurable).
    """
    wanted = sorted({int(m) for m in months if 1 <= int(m) <= 12}) or [4, 10]
    for year in (today.year, today.year + 1):
        for month in wanted:
            day = dt.date(year, month, 1)
            if day > today:
                return day
    raise ValueError(months)
