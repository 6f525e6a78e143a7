import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.core.money import Money
from sellerdesk.core.paging import capped_page
from sellerdesk.inventory.tests.factories import (
    LocationFactory,
    ReservationFactory,
    StockMovementFactory,
)
from sellerdesk.orders import selectors
from sellerdesk.orders.models import (
    Fulfillment,
    OrderFeedCursor,
    OrderStatus,
    Shipment,
    ShipmentLine,
)
from sellerdesk.orders.selectors import (
    OrderFilters,
    new_order_count,
    new_order_summary,
    order_get,
    order_list,
    stated_ship_by_summary,
)

from .factories import (
    BuyerDetailsFactory,
    OrderEventFactory,
    OrderFactory,
    OrderLineFactory,
    amazon_marketplace,
    channel,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 11, 15, 0, tzinfo=dt.UTC)


def listed(filters: OrderFilters) -> list[str]:
    return [order.external_id for order in order_list(filters)]


def test_order_list_is_newest_first_by_default():
    OrderFactory(external_id="old", purchased_at=NOW - dt.timedelta(days=2))
    OrderFactory(external_id="new", purchased_at=NOW - dt.timedelta(hours=1))

    assert listed(OrderFilters()) == ["new", "old"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (OrderFilters(status=OrderStatus.SHIPPED), ["shipped-uk-fba"]),
        (OrderFilters(channel="etsy"), ["etsy"]),
        (OrderFilters(marketplace="UK"), ["shipped-uk-fba"]),
        (OrderFilters(fulfillment=Fulfillment.AMAZON), ["shipped-uk-fba"]),
        (OrderFilters(channel="amazon", status=OrderStatus.UNSHIPPED), ["unshipped-us"]),
        (OrderFilters(channel="shopify"), []),
        (OrderFilters(marketplace="NOWHERE"), []),
    ],
)
def test_filters_keep_only_matching_orders(filters, expected):
    OrderFactory(external_id="unshipped-us")
    OrderFactory(
        external_id="shipped-uk-fba",
        status=OrderStatus.SHIPPED,
        marketplace=amazon_marketplace("UK"),
        fulfillment=Fulfillment.AMAZON,
    )
    OrderFactory(external_id="etsy", channel=channel("etsy"), marketplace=None)

    assert listed(filters) == expected


def test_date_range_uses_the_sellers_calendar_days(settings):
    settings.SELLERDESK_TIME_ZONE = "America/Los_Angeles"
    # 07:00 UTC on 10 January is still 9 January, 23:00, in Los Angeles.
    OrderFactory(external_id="late-on-9th", purchased_at=dt.datetime(2026, 1, 10, 7, tzinfo=dt.UTC))
    OrderFactory(external_id="on-10th", purchased_at=dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC))

    ninth = dt.date(2026, 1, 9)
    tenth = dt.date(2026, 1, 10)
    assert listed(OrderFilters(date_from=ninth, date_to=ninth)) == ["late-on-9th"]
    assert listed(OrderFilters(date_from=tenth)) == ["on-10th"]
    assert listed(OrderFilters(date_to=ninth)) == ["late-on-9th"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("114-1111111-2222222", ["114-1111111-2222222"]),
        ("114-11", ["114-1111111-2222222"]),
        ("114", ["114-3333333-4444444", "114-1111111-2222222"]),
        ("EARRING-7", ["114-3333333-4444444"]),
        ("amz-earring-7", ["114-3333333-4444444"]),
        ("lovel", ["114-1111111-2222222"]),
        ("HOPPER", ["114-3333333-4444444"]),
        ("1111111", []),
        ("EARRING", ["114-3333333-4444444"]),
        ("ring-1", ["114-1111111-2222222"]),
        ("NECKLACE", []),
    ],
)
def test_search_matches_order_id_start_sku_start_in_any_case_or_part_of_buyer_name(q, expected):
    first = OrderFactory(external_id="114-1111111-2222222", purchased_at=NOW - dt.timedelta(days=1))
    BuyerDetailsFactory(order=first, name="Ada Lovelace")
    OrderLineFactory(order=first, sku__code="RING-1")
    second = OrderFactory(external_id="114-3333333-4444444", purchased_at=NOW)
    BuyerDetailsFactory(order=second, name="Grace Hopper")
    OrderLineFactory(order=second, sku__code="EARRING-7", channel_sku="amz-earring-7")

    assert listed(OrderFilters(q=q)) == expected


