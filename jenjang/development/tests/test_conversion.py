"""JP conversion: the seeded tables, every national rule, caps, agency rules."""

import datetime as dt
from decimal import Decimal

import pytest

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import AnnualTarget, ConversionRule, DevelopmentForm
from jenjang.development.services.conversion import (
    BPS_NOTE,
    NOT_IN_BPS_NOTE,
    format_jp,
    jp_for,
)
from jenjang.development.services.ledger import ledger_reverse
from jenjang.development.tests.test_ledger_support import form, post, seeded  # noqa: F401
from jenjang.people.tests.factories import AgencyFactory

DAY = dt.date(2024, 5, 14)


def convert(code, quantity, unit="", *, on=DAY, agency=None, employee=None, **kw):
    return jp_for(
        agency=agency,
        form=form(code),
        quantity=quantity,
        unit=unit,
        on=on,
        employee=employee,
        **kw,
    )


# --- the seed -----------------------------------------------------------------


def test_seed_has_the_25_siasn_forms_verbatim(db):
    forms = list(DevelopmentForm.objects.order_by("siasn_code"))
    assert [f.siasn_code for f in forms] == list(range(1, 26))
    assert forms[0].name == "Diklat Struktural"
    assert forms[12].name == (
        "Pengembangan Kompetensi Dalam Bentuk Pelatihan Klasikal Lainnya"
    )
    assert forms[20].name == "Pertukaran Antara PNS Dengan Pegawai Swasta/BUMN/BUMD"
    assert forms[24].name == (
        "Pengembangan Kompetensi Dalam Bentuk Pelatihan Nonklasikal Lainnya"
    )
    assert {f.path for f in forms} == {"training"}
    classical = [f.siasn_code for f in forms if f.is_classical]
    assert classical == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13]
    assert [f.siasn_code for f in forms if f.needs_verification] == [7, 10]


def test_seed_national_rules_and_target(db):
    rules = ConversionRule.objects.filter(agency=None)
    assert rules.count() == 25
    assert {r.note for r in rules if r.form.siasn_code not in (24, 25)} == {BPS_NOTE}
    assert {r.note for r in rules if r.form.siasn_code in (24, 25)} == {NOT_IN_BPS_NOTE}
    assert BPS_NOTE == (
        "Contoh tabel BPS (Lampiran Surat Sestama B-031/BPS/2600/02/2019) "
        "— sesuaikan per instansi"
    )
    target = AnnualTarget.objects.get()
    assert (target.agency, target.minimum_jp) == (None, Decimal("20.00"))
    assert target.source == "PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4)"


# --- every national rule ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "quantity", "unit", "jp", "note"),
    [
        (1, 900, "minutes", "20", "900 menit ÷ 45 = 20 JP"),
        (2, 90, "minutes", "2", "90 menit ÷ 45 = 2 JP"),
        (3, 100, "minutes", "2.22", "100 menit ÷ 45 = 2,22 JP"),
        (5, 450, "minutes", "10", "450 menit ÷ 45 = 10 JP"),
        (6, 45, "minutes", "1", "45 menit ÷ 45 = 1 JP"),
        (8, 360, "minutes", "8", "360 menit ÷ 45 = 8 JP"),
        (11, 30, "minutes", "0.67", "30 menit ÷ 45 = 0,67 JP"),
        (12, 135, "minutes", "3", "135 menit ÷ 45 = 3 JP"),
        (13, 180, "minutes", "4", "180 menit ÷ 45 = 4 JP"),
        (17, 225, "minutes", "5", "225 menit ÷ 45 = 5 JP"),
        (19, 270, "minutes", "6", "270 menit ÷ 45 = 6 JP"),
        (24, 90, "minutes", "2", "90 menit ÷ 45 = 2 JP"),
        (25, 90, "minutes", "2", "90 menit ÷ 45 = 2 JP"),
        (9, 2, "day", "8", "2 hari × 4 JP = 8 JP"),
        (4, 1, "day", "5", "1 hari × 5 JP = 5 JP"),
        (7, 3, "day", "12", "3 hari × 4 JP = 12 JP"),
        (18, 1, "occasion", "20", "1 kali × 20 JP = 20 JP"),
        (21, 1, "occasion", "20", "1 kali × 20 JP = 20 JP"),
        (10, 2, "occasion", "40", "2 kali × 20 JP = 40 JP"),
        (20, 1, "occasion", "10", "1 kali × 10 JP = 10 JP"),
        (14, 1, "session", "2", "1 sesi × 2 JP = 2 JP, batas 4 JP/bulan"),
        (15, 2, "session", "4", "2 sesi × 2 JP = 4 JP, batas 4 JP/bulan"),
        (16, 90, "minutes", "2", "90 menit ÷ 45 = 2 JP, batas 3 JP/hari"),
        (22, 90, "minutes", "2", "90 menit ÷ 45 = 2 JP, batas 2 JP/hari"),
        (23, 45, "minutes", "1", "45 menit ÷ 45 = 1 JP, batas 2 JP/hari"),
    ],
)
def test_national_rule(db, code, quantity, unit, jp, note):
    result = convert(code, quantity, unit)
    assert result.jp == Decimal(jp)
    assert result.note == note
    assert result.rule.agency_id is None
    assert result.rule.form.siasn_code == code


