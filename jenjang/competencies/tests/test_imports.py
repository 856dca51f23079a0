"""The assessment import: every error with row, column and reason; all or nothing."""

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from openpyxl import Workbook

from jenjang.competencies.imports import assessment_import
from jenjang.competencies.models import Assessment
from jenjang.competencies.tests.factories import AssessmentFactory, managerial
from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.people.imports.readers import ImportFileError

HEADER = "nip,kode_kompetensi,level,tanggal_asesmen,sumber,catatan"


@pytest.fixture
def dictionary(db):
    return {code: managerial(code) for code in ("integritas", "kerjasama")}


def csv_file(*lines: str, header: str = HEADER) -> io.BytesIO:
    upload = io.BytesIO(("\n".join([header, *lines]) + "\n").encode())
    upload.name = "asesmen.csv"
    return upload


def errors(result) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in result.errors]


def test_clean_file_is_written_with_audit_entries(world, hr_admin, dictionary):
    budi, siti = world.employee.nip, world.supervisor.nip
    result = assessment_import(
        by=hr_admin,
        upload=csv_file(
            f"{budi},integritas,2,2025-01-10,assessment_centre,AC 2025",
            f"{siti},Kerjasama,3,10-02-2025,Penilaian 360,",
        ),
        mode="all",
    )
    assert (result.total_rows, result.error_count, result.created) == (2, 0, 2)
    assert result.written
    rows = sorted(
        Assessment.objects.values_list(
            "employee__name",
            "competency__code",
            "level",
            "assessed_on",
            "source",
            "note",
        )
    )
    assert rows == [
        (
            "Budi Santoso",
            "integritas",
            2,
            dt.date(2025, 1, 10),
            "assessment_centre",
            "AC 2025",
        ),
        ("Siti Rahmawati", "kerjasama", 3, dt.date(2025, 2, 10), "360", ""),
    ]
    assert set(Assessment.objects.values_list("assessor__username", flat=True)) == {
        "hr_admin"
    }
    entries = LogEntry.objects.filter(additional_data={"import": "assessments"})
    assert entries.count() == 2
    assert {e.actor.username for e in entries} == {"hr_admin"}
    assert entries.get(object_id=Assessment.objects.get(level=2).pk).changes[
        "level"
    ] == [
        "None",
        "2",
    ]


def test_check_mode_writes_nothing(world, hr_admin, dictionary):
    result = assessment_import(
        by=hr_admin,
        upload=csv_file(f"{world.employee.nip},integritas,2,2025-01-10,test,"),
        mode="check",
    )
    assert result.is_clean
    assert not result.written
    assert not Assessment.objects.exists()


def test_every_row_error_is_reported(world, hr_admin, dictionary):
    budi = world.employee.nip
    dictionary["kerjasama"].is_active = False
    dictionary["kerjasama"].save()
    lines = [
        f"{budi},integritas,2,2025-01-10,test,",  # row 2: valid
        "12345,integritas,2,2025-01-10,test,",  # row 3
        f"{world.bpkad_employee.nip},integritas,2,2025-01-10,test,",  # row 4
        f"{budi},tidak-ada,2,2025-01-10,test,",  # row 5
        f"{budi},kerjasama,2,2025-01-10,test,",  # row 6
        f"{budi},integritas,0,2025-01-10,test,",  # row 7
        f"{budi},integritas,3.5,2025-01-10,test,",  # row 8
        f"{budi},integritas,2,31-02-2025,test,",  # row 9
        f"{budi},integritas,2,2099-01-01,test,",  # row 10
        f"{budi},integritas,2,2025-01-10,gosip,",  # row 11
        f"{budi},integritas,2,2025-01-11,test," + "x" * 301,  # row 12
        ",,,,,catatan saja",  # row 13
        f"{budi},integritas,4,2025-01-10,test,",  # row 14: same as row 2
    ]
    result = assessment_import(by=hr_admin, upload=csv_file(*lines), mode="all")
    assert errors(result) == [
        (3, "nip", "NIP harus 18 digit angka."),
        (4, "nip", "NIP tidak ditemukan dalam cakupan Anda."),
        (5, "kode_kompetensi", "Kode kompetensi tidak dikenal."),
        (6, "kode_kompetensi", "Kompetensi ini sudah tidak aktif."),
        (7, "level", "Level harus bilangan bulat 1 sampai 5."),
        (8, "level", "Level harus bilangan bulat 1 sampai 5."),
        (
            9,
            "tanggal_asesmen",
            "Tanggal tidak sah; gunakan YYYY-MM-DD atau DD-MM-YYYY.",
        ),
        (10, "tanggal_asesmen", "Tanggal asesmen tidak boleh di masa depan."),
        (
            11,
            "sumber",
            "Sumber tidak dikenal; gunakan assessment_centre, test, 360 atau supervisor.",
        ),
        (12, "catatan", "Terlalu panjang (paling banyak 300 karakter)."),
        (13, "nip", "Wajib diisi."),
        (13, "kode_kompetensi", "Wajib diisi."),
        (13, "level", "Wajib diisi."),
        (13, "tanggal_asesmen", "Wajib diisi."),
        (13, "sumber", "Wajib diisi."),
        (14, "nip", "Sama dengan baris 2 (pegawai, kompetensi, tanggal, sumber)."),
    ]
    assert (result.total_rows, result.invalid_rows, result.error_count) == (13, 12, 16)
    # One bad row: nothing is written.
    assert not result.written
    assert not Assessment.objects.exists()


