"""Benchmark the employee import: rows per second and peak memory.

Generates N valid employees (national shape: PNS and PPPK, many units and
positions) as a CSV (or XLSX) file, then imports it with the same engine the
page, the task and `jenjang import-employees` use — validate the whole file,
then upsert by NIP in one transaction — on SQLite and on PostgreSQL.

Every measurement runs in its own subprocess so that its peak memory
(VmHWM, the resident high-water mark) belongs to that run alone. Memory is
flat when the peak barely moves between 100,000 and 1,000,000 rows.

    .venv/bin/python benchmarks/import_employees.py                 # 100k, both databases
    .venv/bin/python benchmarks/import_employees.py --rows 1000000 --db postgres
    .venv/bin/python benchmarks/import_employees.py --million       # 100k and 1M

PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/jenjang_bench);
the script drops and creates that database through the `postgres` database.
Results (JSON lines) go to benchmarks/out/import_employees.jsonl.
"""

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/jenjang_bench"
AGENCY_CODE = "BENCH"
UNITS = (12, 6)  # 12 departments with 6 units each, under one root
POSITIONS = 2000
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Sri", "Andi", "Rina", "Joko", "Nur"]
LAST = ["Santoso", "Rahmawati", "Wijaya", "Lestari", "Hartono", "Saputra", "Utami"]
PNS_RANKS = ["II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
PPPK_RANKS = ["V", "VII", "IX", "X", "XI"]
EDUCATION = ["SMA", "D3", "S1", "S1", "S2"]
HEADER = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_pegawai",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "tmt_cpns",
    "kode_jabatan",
    "tmt_jabatan",
    "golongan",
    "tmt_golongan",
    "pendidikan",
    "jurusan",
    "email",
    "telepon",
    "nik",
]


# Data ---------------------------------------------------------------------


