"""The database itself refuses to change or delete access log entries.

PostgreSQL: a trigger refuses UPDATE and DELETE (row by row, so Django's test flush,
which truncates, still works; TRUNCATE needs the table owner). SQLite: a trigger refuses
UPDATE; DELETE stays possible there because Django's test flush deletes row by row.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION privacy_access_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access log entries cannot be changed or deleted (NEN 7513)'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_access_log_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION privacy_access_log_refuse_change();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS privacy_access_log_append_only ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS privacy_access_log_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER privacy_access_log_no_update BEFORE UPDATE ON privacy_accesslogentry
BEGIN
    SELECT RAISE(ABORT, 'access log entries cannot be changed (NEN 7513)');
END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS privacy_access_log_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_access_log_erasure_consent")]

    operations = [migrations.RunPython(forward, reverse)]
