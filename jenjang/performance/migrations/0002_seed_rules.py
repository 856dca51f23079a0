from django.db import migrations


def seed(apps, schema_editor):
    from jenjang.performance.seed import seed_rules

    seed_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
