"""IKM by PermenPANRB 14/2017 (domain file §7) on a hand-worked example and on
every boundary of the interval table."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from jenjang.surveys import seed
from jenjang.surveys.models import QualityInterval, Unsur
from jenjang.surveys.selectors import (
    ikm_by_unit,
    ikm_by_unit_periods,
    ikm_for_unit,
    ikm_trend,
    interval_list,
)
from jenjang.surveys.services.ikm import (
    Interval,
    ikm_conversion,
    intervals_check,
    mutu_for,
    nrr_per_unsur,
    unsur_weight,
    weighted_nrr,
)
from jenjang.surveys.services.periods import Period
from jenjang.surveys.tests.factories import (
    ServiceUnitFactory,
    local_noon,
    make_response,
)

pytestmark = pytest.mark.django_db

# Domain file §7.3, copied as the regulation writes it: (NI low, NI high,
# NIK low, NIK high, mutu, kinerja).
DOMAIN_TABLE = [
    ("1.00", "2.5996", "25.00", "64.99", "D", "Tidak Baik"),
    ("2.60", "3.064", "65.00", "76.60", "C", "Kurang Baik"),
    ("3.0644", "3.532", "76.61", "88.30", "B", "Baik"),
    ("3.5324", "4.00", "88.31", "100.00", "A", "Sangat Baik"),
]
DOMAIN_UNSUR = [
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran, dan Masukan",
    "Sarana dan Prasarana",
]

# Four respondents, nine unsur each.
HAND_WORKED = [
    (4, 4, 3, 4, 3, 3, 4, 3, 4),
    (3, 3, 3, 4, 3, 3, 4, 3, 3),
    (4, 3, 2, 4, 3, 4, 4, 2, 3),
    (3, 4, 3, 4, 4, 3, 4, 3, 3),
]


def test_seeded_tables_equal_the_domain_tables():
    assert [u.name for u in Unsur.objects.order_by("number")] == DOMAIN_UNSUR
    assert [u.code for u in Unsur.objects.order_by("number")] == [
        f"U{i}" for i in range(1, 10)
    ]
    seeded = {
        i.letter: (i.label, str(i.min_value), str(i.max_value))
        for i in QualityInterval.objects.all()
    }
    assert seeded == {row[4]: (row[5], row[2], row[3]) for row in DOMAIN_TABLE}
    # The migration's literals and seed.py say the same.
    assert [(n, c, name) for n, c, name, _q in seed.UNSUR] == [
        (u.number, u.code, u.name) for u in Unsur.objects.order_by("number")
    ]
    assert intervals_check(interval_list()) == []


def test_rule_functions():
    assert unsur_weight() == Fraction(1, 9)
    assert nrr_per_unsur(14, 4) == Fraction(7, 2)
    assert weighted_nrr([Fraction(4)] * 9) == 4
    assert ikm_conversion(Fraction(4)) == Decimal("100.00")
    assert ikm_conversion(Fraction(1)) == Decimal("25.00")
    with pytest.raises(ValueError, match="respondents"):
        nrr_per_unsur(3, 0)


def test_hand_worked_example(world):
    unit = ServiceUnitFactory(org_unit=world.puskesmas)
    for answers in HAND_WORKED:
        make_response(unit, answers, when=local_noon(dt.date(2026, 2, 10)))
    # Worked by hand:
    #   sums per unsur  U1..U9 = 14 14 11 16 13 13 16 11 13  (total 121)
    #   NRR = sum ÷ 4   = 3.5 3.5 2.75 4 3.25 3.25 4 2.75 3.25
    #   IKM = Σ NRR × 1/9 = 30.25 / 9 = 3.36111…
    #   IKM unit = 3.36111… × 25 = 84.02777… → 84.03
    #   76.61 ≤ 84.03 ≤ 88.30 → mutu B, kinerja "Baik"
    #   weakest: U3 and U8 (2.75)
    figure = ikm_for_unit(service_unit=unit, period=Period(2026, "quarter", 1))
    assert figure.respondents == 4
    assert [u.nrr for u in figure.unsur] == [
        Decimal(x)
        for x in (
            "3.500",
            "3.500",
            "2.750",
            "4.000",
            "3.250",
            "3.250",
            "4.000",
            "2.750",
            "3.250",
        )
    ]
    assert figure.index == Decimal("3.3611")
    assert figure.value == Decimal("84.03")
    assert (figure.letter, figure.label) == ("B", "Baik")
    assert [u.code for u in figure.unsur if u.weakest] == ["U3", "U8"]
    # The same figure for the semester and the year; nothing in Q2.
    assert ikm_for_unit(service_unit=unit, period=Period(2026, "semester", 1)) == figure
    assert ikm_for_unit(service_unit=unit, period=Period(2026, "year")) == figure
    assert not ikm_for_unit(
        service_unit=unit, period=Period(2026, "quarter", 2)
    ).has_data


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        ("25.00", "D"),
        ("64.99", "D"),
        ("64.994", "D"),
        ("64.995", "C"),
        ("65.00", "C"),
        ("76.60", "C"),
        ("76.604", "C"),
        ("76.605", "B"),
        ("76.61", "B"),
        ("88.30", "B"),
        ("88.31", "A"),
        ("100.00", "A"),
    ],
)
def test_every_converted_boundary(value, letter):
    found = mutu_for(Decimal(value), interval_list())
    assert found is not None
    assert found.letter == letter
    expected_label = {row[4]: row[5] for row in DOMAIN_TABLE}[letter]
    assert found.label == expected_label


@pytest.mark.parametrize("row", DOMAIN_TABLE, ids=[r[4] for r in DOMAIN_TABLE])
def test_index_interval_ends_convert_into_their_own_class(row):
    ni_low, ni_high, nik_low, nik_high, letter, _label = row
    for ni, nik in ((ni_low, nik_low), (ni_high, nik_high)):
        converted = ikm_conversion(Fraction(ni))
        assert converted == Decimal(nik)
        assert mutu_for(converted, interval_list()).letter == letter


def test_outside_the_table_has_no_class():
    assert mutu_for(Decimal("24.99"), interval_list()) is None
    assert mutu_for(Decimal("100.01"), interval_list()) is None


def test_exact_boundary_from_responses(world):
    # Five respondents whose answers total 117: IKM = 117 / 45 = 2.6 → 65.00, C.
    unit = ServiceUnitFactory(org_unit=world.puskesmas)
    rows = [(3,) * 9, (3,) * 9, (3,) * 9, (2,) * 9, (2,) * 9]
    assert sum(map(sum, rows)) == 117
    for answers in rows:
        make_response(unit, answers, when=local_noon(dt.date(2026, 5, 1)))
    figure = ikm_for_unit(service_unit=unit, period=Period(2026, "quarter", 2))
    assert (figure.value, figure.letter) == (Decimal("65.00"), "C")


def test_configured_intervals_are_used(world):
    QualityInterval.objects.filter(letter="C").update(max_value=Decimal("84.50"))
    QualityInterval.objects.filter(letter="B").update(min_value=Decimal("84.51"))
    unit = ServiceUnitFactory(org_unit=world.puskesmas)
    for answers in HAND_WORKED:
        make_response(unit, answers, when=local_noon(dt.date(2026, 2, 10)))
    figure = ikm_for_unit(service_unit=unit, period=Period(2026, "quarter", 1))
    assert (figure.value, figure.letter) == (Decimal("84.03"), "C")


def test_intervals_check_finds_gaps_and_overlaps():
    good = [Interval(r[4], r[5], Decimal(r[2]), Decimal(r[3])) for r in DOMAIN_TABLE]
    assert intervals_check(good) == []
    gap = [*good[:1], Interval("C", "", Decimal("65.01"), Decimal("76.60")), *good[2:]]
    assert intervals_check(gap) == ["D-C"]


def test_by_unit_and_trend_equal_per_unit_figures(world):
    one = ServiceUnitFactory(org_unit=world.puskesmas)
    two = ServiceUnitFactory(org_unit=world.dinkes)
    for answers in HAND_WORKED:
        make_response(one, answers, when=local_noon(dt.date(2026, 2, 10)))
    make_response(two, (4,) * 9, when=local_noon(dt.date(2026, 3, 31)))
    make_response(one, (1,) * 9, when=local_noon(dt.date(2026, 4, 1)))
    q1 = Period(2026, "quarter", 1)
    figures = ikm_by_unit(service_units=[one, two], period=q1)
    assert figures[one.pk] == ikm_for_unit(service_unit=one, period=q1)
    assert figures[two.pk].value == Decimal("100.00")
    trend = ikm_trend(service_unit=one, last=Period(2026, "quarter", 2), count=3)
    assert [p.key for p, _f in trend] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert [f.value for _p, f in trend] == [None, Decimal("84.03"), Decimal("25.00")]


def test_by_unit_over_periods_equals_one_query_per_period(
    world, django_assert_max_num_queries
):
    one = ServiceUnitFactory(org_unit=world.puskesmas)
    two = ServiceUnitFactory(org_unit=world.dinkes)
    three = ServiceUnitFactory(org_unit=world.bpkad)
    for answers in HAND_WORKED:
        make_response(one, answers, when=local_noon(dt.date(2026, 2, 10)))
    make_response(two, (4,) * 9, when=local_noon(dt.date(2026, 3, 31)))
    make_response(one, (1,) * 9, when=local_noon(dt.date(2026, 4, 1)))
    make_response(two, (2,) * 9, when=local_noon(dt.date(2026, 9, 30)))
    make_response(three, (3,) * 9, when=local_noon(dt.date(2025, 12, 31)))  # before
    periods = [Period(2026, "quarter", n) for n in range(1, 5)]
    with django_assert_max_num_queries(3):  # responses, intervals, unsur
        got = ikm_by_unit_periods(service_units=[one, two, three], periods=periods)
    # The oracle: one aggregate per unit and period, units without answers left out.
    per_unit = [
        {u.pk: ikm_for_unit(service_unit=u, period=p) for u in (one, two, three)}
        for p in periods
    ]
    assert got == [{k: f for k, f in d.items() if f.has_data} for d in per_unit]
    assert ikm_by_unit(service_units=[one, two, three], period=periods[0]) == got[0]
    assert set(got[0]) == {one.pk, two.pk}
    assert got[0][one.pk].value == Decimal("84.03")
    assert set(got[1]) == {one.pk}
    assert got[1][one.pk].value == Decimal("25.00")
    assert set(got[2]) == {two.pk}
    assert got[3] == {}
    assert ikm_by_unit_periods(service_units=[one], periods=[]) == []


def test_profile_counts_group_by_the_field_only(world):
    from jenjang.surveys.selectors import responses_profile_counts

    unit = ServiceUnitFactory(org_unit=world.puskesmas)
    for day, sex in ((1, "P"), (2, "P"), (3, "L"), (4, "")):
        make_response(unit, (3,) * 9, when=local_noon(dt.date(2026, 1, day)), sex=sex)
    counts = responses_profile_counts(service_unit=unit, period=Period(2026, "year"))
    assert counts["sex"] == {"P": 2, "L": 1, "": 1}
