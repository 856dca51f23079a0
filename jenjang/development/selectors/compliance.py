"""Compliance with the 20 JP a year: per employee, below-target lists, summaries.

PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4): every PNS gets at least 20 JP
of competency development a calendar year (domain file §3). The target is
data (`AnnualTarget`, effective-dated, per agency or national); totals are
sums over the ledger only, by `occurred_on` (the activity's local date, see
`ledger_post`), computed in the database. Yearly totals per employee are read
from `JpYearTotal`, the ledger's sums kept current by the posting services
(services.jp_totals); tests compare it to the ledger itself.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import (
    Case,
    DecimalField,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.roles import has_perm
from jenjang.core.exceptions import ApplicationError
from jenjang.core.scoping import people_scope_q, scope_for, unit_scope_q
from jenjang.development.models import AnnualTarget, JpYearTotal, LedgerEntry
from jenjang.people.models import Employee, OrgUnit

VIEW_PERM = "development.view_compliance"
JP_FIELD = DecimalField(max_digits=9, decimal_places=2)
ZERO = Decimal("0")
CENT = Decimal("0.01")
MIN_YEAR, MAX_YEAR = 2000, 2100


def jp2(value) -> Decimal:
    """A JP amount with two decimals, whatever the database returned (SQLite: floats)."""
    return Decimal(str(value or 0)).quantize(CENT)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """Return [1 January, next 1 January) of a calendar year."""
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def current_year() -> int:
    """The calendar year in the local time zone (Asia/Jakarta by default)."""
    return timezone.localdate().year


def check_year(year) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        value = 0
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise ApplicationError(
            "bad_year",
            _("Tahun harus antara %(lo)d dan %(hi)d.")
            % {"lo": MIN_YEAR, "hi": MAX_YEAR},
        )
    return value


# --- the annual target --------------------------------------------------------


def _pick_target(rows: list[AnnualTarget], year: int) -> AnnualTarget | None:
    """The target in force on 1 January, else the first that starts in the year."""
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_force = [r for r in rows if r.effective_from <= jan1]
    if in_force:
        return max(in_force, key=lambda r: r.effective_from)
    starting = [r for r in rows if r.effective_from <= dec31]
    return min(starting, key=lambda r: r.effective_from) if starting else None


def target_for(*, agency, year: int) -> Decimal:
    """Return the minimum JP for an agency's employees in a year.

    PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4) (domain file §3): 20 JP,
    kept as effective-dated data; an agency's own row wins over the national.
    """
    agency_id = getattr(agency, "pk", agency)
    rows = list(AnnualTarget.objects.filter(Q(agency_id=agency_id) | Q(agency=None)))
    own = _pick_target([r for r in rows if r.agency_id == agency_id], year)
    found = own or _pick_target([r for r in rows if r.agency_id is None], year)
    if found is None:
        raise ApplicationError(
            "no_target",
            _("Belum ada target JP tahunan untuk tahun %(y)d.") % {"y": year},
        )
    return found.minimum_jp


def target_expression(year: int):
    """Return a per-employee target expression: the national value, or a CASE.

    Agencies with their own target are few; one WHEN per distinct value.
    """
    rows = list(AnnualTarget.objects.filter(effective_from__lte=dt.date(year, 12, 31)))
    picked_national = _pick_target([r for r in rows if r.agency_id is None], year)
    if picked_national is None:
        raise ApplicationError(
            "no_target",
            _("Belum ada target JP tahunan untuk tahun %(y)d.") % {"y": year},
        )
    national = picked_national.minimum_jp
    by_agency: dict[int, list[AnnualTarget]] = {}
    for row in rows:
        if row.agency_id is not None:
            by_agency.setdefault(row.agency_id, []).append(row)
    by_value: dict[Decimal, list[int]] = {}
    for agency_id, rows in by_agency.items():
        picked = _pick_target(rows, year)
        if picked is not None and picked.minimum_jp != national:
            by_value.setdefault(picked.minimum_jp, []).append(agency_id)
    if not by_value:
        return Value(national, output_field=JP_FIELD)
    whens = [
        When(agency_id__in=sorted(ids), then=Value(value, output_field=JP_FIELD))
        for value, ids in sorted(by_value.items())
    ]
    return Case(*whens, default=Value(national, output_field=JP_FIELD))


# --- one employee -------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    year: int
    total_jp: Decimal
    target_jp: Decimal

    @property
    def remaining_jp(self) -> Decimal:
        return max(self.target_jp - self.total_jp, ZERO)

    @property
    def percent(self) -> int:
        if self.target_jp <= 0:
            return 100
        return int(min(self.total_jp / self.target_jp * 100, Decimal(100)))

    @property
    def compliant(self) -> bool:
        return self.total_jp >= self.target_jp


def employee_total_jp(*, employee: Employee, year: int) -> Decimal:
    """The employee's net JP in `year`, from the pre-aggregated yearly total."""
    total = (
        JpYearTotal.objects.filter(employee=employee, year=year)
        .values_list("total_jp", flat=True)
        .first()
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def employee_progress(*, employee: Employee, year: int) -> Progress:
    """Return the employee's JP in a year against the target in force."""
    return Progress(
        year=year,
        total_jp=employee_total_jp(employee=employee, year=year),
        target_jp=target_for(agency=employee.agency_id, year=year),
    )


# --- many employees -----------------------------------------------------------


def with_year_total(qs: QuerySet[Employee], year: int) -> QuerySet[Employee]:
    """Annotate `total_jp`: the employee's net JP in the year (0 if none).

    Read from `JpYearTotal`, the per-employee yearly sum of the ledger kept
    current by the posting services (services.jp_totals): one LEFT JOIN on
    at most one row per employee, no grouping over the ledger.
    """
    return qs.annotate(
        jp_year=FilteredRelation(
            "jp_year_totals", condition=Q(jp_year_totals__year=year)
        ),
        total_jp=Coalesce(
            F("jp_year__total_jp"),
            Value(ZERO, output_field=JP_FIELD),
            output_field=JP_FIELD,
        ),
    )


def with_year_total_from_ledger(
    qs: QuerySet[Employee], year: int
) -> QuerySet[Employee]:
    """Annotate `total_jp` summed over the ledger itself (the raw computation).

    What `with_year_total` read before the pre-aggregated table; kept for
    the correctness tests and the benchmark that compare the two.
    """
    start, end = year_bounds(year)
    return qs.annotate(
        jp_year=FilteredRelation(
            "jp_entries",
            condition=Q(
                jp_entries__occurred_on__gte=start, jp_entries__occurred_on__lt=end
            ),
        ),
        total_jp=Coalesce(
            Sum("jp_year__jp"),
            Value(ZERO, output_field=JP_FIELD),
            output_field=JP_FIELD,
        ),
    )


def compliance_employees_visible_to(
    *, user, unit: OrgUnit | None = None
) -> QuerySet[Employee]:
    """Return the active employees whose compliance the user may see."""
    if not has_perm(user, VIEW_PERM):
        return Employee.objects.none()
    qs = Employee.objects.filter(
        people_scope_q(scope_for(user, perm=VIEW_PERM)), is_active=True
    )
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    return qs


def below_target_visible_to(
    *, user, year: int, unit: OrgUnit | None = None
) -> QuerySet[Employee]:
    """Return employees in scope below their target in `year`, by name.

    Each carries `total_jp` and `target_jp`. Order (name, id) for keyset paging.
    """
    qs = compliance_employees_visible_to(user=user, unit=unit)
    return (
        with_year_total(qs, year)
        .annotate(target_jp=target_expression(year))
        .filter(total_jp__lt=F("target_jp"))
        .select_related("org_unit", "position")
        # Only what the list shows: narrow rows keep the grouping sort in memory.
        .only(*LIST_FIELDS)
        .order_by("name", "id")
    )


LIST_FIELDS = (
    "id",
    "name",
    "front_title",
    "back_title",
    "nip",
    "user_id",
    "agency_id",
    "is_active",
    "org_unit__name",
    "org_unit__path",
    "position__title",
)


@dataclass
class UnitRow:
    unit_id: int | None
    name: str
    path: str
    headcount: int = 0
    compliant: int = 0
    total_jp: Decimal = ZERO

    @property
    def below(self) -> int:
        return self.headcount - self.compliant

    @property
    def average_jp(self) -> Decimal:
        if not self.headcount:
            return ZERO
        return (self.total_jp / self.headcount).quantize(Decimal("0.01"))

    @property
    def percent_compliant(self) -> int:
        return round(self.compliant * 100 / self.headcount) if self.headcount else 0


@dataclass
class Summary:
    year: int
    target_jp: Decimal | None
    total: UnitRow
    units: list[UnitRow] = field(default_factory=list)


def _per_unit_counts(employees: QuerySet[Employee], year: int) -> Iterator[tuple]:
    """Yield (org_unit_id, headcount, compliant, total JP) per org unit.

    Two levels of aggregation: the ORM builds the per-employee totals (scope,
    filters, the year join, the target); the database then groups those by
    unit. Django cannot GROUP BY over an aggregate without a subquery in FROM,
    so the outer level wraps the ORM's SQL as a derived table.
    """
    per_employee = (
        with_year_total(employees.order_by(), year)
        .annotate(target_jp=target_expression(year), unit_key=F("org_unit_id"))
        .values("unit_key", "target_jp", "total_jp")
    )
    inner_sql, params = per_employee.query.sql_with_params()
    sql = (
        "SELECT t.unit_key, COUNT(*), "
        "SUM(CASE WHEN t.total_jp >= t.target_jp THEN 1 ELSE 0 END), "
        "SUM(t.total_jp) "
        f"FROM ({inner_sql}) t GROUP BY t.unit_key"
    )
    with connections[per_employee.db].cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


_UNIT_FIELDS = ("id", "path", "depth", "name", "agency_id")


def _breakdown(
    user, unit: OrgUnit | None
) -> tuple[OrgUnit | None, list[OrgUnit], dict[int, str]]:
    """Return (parent, units, path of every visible unit by id) for a summary.

    With `unit`, or a single top unit in scope (an agency root, a department),
    that unit is the parent and its children are the rows; with several top
    units (a superadmin sees every agency root) those are the rows.
    """
    visible = OrgUnit.objects.filter(unit_scope_q(scope_for(user, perm=VIEW_PERM)))
    if unit is not None:
        visible = visible.filter(path__startswith=unit.path)
    paths = dict(visible.values_list("id", "path"))
    if unit is None:
        tops = _outermost_paths(paths.values())
        top_units = list(
            OrgUnit.objects.filter(path__in=tops).order_by("path").only(*_UNIT_FIELDS)
        )
        if len(top_units) != 1:
            return None, top_units, paths
        unit = top_units[0]
    children = visible.filter(path__startswith=unit.path, depth=unit.depth + 1)
    return unit, list(children.order_by("path").only(*_UNIT_FIELDS)), paths


def _outermost_paths(paths) -> list[str]:
    """Drop every path inside another: sorted, a subtree follows its root."""
    kept: list[str] = []
    for path in sorted(paths):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def compliance_summary_visible_to(
    *, user, year: int, unit: OrgUnit | None = None
) -> Summary:
    """Count compliant and below-target employees and the average JP, per unit.

    The database returns one row per org unit; those roll up into the
    breakdown units whose subtree holds them (a loop over units, never over
    employees). The parent's row counts only its own staff; people in scope
    outside every breakdown unit (a supervisor's report elsewhere) fall
    under "Lainnya".
    """
    employees = compliance_employees_visible_to(user=user, unit=unit)
    counts = list(_per_unit_counts(employees, year))
    parent, units, paths = _breakdown(user, unit)
    own = (
        UnitRow(
            parent.pk, _("%(unit)s (langsung)") % {"unit": parent.name}, parent.path
        )
        if parent is not None
        else None
    )
    rows = {u.path: UnitRow(u.pk, u.name, u.path) for u in units}
    lengths = sorted({len(p) for p in rows}, reverse=True)
    total = UnitRow(None, _("Semua"), "")
    other = UnitRow(None, _("Lainnya"), "")
    for unit_id, headcount, compliant, jp_sum in counts:
        path = paths.get(unit_id, "")
        if own is not None and unit_id == own.unit_id:
            row = own
        else:
            found = (rows.get(path[:n]) for n in lengths) if path else ()
            row = next((r for r in found if r is not None), other)
        for target in (row, total):
            target.headcount += headcount
            target.compliant += int(compliant or 0)
            target.total_jp += jp2(jp_sum)  # SQLite sums as floats
    listed = [r for r in ([own] if own else []) + list(rows.values()) if r.headcount]
    listed += [other] if other.headcount else []
    agency = parent.agency_id if parent is not None else None
    try:
        target_jp = target_for(agency=agency, year=year)
    except ApplicationError:
        target_jp = None
    return Summary(year=year, target_jp=target_jp, total=total, units=listed)


# --- exports ------------------------------------------------------------------

SIASN_HEADERS = (
    "nip",
    "nama",
    "jenis_diklat",
    "nama_diklat",
    "tanggal_mulai",
    "tanggal_selesai",
    "jumlah_jam",
    "penyelenggara",
    "nomor_sertifikat",
)
EXPORT_CHUNK = 2000


def siasn_entries(
    *, employees: QuerySet[Employee], year: int | None = None
) -> QuerySet[LedgerEntry]:
    """Return the postings that still count (not reversed) of these employees.

    The SIASN training history (riwayat diklat) lists activities, not
    corrections: a reversed posting and its reversal both drop out.
    """
    qs = LedgerEntry.objects.filter(
        employee__in=employees.values("pk"),
        kind=LedgerEntry.Kind.POSTING,
        reversal__isnull=True,
    )
    if year is not None:
        start, end = year_bounds(year)
        qs = qs.filter(occurred_on__gte=start, occurred_on__lt=end)
    return qs.order_by("employee__name", "employee_id", "occurred_on", "id")


def siasn_rows(entries: QuerySet[LedgerEntry]) -> Iterator[tuple]:
    """Yield SIASN riwayat diklat rows (SIASN_HEADERS order), a chunk at a time.

    `jenis_diklat` is the SIASN code (domain file §4.1). The start date,
    organiser and certificate number come from the source's app when it
    registered `siasn_details`; otherwise the start is the activity date and
    the others are blank.
    """
    from jenjang.development.services.ledger import source_base_id, source_type_get

    values = entries.values_list(
        "employee__nip",
        "employee__name",
        "form__siasn_code",
        "title",
        "occurred_on",
        "jp",
        "source_type",
        "source_id",
    )
    chunk: list[tuple] = []
    for row in values.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(row)
        if len(chunk) >= EXPORT_CHUNK:
            yield from _siasn_chunk(chunk, source_base_id, source_type_get)
            chunk = []
    if chunk:
        yield from _siasn_chunk(chunk, source_base_id, source_type_get)


def _siasn_chunk(chunk, base_id, type_get) -> Iterator[tuple]:
    wanted: dict[str, set[str]] = {}
    for row in chunk:
        wanted.setdefault(row[6], set()).add(base_id(row[7]))
    details: dict[tuple[str, str], dict] = {}
    for source_type, ids in wanted.items():
        found = type_get(source_type)
        if found is not None and found.siasn_details is not None:
            for source_id, info in found.siasn_details(sorted(ids)).items():
                details[(source_type, source_id)] = info
    for nip, name, code, title, day, jp, source_type, source_id in chunk:
        info = details.get((source_type, base_id(source_id)), {})
        yield (
            nip,
            name,
            code,
            title,
            info.get("started_on") or day,
            day,
            jp,
            info.get("organiser") or "",
            info.get("certificate_number") or "",
        )


def below_target_rows(employees: QuerySet[Employee]) -> Iterator[tuple]:
    """Yield (NIP, name, position, unit, JP, target, shortfall) for an export.

    Amounts stay as the database gives them (Decimal); the writer formats.
    """
    values = employees.values_list(
        "nip", "name", "position__title", "org_unit__name", "total_jp", "target_jp"
    )
    for nip, name, position, unit, total, target in values.iterator(
        chunk_size=EXPORT_CHUNK
    ):
        yield nip, name, position, unit, total, target, target - total


# --- per org unit, for the leaders' dashboards ---------------------------------
