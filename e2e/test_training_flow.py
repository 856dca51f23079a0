"""In Chromium: an employee enrols in a batch, the supervisor approves, the
organiser records attendance and the result after the batch, the employee
downloads the certificate, and an anonymous visitor verifies it by its QR URL."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import PASSWORD, TIMEOUT_MS
from jenjang.certificates.models import Certificate
from jenjang.development.models import LedgerEntry
from jenjang.training.models import Batch, Enrolment, Session
from jenjang.training.tests.factories import BatchFactory, add_sessions

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def open_as(browser, live_server):
    """Return a function: a new browser page, signed in as `username` (or anonymous)."""
    contexts = []

    def open_as(username: str | None):
        context = browser.new_context(
            base_url=live_server.url,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if username is None:
            return page
        page.goto("/accounts/login/")
        page.locator("input[name='username']").fill(username)
        page.locator("input[name='password']").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("input[name='password']").press("Enter")
        assert "/accounts/login/" not in page.url, page.url
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_enrol_approve_attend_pass_download_and_verify(open_as, world, organiser):
    today = timezone.localdate()
    batch = BatchFactory(
        org_unit=world.dinkes,
        program__title="Sistem Informasi Kesehatan Daerah",
        starts_on=today + dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=4),
        capacity=10,
        min_attendance_percent=100,
    )
    sessions = add_sessions(batch, 2)

    # The employee enrols from the program page.
    employee = open_as("employee")
    employee.goto(f"/training/programs/{batch.program_id}/")
    employee.locator(f"tr.batch-row[data-batch='{batch.pk}'] .enrol-button").click()
    expect(employee).to_have_url(re.compile(r"/training/mine/$"))
    row = employee.locator("tr.enrolment-row").first
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "requested")
    enrolment = Enrolment.objects.get()

    # The supervisor approves it.
    supervisor = open_as("supervisor")
    supervisor.goto("/training/approvals/")
    approval = supervisor.locator(f"tr.approval-row[data-enrolment='{enrolment.pk}']")
    approval.locator(".approve-button").click()
    expect(supervisor.locator(".alert-success")).to_contain_text("Terdaftar")
    assert Enrolment.objects.get().status == Enrolment.Status.ENROLLED

    # The batch then takes place: its dates move into the past (moving the
    # clock instead would stall the live server's event loop).
    shift = dt.timedelta(days=8)
    Batch.objects.filter(pk=batch.pk).update(
        starts_on=batch.starts_on - shift, ends_on=batch.ends_on - shift
    )
    for session in sessions:
        Session.objects.filter(pk=session.pk).update(
            starts_at=session.starts_at - shift, ends_at=session.ends_at - shift
        )

    # The organiser marks both sessions and records a pass.
    staff = open_as("organiser")
    for session in sessions:
        staff.goto(f"/training/sessions/{session.pk}/attendance/")
        staff.locator(f"#present-{enrolment.pk}").check()
        staff.locator("#save-attendance").click()
        expect(staff.locator(".alert-success")).to_contain_text("1 hadir")
    staff.goto(f"/training/organise/{batch.pk}/results/")
    result_row = staff.locator(f"tr.result-row[data-enrolment='{enrolment.pk}']")
    expect(result_row).to_contain_text("100%")
    result_row.locator("input[name='post_score']").fill("88")
    result_row.locator(".pass-button").click()
    expect(staff.locator(".alert-success")).to_contain_text("Lulus")
    entry = LedgerEntry.objects.get()
    assert (entry.source_type, entry.source_id) == (
        "training.enrolment",
        str(enrolment.pk),
    )
    certificate = Certificate.objects.get()

    # The employee downloads the certificate as a PDF.
    employee = open_as("employee")
    employee.goto("/training/mine/")
    with employee.expect_download() as download:
        employee.locator(".certificate-pdf").first.click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"sertifikat-{certificate.number}.pdf"

    # Anyone verifies it at the address its QR code carries.
    visitor = open_as(None)
    visitor.goto(reverse("certificates:verify", args=[certificate.number]))
    body = visitor.locator("main")
    expect(body).to_contain_text(world.employee.full_name)
    expect(body).to_contain_text("Sistem Informasi Kesehatan Daerah")
    expect(body).not_to_contain_text(world.employee.nip)
