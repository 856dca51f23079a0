from django.db import migrations

from jenjang.people.ranks import rank_rows


def seed(apps, schema_editor):
    Rank = apps.get_model("people", "Rank")
    for row in rank_rows():
        Rank.objects.update_or_create(code=row["code"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
