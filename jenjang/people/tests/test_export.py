"""Export of the scoped employee list, and the export → import round trip."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from jenjang.people.imports.columns import HEADERS
from jenjang.people.models import Employee
from jenjang.people.tests.test_import_helpers import validate, write

PERSONAL = ("tanggal_lahir", "email", "telepon", "nik")


def _csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def _xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _nips(*employees) -> set[str]:
    return {e.nip for e in employees}


def test_hr_admin_of_dinkes_never_gets_bpkad_rows(client_for, world):
    response = client_for("hr_admin").get("/people/employees/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="pegawai-')
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["nip"] for r in rows} == _nips(
        world.supervisor, world.employee, world.mentor, world.puskesmas_employee
    )
    assert world.bpkad_employee.nip not in body
    assert "BK-01" not in body


def test_hr_admin_of_bpkad_gets_only_bpkad(client_for, world):
    rows = _xlsx_rows(client_for("hr_admin_other").get("/people/employees/export.xlsx"))
    assert {r["nip"] for r in rows} == _nips(world.bpkad_employee)


def test_a_unit_filter_outside_the_scope_does_not_widen_it(client_for, world):
    response = client_for("hr_admin").get(
        f"/people/employees/export.csv?unit={world.bpkad.pk}"
    )
    nips = {r["nip"] for r in _csv_rows(response)}
    assert world.bpkad_employee.nip not in nips
    assert len(nips) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=Budi", ["employee"]),
        ("unit={puskesmas}", ["puskesmas_employee"]),
        ("position_kind=pengawas", ["supervisor"]),
        ("kind=PPPK", []),
        ("rank={rank}", ["supervisor", "employee", "mentor", "puskesmas_employee"]),
    ],
)
def test_export_uses_the_list_filters(client_for, world, query, expected):
    from jenjang.people.models import Rank

    query = query.format(
        puskesmas=world.puskesmas.pk, rank=Rank.objects.get(code="III/a").pk
    )
    response = client_for("hr_admin").get(f"/people/employees/export.csv?{query}")
    assert {r["nip"] for r in _csv_rows(response)} == {
        getattr(world, name).nip for name in expected
    }


def test_export_columns_are_the_import_columns(client_for, world):
    rows = _xlsx_rows(client_for("hr_admin").get("/people/employees/export.xlsx"))
    assert list(rows[0]) == list(HEADERS)
    budi = next(r for r in rows if r["nip"] == world.employee.nip)
    assert isinstance(budi["nip"], str)  # text, so Excel keeps all 18 digits
    assert budi["kode_jabatan"] == "DK-02"
    assert budi["golongan"] == "III/a"
    assert budi["tmt_cpns"] == dt.datetime(2010, 1, 1)  # noqa: DTZ001 (Excel has no zones)


def test_personal_columns_only_for_who_may_see_them(client_for, world, monkeypatch):
    from jenjang.people import exports

    monkeypatch.setattr(
        exports, "has_perm", lambda user, perm: perm != "people.view_personal"
    )
    response = client_for("hr_admin").get("/people/employees/export.csv")
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == [h for h in HEADERS if h not in PERSONAL]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(client_for, world, hr_admin, fmt):
    Employee.objects.filter(pk=world.employee.pk).update(
        email="budi@contoh.go.id", phone="0812", nik="3273011403850001"
    )
    response = client_for("hr_admin").get(f"/people/employees/export.{fmt}")
    data = b"".join(response.streaming_content)
    before = list(Employee.objects.order_by("pk").values())

    summary, errors = validate(data, agency=world.agency, user=hr_admin)
    assert errors == []
    summary, errors = write(data, agency=world.agency, user=hr_admin)

    assert errors == []
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 4)
    assert list(Employee.objects.order_by("pk").values()) == before


def test_an_edited_export_updates_on_import(client_for, world, hr_admin):
    response = client_for("hr_admin").get("/people/employees/export.csv")
    rows = _csv_rows(response)
    for row in rows:
        if row["nip"] == world.mentor.nip:
            row["gelar_belakang"] = "S.E."
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(HEADERS))
    writer.writeheader()
    writer.writerows(rows)
    summary, _ = write(buffer.getvalue().encode(), agency=world.agency, user=hr_admin)
    assert (summary.updated, summary.unchanged) == (1, 3)
    world.mentor.refresh_from_db()
    assert world.mentor.back_title == "S.E."
