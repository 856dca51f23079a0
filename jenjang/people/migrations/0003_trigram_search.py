from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS employee_name_trgm "
        "ON people_employee USING gin (upper(name) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS employee_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_seed_ranks")]
    operations = [migrations.RunPython(forwards, backwards)]
