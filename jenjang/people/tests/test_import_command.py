"""`jenjang import-employees FILE`: the same report and rules as the page."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jenjang.people.imports.rows import Messages
from jenjang.people.models import Employee
from jenjang.people.tests.factories import AgencyFactory
from jenjang.people.tests.test_import_helpers import csv_bytes, good_row, xlsx_bytes


def _run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import-employees", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _file(tmp_path, data: bytes, name="pegawai.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_clean_file_is_imported_with_a_summary(tmp_path, world):
    path = _file(tmp_path, csv_bytes([good_row(), good_row()]))
    before = Employee.objects.count()
    out, err = _run(path, "--agency", "3399")
    assert out.strip() == (
        "Selesai: 2 ditambahkan, 0 diperbarui, 0 tidak berubah, 0 dilewati."
    )
    # The progress bars go to stderr.
    assert "Memeriksa" in err
    assert "Menyimpan" in err
    assert Employee.objects.count() == before + 2


def test_invalid_file_prints_the_report_and_exits_1_writing_nothing(tmp_path, world):
    rows = [good_row(), good_row(golongan="Z"), good_row(kode_jabatan="NOPE")]
    path = _file(tmp_path, xlsx_bytes(rows), "pegawai.xlsx")
    before = Employee.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import-employees", str(path), "--no-progress", stdout=out, stderr=out
        )
    assert str(exc.value) == "Tidak ada data yang disimpan."
    assert exc.value.returncode == 1
    assert out.getvalue().splitlines() == [
        f"baris 3, kolom golongan: {Messages.unknown_rank()}",
        f"baris 4, kolom kode_jabatan: {Messages.unknown_position()}",
        "2 kesalahan pada 2 dari 3 baris.",
    ]
    assert Employee.objects.count() == before


def test_valid_only_writes_the_good_rows(tmp_path, world):
    path = _file(tmp_path, csv_bytes([good_row(golongan="Z"), good_row()]))
    before = Employee.objects.count()
    out, _ = _run(path, "--valid-only", "--no-progress")
    assert out.splitlines() == [
        f"baris 2, kolom golongan: {Messages.unknown_rank()}",
        "1 kesalahan pada 1 dari 2 baris.",
        "Selesai: 1 ditambahkan, 0 diperbarui, 0 tidak berubah, 1 dilewati.",
    ]
    assert Employee.objects.count() == before + 1


def test_valid_only_with_nothing_valid_still_fails(tmp_path, world):
    path = _file(tmp_path, csv_bytes([good_row(golongan="Z")]))
    with pytest.raises(CommandError):
        _run(path, "--valid-only", "--no-progress")


def test_user_scope_applies(tmp_path, world, hr_admin):
    path = _file(tmp_path, csv_bytes([good_row(kode_jabatan="BK-01")]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-employees",
            str(path),
            "--user",
            "hr_admin",
            "--no-progress",
            stdout=out,
        )
    assert out.getvalue().splitlines()[0] == (
        f"baris 2, kolom kode_jabatan: {Messages.position_out_of_scope()}"
    )


def test_a_user_without_import_permission_is_refused(tmp_path, world, employee):
    path = _file(tmp_path, csv_bytes([good_row()]))
    with pytest.raises(CommandError) as exc:
        _run(path, "--user", "employee")
    assert str(exc.value) == "Pengguna employee tidak berwenang mengimpor pegawai."


def test_agency_is_required_when_several_exist(tmp_path, world):
    AgencyFactory(code="9999")
    path = _file(tmp_path, csv_bytes([good_row()]))
    with pytest.raises(CommandError) as exc:
        _run(path)
    assert str(exc.value) == "Pilih instansi dengan --agency (kode: 3399, 9999)."
    with pytest.raises(CommandError) as exc:
        _run(path, "--agency", "0000")
    assert str(exc.value) == "Instansi 0000 tidak ditemukan atau di luar cakupan."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Berkas harus CSV atau XLSX."),
        (b"", "Berkas kosong."),
    ],
)
def test_files_that_are_not_tables_are_refused(tmp_path, world, data, message):
    with pytest.raises(CommandError) as exc:
        _run(_file(tmp_path, data))
    assert str(exc.value) == message


def test_missing_file(tmp_path, world):
    with pytest.raises(CommandError) as exc:
        _run(tmp_path / "tidak-ada.csv")
    assert str(exc.value).startswith("Berkas tidak ditemukan: ")


def test_no_agency_to_import_into(tmp_path, db):
    with pytest.raises(CommandError) as exc:
        _run(_file(tmp_path, csv_bytes([good_row()])))
    assert str(exc.value) == "Tidak ada instansi yang dapat dituju impor."
