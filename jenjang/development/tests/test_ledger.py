"""The ledger service: posting, idempotency, reversal, re-posting, source types."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import IntegrityError
from django.utils import timezone

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import LedgerEntry
from jenjang.development.services import ledger as ledger_services
from jenjang.development.services.ledger import (
    MANUAL,
    ledger_active_posting,
    ledger_post,
    ledger_post_manual,
    ledger_reverse,
    ledger_reverse_source,
    register_posting_listener,
    register_source_type,
    source_base_id,
    source_label,
    source_link,
)
from jenjang.development.tests.test_ledger_support import form, post, seeded  # noqa: F401

DAY = dt.date(2024, 5, 14)


def test_post_converts_with_the_rule_and_records_it(world, hr_admin):
    entry = post(
        world.employee,
        day=DAY,
        code=9,
        quantity=2,
        unit="day",
        source_id="s1",
        by=hr_admin,
    )
    entry.refresh_from_db()
    assert entry.jp == Decimal("8.00")
    assert entry.rule.form.siasn_code == 9
    assert entry.rule_note == "2 hari × 4 JP = 8 JP"
    assert (entry.kind, entry.unit, entry.quantity) == ("posting", "day", Decimal("2"))
    assert entry.created_by == hr_admin
    assert LogEntry.objects.get_for_object(entry).get().actor == hr_admin


def test_post_with_explicit_jp_says_who_decided(world):
    entry = post(world.employee, day=DAY, jp="3.5", source_id="s1")
    assert entry.jp == Decimal("3.50")
    assert entry.rule is None
    assert (
        entry.rule_note
        == "3,5 JP ditetapkan oleh pencatat (Pencatatan manual oleh admin)"
    )


def test_posting_the_same_source_twice_returns_the_first(world):
    first = post(world.employee, day=DAY, jp=4, source_id="42")
    again = post(world.employee, day=DAY, jp=9, source_id="42")
    assert again.pk == first.pk
    assert again.jp == Decimal("4.00")
    assert LedgerEntry.objects.count() == 1


def test_lost_race_returns_the_winner(world):
    """The IntegrityError path: another transaction posted between look-up and insert."""
    winner = post(world.employee, day=DAY, jp=4, source_id="42")
    real_find = ledger_services._find_posting
    calls = []

    def miss_once(source_type, source_id):
        calls.append(source_id)
        if len(calls) == 1:
            return None, source_id  # as if the winner had not committed yet
        return real_find(source_type, source_id)

    with mock.patch.object(ledger_services, "_find_posting", miss_once):
        loser = post(world.employee, day=DAY, jp=5, source_id="42")
    assert loser.pk == winner.pk
    assert LedgerEntry.objects.count() == 1


def test_unexpected_integrity_error_is_not_swallowed(world):
    with (
        mock.patch.object(LedgerEntry, "save", side_effect=IntegrityError("boom")),
        pytest.raises(IntegrityError),
    ):
        post(world.employee, day=DAY, jp=4, source_id="42")


def test_reversal_is_a_new_negative_entry(world, hr_admin):
    entry = post(world.employee, day=DAY, code=9, quantity=1, unit="day", source_id="7")
    reversal = ledger_reverse(entry=entry, reason="Tidak hadir", by=hr_admin)
    entry.refresh_from_db()
    assert entry.jp == Decimal("4.00")  # untouched
    assert (reversal.kind, reversal.jp) == ("reversal", Decimal("-4.00"))
    assert reversal.reverses == entry
    assert reversal.occurred_on == entry.occurred_on
    assert (reversal.reason, reversal.created_by) == ("Tidak hadir", hr_admin)
    assert reversal.rule_note == f"Membatalkan entri #{entry.pk}"
    assert LedgerEntry.objects.count() == 2


def test_reversing_twice_is_refused(world):
    entry = post(world.employee, day=DAY, jp=4, source_id="7")
    ledger_reverse(entry=entry, reason="Salah", by=None)
    with pytest.raises(ApplicationError) as caught:
        ledger_reverse(entry=entry, reason="Lagi", by=None)
    assert (caught.value.code, caught.value.status) == ("already_reversed", 409)
    assert caught.value.message == "Entri ini sudah dibatalkan."
    assert LedgerEntry.objects.count() == 2


def test_a_reversal_cannot_be_reversed(world):
    entry = post(world.employee, day=DAY, jp=4, source_id="7")
    reversal = ledger_reverse(entry=entry, reason="Salah", by=None)
    with pytest.raises(ApplicationError) as caught:
        ledger_reverse(entry=reversal, reason="Lagi", by=None)
    assert caught.value.code == "not_a_posting"


@pytest.mark.parametrize("reason", ["", "   ", "x" * 251])
def test_reversal_needs_a_reason(world, reason):
    entry = post(world.employee, day=DAY, jp=4, source_id="7")
    with pytest.raises(ApplicationError):
        ledger_reverse(entry=entry, reason=reason, by=None)
    assert LedgerEntry.objects.count() == 1


def test_reposting_after_a_reversal_gets_a_revision(world):
    first = post(world.employee, day=DAY, jp=4, source_id="42")
    ledger_reverse(entry=first, reason="Dibatalkan", by=None)
    second = post(world.employee, day=DAY, jp=5, source_id="42")
    assert second.pk != first.pk
    assert (second.source_id, second.jp) == ("42#2", Decimal("5.00"))
    assert post(world.employee, day=DAY, jp=6, source_id="42").pk == second.pk
    ledger_reverse(entry=second, reason="Lagi", by=None)
    third = post(world.employee, day=DAY, jp=6, source_id="42")
    assert third.source_id == "42#3"
    assert source_base_id(third.source_id) == "42"
    assert ledger_active_posting(source_type=MANUAL, source_id="42") == third
    total = sum(e.jp for e in LedgerEntry.objects.filter(employee=world.employee))
    assert total == Decimal("6.00")


def test_reverse_source_finds_the_active_posting(world):
    first = post(world.employee, day=DAY, jp=4, source_id="42")
    reversal = ledger_reverse_source(
        source_type=MANUAL, source_id="42", reason="Batal", by=None
    )
    assert reversal.reverses == first
    assert (
        ledger_reverse_source(
            source_type=MANUAL, source_id="42", reason="Batal", by=None
        )
        is None
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"source_type": "nope.unknown"}, "unknown_source_type"),
        ({"source_id": ""}, "bad_source_id"),
        ({"source_id": "a#b"}, "bad_source_id"),
        ({"source_id": "x" * 57}, "bad_source_id"),
        ({"title": "  "}, "bad_title"),
        ({"jp": "-1"}, "bad_jp"),
        ({"jp": "abc"}, "bad_jp"),
        ({"jp": None, "quantity": None}, "quantity_required"),
        ({"occurred_on": dt.date(2099, 1, 1)}, "future_date"),
        ({"occurred_on": "2024-01-01"}, "bad_date"),
        ({"occurred_on": dt.datetime(2024, 1, 1, 8)}, "naive_datetime"),  # noqa: DTZ001
    ],
)
def test_bad_posts_change_nothing(world, changes, code):
    kwargs = {
        "employee": world.employee,
        "occurred_on": DAY,
        "form": form(3),
        "title": "Pelatihan",
        "source_type": MANUAL,
        "source_id": "1",
        "jp": "4",
        "by": None,
    } | changes
    with pytest.raises(ApplicationError) as caught:
        ledger_post(**kwargs)
    assert caught.value.code == code
    assert LedgerEntry.objects.count() == 0


def test_a_datetime_counts_on_its_jakarta_date(world):
    # 31 Dec 2024 17:30 UTC is already 1 Jan 2025 00:30 in Jakarta.
    moment = dt.datetime(2024, 12, 31, 17, 30, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2025, 1, 2, tzinfo=dt.UTC)):
        entry = ledger_post(
            employee=world.employee,
            occurred_on=moment,
            form=form(3),
            title="Pelatihan",
            source_type=MANUAL,
            source_id="1",
            jp=4,
            by=None,
        )
    assert entry.occurred_on == dt.date(2025, 1, 1)


def test_today_in_jakarta_is_not_the_future(world):
    # 1 Jan 2025 01:00 WIB is still 31 Dec 2024 in UTC.
    with time_machine.travel(dt.datetime(2024, 12, 31, 18, 0, tzinfo=dt.UTC)):
        assert timezone.localdate() == dt.date(2025, 1, 1)
        entry = post(world.employee, day=dt.date(2025, 1, 1), jp=2)
    assert entry.occurred_on == dt.date(2025, 1, 1)


def test_source_registry_gives_labels_links_and_listeners(world):
    register_source_type(
        "test.batch", label="Angkatan uji", link=lambda sid: f"/batches/{sid}/"
    )
    seen = []
    listener = lambda *, entry: seen.append(entry.pk)  # noqa: E731
    register_posting_listener(listener)
    register_posting_listener(listener)  # twice: still called once
    try:
        entry = post(
            world.employee, day=DAY, jp=4, source_type="test.batch", source_id="9"
        )
        post(world.employee, day=DAY, jp=4, source_type="test.batch", source_id="9")
        assert seen == [entry.pk]
        assert source_label("test.batch") == "Angkatan uji"
        assert source_link(entry) == "/batches/9/"
        ledger_reverse(entry=entry, reason="Batal", by=None)
        again = post(
            world.employee, day=DAY, jp=4, source_type="test.batch", source_id="9"
        )
        assert source_link(again) == "/batches/9/"  # the revision suffix is stripped
        assert source_label("unknown.type") == "unknown.type"
    finally:
        ledger_services._SOURCE_TYPES.pop("test.batch")
        ledger_services._POSTING_LISTENERS.remove(listener)


def test_claim_source_links_to_the_claim_page(world):
    entry = post(
        world.employee, day=DAY, jp=4, source_type="development.claim", source_id="5"
    )
    assert source_link(entry) == "/development/claims/5/"
    assert source_label("development.claim") == "Klaim belajar mandiri"


def test_manual_posting_is_namespaced_by_employee(world, hr_admin):
    first, created = ledger_post_manual(
        employee=world.employee,
        reference="SPT-001",
        occurred_on=DAY,
        form=form(9),
        title="Seminar",
        quantity=1,
        unit="day",
        by=hr_admin,
    )
    again, created_again = ledger_post_manual(
        employee=world.employee,
        reference="SPT-001",
        occurred_on=DAY,
        form=form(9),
        title="Seminar",
        quantity=1,
        unit="day",
        by=hr_admin,
    )
    other, created_other = ledger_post_manual(
        employee=world.mentor,
        reference="SPT-001",
        occurred_on=DAY,
        form=form(9),
        title="Seminar",
        jp=4,
        by=hr_admin,
    )
    assert (created, created_again, created_other) == (True, False, True)
    assert again.pk == first.pk
    assert first.source_id == f"{world.employee.pk}:SPT-001"
    assert other.employee == world.mentor
    with pytest.raises(ApplicationError):
        ledger_post_manual(
            employee=world.employee,
            reference="a#b",
            occurred_on=DAY,
            form=form(9),
            title="x",
            jp=1,
            by=hr_admin,
        )
