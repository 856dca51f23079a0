"""The import engine: every error case with its row and column, and the writes."""

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from openpyxl import Workbook

from jenjang.people.imports.columns import HEADERS, REQUIRED_HEADERS
from jenjang.people.imports.engine import ImportAborted
from jenjang.people.imports.readers import ImportFileError, sniff
from jenjang.people.imports.rows import Messages, parse_date
from jenjang.people.models import Employee, PositionHistory, Rank, RankHistory
from jenjang.people.tests.test_import_helpers import (
    csv_bytes,
    good_row,
    validate,
    write,
    xlsx_bytes,
)

M = Messages


def _bad(row_changes: dict):
    return [good_row(), good_row(**row_changes)]


ROW_CASES = {
    "nip format": ({"nip": "19900203"}, "nip", "NIP harus 18 digit angka."),
    "nip birth date": (
        {"tanggal_lahir": "1990-02-04"},
        "tanggal_lahir",
        "Tanggal lahir tidak sesuai dengan NIP (1990-02-03).",
    ),
    "nip tmt": (
        {"tmt_cpns": "2016-03-01"},
        "tmt_cpns",
        "TMT CPNS tidak sesuai dengan NIP (2015-03).",
    ),
    "nip gender": (
        {"_gender": "P"},
        "jenis_kelamin",
        "Jenis kelamin tidak sesuai dengan digit ke-15 NIP.",
    ),
    "pppk number": (
        {"jenis_pegawai": "PPPK", "golongan": "IX", "nip": "ABC"},
        "nip",
        "Nomor induk PPPK harus 18 digit angka.",
    ),
    "unknown position": (
        {"kode_jabatan": "XX-99"},
        "kode_jabatan",
        M.unknown_position(),
    ),
    "position out of scope": (
        {"kode_jabatan": "BK-01"},
        "kode_jabatan",
        M.position_out_of_scope(),
    ),
    "bad date": ({"tmt_jabatan": "31-02-2020"}, "tmt_jabatan", M.bad_date()),
    "not a date": ({"tmt_golongan": "kemarin"}, "tmt_golongan", M.bad_date()),
    "unknown rank": ({"golongan": "V/a"}, "golongan", M.unknown_rank()),
    "wrong rank kind": (
        {"golongan": "IX"},
        "golongan",
        "Golongan IX bukan golongan PNS.",
    ),
    "required value": ({"nama": "  "}, "nama", M.required()),
    "bad kind": ({"jenis_pegawai": "Honorer"}, "jenis_pegawai", M.bad_kind()),
    "bad gender": ({"jenis_kelamin": "X"}, "jenis_kelamin", M.bad_gender()),
    "bad education": ({"pendidikan": "S4"}, "pendidikan", M.bad_education()),
    "bad email": ({"email": "andi@"}, "email", M.bad_email()),
    "bad nik": ({"nik": "12345"}, "nik", M.bad_nik()),
    "too long": ({"nama": "A" * 151}, "nama", M.too_long(150)),
    "tmt before cpns": (
        {"tmt_jabatan": "2010-01-01"},
        "tmt_jabatan",
        "TMT tidak boleh sebelum TMT CPNS/PPPK.",
    ),
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", list(ROW_CASES))
def test_each_row_error_is_reported_with_row_and_column(world, hr_admin, case, fmt):
    changes, column, reason = ROW_CASES[case]
    changes = dict(changes)
    if "_gender" in changes:
        # The NIP says male (digit 15 is 1) but the row says P.
        row = good_row()
        row["jenis_kelamin"] = changes.pop("_gender")
        rows = [good_row(), row]
    else:
        rows = _bad(changes)
    data = (csv_bytes if fmt == "csv" else xlsx_bytes)(rows)
    before = Employee.objects.count()

    summary, errors = validate(data, agency=world.agency, user=hr_admin)

    assert errors == [(3, column, reason)]
    assert (summary.total_rows, summary.invalid_rows) == (2, 1)
    assert not summary.is_clean
    assert Employee.objects.count() == before


def test_duplicate_nip_in_file_is_reported_on_the_later_row(world, hr_admin):
    first = good_row()
    rows = [first, good_row(), dict(first, nama="Orang Lain")]
    _, errors = validate(csv_bytes(rows), agency=world.agency, user=hr_admin)
    assert errors == [(4, "nip", M.duplicate_nip())]


def test_nip_of_an_employee_outside_the_scope_is_an_error(world, hr_admin):
    outsider = world.bpkad_employee
    row = good_row(
        nip=outsider.nip,
        tanggal_lahir=outsider.birth_date.isoformat(),
        tmt_cpns=outsider.tmt_cpns.isoformat(),
        jenis_kelamin=outsider.gender,
    )
    _, errors = validate(csv_bytes([row]), agency=world.agency, user=hr_admin)
    assert errors == [(2, "nip", "NIP milik pegawai di luar cakupan Anda")]
    with pytest.raises(ImportAborted):
        write(csv_bytes([row]), agency=world.agency, user=hr_admin)
    outsider.refresh_from_db()
    assert outsider.position == world.bpkad_position


def test_every_error_of_every_row_is_reported_in_order(world, hr_admin):
    rows = [
        good_row(nama="", golongan="Z"),
        good_row(),
        good_row(kode_jabatan="NOPE", tmt_cpns="x", email="bad"),
    ]
    _, errors = validate(csv_bytes(rows), agency=world.agency, user=hr_admin)
    assert errors == [
        (2, "nama", M.required()),
        (2, "golongan", M.unknown_rank()),
        (4, "tmt_cpns", M.bad_date()),
        (4, "kode_jabatan", M.unknown_position()),
        (4, "email", M.bad_email()),
    ]


def test_missing_required_header_is_reported_on_row_1(world, hr_admin):
    header = [h for h in HEADERS if h not in ("golongan", "nama")]
    data = csv_bytes([good_row()], header=header)
    summary, errors = validate(data, agency=world.agency, user=hr_admin)
    assert errors == [
        (1, "nama", M.missing_header()),
        (1, "golongan", M.missing_header()),
    ]
    assert not summary.header_ok
    assert summary.total_rows == 0


def test_wrong_headers_are_reported(world, hr_admin):
    header = [*HEADERS, "catatan", "nama"]
    summary, errors = validate(
        csv_bytes([good_row()], header=header), agency=world.agency, user=hr_admin
    )
    assert errors == [
        (1, "catatan", M.unknown_header()),
        (1, "nama", M.duplicate_header()),
    ]
    assert not summary.is_clean


def test_a_file_with_no_data_rows_is_invalid(world, hr_admin):
    summary, errors = validate(csv_bytes([]), agency=world.agency, user=hr_admin)
    assert errors == [(2, "", M.no_rows())]
    assert not summary.is_clean
    with pytest.raises(ImportAborted):
        write(csv_bytes([]), agency=world.agency, user=hr_admin)


def test_only_required_columns_are_enough(world, hr_admin):
    row = good_row()
    data = csv_bytes([row], header=REQUIRED_HEADERS)
    summary, errors = write(data, agency=world.agency, user=hr_admin)
    assert errors == []
    assert summary.created == 1
    assert Employee.objects.get(nip=row["nip"]).email == ""


def test_clean_file_writes_every_row_with_history_and_audit(world, hr_admin):
    rows = [good_row(), good_row(kode_jabatan="PKM-01", golongan="III/b")]
    before = Employee.objects.count()

    summary, errors = write(csv_bytes(rows), agency=world.agency, user=hr_admin)

    assert errors == []
    assert (summary.created, summary.updated, summary.skipped) == (2, 0, 0)
    assert Employee.objects.count() == before + 2
    new = Employee.objects.get(nip=rows[1]["nip"])
    assert new.org_unit == world.puskesmas
    assert new.agency == world.agency
    assert new.position == world.puskesmas_position
    assert new.rank.code == "III/b"
    assert new.birth_date == dt.date(1990, 2, 3)
    assert new.full_name == "Andi Wijaya, S.Kom."
    assert list(
        PositionHistory.objects.filter(employee=new).values_list(
            "position_id", "org_unit_id", "start", "end"
        )
    ) == [(world.puskesmas_position.pk, world.puskesmas.pk, dt.date(2020, 1, 1), None)]
    assert list(
        RankHistory.objects.filter(employee=new).values_list("rank__code", "start")
    ) == [("III/b", dt.date(2019, 4, 1))]
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Employee), object_id=new.pk
    )
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == hr_admin
    assert entry.object_repr == "Andi Wijaya, S.Kom."
    assert entry.changes["nip"] == ["None", rows[1]["nip"]]
    assert entry.changes["position"] == ["None", str(world.puskesmas_position.pk)]
    assert entry.changes["rank"] == ["None", str(Rank.objects.get(code="III/b").pk)]
    assert entry.additional_data["source"] == "import"
    assert entry.additional_data["row"] == 3