def test_unit_defaults_to_the_rules_unit(db):
    assert convert(9, 1).jp == Decimal("4")


def test_result_unpacks_as_a_triple(db):
    jp, rule, note = convert(9, 1, "day")
    assert (jp, rule.form.siasn_code, note) == (Decimal("4"), 9, "1 hari × 4 JP = 4 JP")


# --- caps ---------------------------------------------------------------------


def test_cap_binds_within_one_activity(db):
    result = convert(14, 3, "session")
    assert result.jp == Decimal("4")
    assert result.note == "3 sesi × 2 JP = 6 JP, batas 4 JP/bulan → 4 JP"
    result = convert(16, 180, "minutes")
    assert result.jp == Decimal("3")
    assert result.note == "180 menit ÷ 45 = 4 JP, batas 3 JP/hari → 3 JP"


def test_third_mentoring_session_in_a_month_earns_nothing(world):
    employee = world.employee
    post(employee, day=dt.date(2024, 3, 4), code=15, quantity=1, unit="session")
    post(employee, day=dt.date(2024, 3, 18), code=15, quantity=1, unit="session")
    third = convert(15, 1, "session", on=dt.date(2024, 3, 29), employee=employee)
    assert third.jp == Decimal("0")
    assert third.note == (
        "1 sesi × 2 JP = 2 JP, batas 4 JP/bulan, sudah 4 JP pada periode itu → 0 JP"
    )
    # Coaching has its own cap; other people are unaffected.
    assert convert(14, 1, on=dt.date(2024, 3, 29), employee=employee).jp == 2
    other = convert(15, 1, on=dt.date(2024, 3, 29), employee=world.mentor)
    assert other.jp == Decimal("2")


def test_month_cap_restarts_on_the_first_of_the_month(world):
    employee = world.employee
    post(employee, day=dt.date(2024, 1, 31), code=15, quantity=2, unit="session")
    assert convert(15, 1, on=dt.date(2024, 1, 31), employee=employee).jp == 0
    assert convert(15, 1, on=dt.date(2024, 2, 1), employee=employee).jp == 2


def test_partly_used_cap_gives_the_rest(world):
    employee = world.employee
    post(employee, day=DAY, code=15, quantity=1, unit="session")
    result = convert(15, 2, on=DAY, employee=employee)
    assert result.jp == Decimal("2")
    assert result.note == (
        "2 sesi × 2 JP = 4 JP, batas 4 JP/bulan, sudah 2 JP pada periode itu → 2 JP"
    )


def test_day_cap_counts_the_same_day_only(world):
    employee = world.employee
    post(employee, day=DAY, code=16, quantity=90, unit="minutes")  # 2 JP
    assert convert(16, 90, on=DAY, employee=employee).jp == Decimal("1")
    next_day = DAY + dt.timedelta(days=1)
    assert convert(16, 90, on=next_day, employee=employee).jp == Decimal("2")
    previous_day = DAY - dt.timedelta(days=1)
    assert convert(16, 180, on=previous_day, employee=employee).jp == Decimal("3")


