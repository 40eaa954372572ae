"""No person on two overlapping shifts, guaranteed by PostgreSQL (half-open ranges: a shift ending 15:00
and the next starting 15:00 do not overlap). Outside the model state, as rehab's stays: SQLite has no
exclusion constraints and homecare.roster.assign_shift checks there."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

NAME = "shiftassignment_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE homecare_shiftassignment ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        "(user_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE homecare_shiftassignment DROP CONSTRAINT IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("homecare", "0010_roster_and_two_carer_visits")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
