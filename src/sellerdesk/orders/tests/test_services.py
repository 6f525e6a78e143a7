import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core.errors import DomainError, InvalidTransition
from sellerdesk.core.money import Money
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Reservation, StockLevel
from sellerdesk.orders import domain, services
from sellerdesk.orders.models import BuyerDetails, Order, OrderEvent, OrderFeedCursor, OrderLine

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 3, 2, 15, 30, tzinfo=dt.UTC)


def usd(value: str) -> Money:
    return Money(Decimal(value), "USD")


def order_data(**changes) -> domain.OrderData:
    values = {
        "channel": "amazon",
        "marketplace": "US",
        "external_id": "112-1234567-7654321",
        "status": domain.UNSHIPPED,
        "fulfillment": domain.SELLER,
        "purchased_at": T,
        "last_updated_at": T,
        "latest_ship_at": T + dt.timedelta(days=2),
        "currency": "USD",
        "lines": [
            domain.LineData(
                "11111",
                "RING-SILVER-7",
                2,
                usd("50.00"),
                item_tax=usd("4.00"),
                personalisation="A & J",
            )
        ],
        "buyer": domain.BuyerData(name="Ada Lovelace", city="Portland", country_code="US"),
    }
    values.update(changes)
    return domain.OrderData(**values)


@pytest.fixture
def stocked(sku, shelf, actor):
    # Counted before the orders below, so their shipments come out of this stock.
    stock.receive_stock(
        sku=sku,
        location=shelf,
        quantity=5,
        reason="opening",
        actor=actor,
        at=T - dt.timedelta(days=1),
    )
    return sku


def reserved(sku) -> int:
    return sum(StockLevel.objects.filter(sku=sku).values_list("reserved", flat=True))


def test_recording_creates_order_lines_buyer_and_timeline(stocked, actor):
    result = services.record_order(data=order_data(), actor=actor)
    order = result.order
    assert result.created
    assert order.marketplace.code == "US"
    assert order.total == Decimal("54.00")  # ItemPrice is already unit price x quantity
    assert order.item_count == 2
    line = order.lines.get()
    assert (line.sku, line.personalisation, line.item_price) == (stocked, "A & J", Decimal("50"))
    assert BuyerDetails.objects.get(order=order).name == "Ada Lovelace"
    assert list(order.events.values_list("kind", flat=True)) == ["received"]


def test_recording_the_same_order_twice_never_duplicates(stocked, actor):
    services.record_order(data=order_data(), actor=actor)
    again = services.record_order(data=order_data(), actor=actor)
    assert not again.created
    assert not again.changed
    assert Order.objects.count() == 1
    assert OrderLine.objects.count() == 1
    assert reserved(stocked) == 2


def test_recording_reserves_stock_for_seller_fulfilled_lines(stocked, actor):
    order = services.record_order(data=order_data(), actor=actor).order
    line = order.lines.get()
    assert Reservation.objects.get(reference=line.reference).quantity == 2
    assert reserved(stocked) == 2


def test_fba_orders_reserve_nothing(stocked, actor):
    services.record_order(data=order_data(fulfillment=domain.AMAZON), actor=actor)
    assert reserved(stocked) == 0


def test_an_order_short_of_stock_is_recorded_and_flagged(sku, shelf, actor):
    stock.receive_stock(sku=sku, location=shelf, quantity=1, reason="r", actor=actor)
    result = services.record_order(data=order_data(), actor=actor)
    assert result.short_lines == ("RING-SILVER-7",)
    assert reserved(sku) == 0
    assert result.order.events.filter(kind="stock", message__contains="2 wanted, 1 free").exists()


def test_an_unknown_sku_is_recorded_and_flagged(db, actor):
    result = services.record_order(data=order_data(), actor=actor)
    assert result.order.lines.get().sku is None
    assert result.short_lines == ("RING-SILVER-7",)
    assert result.order.events.filter(message__contains="not in the catalogue").exists()


def test_a_listing_maps_the_channel_sku_to_the_catalogue(make_sku, shelf, actor):
    sku = make_sku("NECK-GOLD-18")
    Listing.objects.create(
        sku=sku,
        channel=SalesChannel.objects.get(code="amazon"),
        marketplace=Marketplace.objects.get(code="US"),
        channel_sku="old-necklace-sku",
    )
    line = domain.LineData("1", "old-necklace-sku", 1, usd("80"))
    order = services.record_order(data=order_data(lines=[line]), actor=actor).order
    assert order.lines.get().sku == sku


