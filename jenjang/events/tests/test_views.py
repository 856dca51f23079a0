"""Pages: every page renders for the persona it is for; others are refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jenjang.events.models import (
    CheckIn,
    Event,
    Material,
    Question,
    Registration,
    SessionSpeaker,
    Speaker,
)
from jenjang.events.tests.factories import make_event, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(world):
    event = make_event(world, jp=Decimal("4"), is_public=True, capacity=30)
    session = event.sessions.get()
    speaker = Speaker.objects.create(
        agency=world.agency,
        name="Dr. Ratna Pelayanan",
        institution="Universitas Contoh",
        expertise="Pelayanan publik",
    )
    SessionSpeaker.objects.create(session=session, speaker=speaker)
    reg = register(event, world.employee)
    return event, session, speaker, reg


def test_listing_detail_and_ical(client_for, live):
    event, _session, _speaker, _reg = live
    client = client_for("employee")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    page = client.get(f"/events/?month={month}&kind=seminar")
    assert page.status_code == 200
    assert event.title in page.content.decode()
    filtered = client.get(f"/events/?month={month}&kind=workshop")
    assert event.title not in filtered.content.decode().split('id="event-list"')[-1]
    detail = client.get(f"/events/{event.pk}/")
    assert detail.status_code == 200
    assert "Dr. Ratna Pelayanan" in detail.content.decode()
    ical = client.get("/events/calendar.ics")
    assert ical["Content-Type"].startswith("text/calendar")
    body = ical.content.decode()
    assert "BEGIN:VEVENT" in body
    assert f"SUMMARY:{event.title}" in body


def test_register_through_the_page_and_see_the_ticket(client_for, world, live):
    event, *_ = live
    client = client_for("mentor")
    response = client.post(f"/events/{event.pk}/register/")
    assert response.status_code == 302
    reg = Registration.objects.get(event=event, employee=world.mentor)
    assert reg.status == Registration.Status.REGISTERED
    ticket = client.get(f"/events/tickets/{reg.pk}/")
    assert reg.ticket_code in ticket.content.decode()
    assert "<svg" in ticket.content.decode()
    pdf = client.get(f"/events/tickets/{reg.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Someone else's ticket is not found.
    other = client_for("employee")
    assert other.get(f"/events/tickets/{reg.pk}/").status_code == 404


def test_checkin_page_and_scan(client_for, world, live):
    event, session, _speaker, reg = live
    client = client_for("organiser")
    assert client.get(f"/events/{event.pk}/checkin/").status_code == 200
    ok = client.post(
        f"/events/{event.pk}/checkin/scan/",
        {"session": session.pk, "code": reg.ticket_code, "method": "scan"},
    )
    assert "Hadir: " in ok.content.decode()
    dup = client.post(
        f"/events/{event.pk}/checkin/scan/",
        {"session": session.pk, "code": reg.ticket_code},
        headers={"Accept": "application/json"},
    )
    assert dup.status_code == 400
    assert dup.json()["code"] == "already_checked_in"
    assert CheckIn.objects.get().method == "scan"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 403),
        ("supervisor", 403),
        ("mentor", 403),
        ("organiser", 200),
        ("hr_admin", 200),
        ("hr_admin_other", 404),
        ("leader", 403),
        ("superadmin", 200),
        ("anonymous", 302),
    ],
)
def test_manage_and_checkin_pages_access(client_for, live, persona, status):
    event, session, _speaker, reg = live
    client = client_for(persona)
    assert client.get(f"/events/{event.pk}/manage/").status_code == status
    assert client.get(f"/events/{event.pk}/checkin/").status_code == status
    client.post(
        f"/events/{event.pk}/checkin/scan/",
        {"session": session.pk, "code": reg.ticket_code},
    )
    assert CheckIn.objects.exists() is (status == 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 403),
        ("organiser", 200),
        ("leader", 200),
        ("hr_admin", 200),
        ("anonymous", 302),
    ],
)
def test_reports_access(client_for, live, persona, status):
    assert client_for(persona).get("/events/reports/").status_code == status


def test_room_ask_vote_moderate(client_for, world, live):
    _event, session, _speaker, _reg = live
    employee = client_for("employee")
    assert employee.get(f"/events/sessions/{session.pk}/room/").status_code == 200
    employee.post(f"/events/sessions/{session.pk}/ask/", {"text": "Kapan SOP terbit?"})
    question = Question.objects.get()
    partial = employee.post(
        f"/events/questions/{question.pk}/vote/", HTTP_HX_REQUEST="true"
    )
    assert 'aria-pressed="true"' in partial.content.decode()
    question.refresh_from_db()
    assert question.vote_count == 1
    # An employee may not moderate.
    assert (
        employee.post(
            f"/events/questions/{question.pk}/moderate/", {"status": "hidden"}
        ).status_code
        == 403
    )
    organiser = client_for("organiser")
    organiser.post(f"/events/questions/{question.pk}/moderate/", {"status": "answered"})
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    polled = employee.get(f"/events/sessions/{session.pk}/questions/")
    assert 'data-status="answered"' in polled.content.decode()


def test_materials_only_for_attendees(client_for, world, live, organiser):
    event, session, _speaker, reg = live
    material = Material.objects.create(
        event=event,
        session=session,
        title="Slide",
        file=SimpleUploadedFile("slide.pdf", b"%PDF-1.4 test"),
        original_name="slide.pdf",
    )
    employee = client_for("employee")
    assert employee.get(f"/events/materials/{material.pk}/").status_code == 404
    Registration.objects.filter(pk=reg.pk).update(attended_at=timezone.now())
    response = employee.get(f"/events/materials/{material.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_public_pages_show_public_information_only(client, world, live):
    event, _session, speaker, reg = live
    page = client.get(f"/events/public/{event.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert event.title in html
    assert reg.ticket_code not in html
    assert world.employee.name not in html
    assert client.get(f"/events/public/speakers/{speaker.pk}/").status_code == 200
    event.is_public = False
    event.save()
    assert client.get(f"/events/public/{event.pk}/").status_code == 404
    assert client.get(f"/events/public/speakers/{speaker.pk}/").status_code == 404


def test_create_event_through_the_form(client_for, world):
    client = client_for("organiser")
    start = timezone.localtime() + dt.timedelta(days=7)
    response = client.post(
        "/events/manage/new/",
        {
            "title": "Lokakarya Inovasi Pelayanan",
            "kind": "workshop",
            "organiser_unit": world.dinkes.pk,
            "starts_at": start.strftime("%Y-%m-%dT09:00"),
            "ends_at": start.strftime("%Y-%m-%dT15:00"),
            "venue": "Aula",
            "audience": "agency",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Lokakarya Inovasi Pelayanan")
    assert event.development_form.siasn_code == 4
    assert event.sessions.count() == 1
    # A unit outside the organiser's scope is not even offered.
    bad = client.post(
        "/events/manage/new/",
        {
            "title": "Di luar cakupan",
            "kind": "seminar",
            "organiser_unit": world.bpkad.pk,
            "starts_at": start.strftime("%Y-%m-%dT09:00"),
            "ends_at": start.strftime("%Y-%m-%dT15:00"),
            "venue": "Aula",
            "audience": "agency",
        },
    )
    assert bad.status_code == 200
    assert not Event.objects.filter(title="Di luar cakupan").exists()


def test_templates_carry_no_inline_script_or_handler():
    """CSP (script-src 'self'): behaviour lives in static/events/*.js."""
    import re
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "templates" / "events"
    offenders = []
    for path in sorted(folder.glob("*.html")):
        text = path.read_text()
        for script in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
            attrs, code = script
            if code.strip() and 'type="application/json"' not in attrs:
                offenders.append(f"{path.name}: inline script")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: on...= attribute")
        if "javascript:" in text:
            offenders.append(f"{path.name}: javascript: URL")
    assert offenders == []
