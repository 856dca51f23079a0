"""`TableLoad`: an empty table loaded without its foreign keys gets them all back."""

import pytest
from django.db import IntegrityError, connection, transaction

from jenjang.development.models import LedgerEntry
from jenjang.people.national import TableLoad, build_everything

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="COPY and ALTER TABLE are PostgreSQL's",
    ),
]
TABLES = ("development_ledgerentry", "competencies_assessment", "performance_skp")


def catalogue(table: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass",
            [table],
        )
        constraints = set(cursor.fetchall())
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
        )
        return constraints | set(cursor.fetchall())


def test_the_national_load_leaves_every_key_and_index_as_it_was():
    before = {table: catalogue(table) for table in TABLES}
    assert any("FOREIGN KEY" in d for _n, d in before["development_ledgerentry"])

    build_everything(employees=300, seed=3, batch_size=200)

    assert LedgerEntry.objects.exists()
    assert {table: catalogue(table) for table in TABLES} == before


def _load_with_a_row_of_no_one(load: TableLoad, before) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        load.begin(cursor)
        assert catalogue("development_ledgerentry") != before  # keys dropped
        cursor.execute(
            "INSERT INTO development_ledgerentry (employee_id, occurred_on, jp,"
            " title, kind, source_type, source_id, quantity, unit, rule_note,"
            " reason, evidence, created_at) VALUES (987654321, '2026-01-05', 1,"
            " 'x', 'posting', 'test', '1', 1, 'day', '', '', '', now())"
        )
        load.end(cursor)


def test_a_row_that_breaks_a_key_fails_the_load_and_leaves_the_keys():
    before = catalogue("development_ledgerentry")
    load = TableLoad("development_ledgerentry", indexes=True)

    with pytest.raises(IntegrityError):
        _load_with_a_row_of_no_one(load, before)

    assert catalogue("development_ledgerentry") == before
    assert not LedgerEntry.objects.exists()
