"""Rows for the registry: generated as plain dicts, written in batches.

A row is `(Model, {attname: value})` with its primary key already set, so
units, positions and employees can point at each other before anything is
written. `RowWriter` writes them parents first, by COPY on PostgreSQL and by
`executemany` elsewhere: model instances and the ORM's SQL compiler cost more
than the database itself at a million rows.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone

from jenjang.people.demo.careers import (
    Career,
    NipAllocator,
    nik_for,
    person_name,
    phone_number,
    plan_career,
    years_before,
)
from jenjang.people.demo.catalogue import (
    AM,
    AMD,
    AP,
    BATCH_SIZE,
    BIRTH_PLACES,
    DEGREES,
    DEMO_EMAIL_DOMAIN,
    JOB_FIELDS,
    MH,
    PY,
    REGENCY,
    TOP_UNIT_KEY,
    Job,
    K,
    T,
    UnitSpec,
)
from jenjang.people.models import (
    Agency,
    Employee,
    JobField,
    OrgUnit,
    Position,
    PositionHistory,
    Rank,
    RankHistory,
)

Row = tuple[type[Model], dict[str, Any]]
WRITE_ORDER = (Agency, OrgUnit, Position, Employee, PositionHistory, RankHistory)


class IdAllocator:
    """Hand out primary keys past the largest one in the database."""

    def __init__(self, start: dict[type[Model], int]) -> None:
        self._next = dict(start)

    @classmethod
    def from_db(cls, models=WRITE_ORDER) -> "IdAllocator":
        return cls(
            {m: (m.objects.aggregate(m=Max("pk"))["m"] or 0) + 1 for m in models}
        )

    def __call__(self, model: type[Model]) -> int:
        value = self._next[model]
        self._next[model] = value + 1
        return value


@dataclass
class Refs:
    """Ids the generators need from the database: ranks and job fields."""

    ranks: dict[str, int]
    fields: dict[str, int]

    @classmethod
    def load(cls) -> "Refs":
        existing = set(JobField.objects.values_list("code", flat=True))
        missing = [c for c in JOB_FIELDS if c not in existing]
        JobField.objects.bulk_create(
            [JobField(code=c, name=JOB_FIELDS[c]) for c in missing]
        )
        return cls(
            ranks=dict(Rank.objects.values_list("code", "id")),
            fields=dict(JobField.objects.values_list("code", "id")),
        )


PriorPicker = Callable[[Job], tuple[int, int, Job] | None]


@dataclass
class Generator:
    """The shared state of one run: random numbers, ids, NIPs, today."""

    rng: random.Random
    today: dt.date
    ids: IdAllocator
    refs: Refs
    nips: NipAllocator
    now: dt.datetime = field(default_factory=timezone.now)
    full_history: bool = True  # every past rank, and earlier positions
    emails: set[str] | None = field(default_factory=set)  # None: id in the address

    def unit(self, *, agency_id, code, name, path, depth, numchild) -> Row:
        return OrgUnit, {
            "id": self.ids(OrgUnit),
            "agency_id": agency_id,
            "code": code,
            "name": name,
            "path": path,
            "depth": depth,
            "numchild": numchild,
        }

    def position(self, *, job: Job, unit: dict, code, title, reports_to) -> Row:
        return Position, {
            "id": self.ids(Position),
            "created_at": self.now,
            "agency_id": unit["agency_id"],
            "org_unit_id": unit["id"],
            "code": code,
            "title": title,
            "kind": job.kind,
            "functional_level": job.level,
            "job_field_id": self.refs.fields[job.field],
            "reports_to_id": reports_to,
        }

    def person(
        self,
        *,
        job: Job,
        position: dict,
        email_domain: str,
        region: str,
        prior: PriorPicker | None = None,
    ) -> Iterator[Row]:
        """Yield one holder of `position` with their position and rank history."""
        rng = self.rng
        gender = "P" if rng.random() < job.female_share else "L"
        degree = DEGREES[rng.choice(job.degrees)]
        career = plan_career(
            rng,
            job=job,
            education=degree.education,
            gender=gender,
            today=self.today,
            nips=self.nips,
        )
        name, handle = person_name(rng, gender)
        if (self.today - career.birth).days > 45 * 365 and rng.random() < 0.1:
            name = f"{'H.' if gender == 'L' else 'Hj.'} {name}"  # after the hajj
        employee_id = self.ids(Employee)
        rank_code, rank_tmt = career.ranks[-1]
        yield (
            Employee,
            {
                "id": employee_id,
                "created_at": self.now,
                "nip": career.nip,
                "nik": nik_for(rng, region, career.birth, gender),
                "name": name,
                "front_title": degree.front,
                "back_title": degree.back,
                "kind": career.kind,
                "gender": gender,
                "birth_place": rng.choice(BIRTH_PLACES),
                "birth_date": career.birth,
                "tmt_cpns": career.tmt,
                "agency_id": position["agency_id"],
                "org_unit_id": position["org_unit_id"],
                "position_id": position["id"],
                "position_tmt": career.position_tmt,
                "rank_id": self.refs.ranks[rank_code],
                "rank_tmt": rank_tmt,
                "education_level": degree.education,
                "education_major": degree.major,
                "email": self._email(handle, employee_id, email_domain),
                "phone": phone_number(rng),
            },
        )
        yield from self._position_history(career, job, employee_id, position, prior)
        yield from self._rank_history(career, employee_id)

    def _email(self, handle: str, employee_id: int, domain: str) -> str:
        if self.emails is None:
            return f"{handle}.{employee_id}@{domain}"
        email, n = f"{handle}@{domain}", 1
        while email in self.emails:
            n += 1
            email = f"{handle}{n}@{domain}"
        self.emails.add(email)
        return email

    def _position_history(self, career: Career, job, employee_id, position, prior):
        held = [(position["id"], position["org_unit_id"], career.position_tmt)]
        current, since = job, career.position_tmt
        while prior and career.kind == "PNS" and len(held) < 3:
            earlier = prior(current)
            begin = max(career.tmt, years_before(since, self.rng.uniform(2.0, 6.0)))
            if earlier is None or (since - begin).days < 365:
                break
            position_id, unit_id, current = earlier
            held.insert(0, (position_id, unit_id, begin))
            since = begin
        for i, (position_id, unit_id, start) in enumerate(held):
            last = i == len(held) - 1
            yield (
                PositionHistory,
                {
                    "id": self.ids(PositionHistory),
                    "employee_id": employee_id,
                    "position_id": position_id,
                    "org_unit_id": unit_id,
                    "start": start,
                    "end": None if last else held[i + 1][2] - dt.timedelta(days=1),
                },
            )

    def _rank_history(self, career: Career, employee_id: int) -> Iterator[Row]:
        ranks = career.ranks if self.full_history else career.ranks[-1:]
        for i, (code, start) in enumerate(ranks):
            last = i == len(ranks) - 1
            if career.kind == "PPPK":
                note = "Pengangkatan PPPK"
            elif start == career.tmt:
                note = "Pengangkatan CPNS"
            else:
                note = "Kenaikan pangkat " + (
                    "reguler" if career.regular else "pilihan"
                )
            yield (
                RankHistory,
                {
                    "id": self.ids(RankHistory),
                    "employee_id": employee_id,
                    "rank_id": self.refs.ranks[code],
                    "start": start,
                    "end": None if last else ranks[i + 1][1] - dt.timedelta(days=1),
                    "note": note,
                },
            )


def next_root_step() -> int:
    """Return the treebeard step for a new root unit, after the existing roots."""
    last = (
        OrgUnit.objects.filter(depth=1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return OrgUnit._str2int(last) + 1 if last else 1


# --- the regency ------------------------------------------------------------------


@dataclass
class _Unit:
    spec: UnitSpec
    key: str
    row: dict
    parent: int | None


def regency_rows(gen: Generator, *, agency: Agency, root_step: int) -> Iterator[Row]:
    """Yield the regency's units, positions, employees and history, in that order."""
    units: list[_Unit] = []

    def walk(spec: UnitSpec, key: str, path: str, depth: int, parent: int | None):
        _model, row = gen.unit(
            agency_id=agency.pk,
            code=f"{agency.code}.{key}",
            name=spec.name,
            path=path,
            depth=depth,
            numchild=len(spec.children),
        )
        index = len(units)
        units.append(_Unit(spec, key, row, parent))
        for n, child in enumerate(spec.children, start=1):
            child_key = child.key if depth == 1 else f"{key}.{child.key}"
            child_path = OrgUnit._get_path(path, depth + 1, n)
            walk(child, child_key, child_path, depth + 1, index)

    walk(REGENCY, REGENCY.key, OrgUnit._get_path(None, 1, root_step), 1, None)
    yield from ((OrgUnit, unit.row) for unit in units)

    holders = _regency_positions(gen, units)
    yield from ((Position, position) for position, _job, _count in holders)

    prior = _prior_position_picker(gen.rng, holders)
    for position, job, count in holders:
        for _n in range(count):
            yield from gen.person(
                job=job,
                position=position,
                email_domain=DEMO_EMAIL_DOMAIN,
                region=agency.code,
                prior=prior,
            )


