"""Import pages: access over every persona, and the upload → check → import flow."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jenjang.people.imports.columns import HEADERS
from jenjang.people.imports.rows import Messages
from jenjang.people.models import Employee, ImportJob
from jenjang.people.tests.test_import_helpers import csv_bytes, good_row, xlsx_bytes

DENIED = ["employee", "supervisor", "mentor", "organiser", "leader"]
ALLOWED = ["hr_admin", "hr_admin_other", "superadmin"]


def _expected(persona: str, allowed: int = 200) -> int:
    if persona == "anonymous":
        return 302
    return allowed if persona in ALLOWED else 403


@pytest.fixture
def job(world, hr_admin) -> ImportJob:
    job = ImportJob(
        created_by=hr_admin,
        agency=world.agency,
        original_name="pegawai.csv",
        file_format="csv",
        status=ImportJob.Status.VALID,
        total_rows=1,
    )
    job.file.save("pegawai.csv", ContentFile(csv_bytes([good_row()])), save=False)
    job.save()
    return job


@pytest.mark.parametrize("persona", [*DENIED, *ALLOWED, "anonymous"])
@pytest.mark.parametrize(
    "url",
    [
        "/people/import/",
        "/people/import/template.csv",
        "/people/import/template.xlsx",
    ],
)
def test_upload_and_template_access(client_for, persona, url):
    response = client_for(persona).get(url)
    assert response.status_code == _expected(persona)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", [*DENIED, *ALLOWED, "anonymous"])
def test_upload_post_access_changes_nothing_when_denied(
    client_for, world, persona, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("p.csv", csv_bytes([good_row()]), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(persona).post(
            "/people/import/", {"file": upload, "agency": world.agency.pk}
        )
    assert response.status_code == _expected(persona, allowed=302)
    assert ImportJob.objects.count() == (1 if persona in ALLOWED else 0)


@pytest.mark.parametrize("persona", [*DENIED, *ALLOWED, "anonymous"])
@pytest.mark.parametrize("view", ["import_detail", "import_progress"])
def test_job_pages_access(client_for, job, persona, view):
    response = client_for(persona).get(reverse(f"people:{view}", args=[job.pk]))
    expected = {"hr_admin": 200, "superadmin": 200, "hr_admin_other": 404}
    assert response.status_code == expected.get(persona, _expected(persona))


@pytest.mark.parametrize("persona", [*DENIED, *ALLOWED, "anonymous"])
def test_job_confirm_access(
    client_for, job, persona, django_capture_on_commit_callbacks
):
    before = Employee.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(persona).post(
            reverse("people:import_confirm", args=[job.pk]), {"mode": "all"}
        )
    job.refresh_from_db()
    if persona in ("hr_admin", "superadmin"):
        assert response.status_code == 302
        assert job.status == ImportJob.Status.DONE
        assert Employee.objects.count() == before + 1
    else:
        expected = 404 if persona == "hr_admin_other" else _expected(persona)
        assert response.status_code == expected
        assert job.status == ImportJob.Status.VALID
        assert Employee.objects.count() == before


@pytest.mark.parametrize("persona", [*DENIED, *ALLOWED, "anonymous"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_access(client_for, persona, fmt):
    response = client_for(persona).get(f"/people/employees/export.{fmt}")
    assert response.status_code == _expected(persona)


def test_unknown_formats_are_404(client_for):
    client = client_for("hr_admin")
    assert client.get("/people/import/template.pdf").status_code == 404
    assert client.get("/people/employees/export.pdf").status_code == 404


def test_confirm_needs_post(client_for, job):
    response = client_for("hr_admin").get(
        reverse("people:import_confirm", args=[job.pk])
    )
    assert response.status_code == 405


def _upload(client, data: bytes, name: str, capture, *, agency):
    with capture(execute=True):
        return client.post(
            "/people/import/",
            {"file": SimpleUploadedFile(name, data), "agency": agency.pk},
        )


def test_clean_upload_is_checked_then_imported_on_confirm(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for("hr_admin")
    rows = [good_row(), good_row()]
    before = Employee.objects.count()

    response = _upload(
        client,
        csv_bytes(rows),
        "pegawai.csv",
        django_capture_on_commit_callbacks,
        agency=world.agency,
    )

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:import_detail", args=[job.pk])
    assert (job.status, job.total_rows, job.error_count) == ("valid", 2, 0)
    assert (job.file_format, job.original_name, job.agency) == (
        "csv",
        "pegawai.csv",
        world.agency,
    )
    assert Employee.objects.count() == before  # nothing written before confirming
    page = client.get(response["Location"]).content.decode()
    assert "Berkas bersih: 2 baris siap diimpor." in page
    assert 'value="all"' in page
    assert 'value="valid_only"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import_confirm", args=[job.pk]), {"mode": "all"})

    job.refresh_from_db()
    assert (job.status, job.mode, job.created_count, job.updated_count) == (
        "done",
        "all",
        2,
        0,
    )
    assert job.finished_at is not None
    assert Employee.objects.count() == before + 2
    page = client.get(reverse("people:import_detail", args=[job.pk])).content.decode()
    assert "Impor selesai." in page
    assert 'data-count="created">2<' in page


def test_dirty_upload_shows_the_report_and_writes_nothing_until_valid_only(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for("hr_admin")
    rows = [good_row(), good_row(golongan="Z"), good_row(kode_jabatan="BK-01")]
    before = Employee.objects.count()

    response = _upload(
        client,
        xlsx_bytes(rows),
        "data.xlsx",
        django_capture_on_commit_callbacks,
        agency=world.agency,
    )

    job = ImportJob.objects.get()
    assert (job.status, job.file_format, job.total_rows, job.invalid_rows) == (
        "invalid",
        "xlsx",
        3,
        2,
    )
    assert job.errors == [
        [3, "golongan", Messages.unknown_rank()],
        [4, "kode_jabatan", Messages.position_out_of_scope()],
    ]
    assert Employee.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "Ditemukan 2 kesalahan pada 2 dari 3 baris." in page
    assert Messages.position_out_of_scope() in page
    assert 'value="all"' not in page
    assert "Impor baris yang valid saja (1 baris)" in page

    # "Impor semua" is refused for a dirty file.
    client.post(reverse("people:import_confirm", args=[job.pk]), {"mode": "all"})
    job.refresh_from_db()
    assert job.status == "invalid"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:import_confirm", args=[job.pk]), {"mode": "valid_only"}
        )
    job.refresh_from_db()
    assert (job.status, job.created_count, job.skipped_count) == ("done", 1, 2)
    assert Employee.objects.count() == before + 1
    assert Employee.objects.filter(nip=rows[0]["nip"]).exists()


def test_progress_partial_polls_while_running_and_stops_after(client_for, job):
    client = client_for("hr_admin")
    url = reverse("people:import_progress", args=[job.pk])
    ImportJob.objects.filter(pk=job.pk).update(
        status="validating", total_rows=1000, processed_rows=250
    )
    running = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert 'aria-valuenow="25"' in running
    ImportJob.objects.filter(pk=job.pk).update(status="valid")
    finished = client.get(url).content.decode()
    assert "hx-trigger" not in finished
    assert "<html" not in finished


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "foto.csv",
            "Berkas harus CSV atau XLSX.",
        ),
        (
            b"\xd0\xcf\x11\xe0" + b"\x00" * 60,
            "lama.xls",
            "Format .xls lama tidak didukung.",
        ),
        (b"", "kosong.csv", "Berkas yang dikirimkan kosong."),  # Django's own
        (b"\n  \n", "kosong.csv", "Berkas kosong."),
    ],
)
def test_non_table_uploads_are_refused_with_a_message(
    client_for, world, content, name, message, django_capture_on_commit_callbacks
):
    response = _upload(
        client_for("hr_admin"),
        content,
        name,
        django_capture_on_commit_callbacks,
        agency=world.agency,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_too_large_upload_is_refused(
    client_for, world, settings, django_capture_on_commit_callbacks
):
    settings.JENJANG_IMPORT_MAX_MB = 0
    response = _upload(
        client_for("hr_admin"),
        csv_bytes([good_row()]),
        "p.csv",
        django_capture_on_commit_callbacks,
        agency=world.agency,
    )
    assert response.status_code == 400
    assert "Berkas terlalu besar (paling besar 0 MB)." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_agency_outside_scope_is_refused(
    client_for, world, django_capture_on_commit_callbacks
):
    from jenjang.people.tests.factories import AgencyFactory

    other = AgencyFactory(code="9999")
    response = _upload(
        client_for("hr_admin"),
        csv_bytes([good_row()]),
        "p.csv",
        django_capture_on_commit_callbacks,
        agency=other,
    )
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0


def test_superadmin_chooses_among_agencies(client_for, world):
    from jenjang.people.tests.factories import AgencyFactory

    AgencyFactory(code="9999", name="Kota Lain")
    page = client_for("superadmin").get("/people/import/").content.decode()
    assert 'name="agency"' in page
    assert "Kota Lain" in page
    single = client_for("hr_admin").get("/people/import/").content.decode()
    assert f'type="hidden" name="agency" value="{world.agency.pk}"' in single


def test_template_xlsx_documents_every_column(client_for):
    response = client_for("hr_admin").get("/people/import/template.xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Pegawai", "Petunjuk", "Kode jabatan"]
    header = [c.value for c in workbook["Pegawai"][1]]
    assert header == list(HEADERS)
    documented = {row[0] for row in workbook["Petunjuk"].iter_rows(values_only=True)}
    assert set(HEADERS) <= documented
    codes = {
        row[0]
        for row in workbook["Kode jabatan"].iter_rows(min_row=2, values_only=True)
    }
    assert codes == {"DK-01", "DK-02", "PKM-01"}  # only positions in the scope


def test_template_csv_is_the_header_row(client_for):
    response = client_for("hr_admin").get("/people/import/template.csv")
    assert response.content.decode("utf-8-sig") == ",".join(HEADERS) + "\r\n"
    assert 'filename="templat-impor-pegawai.csv"' in response["Content-Disposition"]


def test_the_template_imports_once_filled(client_for, world, hr_admin):
    """The downloaded template, filled in, is accepted as it is."""
    from jenjang.people.tests.test_import_helpers import write

    response = client_for("hr_admin").get("/people/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    row = good_row()
    workbook["Pegawai"].append([row[h] for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    summary, errors = write(buffer.getvalue(), agency=world.agency, user=hr_admin)
    assert errors == []
    assert summary.created == 1


def test_a_failed_write_marks_the_job_failed_and_writes_nothing(
    client_for, job, monkeypatch, django_capture_on_commit_callbacks
):
    from jenjang.people.imports import writer

    def broken(self, **flags):
        return [("SELECT * FROM no_such_table_here", [])]

    monkeypatch.setattr(writer.ChunkWriter, "_statements", broken)
    before = Employee.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("hr_admin").post(
            reverse("people:import_confirm", args=[job.pk]), {"mode": "all"}
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message == (
        "Terjadi kesalahan tak terduga. Tidak ada data yang disimpan."
    )
    assert job.finished_at is not None
    assert Employee.objects.count() == before


def test_stored_errors_are_capped_but_all_counted(
    client_for, world, monkeypatch, django_capture_on_commit_callbacks
):
    from jenjang.people.imports import services

    monkeypatch.setattr(services, "ERROR_CAP", 2)
    rows = [good_row(golongan="Z"), good_row(nama=""), good_row(pendidikan="?")]
    client = client_for("hr_admin")
    response = _upload(
        client,
        csv_bytes(rows),
        "p.csv",
        django_capture_on_commit_callbacks,
        agency=world.agency,
    )
    job = ImportJob.objects.get()
    assert (job.error_count, len(job.errors)) == (3, 2)
    assert job.errors[1] == [3, "nama", Messages.required()]
    page = client.get(response["Location"]).content.decode()
    assert "dan 1 kesalahan lainnya tidak ditampilkan." in page
    assert "Impor baris yang valid saja" not in page  # no valid row left
