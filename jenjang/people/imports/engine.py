"""Validate a whole employee file, then upsert it by NIP in one transaction.

Memory stays flat as the file grows: rows stream from the file in chunks of
2,000; what is kept across chunks is compact — the NIPs seen so far (in an
IntSet, 16 bytes each, to find duplicates), the agency's position codes and
the rank table. The
write pass checks every row again (data may have changed since the check)
and hands each clean chunk to `writer.ChunkWriter`, which writes employees,
history rows and audit entries in bulk.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from jenjang.accounts.roles import roles_with
from jenjang.core.exceptions import ApplicationError
from jenjang.core.scoping import Scope, people_scope_q, scope_for, unit_scope_q
from jenjang.people.imports.columns import COLUMN_BY_HEADER
from jenjang.people.imports.intset import IntSet
from jenjang.people.imports.readers import Table
from jenjang.people.imports.rows import (
    Messages,
    RowError,
    RowParser,
    header_errors,
    rank_key,
)
from jenjang.people.imports.writer import ChunkWriter
from jenjang.people.models import Agency, Employee, Position, Rank

CHUNK_SIZE = 2000
ErrorSink = Callable[[RowError], None]
ProgressSink = Callable[[int], None]


@dataclass
class ImportSummary:
    total_rows: int = 0
    invalid_rows: int = 0
    error_count: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    header_ok: bool = True

    @property
    def is_clean(self) -> bool:
        return self.header_ok and self.error_count == 0 and self.total_rows > 0


@dataclass
class _Chunk:
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    invalid_rows: int = 0


class ImportAborted(ApplicationError):
    """A row turned invalid while writing everything: all was rolled back."""


def import_scope(user) -> Scope:
    """Return where `user` may import: the units of their import-capable roles.

    Personal reach (own record, direct reports) does not count: an import
    touches units, so only agency and unit-subtree grants do. No user (the
    command line without --user) means the operator: everything.
    """
    if user is None:
        return Scope(everything=True)
    scope = scope_for(user, perm_roles=tuple(roles_with("people.import")))
    return Scope(
        everything=scope.everything,
        agency_ids=scope.agency_ids,
        unit_paths=scope.unit_paths,
    )


@contextmanager
def _few_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely while rows stream through.

    Each row makes dozens of short-lived containers and no cycles; at the
    default threshold the collector would run every ~700 of them and walk
    the young heap each time.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


class EmployeeImport:
    """One file for one agency on behalf of one user (or the operator)."""

    def __init__(
        self,
        *,
        open_table: Callable[[], Table],
        agency: Agency,
        user=None,
        job_id: str = "",
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.open_table = open_table
        self.agency = agency
        self.user = user
        self.job_id = job_id
        self.chunk_size = chunk_size
        self.scope = import_scope(user)

    # The two passes -------------------------------------------------------

    def validate(
        self,
        *,
        on_error: ErrorSink,
        on_progress: ProgressSink | None = None,
        on_start: ProgressSink | None = None,
    ) -> ImportSummary:
        """Read the whole file and report every problem; write nothing.

        `on_start` receives an estimate of the number of data rows.
        """
        summary = ImportSummary()
        with _few_collections():
            for _chunk in self._chunks(summary, on_error, on_progress, on_start):
                pass  # checking is what reading the chunks does
        if summary.header_ok and summary.total_rows == 0:
            summary.error_count += 1
            on_error(RowError(2, "", Messages.no_rows()))
        return summary

    def write(
        self,
        *,
        valid_only: bool,
        on_error: ErrorSink,
        on_progress: ProgressSink | None = None,
    ) -> ImportSummary:
        """Validate again while writing; all or nothing in one transaction.

        With `valid_only`, bad rows are skipped (and reported); otherwise one
        bad row rolls everything back and raises ImportAborted.
        """
        summary = ImportSummary()
        writer: ChunkWriter | None = None
        self.outermost = not connection.in_atomic_block
        with _few_collections(), transaction.atomic():
            try:
                for chunk in self._chunks(summary, on_error, on_progress):
                    if chunk.errors and not valid_only:
                        raise ImportAborted(
                            "import_invalid",
                            _("Berkas berisi kesalahan; tidak ada data yang disimpan."),
                        )
                    summary.skipped += chunk.invalid_rows
                    # Made after the header is read: it writes the columns present.
                    writer = writer or self._writer()
                    created, updated, unchanged = writer.write(chunk.records)
                    summary.created += created
                    summary.updated += updated
                    summary.unchanged += unchanged
                if writer is not None:
                    writer.close()
            except BaseException as exc:
                # A statement that failed in the helper thread leaves the
                # transaction aborted; its error, not the next one, is the cause.
                cause = writer.abandon() if writer is not None else None
                if cause is not None and cause is not exc:
                    raise cause from exc
                raise
            if not summary.header_ok or summary.total_rows == 0:
                raise ImportAborted(
                    "import_invalid",
                    _("Berkas berisi kesalahan; tidak ada data yang disimpan."),
                )
        return summary

    def _writer(self) -> ChunkWriter:
        fields: list[tuple[str, str]] = []
        for name in self.present_fields:
            if name == "position":
                fields += [
                    ("position", "position_id"),
                    ("agency", "agency_id"),
                    ("org_unit", "org_unit_id"),
                ]
            elif name == "rank":
                fields.append(("rank", "rank_id"))
            else:
                fields.append((name, name))
        return ChunkWriter(
            fields=fields,
            actor_id=getattr(self.user, "pk", None),
            job_id=self.job_id,
            outermost=self.outermost,
        )

    # Reading and checking -------------------------------------------------

    def _chunks(
        self,
        summary: ImportSummary,
        on_error: ErrorSink,
        on_progress: ProgressSink | None,
        on_start: ProgressSink | None = None,
    ) -> Iterator[_Chunk]:
        with self.open_table() as table:
            if on_start:
                on_start(table.estimated_rows)
            index, problems = header_errors(table.header)
            if problems:
                summary.header_ok = False
                summary.error_count += len(problems)
                for problem in problems:  # in the order of the header cells
                    on_error(problem)
                return
            parser = self._parser(index)
            seen_nips = IntSet()
            pending: list[tuple[int, tuple]] = []
            for number, cells in table.rows():
                pending.append((number, cells))
                if len(pending) >= self.chunk_size:
                    yield self._check(pending, parser, seen_nips, summary, on_error)
                    pending = []
                    if on_progress:
                        on_progress(summary.total_rows)
            if pending:
                yield self._check(pending, parser, seen_nips, summary, on_error)
                if on_progress:
                    on_progress(summary.total_rows)

    def _parser(self, index: dict[str, int]) -> RowParser:
        positions = {
            code: (pk, unit_id, active)
            for code, pk, unit_id, active in Position.objects.filter(
                agency=self.agency
            ).values_list("code", "id", "org_unit_id", "is_active")
        }
        in_scope = set(
            Position.objects.filter(agency=self.agency)
            .filter(unit_scope_q(self.scope, prefix="org_unit__"))
            .values_list("id", flat=True)
        )
        ranks = {rank_key(r.code): r for r in Rank.objects.all()}
        self.present_fields = [COLUMN_BY_HEADER[h].field for h in index]
        return RowParser(
            index=index,
            agency_id=self.agency.pk,
            positions=positions,
            positions_in_scope=in_scope,
            ranks=ranks,
        )

    def _check(
        self,
        rows: list[tuple[int, tuple]],
        parser: RowParser,
        seen_nips: IntSet,
        summary: ImportSummary,
        on_error: ErrorSink,
    ) -> _Chunk:
        chunk = _Chunk(rows=len(rows))
        parsed: list[tuple[int, dict[str, Any], list[RowError]]] = []
        for number, cells in rows:
            values, errors = parser.parse(number, cells)
            nip = values.get("nip", "")
            well_formed = (
                len(nip) == 18
                and nip.isascii()
                and nip.isdigit()
                and not any(e.column == "nip" for e in errors)
            )
            # +1: the set cannot hold 0, and "000000000000000000" has PPPK shape.
            if well_formed and not seen_nips.add(int(nip) + 1):
                errors.append(RowError(number, "nip", Messages.duplicate_nip()))
            parsed.append((number, values, errors))
        outside = self._nips_outside_scope(
            [v["nip"] for _, v, _ in parsed if len(v.get("nip", "")) == 18]
        )
        for number, values, errors in parsed:
            if values.get("nip") in outside:
                errors.append(RowError(number, "nip", Messages.nip_out_of_scope()))
            if errors:
                chunk.invalid_rows += 1
                chunk.errors += errors
            else:
                chunk.records.append((number, values))
        chunk.errors.sort(key=RowError.sort_key)
        for error in chunk.errors:
            on_error(error)
        summary.total_rows += chunk.rows
        summary.invalid_rows += chunk.invalid_rows
        summary.error_count += len(chunk.errors)
        return chunk

    def _nips_outside_scope(self, nips: list[str]) -> set[str]:
        """Return the NIPs already held by employees the user may not touch."""
        if not nips or self.scope.everything:
            return set()
        return set(
            Employee.objects.filter(nip__in=nips)
            .exclude(people_scope_q(self.scope))
            .values_list("nip", flat=True)
        )
