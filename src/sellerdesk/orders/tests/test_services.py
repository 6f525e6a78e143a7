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
from sellerdesk.orders.models import BuyerDetails, Order, OrderEvent, OrderLine

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
    stock.receive_stock(sku=sku, location=shelf, quantity=5, reason="opening", actor=actor)
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
    order = services.ship_order(order=order, actor=actor)
    assert order.status == domain.SHIPPED
    assert order.shipped_at is not None
    lvl.refresh_from_db()
    assert (lvl.on_hand, lvl.reserved) == (3, 0)
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == ["received", "status", "shipped"]


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
    cursor = services.mark_orders_seen(user=user, until=T - dt.timedelta(days=1))
    assert cursor.seen_until == T
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
