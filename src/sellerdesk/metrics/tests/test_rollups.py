"""The daily rollups against a full recount, after random writes made every way sellerdesk
writes: model saves, QuerySet.update(), raw SQL, cascading deletes."""

from __future__ import annotations

import copy
import datetime as dt
import random
import threading
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.signals import post_migrate, pre_migrate

from sellerdesk.catalog.tests.factories import SkuFactory
from sellerdesk.core import clock
from sellerdesk.metrics.models import Chargeback, Claim, Feedback
from sellerdesk.metrics.rollups import refresh, triggers
from sellerdesk.metrics.rollups.models import ROLLUPS, RollupState, SalesDay, StaleDay
from sellerdesk.orders.models import Order, OrderLine, OrderStatus, Shipment, ShipmentLine
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory, amazon_marketplace
from sellerdesk.orders.tests.factories import channel as channel_of
from sellerdesk.returns.models import Return, ReturnLine

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOON = dt.datetime(2025, 6, 30, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock(settings):
    # Far from UTC, so the seller's days and Amazon's differ for most orders.
    settings.SELLERDESK_TIME_ZONE = "America/Los_Angeles"
    with clock.pinned(NOON):
        yield


def _snapshot() -> dict[str, Counter]:
    """Every rollup row's values (not its id), as a multiset per table."""
    found = {}
    for model in ROLLUPS:
        fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        found[model.__name__] = Counter(model.objects.values_list(*fields))
    return found


class Shop:
    """Random writes to a small shop, each the way some part of sellerdesk writes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.markets = [amazon_marketplace("US"), amazon_marketplace("UK")]
        self.skus = [SkuFactory() for _ in range(4)]

    def _when(self) -> dt.datetime:
        return NOON - dt.timedelta(hours=self.rng.randrange(0, 24 * 40), minutes=self.rng.random())

    def _order(self) -> Order | None:
        return Order.objects.order_by("?").first()

    def add_order(self) -> None:
        rng = self.rng
        etsy = rng.random() < 0.2
        market = None if etsy else rng.choice(self.markets)
        order = OrderFactory(
            channel=channel_of("etsy" if etsy else "amazon"),
            marketplace=market,
            currency=market.currency if market else "EUR",
            purchased_at=self._when(),
            fulfillment=rng.choice(["seller", "seller", "amazon"]),
            status=OrderStatus.UNSHIPPED,
            total=Decimal(rng.randrange(500, 9000)) / 100,
            latest_delivery_at=None,
        )
        for _ in range(rng.randint(1, 3)):
            OrderLineFactory(
                order=order,
                sku=rng.choice(self.skus),
                quantity_ordered=rng.randint(1, 3),
                item_price=Decimal(rng.randrange(100, 5000)) / 100,
            )

    def ship(self) -> None:
        order = self._order()
        if order is None or order.status == OrderStatus.CANCELED:
            return
        at = order.purchased_at + dt.timedelta(hours=self.rng.randrange(1, 80))
        told = at if self.rng.random() < 0.7 else None
        shipment = Shipment.objects.create(
            order=order, shipped_at=at, carrier=self.rng.choice(["UPS", "Royal Mail", "Bob's"]),
            tracking_number=self.rng.choice(["1Z5R89390357567127", ""]), created_by="test",
            first_told_at=told, first_scan_at=at if self.rng.random() < 0.5 else None,
        )  # fmt: skip
        for line in order.lines.all():
            ShipmentLine.objects.create(
                shipment=shipment, order_line=line, quantity=line.quantity_ordered
            )
        OrderLine.objects.filter(order=order, quantity_cancelled=0).update(quantity_shipped=1)
        Order.objects.filter(pk=order.pk).update(
            status=OrderStatus.SHIPPED,
            shipped_at=at,
            latest_delivery_at=at + dt.timedelta(days=self.rng.randint(1, 5)),
        )

    def deliver(self) -> None:
        order = Order.objects.filter(status=OrderStatus.SHIPPED).order_by("?").first()
        if order is not None:
            order.status = OrderStatus.DELIVERED
            order.delivered_at = order.shipped_at + dt.timedelta(days=self.rng.randint(1, 6))
            order.save()

    def tell_channel(self) -> None:
        Shipment.objects.filter(
            pk__in=Shipment.objects.filter(first_told_at=None).values("pk")[:2]
        ).update(first_told_at=NOON)

    def cancel(self) -> None:
        order = self._order()
        if order is not None:
            who = self.rng.choice(["buyer", "seller", ""])
            Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELED, cancelled_by=who)

    def cancel_a_line(self) -> None:
        line = OrderLine.objects.filter(quantity_shipped=0).order_by("?").first()
        if line is not None:
            # Raw SQL, as the staged report import writes.
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE orders_orderline SET quantity_cancelled = quantity_ordered"
                    " WHERE id = %s",
                    [line.pk],
                )

    def defect(self) -> None:
        order = self._order()
        if order is None:
            return
        kind = self.rng.choice(["feedback", "claim", "chargeback"])
        if kind == "feedback":
            Feedback.objects.update_or_create(
                order=order, defaults={"stars": self.rng.randint(1, 5), "left_at": NOON}
            )
        elif kind == "claim":
            Claim.objects.update_or_create(
                order=order,
                defaults={"state": self.rng.choice(["pending", "denied"]), "filed_at": NOON},
            )
        else:
            Chargeback.objects.update_or_create(
                order=order,
                defaults={"kind": self.rng.choice(["service", "fraud"]), "filed_at": NOON},
            )

    def remove_feedback(self) -> None:
        Feedback.objects.filter(pk__in=Feedback.objects.values("pk")[:1]).update(removed_at=NOON)

    def return_units(self) -> None:
        line = OrderLine.objects.filter(quantity_shipped__gt=0).order_by("?").first()
        if line is None:
            return
        ret = Return.objects.create(
            source="seller", channel=line.order.channel, reason="defective",
            seller_at_fault=True, created_at=NOON, created_by="test",
        )  # fmt: skip
        ReturnLine.objects.create(ret=ret, order_line=line, quantity=1)

    def reject_return(self) -> None:
        Return.objects.filter(pk__in=Return.objects.values("pk")[:1]).update(rejected_at=NOON)

    def move_purchase(self) -> None:
        order = self._order()
        if order is not None:
            Order.objects.filter(pk=order.pk).update(purchased_at=self._when())

    def recategorise(self) -> None:
        product = self.rng.choice(self.skus).product
        product.category = self.rng.choice(["Rings", "Necklaces", ""])
        product.save()

    def change_a_lines_sku(self) -> None:
        line = OrderLine.objects.order_by("?").first()
        if line is not None:
            OrderLine.objects.filter(pk=line.pk).update(sku=self.rng.choice(self.skus))

    def cost_a_line(self) -> None:
        # As shipping keeps a line's cost (an update of the line), and as a later report
        # corrects its tax and whether prices include it.
        line = OrderLine.objects.filter(quantity_shipped__gt=0).order_by("?").first()
        if line is not None:
            OrderLine.objects.filter(pk=line.pk).update(
                cost_of_goods=Decimal(self.rng.randrange(100, 900)) / 100,
                item_tax=Decimal(self.rng.randrange(0, 300)) / 100,
            )
            Order.objects.filter(pk=line.order_id).update(
                prices_include_tax=self.rng.random() < 0.5
            )

    def delete_order(self) -> None:
        order = Order.objects.exclude(
            lines__in=ReturnLine.objects.values("order_line")
        ).order_by("?").first()  # fmt: skip
        if order is not None:
            order.delete()

    def act(self) -> str:
        moves = {
            self.add_order: 6, self.ship: 4, self.deliver: 2, self.tell_channel: 1,
            self.cancel: 1, self.cancel_a_line: 1, self.defect: 2, self.remove_feedback: 1,
            self.return_units: 1, self.reject_return: 1, self.move_purchase: 1,
            self.recategorise: 1, self.change_a_lines_sku: 1, self.delete_order: 1,
            self.cost_a_line: 2,
        }  # fmt: skip
        move = self.rng.choices(list(moves), weights=list(moves.values()))[0]
        move()
        return move.__name__


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_kept_by_each_change_agree_with_a_full_recount(seed):
    rng = random.Random(seed)
    shop = Shop(rng)
    for _ in range(30):
        shop.add_order()
    refresh.refresh()
    done: Counter[str] = Counter()
    recounted = 0
    for step in range(250):
        done[shop.act()] += 1
        if rng.random() < 0.2:
            # Compared often: a later change to the same day would hide a missed one.
            recounted += StaleDay.objects.count()
            refresh.refresh()
            kept = _snapshot()
            refresh.rebuild()
            assert _snapshot() == kept, f"step {step}, after {done}"
    # Not an empty comparison: every table has rows, and days were recounted one by one.
    assert all(kept[model.__name__] for model in ROLLUPS), {k: len(v) for k, v in kept.items()}
    assert recounted > 20
    assert len(done) == 15


def test_every_table_that_counts_has_its_trigger():
    wanted = set(triggers.definitions(connection.vendor))
    assert wanted
    assert set(triggers.installed(connection)) == wanted
    assert triggers.install(connection) == []  # each one as it should be


def test_a_trigger_out_of_date_is_replaced():
    name, statements = next(iter(triggers.definitions(connection.vendor).items()))
    # An earlier version's: the same but for what it writes.
    changed = [statement.replace("INSERT INTO metrics_staleday", "INSERT INTO  metrics_staleday")
               for statement in statements]  # fmt: skip
    assert changed != statements
    with connection.cursor() as cursor:
        triggers._drop(cursor, connection.vendor, name)
        for statement in changed:
            cursor.execute(statement)
    assert triggers.install(connection) == [name]
    assert triggers.install(connection) == []


def test_a_missing_trigger_is_put_back_and_what_it_missed_counted():
    refresh.refresh()
    triggers.drop(connection)
    OrderFactory(purchased_at=NOON)  # no trigger saw it
    refresh.triggers_installed(connection)
    assert set(triggers.installed(connection)) == set(triggers.definitions(connection.vendor))
    assert SalesDay.objects.aggregate(n=Sum("orders"))["n"] == 1


def test_a_change_of_time_zone_recounts_the_sales_days(settings):
    OrderFactory(purchased_at=dt.datetime(2025, 6, 20, 3, tzinfo=UTC))  # 19 June in LA
    refresh.refresh()
    assert list(SalesDay.objects.values_list("day", flat=True)) == [dt.date(2025, 6, 19)]
    settings.SELLERDESK_TIME_ZONE = "Europe/London"
    refresh.refresh()
    assert list(SalesDay.objects.values_list("day", flat=True)) == [dt.date(2025, 6, 20)]


@pytest.mark.django_db(transaction=True)
def test_a_change_still_uncommitted_during_a_refresh_is_counted_by_the_next(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: no change is open while a refresh runs")
    day = NOON - dt.timedelta(days=2)
    order = OrderFactory(purchased_at=day)
    refresh.refresh()
    OrderFactory(purchased_at=day)  # the day marked stale, and committed
    changed, finish = threading.Event(), threading.Event()

    def cancel_in_a_transaction_left_open() -> None:
        try:
            with transaction.atomic():
                Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELED)
                changed.set()
                finish.wait(10)
        finally:
            connection.close()

    writer = threading.Thread(target=cancel_in_a_transaction_left_open)
    writer.start()
    assert changed.wait(10)
    refresh.refresh()  # counts the day without the open change, whose own mark it cannot see
    assert not StaleDay.objects.exists()
    finish.set()
    writer.join(10)
    assert StaleDay.objects.filter(day=day.date()).exists()  # the change's mark, now seen
    refresh.refresh()
    kept = _snapshot()
    refresh.rebuild()
    assert _snapshot() == kept
    cancelled = SalesDay.objects.filter(status=OrderStatus.CANCELED).aggregate(n=Sum("orders"))
    assert cancelled["n"] == 1


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kolkata"])
def test_the_sellers_day_of_each_order_is_python_s_across_clock_changes(settings, zone):
    settings.SELLERDESK_TIME_ZONE = zone
    # Minutes either side of each clock change of 2025 (Lord Howe's move by half an hour).
    changes = [
        dt.datetime(2025, 3, 9, 10, tzinfo=UTC), dt.datetime(2025, 11, 2, 9, tzinfo=UTC),
        dt.datetime(2025, 4, 5, 15, tzinfo=UTC), dt.datetime(2025, 10, 4, 15, 30, tzinfo=UTC),
    ]  # fmt: skip
    bought = [
        change + dt.timedelta(minutes=shift)
        for change in changes
        for shift in (-61, -31, -1, 0, 1, 29, 59, 60 * 8, 60 * 13 + 7)
    ]
    for at in bought:
        OrderFactory(purchased_at=at, total=Decimal(1))
    refresh.rebuild()
    local = ZoneInfo(zone)
    expected = Counter(at.astimezone(local).date() for at in bought)
    counted = Counter()
    for day, orders in SalesDay.objects.values_list("day", "orders"):
        counted[day] += orders
    assert counted == expected


@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_a_counted_table_runs_and_the_rollups_follow(reference_data):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters a table in place")
    metrics = django_apps.get_app_config("metrics")
    signal = {"sender": metrics, "app_config": metrics, "verbosity": 0, "interactive": False,
              "using": "default", "apps": django_apps}  # fmt: skip
    OrderLineFactory(order=OrderFactory(purchased_at=NOON))
    refresh.refresh()
    pre_migrate.send(plan=[("a migration", False)], **signal)
    # What a migration altering a field does on SQLite: a new table, the old one dropped,
    # the new one renamed; SQLite then checks every trigger that names the table.
    old = OrderLine._meta.get_field("title")
    new = copy.deepcopy(old)
    new.max_length = 600
    with connection.schema_editor() as editor:
        editor.alter_field(OrderLine, old, new)
        editor.alter_field(OrderLine, new, old)
    post_migrate.send(plan=[("a migration", False)], **signal)
    assert set(triggers.installed(connection)) == set(triggers.definitions(connection.vendor))
    assert RollupState.objects.exists()  # counted afresh by the migration, not the next page
    assert SalesDay.objects.aggregate(n=Sum("orders"))["n"] == 1


def test_rollups_counted_another_way_are_counted_again(monkeypatch):
    OrderFactory(purchased_at=NOON)
    refresh.refresh()
    SalesDay.objects.update(orders=7)  # as an earlier version might have counted
    refresh.refresh()
    assert SalesDay.objects.get().orders == 7  # same version: trusted
    monkeypatch.setattr(refresh, "VERSION", refresh.VERSION + 1)
    refresh.refresh()
    assert SalesDay.objects.get().orders == 1
    assert RollupState.objects.get().version == refresh.VERSION
