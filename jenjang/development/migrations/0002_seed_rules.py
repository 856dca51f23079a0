"""Seed the SIASN development forms, the national default JP conversion rules
(the BPS example table, domain file §4.4) and the 20 JP annual target
(PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4))."""

from django.db import migrations

from jenjang.development.services.conversion import seed_rules


def seed(apps, schema_editor):
    seed_rules(
        form_model=apps.get_model("development", "DevelopmentForm"),
        rule_model=apps.get_model("development", "ConversionRule"),
        target_model=apps.get_model("development", "AnnualTarget"),
    )


class Migration(migrations.Migration):
    dependencies = [("development", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