def test_dirty_file_writes_nothing(world, hr_admin):
    rows = [good_row(), good_row(golongan="Z")]
    before = (
        Employee.objects.count(),
        PositionHistory.objects.count(),
        LogEntry.objects.count(),
    )
    with pytest.raises(ImportAborted):
        write(csv_bytes(rows), agency=world.agency, user=hr_admin)
    assert (
        Employee.objects.count(),
        PositionHistory.objects.count(),
        LogEntry.objects.count(),
    ) == before


def test_valid_only_writes_only_the_good_rows(world, hr_admin):
    good, bad = good_row(), good_row(golongan="Z")
    before = Employee.objects.count()
    summary, errors = write(
        csv_bytes([bad, good]), agency=world.agency, user=hr_admin, valid_only=True
    )
    assert errors == [(2, "golongan", M.unknown_rank())]
    assert (summary.created, summary.skipped) == (1, 1)
    assert Employee.objects.count() == before + 1
    assert Employee.objects.filter(nip=good["nip"]).exists()
    assert not Employee.objects.filter(nip=bad["nip"]).exists()


def _row_for(employee, **changes) -> dict:
    row = good_row(
        nip=employee.nip,
        nama=employee.name,
        gelar_belakang=employee.back_title,
        gelar_depan=employee.front_title,
        jenis_kelamin=employee.gender,
        tanggal_lahir=employee.birth_date.isoformat(),
        tmt_cpns=employee.tmt_cpns.isoformat(),
        kode_jabatan=employee.position.code,
        tmt_jabatan=employee.position_tmt.isoformat(),
        golongan=employee.rank.code,
        tmt_golongan=employee.rank_tmt.isoformat(),
        pendidikan=employee.education_level,
        tempat_lahir=employee.birth_place,
        jurusan=employee.education_major,
        email=employee.email,
        telepon=employee.phone,
        nik=employee.nik,
    )
    row.update(changes)
    return row