def test_a_search_matching_more_orders_than_the_id_cap_still_finds_them_all(monkeypatch):
    # A cap of 1 stands in for "more than 10,000 orders match" without making them.
    monkeypatch.setattr(selectors, "SEARCH_IDS_CAP", 1)
    for n, name in enumerate(["Ada Lovelace", "Ada Byron", "Grace Hopper"]):
        BuyerDetailsFactory(
            order__external_id=f"order-{n}",
            name=name,
            order__purchased_at=NOW - dt.timedelta(hours=n),
        )

    assert listed(OrderFilters(q="ada")) == ["order-0", "order-1"]
    assert listed(OrderFilters(q="order-")) == ["order-0", "order-1", "order-2"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-purchased", ["b", "c", "a"]),
        ("purchased", ["a", "c", "b"]),
        ("total", ["c", "a", "b"]),
        ("-total", ["b", "a", "c"]),
        ("status", ["a", "b", "c"]),
        ("ship_by", ["c", "a", "b"]),
        ("-ship_by", ["b", "a", "c"]),
        ("not-a-sort", ["b", "c", "a"]),
    ],
)
def test_sorting_follows_the_whitelist_and_falls_back_to_newest_first(sort, expected):
    day = dt.timedelta(days=1)
    OrderFactory(
        external_id="a",
        status=OrderStatus.CANCELED,
        purchased_at=NOW - 3 * day,
        latest_ship_at=NOW + day,
        total=Decimal("20"),
    )
    OrderFactory(
        external_id="b",
        status=OrderStatus.SHIPPED,
        purchased_at=NOW - day,
        latest_ship_at=NOW + 2 * day,
        total=Decimal("30"),
    )
    OrderFactory(
        external_id="c",
        status=OrderStatus.UNSHIPPED,
        purchased_at=NOW - 2 * day,
        latest_ship_at=NOW,
        total=Decimal("10"),
    )

    assert listed(OrderFilters(sort=sort)) == expected


def test_an_order_page_takes_the_same_queries_however_many_orders_and_lines(
    django_assert_num_queries,
):
    for _ in range(3):
        order = OrderFactory()
        BuyerDetailsFactory(order=order)
        OrderLineFactory.create_batch(2, order=order)

    # Capped count, the page's keys, its rows with channel/marketplace/buyer, their lines.
    with django_assert_num_queries(4):
        page = capped_page(order_list(OrderFilters()), 1)
        names = [
            (o.channel.name, o.buyer.name, [line.sku.code for line in o.lines.all()])
            for o in page.rows
        ]

    assert len(names) == 3
    OrderLineFactory.create_batch(20, order__status=OrderStatus.SHIPPED)
    with django_assert_num_queries(4):
        page = capped_page(order_list(OrderFilters()), 1)
        [(o.marketplace.code, [line.sku.code for line in o.lines.all()]) for o in page.rows]
    assert len(page.rows) == 23


def test_order_get_gathers_lines_buyer_timeline_reservations_and_totals(
    django_assert_num_queries,
):
    order = OrderFactory(marketplace=amazon_marketplace("UK"))
    BuyerDetailsFactory(order=order, name="Ada Lovelace")
    ring, pendant = OrderLineFactory.create_batch(2, order=order)
    shelf = LocationFactory(code="A1", name="Shelf A1")
    ReservationFactory(sku=ring.sku, location=shelf, reference=ring.reference, quantity=1)
    ReservationFactory(sku=ring.sku, reference="order-line:999999", quantity=3)  # someone else's
    OrderEventFactory(order=order, message="Imported")
    shipment = Shipment.objects.create(
        order=order, shipped_at=NOW, carrier="UPS", tracking_number="1Z", created_by="maker"
    )
    ShipmentLine.objects.create(shipment=shipment, order_line=pendant, quantity=1)

    StockMovementFactory(
        sku=ring.sku, location=shelf, kind="reservation", on_hand_change=0, reserved_change=1,
        reference=ring.reference, actor="amazon-sync", created_at=order.received_at,
    )  # fmt: skip

    # The order with buyer, its lines, events, shipments, their lines, the reservations,
    # and the ledger's reservations for its timeline.
    with django_assert_num_queries(7):
        detail = order_get(order.pk)

    assert detail is not None
    assert detail.buyer.name == "Ada Lovelace"
    assert [(item.line, [r.location.code for r in item.reservations]) for item in detail.lines] == [
        (ring, ["A1"]),
        (pendant, []),
    ]
    assert [(event.kind, event.message) for event in detail.events] == [
        ("received", "Imported"),
        ("reserved", f"1 of {ring.sku.code} held at Shelf A1"),
    ]
    assert [
        [(item.order_line, item.quantity) for item in shipped.lines.all()]
        for shipped in detail.shipments
    ] == [[(pendant, 1)]]
    (totals,) = detail.totals
    # Per line: 22 items + 1.80 + 0.20 tax + 3 shipping - 2 promotion = 25.
    assert totals.currency == "GBP"
    assert totals.charged == Money(Decimal("50"), "GBP")
    assert totals.tax == Money(Decimal("4"), "GBP")
    assert totals.discounts == Money(Decimal("4"), "GBP")


