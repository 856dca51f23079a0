"""The rule tables against the domain file (regulations.md section 1)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from jenjang.core.exceptions import ApplicationError
from jenjang.performance.models import (
    DistributionRule,
    OrgPredikat,
    Predikat,
    PredikatMatrixCell,
    Rating,
)
from jenjang.performance.services.rules import (
    credit_amount,
    distribution_check,
    head_of_unit_rating,
    improvement_review_due,
    predikat_for,
)

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 12, 31)

# Domain 1.4, written out again here from the table (not from seed.py).
DOMAIN_MATRIX = [
    ("di_atas", "di_bawah", "kurang"),
    ("di_atas", "sesuai", "baik"),
    ("di_atas", "di_atas", "sangat_baik"),
    ("sesuai", "di_bawah", "kurang"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di_atas", "baik"),
    ("di_bawah", "di_bawah", "sangat_kurang"),
    ("di_bawah", "sesuai", "butuh_perbaikan"),
    ("di_bawah", "di_atas", "butuh_perbaikan"),
]


@pytest.mark.parametrize(("hasil", "perilaku", "expected"), DOMAIN_MATRIX)
def test_every_cell_of_the_predikat_matrix(hasil, perilaku, expected):
    assert predikat_for(hasil, perilaku, on=ON) == expected


def test_the_matrix_has_exactly_nine_cells():
    assert PredikatMatrixCell.objects.count() == 9


def test_a_newer_matrix_takes_over_from_its_date():
    PredikatMatrixCell.objects.create(
        effective_from=dt.date(2030, 1, 1),
        rating_hasil="sesuai",
        rating_perilaku="di_atas",
        predikat="sangat_baik",
    )
    assert predikat_for("sesuai", "di_atas", on=ON) == "baik"
    with pytest.raises(ApplicationError) as err:
        # The 2030 table holds only one cell: a missing cell is an error.
        predikat_for("sesuai", "sesuai", on=dt.date(2030, 6, 1))
    assert err.value.code == "matrix_missing"
    assert predikat_for("sesuai", "di_atas", on=dt.date(2030, 6, 1)) == "sangat_baik"


def test_before_any_matrix_is_an_error():
    with pytest.raises(ApplicationError) as err:
        predikat_for("sesuai", "sesuai", on=dt.date(2019, 1, 1))
    assert err.value.code == "matrix_missing"


@pytest.mark.parametrize(
    ("org", "rating"),
    [
        ("istimewa", "di_atas"),
        ("baik", "sesuai"),
        ("butuh_perbaikan", "di_bawah"),
        ("kurang", "di_bawah"),
        ("sangat_kurang", "di_bawah"),
    ],
)
def test_head_of_unit_rating_follows_the_organisation(org, rating):
    assert head_of_unit_rating(org) == rating


def _dist(**counts):
    return [p for p, n in counts.items() for _ in range(n)]


SB, B, BP, K, SK = (p.value for p in Predikat)

# (org predikat, distribution, expected warnings as (predikats, bound, count)).
DISTRIBUTION_CASES = [
    # Istimewa: Sangat Baik at most 70%.
    ("istimewa", _dist(sangat_baik=7, baik=3), []),
    ("istimewa", _dist(sangat_baik=8, baik=2), [((SB,), "max", 8)]),
    # Baik: Baik at most 70%, and some Butuh Perbaikan and/or Kurang.
    ("baik", _dist(baik=7, butuh_perbaikan=1, sangat_baik=2), []),
    ("baik", _dist(baik=8, kurang=1, sangat_baik=1), [((B,), "max", 8)]),
    ("baik", _dist(baik=6, sangat_baik=4), [((BP, K), "some", 0)]),
    # Butuh Perbaikan: at least 60% BP, Sangat Baik at most 10%.
    ("butuh_perbaikan", _dist(butuh_perbaikan=6, sangat_baik=1, baik=3), []),
    (
        "butuh_perbaikan",
        _dist(butuh_perbaikan=5, sangat_baik=2, baik=3),
        [((BP,), "min", 5), ((SB,), "max", 2)],
    ),
    # Kurang: at least 60% Kurang, at least 10% BP, Sangat Baik at most 10%.
    ("kurang", _dist(kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2), []),
    (
        "kurang",
        _dist(kurang=5, sangat_baik=2, baik=3),
        [((K,), "min", 5), ((BP,), "min", 0), ((SB,), "max", 2)],
    ),
    # Sangat Kurang: at least 60% SK, at least 10% K and/or BP, no Sangat Baik.
    ("sangat_kurang", _dist(sangat_kurang=6, kurang=1, baik=3), []),
    (
        "sangat_kurang",
        _dist(sangat_kurang=5, baik=4, sangat_baik=1),
        [((SK,), "min", 5), ((K, BP), "min", 0), ((SB,), "max", 1)],
    ),
]


@pytest.mark.parametrize(("org", "predikats", "expected"), DISTRIBUTION_CASES)
def test_distribution_warnings_for_each_organisation_predikat(org, predikats, expected):
    check = distribution_check(org, predikats, on=ON)

    assert check.total == 10
    found = sorted((w.predikats, w.bound, w.count) for w in check.warnings)
    assert found == sorted(expected)
    assert check.ok is (not expected)
    assert sum(check.counts.values()) == 10


def test_every_organisation_predikat_has_a_curve():
    assert set(DistributionRule.objects.values_list("org_predikat", flat=True)) == set(
        OrgPredikat.values
    )


def test_distribution_warning_message_gives_the_counts():
    check = distribution_check("istimewa", _dist(sangat_baik=8, baik=2), on=ON)
    assert check.warnings[0].message == (
        "Sangat Baik paling banyak 70%, kini 8 dari 10 (80.0%)."
    )
    check = distribution_check("baik", _dist(baik=6, sangat_baik=4), on=ON)
    assert check.warnings[0].message == (
        "Harus ada pegawai dengan predikat Butuh Perbaikan / Kurang/Misconduct; "
        "kini tidak ada."
    )


def test_an_empty_unit_raises_no_warning():
    assert distribution_check("baik", [], on=ON).warnings == []


# Domain 1.8: percentage × coefficient, written out from the tables.
PERCENT = {SB: "1.5", B: "1", BP: "0.75", K: "0.5", SK: "0.25"}
COEFFICIENT = {
    "ahli_pertama": "12.5",
    "ahli_muda": "25",
    "ahli_madya": "37.5",
    "ahli_utama": "50",
    "pemula": "3.75",
    "terampil": "5",
    "mahir": "12.5",
    "penyelia": "25",
}


@pytest.mark.parametrize("predikat", list(PERCENT))
@pytest.mark.parametrize("level", list(COEFFICIENT))
def test_angka_kredit_for_a_full_year(predikat, level):
    percent, coefficient, amount = credit_amount(predikat, level, on=ON)
    expected = Decimal(PERCENT[predikat]) * Decimal(COEFFICIENT[level])
    assert coefficient == Decimal(COEFFICIENT[level])
    assert percent == Decimal(PERCENT[predikat]) * 100
    assert amount == expected.quantize(Decimal("0.001"), ROUND_HALF_UP)


def test_worked_example_of_the_domain_file():
    assert credit_amount("sangat_baik", "ahli_pertama", on=ON)[2] == Decimal("18.750")


def test_pemula_values_match_the_listed_ones():
    listed = {SB: "5.63", B: "3.75", BP: "2.81", K: "1.88", SK: "0.94"}
    for predikat, value in listed.items():
        amount = credit_amount(predikat, "pemula", on=ON)[2]
        assert amount.quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal(value)


@pytest.mark.parametrize(
    ("months", "expected"),
    [(12, "25.000"), (6, "12.500"), (3, "6.250"), (1, "2.083"), (7, "14.583")],
)
def test_angka_kredit_is_pro_rated_for_partial_years(months, expected):
    # Ahli Muda, Baik: 100% × 25 per year.
    assert credit_amount("baik", "ahli_muda", months=months, on=ON)[2] == Decimal(
        expected
    )


@pytest.mark.parametrize("months", [0, 13])
def test_angka_kredit_months_out_of_range(months):
    with pytest.raises(ApplicationError) as err:
        credit_amount("baik", "ahli_muda", months=months, on=ON)
    assert err.value.code == "invalid_months"


@pytest.mark.parametrize(
    ("opened", "months", "due"),
    [
        (dt.date(2025, 1, 15), 6, dt.date(2025, 7, 15)),
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2025, 12, 1), 6, dt.date(2026, 6, 1)),
        (dt.date(2025, 3, 10), 3, dt.date(2025, 6, 10)),
    ],
)
def test_improvement_review_clock(opened, months, due):
    assert improvement_review_due(opened, months) == due


def test_ratings_are_the_three_of_the_regulation():
    assert Rating.labels == [
        "Di Atas Ekspektasi",
        "Sesuai Ekspektasi",
        "Di Bawah Ekspektasi",
    ]