def test_upsert_updates_by_nip_and_writes_history_and_audit(world, hr_admin):
    employee = world.employee
    PositionHistory.objects.create(
        employee=employee,
        position=employee.position,
        org_unit=employee.org_unit,
        start=employee.position_tmt,
    )
    RankHistory.objects.create(
        employee=employee, rank=employee.rank, start=employee.rank_tmt
    )
    row = _row_for(
        employee,
        kode_jabatan="PKM-01",
        tmt_jabatan="2024-07-01",
        golongan="III/b",
        tmt_golongan="2022-04-01",
        nama="Budi Santoso Baru",
    )
    before = Employee.objects.count()

    summary, errors = write(csv_bytes([row]), agency=world.agency, user=hr_admin)

    assert errors == []
    assert (summary.created, summary.updated) == (0, 1)
    assert Employee.objects.count() == before
    employee.refresh_from_db()
    assert employee.name == "Budi Santoso Baru"
    assert employee.position == world.puskesmas_position
    assert employee.org_unit == world.puskesmas
    assert employee.user.username == "employee"  # the account link is kept
    assert list(
        PositionHistory.objects.filter(employee=employee)
        .order_by("start")
        .values_list("position__code", "start", "end")
    ) == [
        ("DK-02", dt.date(2020, 1, 1), dt.date(2024, 6, 30)),
        ("PKM-01", dt.date(2024, 7, 1), None),
    ]
    assert list(
        RankHistory.objects.filter(employee=employee)
        .order_by("start")
        .values_list("rank__code", "end")
    ) == [("III/a", dt.date(2022, 3, 31)), ("III/b", None)]
    entry = LogEntry.objects.filter(object_id=employee.pk).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == hr_admin
    assert entry.changes == {
        "name": ["Budi Santoso", "Budi Santoso Baru"],
        "position": [str(world.staff_position.pk), str(world.puskesmas_position.pk)],
        "org_unit": [str(world.dinkes.pk), str(world.puskesmas.pk)],
        "position_tmt": ["2020-01-01", "2024-07-01"],
        "rank": [
            str(Rank.objects.get(code="III/a").pk),
            str(Rank.objects.get(code="III/b").pk),
        ],
        "rank_tmt": ["2018-04-01", "2022-04-01"],
    }


