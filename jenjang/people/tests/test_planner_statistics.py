"""After a bulk load PostgreSQL knows the new row counts (ANALYZE)."""

import pytest
from django.db import connection

from jenjang.people.models import Employee
from jenjang.people.national import refresh_planner_statistics

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
    ),
]


def _estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_refresh_gives_the_planner_the_loaded_row_count(world):
    loaded = Employee.objects.count()
    assert loaded > 0
    refresh_planner_statistics()
    assert _estimated_rows(Employee._meta.db_table) == loaded