def test_newer_channel_data_updates_and_older_never_overwrites(stocked, actor):
    services.record_order(data=order_data(), actor=actor)
    newer = order_data(
        status=domain.CANCELED,
        last_updated_at=T + dt.timedelta(hours=1),
    )
    result = services.record_order(data=newer, actor=actor)
    assert result.changed
    assert result.order.status == domain.CANCELED
    assert reserved(stocked) == 0
    older = order_data(status=domain.UNSHIPPED, last_updated_at=T + dt.timedelta(minutes=30))
    stale = services.record_order(data=older, actor=actor)
    assert not stale.changed
    assert Order.objects.get().status == domain.CANCELED
    assert reserved(stocked) == 0


def test_a_status_change_from_the_channel_is_on_the_timeline(stocked, actor):
    services.record_order(data=order_data(status=domain.PENDING), actor=actor)
    later = order_data(last_updated_at=T + dt.timedelta(hours=2))
    order = services.record_order(data=later, actor=actor).order
    event = order.events.get(kind="status")
    assert (event.status_from, event.status_to) == (domain.PENDING, domain.UNSHIPPED)


def test_a_new_line_from_the_channel_is_added_and_reserved(stocked, actor):
    services.record_order(data=order_data(), actor=actor)
    base = order_data().lines[0]
    extra = dataclasses.replace(base, external_id="22222", quantity_ordered=1, personalisation="")
    later = order_data(lines=[base, extra], last_updated_at=T + dt.timedelta(hours=1))
    order = services.record_order(data=later, actor=actor).order
    assert order.lines.count() == 2
    assert order.item_count == 3
    assert reserved(stocked) == 3


def test_shipped_by_the_channel_consumes_the_reservation(stocked, shelf, actor):
    services.record_order(data=order_data(), actor=actor)
    shipped_line = dataclasses.replace(order_data().lines[0], quantity_shipped=2)
    later = order_data(
        status=domain.SHIPPED, lines=[shipped_line], last_updated_at=T + dt.timedelta(hours=3)
    )
    services.record_order(data=later, actor=actor)
    lvl = StockLevel.objects.get(sku=stocked, location=shelf)
    assert (lvl.on_hand, lvl.reserved) == (3, 0)


def test_cancelling_releases_the_reservation(stocked, actor):
    order = services.record_order(data=order_data(), actor=actor).order
    services.cancel_order(order=order, reason="buyer asked", actor=actor)
    order.refresh_from_db()
    assert order.status == domain.CANCELED
    assert order.cancelled_at is not None
    assert order.lines.get().quantity_cancelled == 2
    assert reserved(stocked) == 0
    assert order.events.filter(kind="cancelled", message="Cancelled: buyer asked").exists()


def test_a_shipped_order_cannot_be_cancelled(stocked, actor):
    order = services.record_order(data=order_data(), actor=actor).order
    services.ship_order(order=order, actor=actor)
    with pytest.raises(InvalidTransition, match="cannot be cancelled"):
        services.cancel_order(order=order, reason="late", actor=actor)


def test_shipping_part_of_an_order_consumes_that_part(stocked, shelf, actor):
    order = services.record_order(data=order_data(), actor=actor).order
    line = order.lines.get()
    order = services.ship_order(order=order, actor=actor, quantities={line.pk: 1})
    assert order.status == domain.PARTIALLY_SHIPPED
    lvl = StockLevel.objects.get(sku=stocked, location=shelf)
    assert (lvl.on_hand, lvl.reserved) == (4, 1)
    order = services.ship_order(order=order, actor=actor, carrier="UPS", tracking_number="1Z9")
    assert (order.status, order.shipped_at is not None) == (domain.SHIPPED, True)
    lvl.refresh_from_db()
    assert (lvl.on_hand, lvl.reserved) == (3, 0)
    # Each package is a "shipped" step saying what went, how, and the status it left.
    assert list(order.events.values_list("kind", "status_to", "message"))[1:] == [
        ("shipped", domain.PARTIALLY_SHIPPED, "1 unit"),
        ("shipped", domain.SHIPPED, "1 unit with UPS, tracking 1Z9"),
    ]


def test_shipping_more_than_is_open_is_refused(stocked, actor):
    order = services.record_order(data=order_data(), actor=actor).order
    line = order.lines.get()
    with pytest.raises(DomainError, match="2 open, cannot ship 3"):
        services.ship_order(order=order, actor=actor, quantities={line.pk: 3})


