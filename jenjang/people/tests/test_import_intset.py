"""The compact NIP set behaves like a set."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jenjang.people.imports.intset import IntSet


@given(st.lists(st.integers(min_value=1, max_value=2**64 - 1), max_size=300))
def test_intset_behaves_like_a_set(values):
    compact, reference = IntSet(capacity=2), set()
    for value in values:
        assert compact.add(value) == (value not in reference)
        reference.add(value)
    assert len(compact) == len(reference)
    assert all(value in compact for value in reference)


@pytest.mark.parametrize("value", [0, -1, 2**64])
def test_intset_refuses_values_it_cannot_hold(value):
    with pytest.raises(ValueError):  # noqa: PT011
        IntSet().add(value)


def test_an_all_zero_pppk_number_twice_is_a_duplicate(world, hr_admin):
    from jenjang.people.imports.rows import Messages
    from jenjang.people.tests.test_import_helpers import csv_bytes, good_row, validate

    row = good_row(nip="0" * 18, jenis_pegawai="PPPK", golongan="IX")
    _, errors = validate(csv_bytes([row, row]), agency=world.agency, user=hr_admin)
    assert errors == [(3, "nip", Messages.duplicate_nip())]