def _regency_positions(gen: Generator, units: list[_Unit]):
    """Return (position row, job, holders) with the reporting line filled in.

    A head reports to the nearest head above; the heads of the dinas and
    badan report to the Sekretaris Daerah (the Bupati is not ASN). Staff
    report to the head of their unit.
    """
    heads: dict[int, int] = {}
    top = next(i for i, unit in enumerate(units) if unit.key == TOP_UNIT_KEY)
    holders: list[tuple[dict, Job, int]] = []
    for index, unit in enumerate(units):
        superior = _nearest_head(units, heads, unit.parent)
        if unit.spec.head:
            if superior is None and index != top:
                superior = heads.get(top)
            _model, head = gen.position(
                job=unit.spec.head,
                unit=unit.row,
                code=f"{unit.key}.00",
                title=unit.spec.head.title,
                reports_to=superior,
            )
            heads[index] = head["id"]
            holders.append((head, unit.spec.head, 1))
        for n, (job, count) in enumerate(unit.spec.staff, start=1):
            _model, position = gen.position(
                job=job,
                unit=unit.row,
                code=f"{unit.key}.{n:02d}",
                title=job.title,
                reports_to=heads.get(index, superior),
            )
            holders.append((position, job, count))
    return holders


def _nearest_head(units: list[_Unit], heads: dict[int, int], index: int | None):
    while index is not None:
        if index in heads:
            return heads[index]
        index = units[index].parent
    return None