def employee_row(i: int) -> list[str]:
    """Return row i: a valid, unique employee; every tenth one PPPK."""
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=i % 7300)
    rest = i // 7300
    tmt = dt.date(birth.year + 20 + rest % 10, i % 12 + 1, 1)
    sequence = rest // 10 + 1
    gender = "L" if (i // 7) % 2 else "P"
    pppk = i % 10 == 9
    # PNS: Peraturan Kepala BKN 22/2007. PPPK: the observed "21" pattern.
    middle = f"{tmt:%Y}21" if pppk else f"{tmt:%Y%m}"
    nip = f"{birth:%Y%m%d}{middle}{1 if gender == 'L' else 2}{sequence:03d}"
    rank = PPPK_RANKS[i % 5] if pppk else PNS_RANKS[i % 8]
    return [
        nip,
        f"{FIRST[i % 10]} {LAST[(i // 10) % 7]} {i}",
        "",
        "S.Kom." if i % 3 == 0 else "",
        "PPPK" if pppk else "PNS",
        gender,
        "Kota Contoh",
        birth.isoformat(),
        tmt.isoformat(),
        f"P{i % POSITIONS:05d}",
        f"{tmt.year + 5}-01-01",
        rank,
        f"{tmt.year + 4}-04-01",
        EDUCATION[i % 5],
        "Administrasi Publik",
        f"pegawai{i}@contoh.go.id",
        f"0812{i:08d}",
        f"3201{i:012d}",
    ]


def write_file(path: Path, rows: int, fmt: str) -> None:
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            for i in range(rows):
                writer.writerow(employee_row(i))
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append(employee_row(i))
    workbook.save(path)


# Child processes ------------------------------------------------------------


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jenjang.settings")
    os.environ["JENJANG_TASKS"] = "immediate"
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def child_setup(database_url: str) -> dict:
    """Migrate a fresh database and create the agency, units and positions."""
    django_setup(database_url)
    from django.core.management import call_command

    from jenjang.people.models import Agency, OrgUnit, Position

    call_command("migrate", verbosity=0)
    agency = Agency.objects.create(
        code=AGENCY_CODE, name="Instansi Uji Beban", kind=Agency.Kind.CENTRAL
    )
    root = OrgUnit.objects.add_root(
        dict(agency=agency, code="B-ROOT", name="Instansi Uji Beban")
    )
    units = []
    for d in range(UNITS[0]):
        dept = OrgUnit.objects.add_child(
            OrgUnit.objects.get(pk=root.pk),
            dict(agency=agency, code=f"B-{d:02d}", name=f"Dinas {d}"),
        )
        units.append(dept)
        for s in range(UNITS[1]):
            units.append(
                OrgUnit.objects.add_child(
                    OrgUnit.objects.get(pk=dept.pk),
                    dict(agency=agency, code=f"B-{d:02d}-{s}", name=f"Bidang {d}.{s}"),
                )
            )
    Position.objects.bulk_create(
        Position(
            agency=agency,
            org_unit=units[p % len(units)],
            code=f"P{p:05d}",
            title=f"Jabatan Pelaksana {p}",
            kind=Position.Kind.PELAKSANA,
        )
        for p in range(POSITIONS)
    )
    return {"units": len(units) + 1, "positions": POSITIONS}


def _memory_kb() -> dict:
    status = Path("/proc/self/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {k: int(fields[k].split()[0]) for k in ("VmRSS", "VmHWM")}


def child_import(database_url: str, path: Path) -> dict:
    """Validate then write the file; report timings and memory."""
    django_setup(database_url)
    from django.db import connection

    from jenjang.people.imports.engine import EmployeeImport
    from jenjang.people.imports.readers import Table, sniff
    from jenjang.people.models import Agency, Employee, PositionHistory

    agency = Agency.objects.get(code=AGENCY_CODE)
    connection.ensure_connection()
    before = _memory_kb()
    with path.open("rb") as f:
        sniffed = sniff(f)
    engine = EmployeeImport(
        open_table=lambda: Table(path.open("rb"), sniffed), agency=agency
    )
    errors: list = []
    started = time.perf_counter()
    checked = engine.validate(on_error=errors.append)
    validated = time.perf_counter()
    if not checked.is_clean:
        raise SystemExit(f"generated file is not clean: {errors[:5]}")
    written = engine.write(valid_only=False, on_error=errors.append)
    finished = time.perf_counter()
    after = _memory_kb()
    total = finished - started
    return {
        "rows": checked.total_rows,
        "created": written.created,
        "employees": Employee.objects.count(),
        "position_history": PositionHistory.objects.count(),
        "validate_s": round(validated - started, 2),
        "write_s": round(finished - validated, 2),
        "total_s": round(total, 2),
        "rows_per_s": round(checked.total_rows / total),
        "rss_before_mb": round(before["VmRSS"] / 1024, 1),
        "peak_rss_mb": round(after["VmHWM"] / 1024, 1),
    }


def child_copy(database_url: str, path: Path) -> dict:
    """The floor: PostgreSQL COPY of the same rows (employee, position and rank
    history), read from the same file with the same lookups, no checks."""
    django_setup(database_url)
    from django.db import connection
    from django.utils import timezone

    from jenjang.people.models import Agency, Position, Rank

    agency = Agency.objects.get(code=AGENCY_CODE)
    positions = dict(Position.objects.filter(agency=agency).values_list("code", "id"))
    units = dict(
        Position.objects.filter(agency=agency).values_list("id", "org_unit_id")
    )
    ranks = {
        (kind, code): pk
        for pk, kind, code in Rank.objects.values_list("id", "kind", "code")
    }
    now = timezone.now()
    employee_columns = (
        "id, created_at, updated_at, nip, nik, name, front_title, back_title, kind, "
        "gender, birth_place, birth_date, tmt_cpns, agency_id, org_unit_id, "
        "position_id, position_tmt, rank_id, rank_tmt, education_level, "
        "education_major, email, phone, is_active"
    )
    started = time.perf_counter()
    rows = 0
    with connection.cursor() as cursor, path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        history = []
        with cursor.copy(
            f"COPY people_employee ({employee_columns}) FROM STDIN"
        ) as copy:
            for rows, r in enumerate(reader, start=1):
                position = positions[r[9]]
                rank = ranks[(r[4], r[11])]
                copy.write_row(
                    (
                        rows,
                        now,
                        now,
                        r[0],
                        r[17],
                        r[1],
                        r[2],
                        r[3],
                        r[4],
                        r[5],
                        r[6],
                        r[7],
                        r[8],
                        agency.pk,
                        units[position],
                        position,
                        r[10],
                        rank,
                        r[12],
                        r[13],
                        r[14],
                        r[15],
                        r[16],
                        True,
                    )
                )
                history.append((rows, position, units[position], r[10], rank, r[12]))
        with cursor.copy(
            "COPY people_positionhistory (employee_id, position_id, org_unit_id, "
            "start, note) FROM STDIN"
        ) as copy:
            for employee, position, unit, start, _rank, _rank_start in history:
                copy.write_row((employee, position, unit, start, ""))
        with cursor.copy(
            "COPY people_rankhistory (employee_id, rank_id, start, note) FROM STDIN"
        ) as copy:
            for employee, _position, _unit, _start, rank, rank_start in history:
                copy.write_row((employee, rank, rank_start, ""))
    total = time.perf_counter() - started
    return {
        "rows": rows,
        "copy_s": round(total, 2),
        "copy_rows_per_s": round(rows / total),
        "peak_rss_mb": round(_memory_kb()["VmHWM"] / 1024, 1),
    }


# The parent -------------------------------------------------------------------


def recreate_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def run_child(step: str, database_url: str, path: Path | None = None) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        step,
        "--database-url",
        database_url,
    ]
    if path is not None:
        command += ["--file", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{step} failed on {database_url}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_copy(rows: int, path: Path, pg_url: str) -> dict:
    """COPY the same file into a fresh database set up the same way."""
    recreate_postgres(pg_url)
    try:
        run_child("setup", pg_url)
        return run_child("copy", pg_url, path)
    finally:
        drop_postgres(pg_url)


def measure(db: str, rows: int, path: Path, pg_url: str) -> dict:
    if db == "postgres":
        recreate_postgres(pg_url)
        url = pg_url
    else:
        sqlite = OUT / "jenjang_bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{sqlite}"
    try:
        run_child("setup", url)
        result = run_child("import", url, path)
    finally:
        if db == "postgres":
            drop_postgres(pg_url)
    return {"db": db, "format": path.suffix[1:], **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable)")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 rows")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement")
    parser.add_argument(
        "--child", choices=["setup", "import", "copy"], help=argparse.SUPPRESS
    )
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "setup":
        print(json.dumps(child_setup(args.database_url)))
        return
    if args.child == "import":
        print(json.dumps(child_import(args.database_url, Path(args.file))))
        return
    if args.child == "copy":
        print(json.dumps(child_copy(args.database_url, Path(args.file))))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    sizes = args.rows or [100_000]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    pg_url = os.environ.get("DATABASE_URL", PG_URL)
    if not pg_url.startswith("postgres"):
        pg_url = PG_URL
    results = []
    for rows in sizes:
        path = OUT / f"employees-{rows}.{args.format}"
        if not path.exists():
            started = time.perf_counter()
            write_file(path, rows, args.format)
            print(f"generated {path} in {time.perf_counter() - started:.1f}s")
        for db in [d for d in databases for _ in range(args.repeat)]:
            result = measure(db, rows, path, pg_url)
            if db == "postgres" and args.format == "csv":
                # Side by side in the same run: the same rows by plain COPY.
                copied = measure_copy(rows, path, pg_url)
                result["copy"] = copied
                result["import_vs_copy"] = round(
                    result["total_s"] / copied["copy_s"], 2
                )
            results.append(result)
            print(json.dumps(result), flush=True)
            with (OUT / "import_employees.jsonl").open("a") as log:
                log.write(
                    json.dumps({"at": dt.datetime.now(dt.UTC).isoformat(), **result})
                    + "\n"
                )
    print()
    print(
        f"{'db':<9}{'format':<7}{'rows':>10}{'rows/s':>9}{'validate':>10}{'write':>8}{'peak RSS':>10}"
    )
    for r in results:
        print(
            f"{r['db']:<9}{r['format']:<7}{r['rows']:>10,}{r['rows_per_s']:>9,}"
            f"{r['validate_s']:>9}s{r['write_s']:>7}s{r['peak_rss_mb']:>8} MB"
        )
        if "copy" in r:
            print(
                f"{'  COPY':<16}{r['copy']['rows']:>10,}"
                f"{r['copy']['copy_rows_per_s']:>9,}{r['copy']['copy_s']:>18}s"
                f"   import ÷ COPY = {r['import_vs_copy']} (target ≤ 3)"
            )


if __name__ == "__main__":
    main()