def test_unchanged_rows_are_counted_and_not_logged(world, hr_admin):
    row = _row_for(world.employee)
    logs = LogEntry.objects.count()
    summary, _ = write(csv_bytes([row]), agency=world.agency, user=hr_admin)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    assert LogEntry.objects.count() == logs


def test_absent_optional_columns_keep_existing_values(world, hr_admin):
    employee = world.employee
    Employee.objects.filter(pk=employee.pk).update(email="budi@contoh.go.id")
    header = [h for h in HEADERS if h != "email"]
    row = _row_for(employee, nama="Budi S.")
    write(csv_bytes([row], header=header), agency=world.agency, user=hr_admin)
    employee.refresh_from_db()
    assert (employee.name, employee.email) == ("Budi S.", "budi@contoh.go.id")


def test_operator_without_user_may_import_anywhere(world):
    row = good_row(kode_jabatan="BK-01")
    summary, errors = write(csv_bytes([row]), agency=world.agency, user=None)
    assert errors == []
    assert summary.created == 1
    entry = LogEntry.objects.get(object_pk=str(Employee.objects.get(nip=row["nip"]).pk))
    assert entry.actor is None


def test_xlsx_and_csv_give_the_same_report_and_result(world, hr_admin):
    rows = [good_row(), good_row(golongan="Z"), good_row(tmt_jabatan="01-02-2021")]
    csv_report = validate(csv_bytes(rows), agency=world.agency, user=hr_admin)
    xlsx_report = validate(xlsx_bytes(rows), agency=world.agency, user=hr_admin)
    assert csv_report == xlsx_report
    assert csv_report[1] == [(3, "golongan", M.unknown_rank())]


