"""django-axes' login records are guarded in PostgreSQL like the append-only tables (carecore.dbguards):
no UPDATE, except axes setting the logout time once on a successful login's row; no DELETE, except the
retention job's rows older than its cutoff. A plain trigger (the tables belong to an installed package,
so django-pgtrigger cannot put its migration there). Nothing on SQLite."""

from django.db import migrations

TABLES = ["axes_accesslog", "axes_accessfailurelog"]

FUNCTION = """
CREATE OR REPLACE FUNCTION omsorg_login_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.attempt_time < NULLIF(current_setting('omsorg.retention_before', true), '')::timestamptz THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'axes_accesslog' THEN
        IF to_jsonb(OLD) ->> 'logout_time' IS NULL
           AND (to_jsonb(NEW) - 'logout_time') = (to_jsonb(OLD) - 'logout_time') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'omsorg: rows of % are written once, never changed or deleted (%)', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER omsorg_login_log_guard BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION omsorg_login_log_guard()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS omsorg_login_log_guard ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS omsorg_login_log_guard()")


class Migration(migrations.Migration):
    dependencies = [
        ("carecore", "0005_retention_run_and_append_only_guard"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
