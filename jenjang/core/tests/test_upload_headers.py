"""Uploaded files are served with safe headers by every view that serves them.

- claim and ledger evidence (page and API): only PDF, PNG or JPEG, with a
  Content-Disposition, nosniff, no caching, and a sandboxing policy on the page;
  a stored file of any other kind (HTML) is never served;
- event materials: always a download (attachment), whatever the file is;
- SCORM content: the one place HTML from an upload is shown inline, inside the
  player's frame only (X-Frame-Options SAMEORIGIN, frame-ancestors 'self'),
  under its own policy.

The served-upload views are found by their names below; a view that streams a
FileField and is not here should be added (docs/security.md).
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import sign_in, token_client
from jenjang.development.models import DevelopmentForm, SelfLearningClaim
from jenjang.development.services import claims as claim_services
from jenjang.development.services.conversion import ensure_seeded
from jenjang.events.models import Material, Registration
from jenjang.events.tests.factories import make_event, register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _claim(world) -> SelfLearningClaim:
    ensure_seeded()
    return SelfLearningClaim.objects.create(
        employee=world.employee,
        title="Seminar Gizi Nasional",
        organiser="Kemenkes",
        form=DevelopmentForm.objects.order_by("pk").first(),
        started_on=dt.date(2024, 6, 10),
        ended_on=dt.date(2024, 6, 11),
        quantity=2,
        unit="day",
        evidence=ContentFile(PDF, name="sertifikat.pdf"),
    )


def test_claim_evidence_page_is_a_sandboxed_pdf(client, world):
    claim = _claim(world)
    response = sign_in(client, world.employee.user).get(
        f"/development/claims/{claim.pk}/evidence/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="bukti.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert _body(response) == PDF


def test_claim_evidence_api_is_a_pdf(world):
    claim = _claim(world)
    response = token_client(world.employee.user).get(
        f"/api/jp/claims/{claim.pk}/evidence"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="bukti.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert _body(response) == PDF


def test_stored_html_evidence_is_never_served(client, world):
    claim = _claim(world)
    claim.evidence.save("halaman.html", ContentFile(HTML), save=True)
    page = sign_in(client, world.employee.user).get(
        f"/development/claims/{claim.pk}/evidence/"
    )
    api = token_client(world.employee.user).get(f"/api/jp/claims/{claim.pk}/evidence")
    assert page.status_code == 404
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"


def test_claim_service_refuses_html_dressed_as_pdf(world):
    ensure_seeded()
    with pytest.raises(Exception) as refused:  # noqa: PT011 - the service's own error
        claim_services.claim_submit(
            employee=world.employee,
            title="Seminar",
            organiser="Kemenkes",
            form=DevelopmentForm.objects.order_by("pk").first(),
            started_on=dt.date(2024, 6, 10),
            ended_on=dt.date(2024, 6, 11),
            quantity=1,
            unit="day",
            evidence=SimpleUploadedFile("bukti.pdf", HTML, "application/pdf"),
            by=world.employee.user,
        )
    assert getattr(refused.value, "status", 400) < 500
    assert not SelfLearningClaim.objects.exists()


def test_event_material_is_always_a_download(client, world):
    event = make_event(world)
    session = event.sessions.get()
    reg = register(event, world.employee)
    Registration.objects.filter(pk=reg.pk).update(attended_at=dt.datetime.now(dt.UTC))
    material = Material.objects.create(
        event=event,
        session=session,
        title="Halaman",
        file=SimpleUploadedFile("halaman.html", HTML),
        original_name="halaman.html",
    )
    response = sign_in(client, world.employee.user).get(
        f"/events/materials/{material.pk}/"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="halaman.html"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_scorm_content_is_html_only_inside_our_own_frame(client, world, organiser):
    from jenjang.elearning.services import learning
    from jenjang.elearning.tests.builders import SCORM_SINGLE, published_package_course

    course, package = published_package_course(
        organiser=organiser, unit=world.dinkes, upload=SCORM_SINGLE, minutes=90
    )
    learning.enrolment_create(
        course=course, employee=world.employee, by=world.employee.user
    )
    href = package.items[0]["href"]
    response = sign_in(client, world.employee.user).get(
        f"/elearning/scorm/{package.pk}/content/{href}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    assert "form-action 'self'" in policy
    # The package's own inline scripts must run; nothing foreign may load.
    assert "script-src 'self' 'unsafe-inline' 'unsafe-eval'" in policy
    assert "default-src 'self'" in policy
    assert "http" not in policy
    # Not enrolled, not an author: nothing.
    stranger = sign_in(client.__class__(), world.supervisor.user)
    assert (
        stranger.get(f"/elearning/scorm/{package.pk}/content/{href}").status_code == 404
    )
