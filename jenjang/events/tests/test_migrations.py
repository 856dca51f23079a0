"""The events inbox rows move to the shared inbox (migration 0002)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("events", "0001_initial"), ("notifications", "0001_initial")]
AFTER = [("events", "0002_notifications_to_shared_inbox")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_event_notifications_move_to_the_shared_inbox():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    User = old_apps.get_model("accounts", "User")
    Old = old_apps.get_model("events", "Notification")
    user = User.objects.create(username="pindah", password="!")
    read_at = timezone.now() - dt.timedelta(hours=1)
    Old.objects.create(user=user, title="Pengingat: Seminar", url="/events/1/")
    Old.objects.create(user=user, title="Disetujui", body="Catatan", read_at=read_at)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    New = new_apps.get_model("notifications", "Notification")
    moved = {
        n.title: (n.body, n.url, n.read_at) for n in New.objects.filter(user_id=user.pk)
    }
    assert moved == {
        "Pengingat: Seminar": ("", "/events/1/", None),
        "Disetujui": ("Catatan", "", read_at),
    }
    with pytest.raises(LookupError):
        new_apps.get_model("events", "Notification")
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
