"""The access log moves from carecore to citizens (the core knows nothing about the record). Only
Django's idea of which app owns the model changes: the table keeps its name carecore_accesslog, so no
row moves. The content type follows, so existing permissions (view_accesslog) stay attached."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="carecore", new="citizens"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="accesslog").exists():
        ContentType.objects.using(db).filter(app_label=old, model="accesslog").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="citizens", new="carecore")


class Migration(migrations.Migration):
    dependencies = [
        ("carecore", "0002_initial"),
        ("citizens", "0002_citizen_search_trigram"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AccessLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now, verbose_name="time"
                            ),
                        ),
                        ("username", models.CharField(max_length=150, verbose_name="username")),
                        (
                            "part",
                            models.CharField(
                                choices=[
                                    ("overblik", "Record overview"),
                                    ("stamdata", "Master data"),
                                    ("journal", "Journal"),
                                    ("funktionsevne", "Functional ability"),
                                    ("aendringslog", "Change log"),
                                    ("adgangslog", "Access log"),
                                    ("paaroerende", "Relatives"),
                                    ("min dag", "Home care: my day"),
                                    ("triage", "Home care: triage"),
                                    ("planlægning", "Home care: planning"),
                                    ("besøgsplan", "Home care: visit plan"),
                                    ("opstartsmøde", "Home care: start-up meeting"),
                                    ("rehab:senge", "Rehab: bed board"),
                                    ("rehab:ophold", "Rehab: stay"),
                                    ("rehab:venteliste", "Rehab: waiting list"),
                                    ("rehab:udskrivelser", "Rehab: discharge notices"),
                                    ("rehab:udskrivelse", "Rehab: discharge notice"),
                                    ("rehab:apv", "Rehab: home workplace assessment"),
                                    ("rehab:forloeb", "Rehab: pathway"),
                                    ("rehab:afgoerelse", "Rehab: decision letter"),
                                    ("uth", "Patient-safety incident"),
                                ],
                                max_length=60,
                                verbose_name="part viewed",
                            ),
                        ),
                        ("purpose", models.CharField(blank=True, max_length=120, verbose_name="purpose")),
                        (
                            "outcome",
                            models.CharField(
                                choices=[("shown", "Shown"), ("refused", "Refused")],
                                default="shown",
                                max_length=10,
                                verbose_name="outcome",
                            ),
                        ),
                        (
                            "ip_address",
                            models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                        ),
                        (
                            "citizen",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="citizens.citizen",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "access log entry",
                        "verbose_name_plural": "access log",
                        "db_table": "carecore_accesslog",
                        "ordering": ["-at", "-id"],
                        "indexes": [
                            models.Index(fields=["citizen", "-at"], name="accesslog_citizen_at"),
                            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
