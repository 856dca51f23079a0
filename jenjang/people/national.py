"""National-shape data for every area: the step registry and the bulk writer.

`jenjang demo --employees N` first builds the registry of N employees
(`people.demo.build_national`), then runs every registered national step in
order. Each area keeps its generator in its own `jenjang/<app>/national.py`,
which registers a step when imported::

    from jenjang.people.national import register_national_step
    register_national_step("jp-ledger", build_ledger, order=40)

The modules are found by name (like admin.py), so the people app never
imports an area above it. A step reads the generated employees in chunks
(`NationalContext.employee_chunks`), so its memory does not grow with N, and
writes through `BulkWriter` (PostgreSQL COPY, else batched INSERT), all
inside one transaction per step.
"""

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from jenjang.core import versions
from jenjang.people.demo import BATCH_SIZE, DEFAULT_SEED, build_national
from jenjang.people.demo.catalogue import NATIONAL_CODE_PREFIX
from jenjang.people.demo.logins import (
    LoginRow,
    ensure_logins,
    national_login_targets,
)
from jenjang.people.models import Agency, Employee, OrgUnit

Progress = Callable[[str, int], Callable[[int], None]]


class Person(NamedTuple):
    id: int
    agency_id: int
    org_unit_id: int
    position_id: int
    rank_id: int
    kind: str
    gender: str
    birth_date: dt.date
    education_level: str
    position_kind: str
    functional_level: str
    job_field_id: int | None


PERSON_FIELDS = (
    "id",
    "agency_id",
    "org_unit_id",
    "position_id",
    "rank_id",
    "kind",
    "gender",
    "birth_date",
    "education_level",
    "position__kind",
    "position__functional_level",
    "position__job_field_id",
)


@dataclass
class NationalContext:
    """What the national steps share: the run's options and the generated people."""

    employees: int
    seed: int
    today: dt.date
    batch_size: int = BATCH_SIZE
    use_copy: bool | None = None
    progress: Progress = lambda name, total: lambda n: None  # noqa: E731
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        """Return a generator of the step's own: adding a step changes no other data."""
        return random.Random(f"{self.seed}:national:{step}")

    def agency_ids(self) -> list[int]:
        return list(
            Agency.objects.filter(code__startswith=NATIONAL_CODE_PREFIX)
            .order_by("id")
            .values_list("id", flat=True)
        )

    def root_units(self) -> dict[int, int]:
        """Return {agency id: its top unit id} for the national agencies."""
        return dict(
            OrgUnit.objects.filter(agency_id__in=self.agency_ids(), depth=1)
            .order_by("agency_id", "path")
            .values_list("agency_id", "id")
        )

    def employee_chunks(self, size: int = 20_000) -> Iterator[list[Person]]:
        """Yield the national employees in id order, `size` at a time (keyset)."""
        agencies = self.agency_ids()
        last = 0
        while True:
            rows = list(
                Employee.objects.filter(agency_id__in=agencies, id__gt=last)
                .order_by("id")
                .values_list(*PERSON_FIELDS)[:size]
            )
            if not rows:
                return
            last = rows[-1][0]
            yield [Person(*row) for row in rows]

    def people_by_agency(self, size: int = 20_000) -> Iterator[list[Person]]:
        """Yield each national agency's employees together (ids are contiguous)."""
        group: list[Person] = []
        for chunk in self.employee_chunks(size):
            for person in chunk:
                if group and person.agency_id != group[0].agency_id:
                    yield group
                    group = []
                group.append(person)
        if group:
            yield group

    def years(self) -> list[int]:
        """Return the three calendar years the activity data covers, oldest first."""
        return [self.today.year - 2, self.today.year - 1, self.today.year]

    def now_day(self) -> dt.datetime:
        """Return the end of today's office hours, the latest moment data may carry."""
        zone = timezone.get_current_timezone()
        return dt.datetime(*self.today.timetuple()[:3], 17, 0, tzinfo=zone)

    def moment(self, rng: random.Random, start: dt.date, end: dt.date) -> dt.datetime:
        """Return a random office-hours moment between two dates (inclusive)."""
        day = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
        zone = timezone.get_current_timezone()
        return dt.datetime(*day.timetuple()[:3], rng.randint(7, 16), 0, tzinfo=zone)

    def writer(self) -> "BulkWriter":
        return BulkWriter(batch_size=self.batch_size, use_copy=self.use_copy)


@dataclass(frozen=True)
class NationalStep:
    name: str
    order: int
    run: Callable[[NationalContext, "BulkWriter"], None]