# The post a holder most likely held before the current one.
_PREVIOUS_KIND = {
    K.JPT_PRATAMA: K.ADMINISTRATOR,
    K.ADMINISTRATOR: K.PENGAWAS,
    K.PENGAWAS: K.PELAKSANA,
}
_PREVIOUS_LEVEL = {AMD: AM, AM: AP, PY: MH, MH: T}


def _prior_position_picker(rng: random.Random, holders) -> PriorPicker:
    """Return a function that picks an earlier position (and its job) for a holder.

    A kepala bidang was a kepala seksi before, preferably in the same field; a
    perawat ahli madya was a perawat ahli muda.
    """
    pools: dict[tuple, list[tuple[int, int, Job]]] = {}
    for position, job, _count in holders:
        entry = (position["id"], position["org_unit_id"], job)
        pools.setdefault((job.kind,), []).append(entry)
        pools.setdefault((job.kind, job.field), []).append(entry)
        if job.level:
            pools.setdefault((job.base_title, job.level), []).append(entry)

    def pick(job: Job) -> tuple[int, int, Job] | None:
        if job.level in _PREVIOUS_LEVEL:
            pool = pools.get((job.base_title, _PREVIOUS_LEVEL[job.level]))
        else:
            kind = _PREVIOUS_KIND.get(job.kind, "")
            pool = pools.get((kind, job.field)) or pools.get((kind,))
        return rng.choice(pool) if pool else None

    return pick


# --- writing ----------------------------------------------------------------------

# Column types whose Python values every backend takes as they are.
_PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


class RowWriter:
    """Buffer rows per model and write them in batches, parents first.

    Columns a row leaves out take the field's default (computed once per
    batch) or, for auto_now fields, the time of the batch. Rows carry their
    primary keys, so `finish()` moves the PostgreSQL sequences past them.
    """

    def __init__(self, *, batch_size: int = BATCH_SIZE, use_copy: bool | None = None):
        self.batch_size = batch_size
        postgres = connection.vendor == "postgresql"
        self.use_copy = postgres if use_copy is None else use_copy and postgres
        self.buffers: dict[type[Model], list[dict]] = {m: [] for m in WRITE_ORDER}
        self.counts: dict[type[Model], int] = dict.fromkeys(WRITE_ORDER, 0)

    def add_all(self, rows: Iterator[Row]) -> None:
        for model, row in rows:
            buffer = self.buffers[model]
            buffer.append(row)
            if len(buffer) >= self.batch_size:
                self.flush()

    def flush(self) -> None:
        for model, rows in self.buffers.items():
            if rows:
                self._write(model, rows)
                self.counts[model] += len(rows)
                rows.clear()

    def finish(self) -> None:
        self.flush()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), WRITE_ORDER):
                    cursor.execute(sql)

    def _columns(self, model: type[Model]):
        now = timezone.now()
        columns = []
        for f in model._meta.concrete_fields:
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            kind = f.get_internal_type()
            if kind in _PLAIN_TYPES or (
                self.use_copy and kind in ("DateField", "DateTimeField")
            ):
                adapt = None
            elif kind == "DateField":
                adapt = connection.ops.adapt_datefield_value
            elif kind == "DateTimeField":
                adapt = connection.ops.adapt_datetimefield_value
            else:
                adapt = lambda v, f=f: f.get_db_prep_save(v, connection)  # noqa: E731
            columns.append(
                (f.attname, f.column, now if auto else f.get_default(), adapt)
            )
        return columns

    def _write(self, model: type[Model], rows: list[dict]) -> None:
        columns = self._columns(model)
        names = [(name, default) for name, _column, default, _adapt in columns]
        adapters = [(i, a) for i, (_n, _c, _d, a) in enumerate(columns) if a]
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        column_sql = ", ".join(quote(column) for _n, column, _d, _a in columns)

        def values(row: dict) -> list:
            out = [row.get(n, d) for n, d in names]
            for i, adapt in adapters:
                out[i] = adapt(out[i])
            return out

        with connection.cursor() as cursor:
            if self.use_copy:
                with cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(values(row))
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({column_sql}) VALUES ({marks})",
                    [values(row) for row in rows],
                )