def test_a_span_of_days_gets_the_cap_of_every_day(db):
    start = dt.date(2024, 5, 1)
    result = convert(22, 600, on=dt.date(2024, 5, 7), started_on=start)
    assert result.jp == Decimal("13.33")  # under 7 days × 2 JP
    result = convert(22, 900, on=dt.date(2024, 5, 7), started_on=start)
    assert result.jp == Decimal("14")


def test_a_reversed_posting_frees_the_cap(world):
    employee = world.employee
    entry = post(employee, day=DAY, code=15, quantity=2, unit="session")
    assert convert(15, 1, on=DAY, employee=employee).jp == 0
    ledger_reverse(entry=entry, reason="Salah catat", by=None)
    assert convert(15, 1, on=DAY, employee=employee).jp == 2


# --- agency rules and effective dates -----------------------------------------


def test_agency_rule_from_its_effective_date_then_national_elsewhere(world):
    agency = world.agency
    ConversionRule.objects.create(
        agency=agency,
        form=form(9),
        unit="day",
        jp_per_unit=Decimal("6"),
        effective_from=dt.date(2025, 1, 1),
    )
    before = convert(9, 1, on=dt.date(2024, 12, 31), agency=agency)
    after = convert(9, 1, on=dt.date(2025, 1, 1), agency=agency)
    other = convert(9, 1, on=dt.date(2025, 1, 1), agency=AgencyFactory())
    assert (before.jp, before.rule.agency_id) == (Decimal("4"), None)
    assert (after.jp, after.rule.agency_id) == (Decimal("6"), agency.pk)
    assert (other.jp, other.rule.agency_id) == (Decimal("4"), None)
    assert convert(9, 1, on=dt.date(2025, 1, 1), agency=agency.pk).jp == 6


def test_newer_national_rule_replaces_the_older_one(db):
    ConversionRule.objects.create(
        form=form(4),
        unit="day",
        jp_per_unit=Decimal("6"),
        effective_from=dt.date(2024, 7, 1),
    )
    assert convert(4, 1, on=dt.date(2024, 6, 30)).jp == 5
    assert convert(4, 1, on=dt.date(2024, 7, 1)).jp == 6


def test_minutes_rule_with_a_premium(db):
    rule = ConversionRule.objects.create(
        form=form(3),
        unit="minutes",
        jp_per_unit=Decimal("1.2"),
        effective_from=dt.date(2024, 1, 1),
    )
    result = convert(3, 450)
    assert (result.jp, result.rule) == (Decimal("12"), rule)
    assert result.note == "450 menit ÷ 45 × 1,2 = 12 JP"


# --- bad input ----------------------------------------------------------------


def test_wrong_unit_is_refused(db):
    with pytest.raises(ApplicationError) as caught:
        convert(9, 1, "session")
    assert caught.value.code == "unit_mismatch"
    assert caught.value.message == "Seminar dihitung per hari, bukan per sesi."


@pytest.mark.parametrize("quantity", [0, -1, "abc", "NaN", "Infinity", None, 100001])
def test_bad_quantity_is_refused(db, quantity):
    with pytest.raises(ApplicationError) as caught:
        convert(9, quantity, "day")
    assert caught.value.code == "bad_quantity"


def test_no_rule_before_the_seed_date(db):
    with pytest.raises(ApplicationError) as caught:
        convert(9, 1, on=dt.date(2016, 12, 31))
    assert caught.value.code == "no_conversion_rule"
    assert caught.value.message == (
        "Belum ada aturan konversi JP untuk Seminar pada 31-12-2016. Minta admin "
        "kepegawaian menambahkannya, atau isi JP langsung."
    )


def test_start_after_end_is_refused(db):
    with pytest.raises(ApplicationError) as caught:
        convert(22, 60, on=DAY, started_on=DAY + dt.timedelta(days=1))
    assert caught.value.code == "dates_reversed"


@pytest.mark.parametrize(
    ("value", "text"),
    [("4", "4"), ("4.00", "4"), ("1.5", "1,5"), ("2.22", "2,22"), ("0", "0")],
)
def test_format_jp(value, text):
    assert format_jp(Decimal(value)) == text