def test_order_get_of_a_missing_order_is_none():
    assert order_get(424242) is None


def test_new_orders_are_those_received_since_the_users_marker(django_user_model):
    user = django_user_model.objects.create_user("maker")
    OrderFeedCursor.objects.create(user=user, seen_until=NOW - dt.timedelta(hours=2))
    OrderFactory(external_id="seen", received_at=NOW - dt.timedelta(hours=3))
    OrderFactory(external_id="new", received_at=NOW - dt.timedelta(hours=1))
    OrderFactory(external_id="newest", received_at=NOW - dt.timedelta(minutes=5))
    OrderFactory(external_id="after-the-page", received_at=NOW + dt.timedelta(minutes=1))

    new = new_order_summary(user=user, now=NOW)

    assert (new.count, new.is_capped, new.has_marker) == (2, False, True)
    assert [order.external_id for order in new.latest] == ["newest", "new"]
    assert new_order_count(user=user, now=NOW, cap=99) == (2, False)


def test_without_a_marker_new_orders_are_the_last_24_hours(django_user_model):
    user = django_user_model.objects.create_user("maker")
    OrderFactory(received_at=NOW - dt.timedelta(hours=25))
    OrderFactory(received_at=NOW - dt.timedelta(hours=23))

    new = new_order_summary(user=user, now=NOW)

    assert (new.count, new.has_marker) == (1, False)
    assert new.since == NOW - dt.timedelta(hours=24)
    assert new_order_count(user=user, now=NOW, cap=99) == (1, False)


def test_last_years_orders_recorded_now_are_history_not_new_orders(django_user_model):
    user = django_user_model.objects.create_user("maker")
    OrderFeedCursor.objects.create(user=user, seen_until=NOW - dt.timedelta(hours=2))
    just_now = NOW - dt.timedelta(minutes=5)
    OrderFactory(
        external_id="imported", received_at=just_now, purchased_at=NOW - dt.timedelta(days=300)
    )
    OrderFactory(external_id="sold", received_at=just_now, purchased_at=NOW - dt.timedelta(hours=3))

    new = new_order_summary(user=user, now=NOW)

    assert [order.external_id for order in new.latest] == ["sold"]
    assert new_order_count(user=user, now=NOW, cap=99) == (1, False)


def test_new_order_counts_stop_at_the_cap(django_user_model):
    user = django_user_model.objects.create_user("maker")
    OrderFactory.create_batch(4, received_at=NOW - dt.timedelta(hours=1))

    assert new_order_count(user=user, now=NOW, cap=3) == (3, True)


def test_stated_ship_by_lists_what_is_due_before_the_end_and_splits_on_time_from_overdue():
    end = dt.datetime(2026, 3, 12, 0, 0, tzinfo=dt.UTC)
    due = {"status": OrderStatus.UNSHIPPED, "fulfillment": Fulfillment.SELLER}
    OrderFactory(external_id="due-evening", latest_ship_at=end - dt.timedelta(hours=1), **due)
    OrderFactory(
        external_id="due-morning",
        latest_ship_at=end - dt.timedelta(hours=15),
        status=OrderStatus.PARTIALLY_SHIPPED,
    )
    OrderFactory(external_id="overdue", latest_ship_at=end - dt.timedelta(days=1), **due)
    OrderFactory(external_id="tomorrow", latest_ship_at=end, **due)
    OrderFactory(external_id="no-ship-by", latest_ship_at=None, **due)
    OrderFactory(
        external_id="fba",
        fulfillment=Fulfillment.AMAZON,
        latest_ship_at=end - dt.timedelta(hours=3),
    )
    OrderFactory(
        external_id="shipped",
        status=OrderStatus.SHIPPED,
        latest_ship_at=end - dt.timedelta(hours=3),
    )
    OrderFactory(
        external_id="cancelled-overdue",
        status=OrderStatus.CANCELED,
        latest_ship_at=end - dt.timedelta(days=2),
    )

    stated = stated_ship_by_summary(now=NOW, end=end, limit=2)

    # NOW is 15:00: the morning order's ship-by has passed, so it is overdue too.
    assert [order.external_id for order in stated.due] == ["overdue", "due-morning"]
    assert (stated.due_count, stated.overdue_count, stated.unstated_count) == (1, 2, 1)
