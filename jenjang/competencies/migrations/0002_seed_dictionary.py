"""Seed the managerial and sociocultural competencies, their levels and defaults.

PermenPANRB 38/2017 (domain file §5). The level texts and the default level
per position kind are UNCERTAIN: verify against the official text (see
jenjang/competencies/seed.py).
"""

from django.db import migrations

from jenjang.competencies.seed import DICTIONARY, seed_dictionary


def forward(apps, schema_editor):
    seed_dictionary(
        apps.get_model("competencies", "Competency"),
        apps.get_model("competencies", "CompetencyLevel"),
        apps.get_model("competencies", "StandardDefault"),
    )


def backward(apps, schema_editor):
    Competency = apps.get_model("competencies", "Competency")
    codes = [row[0] for row in DICTIONARY]
    # Levels and defaults cascade; a competency already assessed stays (PROTECT).
    for competency in Competency.objects.filter(code__in=codes):
        if not competency.assessments.exists():
            competency.delete()


class Migration(migrations.Migration):
    dependencies = [("competencies", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
