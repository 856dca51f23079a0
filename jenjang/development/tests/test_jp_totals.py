"""The pre-aggregated yearly JP totals equal the ledger, whatever is posted.

`JpYearTotal` is kept current by `ledger_post` / `ledger_reverse` in their own
transaction; `jp_totals_rebuild` recomputes it; `jp_totals_drift` and
`jenjang rebuild-jp-totals --check` prove it equals the ledger.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Q, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jenjang.core.exceptions import ApplicationError
from jenjang.development.aggregates import jp_totals_drift
from jenjang.development.models import JpYearTotal, LedgerEntry
from jenjang.development.selectors.compliance import (
    below_target_visible_to,
    compliance_employees_visible_to,
    compliance_summary_visible_to,
    employee_total_jp,
    jp2,
    with_year_total,
    with_year_total_from_ledger,
)
from jenjang.development.services import ledger as ledger_services
from jenjang.development.services.jp_totals import jp_totals_rebuild
from jenjang.development.services.ledger import ledger_reverse
from jenjang.development.tests.test_ledger_support import form, post, seeded  # noqa: F401

D = dt.date
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
DAYS = [D(2024, 12, 31), D(2025, 1, 1), D(2025, 6, 30), D(2025, 12, 31), D(2026, 1, 1)]
CENT = Decimal("0.01")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def raw_totals() -> dict[tuple[int, int], tuple[Decimal, int]]:
    """The ledger summed per (employee, year) in Python: the raw computation."""
    sums: dict[tuple[int, int], list] = defaultdict(lambda: [Decimal(0), 0])
    for employee_id, day, jp in LedgerEntry.objects.values_list(
        "employee_id", "occurred_on", "jp"
    ):
        row = sums[(employee_id, day.year)]
        row[0] += jp
        row[1] += 1
    return {k: (v[0].quantize(CENT), v[1]) for k, v in sums.items()}


def stored_totals() -> dict[tuple[int, int], tuple[Decimal, int]]:
    return {
        (r.employee_id, r.year): (r.total_jp.quantize(CENT), r.entries)
        for r in JpYearTotal.objects.all()
    }


# One operation: ("post", person, day, jp cents, source) or ("reverse", index).
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("post"),
            st.integers(0, 2),
            st.sampled_from(DAYS),
            st.integers(0, 4000),
            st.integers(0, 5),  # few sources: re-posting the same source is common
        ),
        st.tuples(st.just("reverse"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ops=operations)
def test_random_postings_and_reversals_keep_the_table_equal_to_the_ledger(world, ops):
    people = [world.employee, world.mentor, world.bpkad_employee]
    with transaction.atomic():
        for op in ops:
            if op[0] == "post":
                _kind, who, day, cents, source = op
                post(
                    people[who],
                    day=day,
                    jp=Decimal(cents) / 100,
                    source_id=f"h{who}-{source}",
                )
            else:
                postings = list(
                    LedgerEntry.objects.filter(
                        kind=LedgerEntry.Kind.POSTING, reversal__isnull=True
                    ).order_by("pk")
                )
                if postings:
                    entry = postings[op[1] % len(postings)]
                    ledger_reverse(entry=entry, reason="uji", by=None)
        assert stored_totals() == raw_totals()
        assert jp_totals_drift() == []
        for person in people:
            for year in (2024, 2025, 2026):
                expected = raw_totals().get((person.pk, year), (Decimal(0), 0))[0]
                assert employee_total_jp(employee=person, year=year) == expected
        # The rebuild from the ledger lands on the same rows.
        incremental = stored_totals()
        jp_totals_rebuild()
        assert stored_totals() == incremental
        transaction.set_rollback(True)


def test_compliance_reads_equal_the_raw_ledger_computation(world, superadmin):
    post(world.employee, day=D(2026, 3, 1), jp=12)
    post(world.employee, day=D(2026, 4, 1), jp=9)
    gone = post(world.mentor, day=D(2026, 2, 1), jp=30)
    ledger_reverse(entry=gone, reason="salah catat", by=None)
    post(world.mentor, day=D(2026, 2, 2), jp=Decimal("19.99"))
    post(world.bpkad_employee, day=D(2025, 12, 31), jp=25)  # another year
    post(world.supervisor, day=D(2026, 1, 1), jp=20)
    for year in (2025, 2026):
        employees = compliance_employees_visible_to(user=superadmin).order_by("pk")
        from_table = dict(
            with_year_total(employees, year).values_list("pk", "total_jp")
        )
        from_ledger = dict(
            with_year_total_from_ledger(employees, year).values_list("pk", "total_jp")
        )
        assert from_table == from_ledger
    below = set(below_target_visible_to(user=superadmin, year=2026))
    # 19.99 after the reversal, and two people with nothing in 2026.
    assert below == {world.mentor, world.puskesmas_employee, world.bpkad_employee}
    summary = compliance_summary_visible_to(user=superadmin, year=2026)
    assert summary.total.total_jp == Decimal("60.99")
    assert summary.total.compliant == 2  # supervisor (20) and employee (21)


def test_a_failed_posting_leaves_no_total(world):
    def boom(*, entry):
        raise ApplicationError("boom", "gagal")

    ledger_services.register_posting_listener(boom)
    try:
        with pytest.raises(ApplicationError):
            post(world.employee, day=D(2026, 3, 1), jp=8)
    finally:
        ledger_services._POSTING_LISTENERS.remove(boom)
    assert not LedgerEntry.objects.exists()
    assert not JpYearTotal.objects.exists()


def test_a_reversal_brings_the_year_back_to_zero_and_keeps_its_row(world):
    entry = post(world.employee, day=D(2026, 3, 1), jp=8)
    ledger_reverse(entry=entry, reason="batal", by=None)
    row = JpYearTotal.objects.get(employee=world.employee, year=2026)
    assert (row.total_jp, row.entries) == (Decimal("0.00"), 2)
    assert jp_totals_drift() == []


def test_check_command_finds_a_bulk_load_and_rebuild_repairs_it(world):
    post(world.employee, day=D(2026, 3, 1), jp=8)
    LedgerEntry.objects.bulk_create(  # bypasses ledger_post, as COPY would
        [
            LedgerEntry(
                employee=world.mentor,
                occurred_on=D(2025, 5, 5),
                jp=Decimal("7.50"),
                form=form(3),
                title="Muat massal",
                source_type="manual",
                source_id="bulk-1",
            )
        ]
    )
    assert jp_totals_drift() == [
        (world.mentor.pk, 2025, None, Decimal("7.50"), None, 1)
    ]
    with pytest.raises(CommandError, match="berbeda dengan buku besar"):
        call_command("rebuild-jp-totals", "--check")
    call_command("rebuild-jp-totals", "--year", "2025")
    assert jp_totals_drift() == []
    call_command("rebuild-jp-totals", "--check")
    assert stored_totals() == raw_totals()


def test_rebuild_command_refuses_a_bad_year(world):
    with pytest.raises(CommandError, match="Tahun harus antara"):
        call_command("rebuild-jp-totals", "--year", "abc")


def test_the_national_demo_ledger_leaves_the_totals_equal_to_it():
    from jenjang.people.national import build_everything

    build_everything(
        employees=60, seed=5, today=D(2026, 11, 20), only={"people", "jp-ledger"}
    )
    assert LedgerEntry.objects.count() > 600
    assert JpYearTotal.objects.count() > 100
    assert jp_totals_drift() == []


# The one-window query the windows aggregate replaced, kept as its reference.
def jp_sum_by_org_unit(
    *, unit_paths: list[str], start: dt.date, end: dt.date
) -> dict[int, Decimal]:
    """Return {org unit id: JP posted in [start, end)} for active staff in the subtrees.

    Not scoped: the caller (a dashboard) passes subtrees it may already see.
    """
    if not unit_paths:
        return {}
    where = Q(pk__in=[])
    for path in unit_paths:
        where |= Q(employee__org_unit__path__startswith=path)
    rows = (
        LedgerEntry.objects.filter(
            where,
            employee__is_active=True,
            occurred_on__gte=start,
            occurred_on__lt=end,
        )
        .values("employee__org_unit_id")
        .annotate(total=Sum("jp"))
        .order_by()
    )
    return {r["employee__org_unit_id"]: jp2(r["total"]) for r in rows}


def test_windows_in_one_statement_equal_one_query_per_window(world):
    from jenjang.development.aggregates import jp_sum_by_org_unit_windows

    post(world.puskesmas_employee, day=D(2025, 4, 1), jp=3)
    post(world.puskesmas_employee, day=D(2026, 2, 3), jp=6)
    post(world.employee, day=D(2025, 12, 31), jp=Decimal("2.25"))
    gone = post(world.employee, day=D(2026, 1, 1), jp=5)
    ledger_reverse(entry=gone, reason="batal", by=None)
    post(world.bpkad_employee, day=D(2026, 6, 1), jp=40)
    # On a bound shared by windows (counted in those that start there only).
    post(world.mentor, day=D(2025, 7, 1), jp=Decimal("1.5"))
    post(world.mentor, day=D(2026, 1, 2), jp=4)
    post(world.mentor, day=D(2025, 3, 31), jp=7)  # before every window
    windows = [
        (D(2025, 4, 1), D(2026, 4, 1)),
        (D(2025, 7, 1), D(2026, 7, 1)),
        (D(2026, 1, 1), D(2026, 1, 2)),
    ]
    paths = [world.dinkes.path]
    got = jp_sum_by_org_unit_windows(unit_paths=paths, windows=windows)
    assert got == [
        jp_sum_by_org_unit(unit_paths=paths, start=s, end=e) for s, e in windows
    ]
    assert got[0] == {
        world.puskesmas.pk: Decimal("9.00"),
        world.employee.org_unit_id: Decimal("7.75"),  # 2.25 + 1.5 + 4
    }
    assert got[1][world.employee.org_unit_id] == Decimal("7.75")  # not the 7 of March
    assert got[2] == {world.employee.org_unit_id: Decimal("0.00")}
    assert jp_sum_by_org_unit_windows(unit_paths=[], windows=windows) == [{}, {}, {}]