_STEPS: dict[str, NationalStep] = {}


def register_national_step(
    name: str, run: Callable[[NationalContext, "BulkWriter"], None], *, order: int
) -> None:
    """Add a step to `jenjang demo --employees N` (people's registry comes first)."""
    _STEPS[name] = NationalStep(name, order, run)


def national_steps() -> list[NationalStep]:
    autodiscover_modules("national")
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


class IdBlock:
    """Hand out primary keys above the table's current maximum, per model."""

    def __init__(self) -> None:
        self._next: dict[type[Model], int] = {}

    def __call__(self, model: type[Model]) -> int:
        if model not in self._next:
            self._next[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value


class TableLoad:
    """Load an empty PostgreSQL table without its foreign keys, then check them once.

    A row copied into a table with deferred foreign keys queues one trigger
    event per key, and the commit checks them row by row: 42 s of the JP
    ledger's 105 s at 100,000 employees. Dropped before the load and added
    back after it, each key is checked by one join over the whole table
    (`ALTER TABLE … ADD CONSTRAINT` validates at once; a bad row fails the
    step's transaction, so nothing is left half-written). With `indexes`,
    the secondary indexes too are built after the load, one sort each. Only
    a table that is empty when the load begins is touched.
    """

    def __init__(self, table: str, *, indexes: bool = False) -> None:
        self.table = table
        self.indexes = indexes
        self.foreign_keys: list[tuple[str, str]] = []
        self.index_definitions: list[str] = []

    def begin(self, cursor) -> None:
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(self.table)})")
        if cursor.fetchone()[0]:
            return
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f'",
            [self.table],
        )
        self.foreign_keys = cursor.fetchall()
        with _checks_done(cursor):
            for name, _definition in self.foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {quote(self.table)} DROP CONSTRAINT {quote(name)}"
                )
        if self.indexes:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint"
                " WHERE conrelid = %s::regclass)",
                [self.table, self.table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {quote(name)}")
                self.index_definitions.append(definition)

    def end(self, cursor) -> None:
        quote = connection.ops.quote_name
        if self.index_definitions:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in self.index_definitions:
            cursor.execute(definition)
        with _checks_done(cursor):
            for name, definition in self.foreign_keys:
                cursor.execute(
                    f"ALTER TABLE {quote(self.table)} ADD CONSTRAINT {quote(name)} "
                    + definition
                )
        self.foreign_keys, self.index_definitions = [], []


@contextmanager
def _checks_done(cursor) -> Iterator[None]:
    """Run the checks still deferred in this transaction, then defer again.

    PostgreSQL refuses to alter a table with pending trigger events (rows of
    an earlier step in the same transaction, as in tests).
    """
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class BulkWriter:
    """Buffer rows per model and write them in batches: COPY on PostgreSQL.

    A row is a dict by attname; columns it leaves out take the field's
    default, computed once per batch, except unique callable defaults
    (codes, UUIDs), computed per row. auto_now fields take the batch's time.
    Rows carry their primary keys (from `ids`), so children can refer to
    their parents before either is written; `finish()` moves the PostgreSQL
    sequences past them. Foreign keys are checked at commit, or, for a table
    COPY fills from empty, once by `finish()` (`TableLoad`), so the order of
    the batches does not matter.
    """

    def __init__(self, *, batch_size: int = BATCH_SIZE, use_copy: bool | None = None):
        self.batch_size = batch_size
        postgres = connection.vendor == "postgresql"
        self.use_copy = postgres if use_copy is None else use_copy and postgres
        self.buffers: dict[type[Model], list[dict]] = {}
        self.counts: dict[type[Model], int] = {}
        self.ids = IdBlock()
        self.loads: dict[type[Model], TableLoad] = {}

    def add(self, model: type[Model], row: dict) -> None:
        buffer = self.buffers.setdefault(model, [])
        buffer.append(row)
        if len(buffer) >= self.batch_size:
            self._write(model, buffer)
            self.counts[model] = self.counts.get(model, 0) + len(buffer)
            buffer.clear()

    def new(self, model: type[Model], **row) -> dict:
        """Add a row with a fresh primary key; return it (with "id")."""
        row["id"] = self.ids(model)
        self.add(model, row)
        return row

    def flush(self) -> None:
        for model, rows in self.buffers.items():
            if rows:
                self._write(model, rows)
                self.counts[model] = self.counts.get(model, 0) + len(rows)
                rows.clear()

    def finish(self) -> dict[str, int]:
        self.flush()
        if connection.vendor == "postgresql" and self.counts:
            with connection.cursor() as cursor:
                for load in self.loads.values():
                    load.end(cursor)
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), list(self.counts)
                ):
                    cursor.execute(sql)
        return {m._meta.label: n for m, n in self.counts.items()}

    def _adapter(self, f) -> Callable | None:
        kind = f.get_internal_type()
        if kind == "JSONField":
            return json.dumps
        if self.use_copy:
            return None  # psycopg writes dates, decimals, UUIDs and bools itself
        if kind == "DateField":
            return connection.ops.adapt_datefield_value
        if kind == "DateTimeField":
            return connection.ops.adapt_datetimefield_value
        return lambda v: f.get_db_prep_save(v, connection)

    def _plan(self, model: type[Model]):
        """Return the fields, a row of defaults, {attname: (index, adapter)}, and
        the unique callable defaults to compute per row."""
        now = timezone.now()
        fields = model._meta.concrete_fields
        template, slots, per_row = [], {}, []
        for index, f in enumerate(fields):
            adapt = self._adapter(f)
            slots[f.attname] = (index, adapt)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                default = now
            elif f.unique and f.has_default() and callable(f.default):
                per_row.append((index, f, adapt))
                default = None
            else:
                default = f.get_default()
            template.append(
                default if default is None or adapt is None else adapt(default)
            )
        return fields, template, slots, per_row

    def _write(self, model: type[Model], rows: list[dict]) -> None:
        fields, template, slots, per_row = self._plan(model)

        def values(row: dict) -> list:
            out = template[:]
            for name, value in row.items():
                index, adapt = slots[name]
                out[index] = value if adapt is None or value is None else adapt(value)
            for index, f, adapt in per_row:
                if f.attname not in row:
                    value = f.get_default()
                    out[index] = value if adapt is None else adapt(value)
            return out

        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        column_sql = ", ".join(quote(f.column) for f in fields)
        with connection.cursor() as cursor:
            if self.use_copy:
                if model not in self.loads:
                    self.loads[model] = TableLoad(model._meta.db_table)
                    self.loads[model].begin(cursor)
                with cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(values(row))
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({column_sql}) VALUES ({marks})",
                    [values(row) for row in rows],
                )


