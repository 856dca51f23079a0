"""The rule tables, each read by exactly one function.

Rows are effective-dated: the row set in force on a date is the one with the
latest `effective_from` not after that date.
"""

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.performance.models import (
    CreditCoefficient,
    CreditPercentage,
    DistributionRule,
    OrgPredikat,
    Predikat,
    PredikatMatrixCell,
    Rating,
)


def _in_force(model, on: dt.date, **filters):
    latest = (
        model.objects.filter(effective_from__lte=on, **filters)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if latest is None:
        return model.objects.none()
    return model.objects.filter(effective_from=latest, **filters)


def predikat_matrix(on: dt.date) -> dict[tuple[str, str], str]:
    """Return the predikat matrix in force on `on`: (hasil, perilaku) -> predikat.

    PermenPANRB 6/2022, kuadran kinerja pegawai (domain 1.4). The only reader
    of the configured matrix; `predikat_for` and bulk jobs go through it.
    """
    return {
        (c.rating_hasil, c.rating_perilaku): c.predikat
        for c in _in_force(PredikatMatrixCell, on)
    }


def predikat_for(rating_hasil: str, rating_perilaku: str, *, on: dt.date) -> str:
    """Return the predikat kinerja of two ratings (PermenPANRB 6/2022, domain 1.4)."""
    matrix = predikat_matrix(on)
    try:
        return matrix[(rating_hasil, rating_perilaku)]
    except KeyError:
        raise ApplicationError(
            "matrix_missing",
            _("Matriks predikat kinerja belum dikonfigurasi untuk tanggal ini."),
        ) from None


# SE MenPANRB 3/2023: when the evaluated employee heads the unit, the unit's
# achievement becomes their rating hasil kerja. The predikat organisasi maps
# onto the three-step rating as the BKN e-Kinerja practice does.
_HEAD_RATING = {
    OrgPredikat.ISTIMEWA: Rating.DI_ATAS,
    OrgPredikat.BAIK: Rating.SESUAI,
    OrgPredikat.BUTUH_PERBAIKAN: Rating.DI_BAWAH,
    OrgPredikat.KURANG: Rating.DI_BAWAH,
    OrgPredikat.SANGAT_KURANG: Rating.DI_BAWAH,
}


def head_of_unit_rating(org_predikat: str) -> str:
    """Return the rating hasil kerja of a unit head from the unit's predikat.

    SE MenPANRB 3/2023 (step 3): if the employee being evaluated heads the
    unit, the unit's capaian kinerja organisasi is that person's rating hasil
    kerja. Istimewa → di atas, Baik → sesuai, the rest → di bawah ekspektasi.
    """
    return _HEAD_RATING[OrgPredikat(org_predikat)]


@dataclass(frozen=True)
class DistributionWarning:
    rule_id: int
    predikats: tuple[str, ...]
    bound: str
    percent: Decimal
    count: int
    share: Decimal
    message: str


@dataclass(frozen=True)
class DistributionCheck:
    org_predikat: str
    total: int
    counts: dict[str, int]
    warnings: list[DistributionWarning]

    @property
    def ok(self) -> bool:
        return not self.warnings


def _labels(predikats: Iterable[str]) -> str:
    return " / ".join(str(Predikat(p).label) for p in predikats)


def distribution_rules(org_predikat: str, *, on: dt.date) -> list[DistributionRule]:
    """Return the curve's bounds in force for a predikat organisasi (domain 1.6)."""
    return list(_in_force(DistributionRule, on, org_predikat=org_predikat))


def distribution_check(
    org_predikat: str,
    predikats: Iterable[str] | Counter,
    *,
    on: dt.date,
    rules: list[DistributionRule] | None = None,
) -> DistributionCheck:
    """Check employee predikat against the pola distribusi (SE MenPANRB 3/2023).

    UNCERTAIN figures (domain 1.6): a broken bound is a warning with counts,
    never a block.
    """
    counts = Counter(predikats)
    total = sum(counts.values())
    if rules is None:
        rules = distribution_rules(org_predikat, on=on)
    warnings = []
    for rule in rules:
        preds = tuple(rule.predikat_list)
        count = sum(counts.get(p, 0) for p in preds)
        share = (
            (Decimal(count) * 100 / total).quantize(Decimal("0.1"))
            if total
            else Decimal(0)
        )
        broken = total > 0 and (
            (rule.bound == rule.Bound.MAX and share > rule.percent)
            or (rule.bound == rule.Bound.MIN and share < rule.percent)
            or (rule.bound == rule.Bound.SOME and count == 0)
        )
        if broken:
            warnings.append(
                DistributionWarning(
                    rule_id=rule.pk,
                    predikats=preds,
                    bound=rule.bound,
                    percent=rule.percent,
                    count=count,
                    share=share,
                    message=_warning_text(rule, preds, count, total, share),
                )
            )
    return DistributionCheck(
        org_predikat=org_predikat,
        total=total,
        counts={p: counts.get(p, 0) for p in Predikat.values},
        warnings=warnings,
    )


def _warning_text(rule, preds, count: int, total: int, share: Decimal) -> str:
    values = {
        "predikat": _labels(preds),
        "percent": f"{rule.percent.normalize():f}",
        "count": count,
        "total": total,
        "share": share,
    }
    if rule.bound == rule.Bound.MAX:
        return (
            _(
                "%(predikat)s paling banyak %(percent)s%%, kini %(count)s dari "
                "%(total)s (%(share)s%%)."
            )
            % values
        )
    if rule.bound == rule.Bound.MIN:
        return (
            _(
                "%(predikat)s paling sedikit %(percent)s%%, kini %(count)s dari "
                "%(total)s (%(share)s%%)."
            )
            % values
        )
    return _("Harus ada pegawai dengan predikat %(predikat)s; kini tidak ada.") % values


def credit_percent(predikat: str, *, on: dt.date) -> Decimal:
    """Return the angka kredit percentage of a predikat (PermenPANRB 1/2023)."""
    row = _in_force(CreditPercentage, on, predikat=predikat).first()
    if row is None:
        raise ApplicationError(
            "credit_table_missing", _("Tabel persentase angka kredit belum diisi.")
        )
    return row.percent


def credit_coefficient(functional_level: str, *, on: dt.date) -> Decimal:
    """Return the yearly koefisien angka kredit of a jenjang (Peraturan BKN 3/2023)."""
    row = _in_force(CreditCoefficient, on, functional_level=functional_level).first()
    if row is None:
        raise ApplicationError(
            "credit_table_missing", _("Koefisien angka kredit jenjang ini belum diisi.")
        )
    return row.coefficient


def credit_amount(
    predikat: str, functional_level: str, *, months: int = 12, on: dt.date
) -> tuple[Decimal, Decimal, Decimal]:
    """Return (percent, coefficient, angka kredit) for a predikat and jenjang.

    PermenPANRB 1/2023 and Peraturan BKN 3/2023 (domain 1.8):
    AK = % predikat × koefisien tahunan; a partial year is pro-rated,
    AK = (months / 12) × % × koefisien. Rounded to three decimals.
    """
    if not 1 <= months <= 12:
        raise ApplicationError(
            "invalid_months", _("Jumlah bulan harus antara 1 dan 12.")
        )
    percent = credit_percent(predikat, on=on)
    coefficient = credit_coefficient(functional_level, on=on)
    amount = Decimal(months) / 12 * percent / 100 * coefficient
    return percent, coefficient, amount.quantize(Decimal("0.001"), ROUND_HALF_UP)


def improvement_review_due(opened_on: dt.date, months: int = 6) -> dt.date:
    """Return the review date of an improvement plan (PP 30/2019 Pasal 57).

    Pegawai who miss their target get about six months to improve; the
    agency may configure the months on its performance year.
    """
    month = opened_on.month - 1 + months
    year = opened_on.year + month // 12
    month = month % 12 + 1
    day = min(opened_on.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)
