"""Move the events' own inbox rows to the shared inbox, then drop the model.

Each events.Notification becomes a notifications.Notification of the same
user with the same title, body, link, time and read state (no key: these
were not deduplicated before). Reversible: going back recreates the table
empty; the moved rows stay in the shared inbox, where users read them.
"""

from django.conf import settings
from django.db import migrations


def copy_to_shared_inbox(apps, schema_editor):
    Old = apps.get_model("events", "Notification")
    New = apps.get_model("notifications", "Notification")
    batch = []
    for old in Old.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(
            New(
                user_id=old.user_id,
                title=old.title,
                body=old.body,
                url=old.url,
                created_at=old.created_at,
                read_at=old.read_at,
            )
        )
        if len(batch) == 2000:
            New.objects.bulk_create(batch)
            batch = []
    if batch:
        New.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(copy_to_shared_inbox, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
