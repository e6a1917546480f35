"""The SQLite trigger that refuses an UPDATE of an access record (migrations 0007 and 0009)."""

INSTALL = """
    CREATE TRIGGER IF NOT EXISTS orgs_accessrecord_no_update BEFORE UPDATE ON orgs_accessrecord
    BEGIN SELECT RAISE(ABORT, 'orgs_accessrecord is append-only: UPDATE refused'); END
"""
REMOVE = "DROP TRIGGER IF EXISTS orgs_accessrecord_no_update"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(INSTALL)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(REMOVE)