def _people_step(ctx: NationalContext, writer: BulkWriter) -> None:
    bar = ctx.progress("people", ctx.employees)
    result = build_national(
        employees=ctx.employees,
        seed=ctx.seed,
        batch_size=ctx.batch_size,
        use_copy=ctx.use_copy,
        progress=bar,
        today=ctx.today,
    )
    ctx.counts.update({m._meta.label: n for m, n in result.counts.items() if n})


register_national_step("people", _people_step, order=10)


def build_everything(
    *,
    employees: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = BATCH_SIZE,
    use_copy: bool | None = None,
    progress: Progress | None = None,
    only: set[str] | None = None,
    today: dt.date | None = None,
) -> NationalContext:
    """Generate N employees of national shape, then every area's data for them.

    One transaction per step; a step's rows are all written or none. `only`
    limits the run to the named steps (people is needed by all the others).
    """
    ctx = NationalContext(
        employees=employees,
        seed=seed,
        today=today or timezone.localdate(),
        batch_size=batch_size,
        use_copy=use_copy,
    )
    if progress is not None:
        ctx.progress = progress
    for step in national_steps():
        if only is not None and step.name not in only:
            continue
        started = time.monotonic()
        with transaction.atomic():
            writer = ctx.writer()
            step.run(ctx, writer)
            for label, n in writer.finish().items():
                ctx.counts[label] = ctx.counts.get(label, 0) + n
        ctx.seconds[step.name] = time.monotonic() - started
    refresh_planner_statistics()
    versions.restart_everything()  # the steps write past the services' signals
    return ctx


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load, so PostgreSQL plans with the new row counts.

    Until autovacuum gets to it, a freshly loaded table has no statistics and
    the employee list sorts a whole agency instead of walking its index
    (110–180 ms instead of 8 ms at 100,000 employees; docs/benchmarks.md).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def ensure_national_logins() -> list[LoginRow]:
    """Create (or refresh) one demo account per role over the first national agency."""
    first = (
        Agency.objects.filter(code__startswith=NATIONAL_CODE_PREFIX)
        .order_by("code")
        .first()
    )
    return [] if first is None else ensure_logins(national_login_targets(first))
