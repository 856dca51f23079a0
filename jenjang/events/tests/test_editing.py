"""Edit and delete: scoped, audited, and never losing attendance or ratings."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from jenjang.core.exceptions import ApplicationError
from jenjang.events.models import (
    CheckIn,
    Event,
    EventSession,
    Material,
    Speaker,
    SpeakerFeedback,
)
from jenjang.events.services import editing
from jenjang.events.tests.factories import make_event, register
from jenjang.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _edit_payload(event, **changes) -> dict:
    payload = {
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "venue": event.venue,
        "audience": event.audience,
    }
    payload.update(changes)
    return payload


def test_organiser_edits_an_event_and_the_whole_session_follows(api_for, world):
    event = make_event(world, starts_in=dt.timedelta(days=3))
    later = event.starts_at + dt.timedelta(days=1)
    response = api_for("organiser").put(
        f"/api/events/{event.pk}",
        _edit_payload(
            event,
            title="Seminar Pelayanan Prima",
            starts_at=later.isoformat(),
            ends_at=(later + dt.timedelta(hours=2)).isoformat(),
            capacity=40,
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.title, event.capacity, event.starts_at) == (
        "Seminar Pelayanan Prima",
        40,
        later,
    )
    session = event.sessions.get()
    assert (session.starts_at, session.ends_at) == (event.starts_at, event.ends_at)
    assert LogEntry.objects.get_for_object(event).filter(action=1).exists()


def test_capacity_below_the_registered_is_refused(world, organiser):
    event = make_event(world, capacity=5)
    register(event, world.employee)
    register(event, world.mentor)
    with pytest.raises(ApplicationError) as err:
        editing.event_update(
            event=event,
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            venue=event.venue,
            audience=event.audience,
            capacity=1,
            by=organiser,
        )
    assert err.value.code == "capacity_below_registered"
    event.refresh_from_db()
    assert event.capacity == 5


@pytest.mark.parametrize("persona", ["hr_admin_other", "employee", "leader"])
def test_others_can_neither_edit_nor_delete(api_for, world, persona):
    event = make_event(world)
    api = api_for(persona)
    edited = api.put(
        f"/api/events/{event.pk}",
        _edit_payload(event, title="Diubah"),
        content_type="application/json",
    )
    assert edited.status_code in (403, 404)
    assert api.delete(f"/api/events/{event.pk}").status_code in (403, 404)
    event.refresh_from_db()
    assert (event.title, event.status) == ("Seminar Pelayanan Publik", "published")


def test_delete_without_registrations_deletes(api_for, world):
    event = make_event(world, status=Event.Status.DRAFT)
    response = api_for("organiser").delete(f"/api/events/{event.pk}")
    assert response.json() == {"outcome": "deleted"}
    assert not Event.objects.filter(pk=event.pk).exists()
    assert LogEntry.objects.filter(
        object_pk=str(event.pk), action=LogEntry.Action.DELETE
    ).exists()


def test_delete_with_registrations_cancels_and_tells_them(client_for, world):
    event = make_event(world)
    register(event, world.employee)
    page = client_for("organiser").post(f"/events/{event.pk}/manage/delete/")
    assert page.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert Notification.objects.get(user=world.employee.user).title == (
        f"Kegiatan dibatalkan: {event.title}"
    )


def test_attendance_blocks_deleting_the_event_and_its_session(api_for, world):
    event = make_event(world, starts_in=-dt.timedelta(minutes=5))
    session = event.sessions.get()
    CheckIn.objects.create(
        registration=register(event, world.employee), session=session
    )
    api = api_for("organiser")
    refused = api.delete(f"/api/events/{event.pk}")
    assert refused.status_code == 409
    assert refused.json()["code"] == "has_attendance"
    assert "riwayat kehadiran" in refused.json()["message"]
    assert api.delete(f"/api/events/sessions/{session.pk}").status_code == 409
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert EventSession.objects.filter(pk=session.pk).exists()


def test_sessions_edit_and_delete_but_one_stays(api_for, world):
    event = make_event(world, hours=4)
    main = event.sessions.get()
    extra = EventSession.objects.create(
        event=event,
        title="Panel",
        starts_at=event.starts_at + dt.timedelta(hours=1),
        ends_at=event.starts_at + dt.timedelta(hours=2),
    )
    api = api_for("organiser")
    renamed = api.put(
        f"/api/events/sessions/{extra.pk}",
        {
            "title": "Panel ahli",
            "room": "Aula 2",
            "starts_at": extra.starts_at.isoformat(),
            "ends_at": extra.ends_at.isoformat(),
        },
        content_type="application/json",
    )
    assert renamed.status_code == 200
    assert renamed.json()["title"] == "Panel ahli"
    outside = api.put(
        f"/api/events/sessions/{extra.pk}",
        {
            "title": "Panel ahli",
            "starts_at": extra.starts_at.isoformat(),
            "ends_at": (event.ends_at + dt.timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert outside.status_code == 400
    assert api.delete(f"/api/events/sessions/{extra.pk}").status_code == 204
    last = api.delete(f"/api/events/sessions/{main.pk}")
    assert last.status_code == 409
    assert list(event.sessions.values_list("pk", flat=True)) == [main.pk]


def test_rated_speaker_is_kept_unrated_one_goes(client_for, world):
    event = make_event(world)
    rated = Speaker.objects.create(agency=world.agency, name="Dr. Dinilai")
    plain = Speaker.objects.create(agency=world.agency, name="Dr. Baru")
    SpeakerFeedback.objects.create(
        registration=register(event, world.employee), speaker=rated, rating=5
    )
    client = client_for("organiser")
    client.post(f"/events/manage/speakers/{rated.pk}/delete/")
    client.post(f"/events/manage/speakers/{plain.pk}/delete/")
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Dr. Dinilai"]
    edited = client.post(
        f"/events/manage/speakers/{rated.pk}/edit/",
        {"name": "Dr. Dinilai, M.Si.", "institution": "BRIN", "is_public": ""},
    )
    assert edited.status_code == 302
    rated.refresh_from_db()
    assert (rated.name, rated.institution, rated.is_public) == (
        "Dr. Dinilai, M.Si.",
        "BRIN",
        False,
    )


def test_material_renamed_and_deleted_with_its_file(
    api_for, world, organiser, django_capture_on_commit_callbacks
):
    event = make_event(world)
    from jenjang.events.services.events import material_add

    m = material_add(
        event=event,
        title="Slide",
        file=SimpleUploadedFile("slide.pdf", b"%PDF-1.4 slide"),
        by=organiser,
    )
    storage, name = m.file.storage, m.file.name
    api = api_for("organiser")
    renamed = api.put(
        f"/api/events/materials/{m.pk}",
        {"title": "Slide final"},
        content_type="application/json",
    )
    assert renamed.json() == {"id": m.pk, "title": "Slide final"}
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/events/materials/{m.pk}").status_code == 204
    assert not Material.objects.exists()
    assert not storage.exists(name)


def test_edit_pages_render_for_the_organiser(client_for, world):
    event = make_event(world)
    session = event.sessions.get()
    client = client_for("organiser")
    assert client.get(f"/events/{event.pk}/manage/edit/").status_code == 200
    assert client.get(f"/events/sessions/{session.pk}/edit/").status_code == 200
    moved = client.post(
        f"/events/{event.pk}/manage/edit/",
        {
            "title": "Judul baru",
            "starts_at": "2031-01-05T09:00",
            "ends_at": "2031-01-05T12:00",
            "venue": "Aula",
            "audience": "agency",
        },
    )
    assert moved.status_code == 302
    event.refresh_from_db()
    assert event.title == "Judul baru"
    assert client_for("hr_admin_other").get(
        f"/events/{event.pk}/manage/edit/"
    ).status_code in (403, 404)
