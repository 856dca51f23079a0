import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jenjang.people.nip import (
    NipError,
    build_nip,
    check_nip_matches_record,
    parse_nip,
    validate_pppk_number,
)

# The worked example of Peraturan Kepala BKN 22/2007 (domain file §9).
EXAMPLE = "196608011988031001"


def test_parses_the_regulation_example():
    info = parse_nip(EXAMPLE)
    assert info.birth_date == dt.date(1966, 8, 1)
    assert (info.tmt_year, info.tmt_month) == (1988, 3)
    assert info.gender == "L"
    assert info.sequence == 1


def test_digit_15_two_is_female():
    assert parse_nip("196608011988032001").gender == "P"


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19660801198803100", "nip_format"),  # 17 digits
        ("1966080119880310011", "nip_format"),  # 19 digits
        ("19660801198803100A", "nip_format"),
        ("１９６６０８０１１９８８０３１００１", "nip_format"),  # full-width digits
        ("196602301988031001", "nip_birth_date"),  # 30 February
        ("196608011988131001", "nip_tmt_month"),
        ("196608011988001001", "nip_tmt_month"),
        ("196608011960031001", "nip_tmt_before_birth"),
        ("196608011966081001", "nip_tmt_before_birth"),  # same month as birth
        ("196608011988033001", "nip_gender"),
        ("196608011988031000", "nip_sequence"),
        ("", "nip_format"),
    ],
)
def test_rejects_malformed_nips(nip, code):
    with pytest.raises(NipError) as exc:
        parse_nip(nip)
    assert exc.value.code == code


def test_record_must_agree_with_the_nip():
    problems = check_nip_matches_record(
        EXAMPLE,
        birth_date=dt.date(1966, 8, 2),
        tmt_cpns=dt.date(1988, 4, 1),
        gender="P",
    )
    assert [field for field, _ in problems] == ["birth_date", "tmt_cpns", "gender"]
    assert problems[0][1] == "Tanggal lahir tidak sesuai dengan NIP (1966-08-01)."


def test_matching_record_has_no_problems():
    assert (
        check_nip_matches_record(
            EXAMPLE,
            birth_date=dt.date(1966, 8, 1),
            tmt_cpns=dt.date(1988, 3, 1),
            gender="L",
        )
        == []
    )


def test_pppk_numbers_are_checked_for_shape_only():
    validate_pppk_number("199001012021212001")
    with pytest.raises(NipError):
        validate_pppk_number("12345")


valid_parts = st.builds(
    lambda birth, years, month, gender, seq: (
        birth,
        birth.year + years,
        month,
        gender,
        seq,
    ),
    st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2006, 12, 31)),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["L", "P"]),
    st.integers(min_value=1, max_value=999),
)


@given(valid_parts)
def test_build_then_parse_round_trips(parts):
    birth, tmt_year, tmt_month, gender, seq = parts
    nip = build_nip(
        birth_date=birth,
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        gender=gender,
        sequence=seq,
    )
    info = parse_nip(nip)
    assert len(nip) == 18
    assert info.birth_date == birth
    assert (info.tmt_year, info.tmt_month) == (tmt_year, tmt_month)
    assert info.gender == gender
    assert info.sequence == seq


def _parse_or_error(text: str):
    try:
        return parse_nip(text), None
    except NipError as exc:
        return None, exc


@given(st.text(max_size=25))
def test_any_text_parses_or_raises_a_nip_error(text):
    info, error = _parse_or_error(text)
    if error is not None:
        assert error.code.startswith("nip_")
        assert error.message
    else:
        assert len(text.strip()) == 18
        assert info.gender in {"L", "P"}


@given(st.text(alphabet="0123456789", min_size=18, max_size=18))
def test_any_18_digits_parse_or_raise_a_nip_error(digits):
    info, error = _parse_or_error(digits)
    if error is not None:
        assert error.code in {
            "nip_birth_date",
            "nip_tmt_month",
            "nip_tmt_before_birth",
            "nip_gender",
            "nip_sequence",
        }
    else:
        assert info.birth_date.strftime("%Y%m%d") == digits[:8]
        assert (
            build_nip(
                birth_date=info.birth_date,
                tmt_year=info.tmt_year,
                tmt_month=info.tmt_month,
                gender=info.gender,
                sequence=info.sequence,
            )
            == digits
        )