def test_fba_orders_cannot_be_shipped_by_the_seller(stocked, actor):
    order = services.record_order(data=order_data(fulfillment=domain.AMAZON), actor=actor).order
    with pytest.raises(InvalidTransition, match="fulfilled by Amazon"):
        services.ship_order(order=order, actor=actor)


def test_invalid_channel_data_is_refused_with_the_reason(db, actor):
    with pytest.raises(DomainError, match="unknown status 'Bogus'"):
        services.record_order(data=order_data(status="Bogus"), actor=actor)
    with pytest.raises(DomainError, match="Unknown marketplace 'XX'"):
        services.record_order(data=order_data(marketplace="XX"), actor=actor)
    assert not Order.objects.exists()


def test_seen_marker_only_moves_forward(django_user_model):
    user = django_user_model.objects.create_user("seller", password="x")
    services.mark_orders_seen(user=user, until=T)
    services.mark_orders_seen(user=user, until=T - dt.timedelta(days=1))
    assert OrderFeedCursor.objects.get(user=user).seen_until == T
    assert OrderEvent.objects.count() == 0


def test_a_uk_order_takes_the_marketplace_vat_inclusive_rule(stocked, actor):
    gbp_line = domain.LineData(
        "1",
        "RING-SILVER-7",
        1,
        Money(Decimal("30.00"), "GBP"),
        item_tax=Money(Decimal("5.00"), "GBP"),
    )
    data = order_data(marketplace="UK", currency="GBP", lines=[gbp_line])
    order = services.record_order(data=data, actor=actor).order
    assert order.prices_include_tax
    assert order.total == Decimal("30.00")
    assert order.lines.get().charged == Money(Decimal("30.00"), "GBP")


def test_the_channel_may_state_the_tax_rule_itself(stocked, actor):
    data = order_data(prices_include_tax=True)
    assert services.record_order(data=data, actor=actor).order.total == Decimal("50.00")


def on_shelf(sku, shelf) -> tuple[int, int]:
    level = StockLevel.objects.get(sku=sku, location=shelf)
    return level.on_hand, level.reserved


def later(hours: int, **changes) -> domain.OrderData:
    return order_data(last_updated_at=T + dt.timedelta(hours=hours), **changes)


def test_a_channel_resend_after_shipping_here_neither_reopens_nor_ships_twice(
    stocked, shelf, actor
):
    order = services.record_order(data=order_data(), actor=actor).order
    services.ship_order(order=order, actor=actor)
    assert on_shelf(stocked, shelf) == (3, 0)

    # Amazon has not heard of the shipment yet and resends the order as Unshipped...
    resent = services.record_order(data=later(1), actor=actor).order
    assert resent.status == domain.SHIPPED
    assert resent.lines.get().quantity_shipped == 2
    assert on_shelf(stocked, shelf) == (3, 0)
    # ...then confirms it.
    services.record_order(data=later(2, status=domain.SHIPPED), actor=actor)
    assert on_shelf(stocked, shelf) == (3, 0)


def test_a_channel_resend_after_cancelling_here_keeps_it_cancelled(stocked, shelf, actor):
    order = services.record_order(data=order_data(), actor=actor).order
    services.cancel_order(order=order, reason="out of stock", actor=actor)

    resent = services.record_order(data=later(1), actor=actor).order

    assert resent.status == domain.CANCELED
    assert on_shelf(stocked, shelf) == (5, 0)


def test_a_partial_shipment_from_the_channel_consumes_only_the_shipped_units(stocked, shelf, actor):
    services.record_order(data=order_data(), actor=actor)
    part = dataclasses.replace(order_data().lines[0], quantity_shipped=1)
    order = services.record_order(
        data=later(1, status=domain.PARTIALLY_SHIPPED, lines=[part]), actor=actor
    ).order
    assert order.status == domain.PARTIALLY_SHIPPED
    assert on_shelf(stocked, shelf) == (4, 1)


def test_a_shipment_reported_without_line_counts_ships_every_open_unit(stocked, shelf, actor):
    services.record_order(data=order_data(), actor=actor)
    order = services.record_order(data=later(1, status=domain.SHIPPED), actor=actor).order
    assert order.lines.get().quantity_shipped == 2
    assert on_shelf(stocked, shelf) == (3, 0)


