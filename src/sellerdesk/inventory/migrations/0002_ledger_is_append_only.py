"""The stock ledger is append-only: the database itself refuses to change a written movement."""

from django.db import migrations

SQLITE_CREATE = """
CREATE TRIGGER inventory_stockmovement_append_only
BEFORE UPDATE ON inventory_stockmovement
BEGIN
    SELECT RAISE(ABORT, 'stock movements are append-only: record a correcting movement instead');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS inventory_stockmovement_append_only;"

POSTGRES_CREATE = """
CREATE FUNCTION inventory_stockmovement_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stock movements are append-only: record a correcting movement instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inventory_stockmovement_append_only
BEFORE UPDATE ON inventory_stockmovement
FOR EACH ROW EXECUTE FUNCTION inventory_stockmovement_refuse_update();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS inventory_stockmovement_append_only ON inventory_stockmovement;
DROP FUNCTION IF EXISTS inventory_stockmovement_refuse_update();
"""


def create(apps, schema_editor):
    sql = POSTGRES_CREATE if schema_editor.connection.vendor == "postgresql" else SQLITE_CREATE
    schema_editor.execute(sql)


def drop(apps, schema_editor):
    sql = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
