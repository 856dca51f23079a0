"""XLSX import of paper forms: every row validated with the form's rules,
every error reported with row and column, nothing written if any row fails."""

import io

import pytest
from openpyxl import Workbook

from jenjang.core.exceptions import ApplicationError
from jenjang.surveys.models import ImportJob, Response
from jenjang.surveys.services.imports import COLUMNS, responses_import

pytestmark = pytest.mark.django_db
HEADER = list(COLUMNS)
GOOD = [
    "2026-01-10",
    "Rawat jalan",
    4,
    3,
    3,
    4,
    3,
    3,
    4,
    3,
    3,
    "30-39",
    "P",
    "sma",
    "self",
    "",
]


def _xlsx(rows, header=HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return data


def _run(unit, rows, user=None, **kw):
    return responses_import(
        service_unit=unit, file=_xlsx(rows, **kw), original_name="skm.xlsx", by=user
    )


def test_good_file_is_written_whole(unit, hr_admin):
    second = [
        "2026-02-01",
        "imunisasi",
        1,
        2,
        3,
        4,
        1,
        2,
        3,
        4,
        1,
        "",
        "",
        "",
        "",
        "ok",
    ]
    job = _run(unit, [GOOD, second], hr_admin)
    assert (job.status, job.row_count, job.error_count) == (ImportJob.Status.DONE, 2, 0)
    rows = Response.objects.order_by("submitted_at")
    assert [r.answers for r in rows] == [GOOD[2:11], second[2:11]]
    assert [r.service.name for r in rows] == ["Rawat jalan", "Imunisasi"]
    assert {r.channel for r in rows} == {Response.Channel.IMPORT}
    assert {r.import_job_id for r in rows} == {job.pk}
    assert rows[0].sex == "P"


def test_one_bad_row_writes_nothing_and_every_error_is_reported(unit):
    bad_answer = [*GOOD[:4], 5, *GOOD[5:]]
    bad_service = ["2026-01-11", "Apotek", *GOOD[2:]]
    bad_date = ["31-02-2026", *GOOD[1:]]
    job = _run(unit, [GOOD, bad_answer, bad_service, bad_date])
    assert job.status == ImportJob.Status.INVALID
    assert Response.objects.count() == 0
    assert job.errors == [
        {"row": 3, "column": "U3", "message": "Pilih jawaban 1 sampai 4."},
        {
            "row": 4,
            "column": "layanan",
            "message": "Jenis layanan tidak dikenal di unit ini.",
        },
        {
            "row": 5,
            "column": "tanggal",
            "message": "Tanggal tidak sah. Pakai format TTTT-BB-HH.",
        },
    ]
    assert job.error_count == 3


def test_missing_columns_and_bad_files(unit):
    with pytest.raises(ApplicationError) as caught:
        _run(unit, [GOOD[:5]], header=HEADER[:5])
    assert caught.value.code == "missing_columns"
    with pytest.raises(ApplicationError) as caught:
        responses_import(
            service_unit=unit,
            file=io.BytesIO(b"not a zip"),
            original_name="x.xlsx",
            by=None,
        )
    assert caught.value.code == "bad_file"
    with pytest.raises(ApplicationError) as caught:
        _run(unit, [])
    assert caught.value.code == "empty_file"
    assert Response.objects.count() == 0


def test_import_page(client_for, unit):
    client = client_for("hr_admin")
    template = client.get(f"/surveys/units/{unit.pk}/import/template.xlsx")
    assert template.status_code == 200
    upload = _xlsx([GOOD, [*GOOD[:2], 9, *GOOD[3:]]])
    upload.name = "skm.xlsx"
    page = client.post(f"/surveys/units/{unit.pk}/import/", {"file": upload})
    html = page.content.decode()
    assert "Tidak ada yang disimpan" in html
    assert "<td>3</td><td>U1</td>" in html
    assert Response.objects.count() == 0
    good = _xlsx([GOOD])
    good.name = "skm.xlsx"
    page = client.post(f"/surveys/units/{unit.pk}/import/", {"file": good})
    assert "1 tanggapan diimpor." in page.content.decode()
    assert Response.objects.count() == 1


def test_import_page_refuses_other_files(client_for, unit):
    upload = io.BytesIO(b"a,b\n")
    upload.name = "skm.csv"
    page = client_for("hr_admin").post(
        f"/surveys/units/{unit.pk}/import/", {"file": upload}
    )
    assert "Unggah berkas .xlsx." in page.content.decode()
    assert ImportJob.objects.count() == 0
