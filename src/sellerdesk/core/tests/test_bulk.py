import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from sellerdesk.catalog.models import Product, Sku
from sellerdesk.core import bulk

pytestmark = pytest.mark.django_db

SKU_FIELDS = [
    "product",
    "code",
    "title",
    "unit_cost",
    "cost_currency",
    "lead_time_days",
    "low_stock_threshold",
    "safety_stock",
    "is_personalisable",
    "is_one_of_a_kind",
    "is_active",
    "asin",
    "created_at",
]


def test_bulk_rows_read_back_through_the_orm_exactly():
    product = Product.objects.create(title="Hoops")
    ids = bulk.next_ids(Sku, 2)
    created = dt.datetime(
        2026, 2, 14, 23, 59, 58, 123456, tzinfo=dt.timezone(dt.timedelta(hours=-8))
    )
    fields = ["id", *SKU_FIELDS]
    rows = [
        (
            ids[0],
            product.pk,
            "HOOP-S",
            "Hoop S",
            Decimal("3.1415"),
            "USD",
            10,
            2,
            1,
            True,
            False,
            True,
            "B0ABCDEFGH",
            created,
        ),
        (
            ids[1],
            product.pk,
            "HOOP-L",
            "Hoop L",
            Decimal("1234567890.0001"),
            "JPY",
            5,
            0,
            0,
            False,
            True,
            False,
            "",
            created,
        ),
    ]
    with transaction.atomic():
        assert bulk.insert_rows(Sku, fields, rows) == 2
        bulk.reset_sequences(Sku)

    small, large = Sku.objects.get(code="HOOP-S"), Sku.objects.get(code="HOOP-L")
    assert small.unit_cost == Decimal("3.1415")
    assert large.unit_cost == Decimal("1234567890.0001")
    assert small.created_at == created
    assert small.created_at.utcoffset() == dt.timedelta(0)
    assert (small.is_personalisable, large.is_one_of_a_kind, large.is_active) == (True, True, False)
    # The sequence moved past the explicit ids, so the ORM's next insert does not collide.
    after = Sku.objects.create(product=product, code="HOOP-M", title="Hoop M")
    assert after.pk > ids[1]


def test_bulk_refuses_naive_datetimes_on_sqlite_and_postgres():
    product = Product.objects.create(title="Cuffs")
    naive = dt.datetime(2026, 1, 1, 12, 0)  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive datetime"), transaction.atomic():
        bulk.insert_rows(
            Sku,
            SKU_FIELDS,
            [
                (
                    product.pk,
                    "CUFF",
                    "Cuff",
                    Decimal(1),
                    "USD",
                    1,
                    1,
                    0,
                    False,
                    False,
                    True,
                    "",
                    naive,
                )
            ],
        )
    assert not Sku.objects.filter(code="CUFF").exists()


def test_reserved_ids_never_collide_with_rows_the_orm_adds_afterwards():
    first = Product.objects.create(title="Studs")
    reserved = bulk.reserve_ids(Product, 3)
    assert len(set(reserved)) == 3
    assert min(reserved) > first.pk
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    bulk.insert_rows(
        Product,
        ["id", "title", "category", "description", "created_at"],
        [(pk, f"Batch {pk}", "", "", now) for pk in reserved],
    )
    # No sequence reset: the ids were the database's to give.
    after = Product.objects.create(title="Bangles")
    assert after.pk not in reserved
    assert Product.objects.count() == 5


def _index_names(model) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name for name, info in constraints.items() if info["index"] and not info["unique"]}


def test_deferred_indexes_are_built_again_after_the_load():
    from sellerdesk.orders.models import Order

    before = _index_names(Order)
    assert {index.name for index in Order._meta.indexes} <= before
    with transaction.atomic(), bulk.deferred_indexes(Order):
        assert not {index.name for index in Order._meta.indexes} & _index_names(Order)
    assert _index_names(Order) == before


def test_a_failed_load_gets_its_deferred_indexes_back_with_the_rollback():
    from sellerdesk.orders.models import Order

    before = _index_names(Order)
    with pytest.raises(RuntimeError), transaction.atomic(), bulk.deferred_indexes(Order):
        raise RuntimeError("the load failed")
    assert _index_names(Order) == before


def test_a_large_cache_is_given_back_after_the_load():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size") if connection.vendor == "sqlite" else None
        before = cursor.fetchone() if connection.vendor == "sqlite" else None
    with bulk.large_cache(mebibytes=32):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                assert cursor.fetchone() == (-32 * 1024,)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone() == before


def test_an_index_the_load_reads_by_can_be_kept_while_the_others_are_deferred():
    from sellerdesk.orders.models import Order

    with transaction.atomic(), bulk.deferred_indexes(Order, keep=frozenset({"order_purchased"})):
        present = _index_names(Order)
        assert "order_purchased" in present
        assert "order_total" not in present


def test_postgresql_gathers_statistics_for_the_planner_after_a_big_load():
    Product.objects.create(title="Anklets")
    bulk.analyze(Product)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:  # SQLite keeps no statistics, on purpose
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 0
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_user_tables "
            "WHERE relname = 'catalog_product' AND last_analyze IS NOT NULL"
        )
        assert cursor.fetchone()[0] == 1


def _foreign_keys(model) -> dict:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: found[name]["foreign_key"] for name in found if found[name]["foreign_key"]}


def test_foreign_keys_deferred_for_a_load_come_back_as_they_were():
    from sellerdesk.orders.models import Order, OrderEvent, OrderLine

    before = {model: _foreign_keys(model) for model in (Order, OrderLine, OrderEvent)}
    assert before[OrderLine]
    assert before[OrderEvent]
    with transaction.atomic(), bulk.deferred_foreign_keys(Order, OrderLine, OrderEvent):
        during = {model: _foreign_keys(model) for model in before}
    assert {model: _foreign_keys(model) for model in before} == before
    # Only the keys between the loaded tables go, and only on PostgreSQL: a key to the
    # catalogue would lock it against readers until the load commits.
    pointing = {model: {"orders_order"} for model in (OrderLine, OrderEvent)} | {Order: set()}
    for model, keys in before.items():
        kept = {name: target for name, target in keys.items() if target[0] not in pointing[model]}
        assert during[model] == (kept if connection.vendor == "postgresql" else keys)
    assert any(target[0] == "catalog_sku" for target in during[OrderLine].values())


def test_a_row_loaded_without_its_parent_is_still_refused():
    from sellerdesk.orders.models import OrderEvent

    row = (999_999, dt.datetime(2026, 11, 20, tzinfo=dt.UTC), "received", "", "Pending", "", "")
    fields = ["order", "at", "kind", "status_from", "status_to", "message", "actor"]

    def load_an_orphan() -> None:
        with transaction.atomic():
            with bulk.deferred_foreign_keys(OrderEvent):  # PostgreSQL: adding the key back
                bulk.insert_rows(OrderEvent, fields, [row])
            connection.check_constraints(table_names=[OrderEvent._meta.db_table])  # SQLite

    with pytest.raises(IntegrityError):
        load_an_orphan()
