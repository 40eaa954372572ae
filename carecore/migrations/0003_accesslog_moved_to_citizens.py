"""The access log now belongs to citizens (citizens 0003 takes it over in state); the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("carecore", "0002_initial"),
        ("citizens", "0003_accesslog_moved_from_carecore"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AccessLog")],
            database_operations=[],
        ),
    ]