def test_xlsx_with_real_date_cells_and_number_nip(world, hr_admin):
    row = good_row()
    data = xlsx_bytes([row], dates_as_cells=True)
    summary, errors = write(data, agency=world.agency, user=hr_admin)
    assert errors == []
    assert Employee.objects.get(nip=row["nip"]).tmt_cpns == dt.date(2015, 3, 1)

    # A NIP typed as a number in Excel has lost its last digits.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    other = good_row()
    sheet.append([float(other[h]) if h == "nip" else other[h] for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _, errors = validate(buffer.getvalue(), agency=world.agency, user=hr_admin)
    assert errors == [(2, "nip", M.number_cell())]


def test_semicolon_csv_and_windows_encoding_are_read(world, hr_admin):
    rows = [good_row(tempat_lahir="Cilacap — Jawa Tengah".replace("—", "é"))]
    data = csv_bytes(rows, delimiter=";", encoding="cp1252")
    summary, errors = write(data, agency=world.agency, user=hr_admin)
    assert errors == []
    assert (
        Employee.objects.get(nip=rows[0]["nip"]).birth_place == "Cilacap é Jawa Tengah"
    )


def test_blank_rows_are_skipped_but_row_numbers_kept(world, hr_admin):
    data = (
        csv_bytes([good_row()])
        + b",,,,\r\n\r\n"
        + csv_bytes([good_row(golongan="Z")]).split(b"\r\n", 1)[1]
    )
    summary, errors = validate(data, agency=world.agency, user=hr_admin)
    assert summary.total_rows == 2
    assert errors == [(5, "golongan", M.unknown_rank())]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-01-31", dt.date(2020, 1, 31)),
        ("31-01-2020", dt.date(2020, 1, 31)),
        ("31/01/2020", dt.date(2020, 1, 31)),
        ("2020-01-31 00:00:00", dt.date(2020, 1, 31)),
        (dt.datetime(2020, 1, 31, 0, 0), dt.date(2020, 1, 31)),  # noqa: DTZ001
        (43861, dt.date(2020, 1, 31)),  # Excel serial number
    ],
)
def test_dates_are_read_in_every_accepted_form(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw", ["2020-13-01", "32-01-2020", "01/31/2020", "1850-01-01", ""]
)
def test_bad_dates_are_refused(raw):
    with pytest.raises(ValueError):  # noqa: PT011 (parse_date's only error)
        parse_date(raw)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "import_bad_format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "import_xls"),
        (b"", "import_empty"),
        (b"%PDF-1.4\n\x00\x01\x02", "import_bad_format"),
    ],
)
def test_files_that_are_not_tables_are_refused(content, code):
    with pytest.raises(ImportFileError) as exc:
        sniff(io.BytesIO(content))
    assert exc.value.code == code


def test_a_zip_that_is_not_xlsx_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError) as exc:
        sniff(io.BytesIO(buffer.getvalue()))
    assert exc.value.message == "Berkas harus CSV atau XLSX."


def test_a_broken_xlsx_is_a_file_error(world, hr_admin):
    data = xlsx_bytes([good_row()])[:2000] + b"\x00" * 100
    with pytest.raises(ImportFileError) as exc:
        validate(data, agency=world.agency, user=hr_admin)
    assert exc.value.message == "Berkas XLSX tidak dapat dibaca."


def test_a_database_failure_while_writing_rolls_everything_back(
    world, hr_admin, monkeypatch
):
    from jenjang.people.imports import writer

    original = writer.ChunkWriter._statements

    def broken(self, **flags):
        statements = original(self, **flags)
        return [*statements, ("SELECT * FROM no_such_table_here", [])]

    monkeypatch.setattr(writer.ChunkWriter, "_statements", broken)
    rows = [good_row() for _ in range(5)]
    before = (Employee.objects.count(), LogEntry.objects.count())
    with pytest.raises(Exception) as exc:  # noqa: PT011 (psycopg or sqlite3, raw)
        write(csv_bytes(rows), agency=world.agency, user=hr_admin)
    assert "no_such_table_here" in str(exc.value)
    assert (Employee.objects.count(), LogEntry.objects.count()) == before


def test_pppk_rows_with_their_grades_are_imported(world, hr_admin):
    row = good_row(
        nip="199002032015212001",  # NI PPPK: only its shape is checked
        jenis_pegawai="pppk",
        golongan="PPPK IX",
        pendidikan="D-III",
        jenis_kelamin="Perempuan",
    )
    summary, errors = write(csv_bytes([row]), agency=world.agency, user=hr_admin)
    assert errors == []
    employee = Employee.objects.get(nip="199002032015212001")
    assert (employee.kind, employee.rank.code, employee.education_level) == (
        "PPPK",
        "IX",
        "D3",
    )
    assert employee.gender == "P"
