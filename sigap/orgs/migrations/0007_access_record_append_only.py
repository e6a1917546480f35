"""The database itself refuses to change or remove an access record (orgs/access_log.py).

PostgreSQL: a trigger raises on UPDATE and DELETE of any row. SQLite: a trigger
aborts an UPDATE; DELETE is left to the model and its queryset there, because the
test runner empties SQLite tables with DELETE between transactional tests
(PostgreSQL's TRUNCATE fires no row trigger).
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION orgs_accessrecord_refuse() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE = 'orgs_accessrecord is append-only: ' || TG_OP || ' refused';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER orgs_accessrecord_append_only BEFORE UPDATE OR DELETE ON orgs_accessrecord
    FOR EACH ROW EXECUTE FUNCTION orgs_accessrecord_refuse()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS orgs_accessrecord_append_only ON orgs_accessrecord",
    "DROP FUNCTION IF EXISTS orgs_accessrecord_refuse()",
]
SQLITE = [
    """
    CREATE TRIGGER orgs_accessrecord_no_update BEFORE UPDATE ON orgs_accessrecord
    BEGIN SELECT RAISE(ABORT, 'orgs_accessrecord is append-only: UPDATE refused'); END
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS orgs_accessrecord_no_update"]


def statements(schema_editor, *, reverse: bool):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        return POSTGRESQL_REVERSE if reverse else POSTGRESQL
    if vendor == "sqlite":
        return SQLITE_REVERSE if reverse else SQLITE
    return []


def install(apps, schema_editor):
    for sql in statements(schema_editor, reverse=False):
        schema_editor.execute(sql)


def remove(apps, schema_editor):
    for sql in statements(schema_editor, reverse=True):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0006_access_record")]

    operations = [migrations.RunPython(install, remove)]
