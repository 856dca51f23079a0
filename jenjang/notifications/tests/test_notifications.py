import pytest
from django.core import mail

from conftest import sign_in, token_client
from jenjang.notifications import services
from jenjang.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_notify_stores_the_message_once_per_key(employee):
    first = services.notify(user=employee, title="Kursus baru", key="course:1")
    again = services.notify(user=employee, title="Kursus baru", key="course:1")
    assert first is not None
    assert again is None
    assert Notification.objects.filter(user=employee).count() == 1


def test_notify_without_key_stores_each_message(employee):
    services.notify(user=employee, title="A")
    services.notify(user=employee, title="B")
    assert Notification.objects.filter(user=employee).count() == 2


def test_notify_nobody_is_a_no_op():
    assert services.notify(user=None, title="x") is None
    assert Notification.objects.count() == 0


def test_email_is_sent_once_even_when_the_job_runs_twice(
    employee, django_capture_on_commit_callbacks
):
    employee.email = "pegawai@contoh.go.id"
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = services.notify(
            user=employee, title="Pengingat", body="Besok", url="/x/", email=True
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Pengingat"
    assert "/x/" in mail.outbox[0].body
    assert services.notification_email_send(notification_id=note.pk) is False
    assert len(mail.outbox) == 1


def test_no_email_unless_asked(employee, django_capture_on_commit_callbacks):
    employee.email = "pegawai@contoh.go.id"
    employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = services.notify(user=employee, title="Info")
    assert mail.outbox == []
    assert services.notification_email_send(notification_id=note.pk) is False


def test_a_failed_send_can_be_retried(employee, monkeypatch):
    employee.email = "pegawai@contoh.go.id"
    employee.save()
    note = services.notify(user=employee, title="Coba", email=True)
    mail.outbox.clear()

    def broken(*args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr("django.core.mail.send_mail", broken)
    with pytest.raises(ConnectionError):
        services.notification_email_send(notification_id=note.pk)
    note.refresh_from_db()
    assert note.emailed_at is None
    monkeypatch.undo()
    assert services.notification_email_send(notification_id=note.pk) is True
    assert len(mail.outbox) == 1


def test_mark_read_touches_only_the_users_own_messages(employee, supervisor):
    mine = services.notify(user=employee, title="Saya")
    theirs = services.notify(user=supervisor, title="Atasan")
    assert (
        services.notifications_mark_read(user=employee, ids=[mine.pk, theirs.pk]) == 1
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_page_shows_own_messages_and_the_bell_count(client, employee, supervisor):
    services.notify(user=employee, title="Pesan untuk pegawai")
    services.notify(user=supervisor, title="Pesan untuk atasan")
    sign_in(client, employee)
    page = client.get("/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pesan untuk pegawai" in html
    assert "Pesan untuk atasan" not in html
    assert 'id="notification-unread">1<' in html


def test_mark_all_read_from_the_page(client, employee):
    services.notify(user=employee, title="Satu")
    services.notify(user=employee, title="Dua")
    sign_in(client, employee)
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(user=employee, read_at__isnull=True).exists()


def test_inbox_page_requires_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_api_inbox_and_mark_read(employee, supervisor):
    services.notify(user=employee, title="API satu")
    other = services.notify(user=supervisor, title="Bukan milik saya")
    api = token_client(employee)
    body = api.get("/api/notifications").json()
    assert body["unread"] == 1
    assert [n["title"] for n in body["items"]] == ["API satu"]
    marked = api.post(
        "/api/notifications/read", {"ids": [other.pk]}, content_type="application/json"
    ).json()
    assert marked == {"marked": 0}
    marked = api.post("/api/notifications/read", {}, content_type="application/json")
    assert marked.json() == {"marked": 1}
    assert api.get("/api/notifications?unread_only=true").json()["items"] == []


def test_api_rejects_a_bad_limit_and_anonymous_callers(employee, client):
    api = token_client(employee)
    assert api.get("/api/notifications?limit=0").status_code == 422
    assert client.get("/api/notifications").status_code == 401