def test_a_shipped_order_first_seen_shipped_takes_its_units_off_the_shelf(stocked, shelf, actor):
    services.record_order(data=order_data(status=domain.SHIPPED), actor=actor)
    assert on_shelf(stocked, shelf) == (3, 0)
    services.record_order(data=later(1, status=domain.SHIPPED), actor=actor)
    assert on_shelf(stocked, shelf) == (3, 0)


def test_a_shipment_beyond_the_shelf_is_recorded_with_a_note_to_count_stock(sku, shelf, actor):
    stock.receive_stock(
        sku=sku, location=shelf, quantity=1, reason="r", actor=actor, at=T - dt.timedelta(days=1)
    )
    order = services.record_order(data=order_data(status=domain.SHIPPED), actor=actor).order
    assert order.status == domain.SHIPPED
    assert on_shelf(sku, shelf) == (1, 0)
    assert order.events.filter(kind="stock", message__contains="count the stock").exists()


def test_resends_of_a_short_order_add_one_stock_note_not_one_per_resend(sku, shelf, actor):
    for hour in range(4):
        services.record_order(data=later(hour), actor=actor)
    assert Order.objects.get().events.filter(kind="stock").count() == 1


def test_an_unmapped_line_is_mapped_once_its_listing_exists(make_sku, shelf, actor):
    services.record_order(data=order_data(), actor=actor)
    sku = make_sku("RING-NEW-7")
    stock.receive_stock(sku=sku, location=shelf, quantity=3, reason="r", actor=actor)
    Listing.objects.create(
        sku=sku,
        channel=SalesChannel.objects.get(code="amazon"),
        marketplace=Marketplace.objects.get(code="US"),
        channel_sku="RING-SILVER-7",
    )
    order = services.record_order(data=later(1), actor=actor).order
    assert order.lines.get().sku == sku
    assert reserved(sku) == 2


def test_totals_cover_every_stored_line_even_ones_a_message_leaves_out(stocked, actor):
    base = order_data().lines[0]
    extra = dataclasses.replace(base, external_id="22222", quantity_ordered=1, personalisation="")
    services.record_order(data=order_data(lines=[base, extra]), actor=actor)
    order = services.record_order(data=later(1, lines=[base]), actor=actor).order
    assert order.lines.count() == 2
    assert (order.total, order.item_count) == (Decimal("108.00"), 3)


def test_a_resend_never_refills_purged_buyer_details(stocked, actor):
    order = services.record_order(data=order_data(), actor=actor).order
    BuyerDetails.objects.filter(order=order).update(name="", city="", purged_at=T)
    services.record_order(data=later(1), actor=actor)
    assert BuyerDetails.objects.get(order=order).name == ""


@pytest.mark.parametrize("field", ["earliest_ship_at", "earliest_delivery_at", "latest_ship_at"])
def test_every_naive_datetime_is_refused(db, actor, field):
    naive = dt.datetime(2026, 3, 3, 12)  # noqa: DTZ001
    with pytest.raises(DomainError, match=f"{field} has no time zone"):
        services.record_order(data=order_data(**{field: naive}), actor=actor)


def test_last_years_shipped_orders_leave_todays_counted_stock_alone(sku, shelf, actor):
    stock.receive_stock(sku=sku, location=shelf, quantity=4, reason="count", actor=actor)
    order = services.record_order(data=order_data(status=domain.SHIPPED), actor=actor).order
    assert order.lines.get().quantity_shipped == 2
    assert on_shelf(sku, shelf) == (4, 0)
    assert not order.events.filter(kind="stock").exists()


def test_a_report_with_line_ids_upgrades_lines_known_only_by_sku(stocked, actor):
    by_sku = dataclasses.replace(
        order_data().lines[0], external_id=domain.sku_line_ids(["RING-SILVER-7"])[0]
    )
    services.record_order(data=order_data(lines=[by_sku], buyer=None), actor=actor)
    # An older snapshot (Amazon's Unshipped report) still brings the line id and the buyer.
    older = order_data(last_updated_at=T - dt.timedelta(hours=1))
    assert not services.record_order(data=older, actor=actor).changed
    line = OrderLine.objects.get()
    assert line.external_id == "11111"
    assert BuyerDetails.objects.get().city == "Portland"
    services.record_order(data=later(1, lines=[by_sku]), actor=actor)
    assert list(OrderLine.objects.values_list("external_id", flat=True)) == ["11111"]
    assert reserved(stocked) == 2
