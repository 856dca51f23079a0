"""Concurrent posting and reversal on PostgreSQL: one entry, one reversal.

Threads get their own database connections, so these tests commit for real
(transaction=True). SQLite serialises writers anyway; they run on PostgreSQL.
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import LedgerEntry
from jenjang.development.services.ledger import ledger_reverse
from jenjang.development.tests.test_ledger_support import post, seeded  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    ),
]
THREADS = 6


def run_together(target) -> list:
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def work(index):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as exc:  # noqa: BLE001 — the test inspects it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_concurrent_double_post_gives_one_entry(world):
    employee = world.employee
    results = run_together(
        lambda: post(employee, day=dt.date(2024, 5, 14), jp=4, source_id="race-1").pk
    )
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert LedgerEntry.objects.filter(source_id="race-1").count() == 1


def test_concurrent_mentoring_posts_respect_the_month_cap(world):
    employee = world.employee
    counter = iter(range(THREADS))
    lock = threading.Lock()

    def one_session():
        with lock:
            number = next(counter)
        return post(
            employee,
            day=dt.date(2024, 5, 14),
            code=15,
            quantity=1,
            unit="session",
            source_id=f"mentor-{number}",
        ).jp

    results = run_together(one_session)
    assert sorted(results, reverse=True)[:3] == [2, 2, 0]
    assert sum(results) == 4  # never more than the cap


def test_concurrent_reversals_give_one_reversal(world):
    entry = post(world.employee, day=dt.date(2024, 5, 14), jp=4, source_id="r-1")
    results = run_together(
        lambda: ledger_reverse(entry=entry, reason="Batal", by=None).pk
    )
    done = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(done) == 1
    assert len(refused) == THREADS - 1
    assert {r.code for r in refused} == {"already_reversed"}
    assert LedgerEntry.objects.filter(kind="reversal").count() == 1
