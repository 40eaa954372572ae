"""Trigram index for the citizen search (name and address, case-insensitive substring), PostgreSQL only.

`Citizen.objects.search` filters with `icontains`, which Django writes as UPPER(col::text) LIKE UPPER(%s);
this index is on exactly those expressions, so a rare name is found without reading every citizen.
On SQLite nothing happens."""

from django.db import migrations

INDEX = "citizen_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON citizens_citizen USING gin "
        "(UPPER(first_name::text) gin_trgm_ops, UPPER(last_name::text) gin_trgm_ops, UPPER(address::text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("citizens", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
