"""No double booking, guaranteed by PostgreSQL: two stays of one bed (or of one citizen) never overlap.

Half-open ranges '[)': a stay ending 10:00 and the next starting 10:00 do not overlap. The constraints
live outside the model state (SQLite has no exclusion constraints; the service checks there), so
makemigrations stays clean on both databases."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINTS = [
    ("rehab_stay_bed_no_overlap", "bed_id"),
    ("rehab_stay_citizen_no_overlap", "citizen_id"),
]


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE rehab_stay ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)"
        )


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE rehab_stay DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("rehab", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraints, drop_constraints),
    ]
