"""The stock ledger refuses deletes too, while any stock level it explains exists.

Emptying the ledger together with the levels (levels first) stays possible: that is a reset,
not an edit of history. On PostgreSQL, TRUNCATE (which Django's flush uses) fires no row
trigger and stays the owner's maintenance path. On SQLite, flush deletes table by table:
sellerdesk.core.sqlite empties trigger-guarded tables such as this one last.
"""

from django.db import migrations

UPDATE_REFUSED = "stock movements are append-only: record a correcting movement instead"
DELETE_REFUSED = (
    "stock movements are append-only: the ledger can only be emptied after the stock levels"
)

SQLITE_CREATE = f"""
CREATE TRIGGER inventory_stockmovement_refuses_delete
BEFORE DELETE ON inventory_stockmovement
WHEN EXISTS (SELECT 1 FROM inventory_stocklevel)
BEGIN
    SELECT RAISE(ABORT, '{DELETE_REFUSED}');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS inventory_stockmovement_refuses_delete;"

POSTGRES_CREATE = f"""
DROP TRIGGER IF EXISTS inventory_stockmovement_append_only ON inventory_stockmovement;
DROP FUNCTION IF EXISTS inventory_stockmovement_refuse_update();
CREATE FUNCTION inventory_stockmovement_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '{UPDATE_REFUSED}';
    END IF;
    IF EXISTS (SELECT 1 FROM inventory_stocklevel) THEN
        RAISE EXCEPTION '{DELETE_REFUSED}';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inventory_stockmovement_append_only
BEFORE UPDATE OR DELETE ON inventory_stockmovement
FOR EACH ROW EXECUTE FUNCTION inventory_stockmovement_refuse_change();
"""
# Back to 0002's state: updates refused, deletes allowed.
POSTGRES_DROP = f"""
DROP TRIGGER IF EXISTS inventory_stockmovement_append_only ON inventory_stockmovement;
DROP FUNCTION IF EXISTS inventory_stockmovement_refuse_change();
CREATE FUNCTION inventory_stockmovement_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{UPDATE_REFUSED}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inventory_stockmovement_append_only
BEFORE UPDATE ON inventory_stockmovement
FOR EACH ROW EXECUTE FUNCTION inventory_stockmovement_refuse_update();
"""


def create(apps, schema_editor):
    sql = POSTGRES_CREATE if schema_editor.connection.vendor == "postgresql" else SQLITE_CREATE
    schema_editor.execute(sql)


def drop(apps, schema_editor):
    sql = POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_ledger_is_append_only")]
    operations = [migrations.RunPython(create, drop)]
