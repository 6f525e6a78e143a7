"""The database itself keeps the stock ledger append-only: no edits, no deletes behind its back."""

import pytest
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from sellerdesk.inventory.models import CostDraw, CostLayer, StockLevel, StockMovement
from sellerdesk.inventory.tests.factories import StockLevelFactory, StockMovementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement(sku, shelf) -> StockMovement:
    """A receipt and the level it explains."""
    StockLevelFactory(sku=sku, location=shelf, on_hand=3)
    return StockMovementFactory(sku=sku, location=shelf, on_hand_change=3)


def test_deleting_a_movement_while_stock_levels_exist_is_refused(movement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).delete()

    assert StockMovement.objects.filter(pk=movement.pk).exists()


def test_deleting_the_whole_ledger_while_stock_levels_exist_is_refused(movement, sku, shelf):
    StockMovementFactory(sku=sku, location=shelf, on_hand_change=-1)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        StockMovement.objects.all().delete()

    assert StockMovement.objects.count() == 2


def test_the_ledger_can_be_emptied_after_the_levels_it_explains(movement):
    StockLevel.objects.all().delete()

    StockMovement.objects.all().delete()

    assert not StockMovement.objects.exists()


# Committed rows: PostgreSQL refuses to TRUNCATE a table with deferred checks still pending.
@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_levels_and_the_ledger_in_whatever_order_it_names_them(movement):
    # Django's flush names tables in a set's order; the ledger first is the hard case.
    # The cost layers point at the ledger: a flush names them too (it names every table).
    tables = [
        StockMovement._meta.db_table,
        StockLevel._meta.db_table,
        CostDraw._meta.db_table,
        CostLayer._meta.db_table,
    ]

    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))

    assert not StockMovement.objects.exists()
    assert not StockLevel.objects.exists()