def test_valid_only_writes_the_good_rows(world, hr_admin, dictionary):
    result = assessment_import(
        by=hr_admin,
        upload=csv_file(
            f"{world.employee.nip},integritas,2,2025-01-10,test,",
            f"{world.employee.nip},integritas,9,2025-01-10,360,",
        ),
        mode="valid_only",
    )
    assert (result.created, result.invalid_rows, result.written) == (1, 1, True)
    assert errors(result) == [(3, "level", "Level harus bilangan bulat 1 sampai 5.")]
    assert Assessment.objects.get().source == "test"


def test_all_invalid_with_valid_only_writes_nothing(world, hr_admin, dictionary):
    result = assessment_import(
        by=hr_admin,
        upload=csv_file(f"{world.employee.nip},integritas,9,2025-01-10,360,"),
        mode="valid_only",
    )
    assert not result.written
    assert not Assessment.objects.exists()


def test_supervisor_may_not_import_their_own_result(world, supervisor, dictionary):
    result = assessment_import(
        by=supervisor,
        upload=csv_file(
            f"{world.supervisor.nip},integritas,5,2025-01-10,test,",
            f"{world.employee.nip},integritas,2,2025-01-10,supervisor,",
            f"{world.bpkad_employee.nip},integritas,2,2025-01-10,supervisor,",
        ),
        mode="valid_only",
    )
    assert errors(result) == [
        (2, "nip", "Anda tidak dapat menilai kompetensi Anda sendiri."),
        (4, "nip", "NIP tidak ditemukan dalam cakupan Anda."),
    ]
    assert list(Assessment.objects.values_list("employee__name", flat=True)) == [
        "Budi Santoso"
    ]


def test_existing_result_is_updated_or_left_alone(world, hr_admin, dictionary):
    old = AssessmentFactory(
        employee=world.employee,
        competency=dictionary["integritas"],
        level=1,
        assessed_on=dt.date(2025, 1, 10),
        source="test",
    )
    same = AssessmentFactory(
        employee=world.supervisor,
        competency=dictionary["integritas"],
        level=2,
        assessed_on=dt.date(2025, 1, 10),
        source="test",
    )
    result = assessment_import(
        by=hr_admin,
        upload=csv_file(
            f"{world.employee.nip},integritas,3,2025-01-10,test,koreksi",
            f"{world.supervisor.nip},integritas,2,2025-01-10,test,",
        ),
        mode="all",
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    old.refresh_from_db()
    assert (old.level, old.note) == (3, "koreksi")
    assert Assessment.objects.count() == 2
    same.refresh_from_db()
    assert same.level == 2
    entry = LogEntry.objects.get(object_id=old.pk, action=LogEntry.Action.UPDATE)
    assert entry.changes == {"level": ["1", "3"], "note": ["", "koreksi"]}


def test_header_problems_stop_everything(world, hr_admin, dictionary):
    result = assessment_import(
        by=hr_admin,
        upload=csv_file(
            f"{world.employee.nip},2,2025-01-10,test,x",
            header="nip,level,tanggal_asesmen,sumber,warna,level",
        ),
        mode="all",
    )
    assert errors(result) == [
        (1, "warna", "Kolom tidak dikenal."),
        (1, "level", "Kolom ganda di baris judul."),
        (1, "kode_kompetensi", "Kolom wajib tidak ada di baris judul."),
    ]
    assert not Assessment.objects.exists()


def test_file_without_rows(world, hr_admin, dictionary):
    result = assessment_import(by=hr_admin, upload=csv_file(), mode="all")
    assert errors(result) == [(2, "", "Berkas tidak berisi baris data.")]


def test_too_many_rows(world, hr_admin, dictionary, settings):
    settings.JENJANG_ASSESSMENT_IMPORT_MAX_ROWS = 2
    line = f"{world.employee.nip},integritas,2,2025-01-1{{}},test,"
    result = assessment_import(
        by=hr_admin,
        upload=csv_file(*(line.format(n) for n in range(3))),
        mode="all",
    )
    assert errors(result) == [
        (4, "", "Berkas berisi lebih dari 2 baris data; pecah menjadi beberapa berkas.")
    ]
    assert not Assessment.objects.exists()


def test_xlsx_with_date_cells_and_numbers(world, hr_admin, dictionary):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([world.employee.nip, "integritas", 3, dt.date(2025, 3, 1), "test"])
    sheet.append([float(world.employee.nip), "kerjasama", 2.0, "2025-03-01", "test"])
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "asesmen.xlsx"
    result = assessment_import(by=hr_admin, upload=upload, mode="valid_only")
    assert errors(result) == [
        (3, "nip", "Sel berisi angka sehingga digitnya terpotong; ketik sebagai teks.")
    ]
    assert Assessment.objects.get().assessed_on == dt.date(2025, 3, 1)


def test_not_a_table_is_refused(world, hr_admin, dictionary):
    upload = io.BytesIO(b"\x00\x01\x02binary")
    upload.name = "x.csv"
    with pytest.raises(ImportFileError) as exc:
        assessment_import(by=hr_admin, upload=upload, mode="all")
    assert exc.value.message == "Berkas harus CSV atau XLSX."


def test_only_assessors_may_import(world, employee, hr_admin, dictionary):
    with pytest.raises(PermissionDenied):
        assessment_import(by=employee, upload=csv_file(), mode="all")
    with pytest.raises(ApplicationError) as exc:
        assessment_import(by=hr_admin, upload=csv_file(), mode="sekarang")
    assert exc.value.code == "import_mode"
