"""The IKM rules of PermenPANRB 14/2017, one function per rule (domain file §7).

Sums and means are exact fractions; only the figures shown are rounded, so a
hand-worked example gives the same digits as the code.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from jenjang.surveys.models import UNSUR_COUNT

CONVERSION_FACTOR = 25
TWO_PLACES = Decimal("0.01")
NRR_PLACES = Decimal("0.001")
INDEX_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Interval:
    letter: str
    label: str
    min_value: Decimal
    max_value: Decimal


@dataclass(frozen=True)
class UnsurResult:
    number: int
    code: str
    name: str
    nrr: Decimal  # on the 1–4 scale, three decimals
    converted: Decimal  # NRR × 25, two decimals
    weakest: bool = False


@dataclass(frozen=True)
class IkmFigure:
    """IKM of a set of responses: per-unsur NRR, index, converted value, mutu."""

    respondents: int
    unsur: list[UnsurResult] = field(default_factory=list)
    index: Decimal | None = None  # weighted NRR, 1–4
    value: Decimal | None = None  # IKM unit pelayanan, 25–100
    letter: str = ""
    label: str = ""

    @property
    def has_data(self) -> bool:
        return self.respondents > 0


def _round(value: Fraction | Decimal, places: Decimal) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(places, rounding=ROUND_HALF_UP)


def unsur_weight(unsur_count: int = UNSUR_COUNT) -> Fraction:
    """Return the weight (nilai penimbang) of each unsur: 1 ÷ number of unsur.

    PermenPANRB 14/2017 (domain file §7.2): bobot = 1/9 ≈ 0.111. The exact
    ninth is used, not the rounded 0.111, so nine answers of 4 give 100.
    """
    if unsur_count <= 0:
        raise ValueError("unsur_count must be positive")
    return Fraction(1, unsur_count)


def nrr_per_unsur(total: int, respondents: int) -> Fraction:
    """Return the NRR of one unsur: sum of its answers ÷ number of respondents.

    PermenPANRB 14/2017 (domain file §7.2).
    """
    if respondents <= 0:
        raise ValueError("respondents must be positive")
    return Fraction(total, respondents)


def weighted_nrr(nrrs: Sequence[Fraction]) -> Fraction:
    """Return the IKM (nilai indeks, 1–4): Σ NRR × weight.

    PermenPANRB 14/2017 (domain file §7.2); with equal weights, the mean NRR.
    """
    weight = unsur_weight(len(nrrs))
    return sum((nrr * weight for nrr in nrrs), Fraction(0))


def ikm_conversion(index: Fraction) -> Decimal:
    """Return the IKM unit pelayanan: IKM × 25, rounded half up to two decimals.

    PermenPANRB 14/2017 (domain file §7.2): the conversion maps 1–4 onto
    25–100; the interval table (§7.3) is written to two decimals.
    """
    return _round(index * CONVERSION_FACTOR, TWO_PLACES)


def mutu_for(value: Decimal, intervals: Sequence[Interval]) -> Interval | None:
    """Return the interval (mutu pelayanan A–D, kinerja) holding `value`.

    PermenPANRB 14/2017 (domain file §7.3). Bounds are inclusive, on the
    converted scale; `value` is rounded to two decimals first, so 76.604 is
    C and 76.605 is B. None when no configured interval holds it.
    """
    value = _round(Decimal(value), TWO_PLACES)
    for interval in intervals:
        if interval.min_value <= value <= interval.max_value:
            return interval
    return None


def ikm_from_sums(
    *,
    sums: Sequence[int],
    respondents: int,
    intervals: Sequence[Interval],
    unsur: Sequence[tuple[int, str, str]],
) -> IkmFigure:
    """Return the IKM figure for per-unsur answer sums over `respondents`.

    `unsur` gives (number, code, name) in column order. The weakest unsur
    (lowest NRR, ties included) are flagged for the report.
    """
    if respondents <= 0:
        return IkmFigure(respondents=0)
    nrrs = [nrr_per_unsur(total, respondents) for total in sums]
    lowest = min(nrrs)
    results = [
        UnsurResult(
            number=number,
            code=code,
            name=name,
            nrr=_round(nrr, NRR_PLACES),
            converted=_round(nrr * CONVERSION_FACTOR, TWO_PLACES),
            weakest=nrr == lowest,
        )
        for (number, code, name), nrr in zip(unsur, nrrs, strict=True)
    ]
    index = weighted_nrr(nrrs)
    value = ikm_conversion(index)
    interval = mutu_for(value, intervals)
    return IkmFigure(
        respondents=respondents,
        unsur=results,
        index=_round(index, INDEX_PLACES),
        value=value,
        letter=interval.letter if interval else "",
        label=interval.label if interval else "",
    )


def intervals_check(intervals: Sequence[Interval]) -> list[str]:
    """Return the problems of an interval table: it must tile 25.00–100.00.

    Each interval starts 0.01 above the previous one's upper bound (domain
    file §7.3 is written that way), with no overlap or gap.
    """
    problems: list[str] = []
    ordered = sorted(intervals, key=lambda i: i.min_value)
    if not ordered:
        return ["empty"]
    if ordered[0].min_value != Decimal("25.00"):
        problems.append("start")
    if ordered[-1].max_value != Decimal("100.00"):
        problems.append("end")
    for low, high in zip(ordered, ordered[1:], strict=False):
        if high.min_value != low.max_value + TWO_PLACES:
            problems.append(f"{low.letter}-{high.letter}")
    return problems
