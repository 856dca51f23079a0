"""Pages: access per persona, and the forms that drive the flows."""

import datetime as dt

import pytest

from conftest import PERSONAS
from jenjang.training.models import BatchCertificateJob, Enrolment
from jenjang.training.tests.factories import TODAY, BatchFactory, add_sessions, seat

S = Enrolment.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def batch(world):
    return BatchFactory(org_unit=world.dinkes, capacity=3)


PAGES = {
    # url name: personas who get 200 (others 403, anonymous a redirect to sign in)
    "/training/": {
        "employee",
        "supervisor",
        "mentor",
        "organiser",
        "hr_admin",
        "hr_admin_other",
        "leader",
        "superadmin",
    },
    "/training/approvals/": {"supervisor", "hr_admin", "hr_admin_other", "superadmin"},
    "/training/organise/": {"organiser", "hr_admin", "hr_admin_other", "superadmin"},
    "/training/needs/": {"hr_admin", "hr_admin_other", "leader", "superadmin"},
    "/training/impact/": {"hr_admin", "hr_admin_other", "leader", "superadmin"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(PAGES))
def test_page_access(client_for, batch, persona, url):
    if persona == "anonymous":
        from django.test import Client

        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        return
    response = client_for(persona).get(url)
    expected = 200 if persona in PAGES[url] else 403
    assert response.status_code == expected


def test_program_page_shows_unmet_reason_instead_of_button(client_for, world):
    from jenjang.training.models import TrainingProgram

    b = BatchFactory(
        org_unit=world.dinkes, program__leadership=TrainingProgram.Leadership.PKP
    )
    page = client_for("employee").get(f"/training/programs/{b.program_id}/")
    text = page.content.decode()
    assert "PKP diperuntukkan bagi pejabat Pengawas" in text
    assert "enrol-button" not in text


def test_enrol_and_approve_through_pages(client_for, world, batch):
    employee = client_for("employee")
    response = employee.post(f"/training/batches/{batch.pk}/enrol/")
    assert response.status_code == 302
    e = Enrolment.objects.get()
    assert e.status == S.REQUESTED
    supervisor = client_for("supervisor")
    page = supervisor.get("/training/approvals/")
    assert world.employee.full_name in page.content.decode()
    supervisor.post(f"/training/enrolments/{e.pk}/decide/", {"decision": "approve"})
    assert Enrolment.objects.get().status == S.ENROLLED
    mine = employee.get("/training/mine/").content.decode()
    assert batch.program.title in mine


def test_other_unit_hr_cannot_open_batch_management(client_for, batch):
    assert (
        client_for("hr_admin_other").get(f"/training/organise/{batch.pk}/").status_code
        == 404
    )
    assert (
        client_for("organiser").get(f"/training/organise/{batch.pk}/").status_code
        == 200
    )


def test_bulk_page_reports_rows_then_confirms(client_for, world, batch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("hr_admin")
    bad = SimpleUploadedFile("n.csv", b"NIP\n123\n")
    page = client.post(f"/training/batches/{batch.pk}/bulk/", {"file": bad})
    assert "NIP tidak dikenal." in page.content.decode()
    assert not Enrolment.objects.exists()
    good = SimpleUploadedFile("n.csv", f"NIP\n{world.employee.nip}\n".encode())
    page = client.post(f"/training/batches/{batch.pk}/bulk/", {"file": good})
    token = page.context["token"]
    assert token
    assert not Enrolment.objects.exists()
    done = client.post(f"/training/batches/{batch.pk}/bulk/", {"token": token})
    assert done.status_code == 302
    assert Enrolment.objects.get().route == "bulk"
    tampered = client.post(
        f"/training/batches/{batch.pk}/bulk/", {"token": token + "x"}
    )
    assert tampered.status_code == 302
    assert Enrolment.objects.count() == 1


def test_results_page_and_job_progress(
    client_for, world, django_capture_on_commit_callbacks
):
    past = BatchFactory(
        org_unit=world.dinkes,
        starts_on=TODAY - dt.timedelta(days=9),
        ends_on=TODAY - dt.timedelta(days=8),
        min_attendance_percent=0,
    )
    add_sessions(past, 1)
    e = seat(past, world.employee)
    client = client_for("organiser")
    client.post(
        f"/training/organise/{past.pk}/results/", {"enrolment": e.pk, "passed": "1"}
    )
    assert Enrolment.objects.get().status == S.PASSED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/training/organise/{past.pk}/certificates/")
    job = BatchCertificateJob.objects.get()
    bar = client.get(f"/training/jobs/{job.pk}/").content.decode()
    assert 'data-status="done"' in bar
    assert "100%" in bar
    assert "hx-trigger" not in bar  # a finished job stops polling


def test_calendar_filters_and_ics(client_for, world, batch):
    later = BatchFactory(org_unit=world.dinkes, starts_on=TODAY + dt.timedelta(days=80))
    client = client_for("employee")
    month = later.starts_on.strftime("%Y-%m")
    page = client.get(f"/training/calendar/?month={month}")
    assert list(page.context["batches"]) == [later]
    ics = client.get(f"/training/calendar.ics?month={month}")
    assert ics["Content-Type"].startswith("text/calendar")
    assert ics.content.count(b"BEGIN:VEVENT") == 1


def test_home_panel_recommends_program_closing_gap(client_for, world):
    from jenjang.competencies.tests.factories import (
        AssessmentFactory,
        CompetencyFactory,
        PositionStandardFactory,
    )
    from jenjang.training.models import ProgramCompetency

    competency = CompetencyFactory(name="Sistem Informasi Kesehatan")
    PositionStandardFactory(
        position=world.staff_position, competency=competency, required_level=3
    )
    AssessmentFactory(employee=world.employee, competency=competency, level=1)
    b = BatchFactory(org_unit=world.dinkes)
    ProgramCompetency.objects.create(
        program=b.program, competency=competency, target_level=3
    )
    page = client_for("employee").get("/").content.decode()
    assert "Rekomendasi untuk Anda" in page
    assert b.program.title in page
    assert "menutup gap Sistem Informasi Kesehatan: level 1 → 3" in page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/training/", "/training/mine/", "/training/calendar/"]
)
def test_list_pages_do_not_grow_queries_per_row(client_for, world, url):
    def add_past(n):
        for _ in range(n):
            b = BatchFactory(
                org_unit=world.dinkes,
                starts_on=TODAY + dt.timedelta(days=5),
                ends_on=TODAY + dt.timedelta(days=5),
            )
            b.starts_on = b.ends_on = TODAY - dt.timedelta(days=3 + _)
            b.save()
            seat(b, world.employee, S.PASSED)
            BatchFactory(org_unit=world.dinkes, program=b.program)

    client = client_for("employee")
    add_past(1)
    _queries(client, url)  # the first request puts the user and grants in the cache
    first = _queries(client, url)
    add_past(4)
    assert _queries(client, url) == first
