"""The training API: access per persona, the enrolment flow, bulk nomination, errors."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import FORBIDDEN, NOT_FOUND, PERSONAS
from jenjang.training.models import Enrolment
from jenjang.training.tests.factories import TODAY, BatchFactory, add_sessions, seat

S = Enrolment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(world):
    return BatchFactory(org_unit=world.dinkes, capacity=3)


@pytest.fixture
def past(world):
    b = BatchFactory(
        org_unit=world.dinkes,
        starts_on=TODAY - dt.timedelta(days=10),
        ends_on=TODAY - dt.timedelta(days=8),
        min_attendance_percent=50,
    )
    add_sessions(b, 2)
    return b


CATALOG = {
    "employee": 200,
    "supervisor": 200,
    "mentor": 200,
    "organiser": 200,
    "hr_admin": 200,
    "hr_admin_other": 200,
    "leader": 200,
    "superadmin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_catalog_access(api_for, batch, persona):
    response = api_for(persona).get("/api/training/programs")
    assert response.status_code == CATALOG[persona]
    if response.status_code == 200:
        assert [p["id"] for p in response.json()] == [batch.program_id]


PARTICIPANTS = {
    "employee": 403,
    "supervisor": 403,
    "mentor": 403,
    "organiser": 200,
    "hr_admin": 200,
    "hr_admin_other": 404,
    "leader": 403,
    "superadmin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_participant_list_access(api_for, world, batch, persona):
    seat(batch, world.employee)
    response = api_for(persona).get(f"/api/training/batches/{batch.pk}/participants")
    assert response.status_code == PARTICIPANTS[persona]
    if response.status_code == 200:
        assert [r["employee"] for r in response.json()] == [world.employee.full_name]
    elif response.status_code == 404:
        assert response.json() == NOT_FOUND
    elif response.status_code == 403:
        assert response.json() == FORBIDDEN


def test_enrol_approve_flow_over_api(api_for, world, batch):
    response = api_for("employee", auth="token").post(
        f"/api/training/batches/{batch.pk}/enrol"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "requested"
    pending = api_for("supervisor").get("/api/training/approvals").json()
    assert [p["id"] for p in pending] == [body["id"]]
    approved = api_for("supervisor", auth="token").post(
        f"/api/training/enrolments/{body['id']}/approve",
        {"note": "Silakan"},
        content_type="application/json",
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "enrolled"
    mine = api_for("employee").get("/api/training/enrolments/mine").json()
    assert [(m["id"], m["status"]) for m in mine] == [(body["id"], "enrolled")]


def test_approval_by_other_unit_hr_is_not_found_and_changes_nothing(
    api_for, world, batch
):
    e = seat(batch, world.employee, S.REQUESTED)
    response = api_for("hr_admin_other", auth="token").post(
        f"/api/training/enrolments/{e.pk}/approve", {}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Enrolment.objects.get(pk=e.pk).status == S.REQUESTED


def test_enrol_unmet_prerequisite_error_shape(api_for, world):
    from jenjang.training.models import TrainingProgram

    b = BatchFactory(
        org_unit=world.dinkes,
        program__leadership=TrainingProgram.Leadership.PKA,
    )
    response = api_for("employee", auth="token").post(
        f"/api/training/batches/{b.pk}/enrol"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "prerequisite_leadership_level"
    assert body["message"].startswith("PKA diperuntukkan bagi pejabat Administrator")
    assert not Enrolment.objects.exists()


def test_nominate_out_of_scope_is_not_found(api_for, world, batch):
    response = api_for("supervisor", auth="token").post(
        f"/api/training/batches/{batch.pk}/nominate",
        {"employee_id": world.bpkad_employee.pk},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def _csv(*nips: str) -> SimpleUploadedFile:
    body = "NIP\n" + "\n".join(nips) + "\n"
    return SimpleUploadedFile("nip.csv", body.encode(), content_type="text/csv")


def test_bulk_nomination_reports_every_bad_row_and_writes_nothing(
    api_for, world, batch
):
    seat(batch, world.mentor)
    response = api_for("hr_admin", auth="token").post(
        f"/api/training/batches/{batch.pk}/bulk-nominate",
        {
            "file": _csv(
                world.employee.nip,
                "199001012020011999",
                world.bpkad_employee.nip,
                world.mentor.nip,
                world.employee.nip,
            )
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["ok"], body["written"]) == (False, 0)
    errors = {r["row"]: r["errors"] for r in body["rows"]}
    assert errors == {
        2: [],
        3: ["NIP tidak dikenal."],
        4: ["NIP di luar lingkup Anda."],
        5: ["Sudah terdaftar pada angkatan ini."],
        6: ["NIP ganda (sama dengan baris 2)."],
    }
    assert Enrolment.objects.count() == 1


def test_bulk_nomination_all_good_writes_all_with_waitlist(api_for, world, batch):
    batch.capacity = 1
    batch.save()
    client = api_for("hr_admin", auth="token")
    url = f"/api/training/batches/{batch.pk}/bulk-nominate"
    nips = (world.employee.nip, world.puskesmas_employee.nip)
    dry = client.post(url, {"file": _csv(*nips), "dry_run": "true"}).json()
    assert (dry["ok"], dry["written"]) == (True, 0)
    assert not Enrolment.objects.exists()
    body = client.post(url, {"file": _csv(*nips)}).json()
    assert (body["ok"], body["written"]) == (True, 2)
    statuses = dict(Enrolment.objects.values_list("employee__nip", "status"))
    assert statuses == {nips[0]: S.ENROLLED, nips[1]: S.WAITLISTED}
    assert set(Enrolment.objects.values_list("route", flat=True)) == {"bulk"}


def test_bulk_nomination_reads_xlsx(api_for, world, batch):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["No", "NIP"])
    sheet.append([1, world.employee.nip])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("nip.xlsx", buffer.getvalue())
    body = (
        api_for("hr_admin", auth="token")
        .post(f"/api/training/batches/{batch.pk}/bulk-nominate", {"file": upload})
        .json()
    )
    assert (body["ok"], body["written"]) == (True, 1)


def test_bulk_bad_file_is_a_clear_error(api_for, batch):
    upload = SimpleUploadedFile("nip.pdf", b"%PDF")
    response = api_for("hr_admin", auth="token").post(
        f"/api/training/batches/{batch.pk}/bulk-nominate", {"file": upload}
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Format berkas harus .xlsx atau .csv."


def test_attendance_and_result_over_api(api_for, world, past):
    from jenjang.development.models import LedgerEntry

    e = seat(past, world.employee)
    client = api_for("organiser", auth="token")
    for session in past.sessions.all():
        r = client.post(
            f"/api/training/sessions/{session.pk}/attendance",
            {"present": [e.pk]},
            content_type="application/json",
        )
        assert r.json() == {"present": 1, "absent": 0}
    r = client.post(
        f"/api/training/enrolments/{e.pk}/result",
        {"passed": True, "post_score": "87.5"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["status"] == "passed"
    assert LedgerEntry.objects.get().source_id == str(e.pk)
    bad = client.post(
        f"/api/training/enrolments/{e.pk}/result",
        {"passed": True, "post_score": "187.5"},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_calendar_ics(api_for, batch):
    from icalendar import Calendar

    response = api_for("employee").get("/api/training/calendar.ics")
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")
    assert str(event["summary"]) == f"{batch.program.title} — {batch.name}"
    assert event["dtstart"].dt == batch.starts_on
    assert event["dtend"].dt == batch.ends_on + dt.timedelta(days=1)


def test_create_program_and_batch_over_api(api_for, world):
    program = api_for("hr_admin", auth="token").post(
        "/api/training/programs",
        {
            "code": "akrual",
            "title": "Akuntansi Berbasis Akrual",
            "form_code": 3,
            "jp": "32",
            "owner_unit_id": world.dinkes.pk,
            "validity_months": 24,
        },
        content_type="application/json",
    )
    assert program.status_code == 201, program.json()
    pid = program.json()["id"]
    other = api_for("hr_admin_other", auth="token").put(
        f"/api/training/programs/{pid}",
        {"code": "akrual", "title": "X", "form_code": 3, "jp": "1"},
        content_type="application/json",
    )
    assert other.status_code == 404
    created = api_for("organiser", auth="token").post(
        "/api/training/batches",
        {
            "program_id": pid,
            "name": "Angkatan I",
            "org_unit_id": world.dinkes.pk,
            "starts_on": "2026-05-04",
            "ends_on": "2026-05-06",
            "capacity": 30,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["seats_taken"] == 0
    outside = api_for("organiser", auth="token").post(
        "/api/training/batches",
        {
            "program_id": pid,
            "name": "Angkatan II",
            "org_unit_id": world.bpkad.pk,
            "starts_on": "2026-05-04",
            "ends_on": "2026-05-06",
            "capacity": 30,
        },
        content_type="application/json",
    )
    assert outside.status_code == 403
