"""PostgreSQL going away in the middle of an employee import (issue 12, faults).

A private, throw-away PostgreSQL cluster (initdb into a temporary directory,
port 55432 or JENJANG_FAULT_PG_PORT) is started for this test alone; the
shared server on 5432 is never touched. `jenjang import-employees` runs in a
subprocess against it; the cluster is stopped (`pg_ctl stop -m immediate`,
a crash) while the import writes. The import must end with a clear message
and no traceback, nothing may be written, and once the cluster is back the
same import must succeed.

It runs in the PostgreSQL pass of CI (DATABASE_URL on PostgreSQL); the
SQLite pass skips it. It needs the PostgreSQL server binaries
(/usr/lib/postgresql/*/bin) and root (to run them as the postgres user):
without them it is skipped, or fails under REQUIRE_SERVICES=1 (CI).
"""

import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PORT = int(os.environ.get("JENJANG_FAULT_PG_PORT", "55432"))
ROWS = 30_000
AGENCY = "FAULT"

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="runs in the PostgreSQL pass of CI (a private cluster, slow)",
)


def _missing(reason: str):
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason}; needed under REQUIRE_SERVICES=1")
    pytest.skip(reason)


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        _missing("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) not found")
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        _missing("starting a private PostgreSQL cluster needs root and runuser")
    return Path(found[-1]).parent


class Cluster:
    def __init__(self, bin_dir: Path, base: Path):
        self.bin = bin_dir
        self.data = base / "data"
        self.socket = base
        self.log = base / "server.log"

    def _as_postgres(self, *args, timeout=120) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )

    def init(self) -> None:
        self._as_postgres(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {PORT} -k {self.socket} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=20 -c shared_buffers=32MB"
        )
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"
        )

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def psql(self, sql: str, db: str = "postgres") -> str:
        return self._as_postgres(
            str(self.bin / "psql"),
            "-X",
            "-q",
            "-A",
            "-t",
            "-h",
            "127.0.0.1",
            "-p",
            str(PORT),
            "-U",
            "postgres",
            "-d",
            db,
            "-c",
            sql,
        ).stdout.strip()


@pytest.fixture(scope="module")
def cluster():
    bin_dir = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="jenjang-fault-pg-"))
    shutil.chown(base, "postgres", "postgres")
    found = Cluster(bin_dir, base)
    try:
        found.init()
        found.start()
        found.psql("CREATE DATABASE jenjang_fault")
        yield found
    finally:
        if found.running():
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(found.data),
                    "-m",
                    "immediate",
                    "stop",
                ],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(base, ignore_errors=True)


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PORT}/jenjang_fault",
        DEBUG="0",
        SECRET_KEY="fault-test-only-secret-key-not-for-production-use-0123456789",
        JENJANG_TASKS="immediate",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="jenjang.settings",
    )
    return env


def _python(code: str, timeout=600) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SETUP = f"""
import django
django.setup()
from django.core.management import call_command
from jenjang.people.models import Agency, OrgUnit, Position
call_command("migrate", verbosity=0)
agency = Agency.objects.create(code="{AGENCY}", name="Instansi Uji Gangguan",
                               kind=Agency.Kind.CENTRAL)
root = OrgUnit.objects.add_root(dict(agency=agency, code="F-ROOT", name="Induk"))
Position.objects.bulk_create(
    Position(agency=agency, org_unit=root, code=f"P{{p:05d}}",
             title=f"Jabatan {{p}}", kind=Position.Kind.PELAKSANA)
    for p in range(2000)
)
"""
# Every table an import writes to, and the row counts the test compares.
COUNTS = """
import django, json
django.setup()
from auditlog.models import LogEntry
from jenjang.people.models import Employee, PositionHistory, RankHistory
print(json.dumps([Employee.objects.count(), PositionHistory.objects.count(),
                  RankHistory.objects.count(), LogEntry.objects.count()]))
"""


def _counts() -> list[int]:
    import json

    return json.loads(_python(COUNTS).strip().splitlines()[-1])


def _write_file(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "bench_import_employees", ROOT / "benchmarks" / "import_employees.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.write_file(path, ROWS, "csv")


def _import(path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jenjang",
            "import-employees",
            str(path),
            "--agency",
            AGENCY,
        ],
        env=_env(),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_for_write(process: subprocess.Popen, timeout: float = 300) -> bytes:
    """Read the progress bar until the write pass ("Menyimpan") has started."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunk = os.read(process.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
        if b"Menyimpan" in seen:
            return seen
    pytest.fail(f"the import never reached its write pass: {seen[-2000:]!r}")


def test_database_stopped_mid_import_then_recovers(cluster, tmp_path):
    _python(SETUP)
    path = tmp_path / "pegawai.csv"
    _write_file(path)
    before = _counts()
    assert before[0] == 0

    process = _import(path)
    progress = _wait_for_write(process)
    time.sleep(0.5)  # a few chunks into the one write transaction
    assert process.poll() is None, "the import finished before the fault"
    cluster.stop("immediate")
    stdout, stderr = process.communicate(timeout=120)
    stderr = (progress + stderr).decode(errors="replace")
    assert process.returncode == 1, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "Basis data terputus saat impor" in stderr
    assert "tidak ada data yang disimpan" in stderr

    cluster.start()
    assert _counts() == before  # nothing of the interrupted import was kept

    process = _import(path)
    stdout, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stderr.decode(errors="replace")[-3000:]
    assert "Selesai:" in stdout.decode()
    employees, positions, ranks, audit = _counts()
    assert (employees, positions, ranks) == (ROWS, ROWS, ROWS)
    assert audit == before[3] + ROWS
