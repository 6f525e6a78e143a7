import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.core.money import Money
from sellerdesk.orders import domain

T = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def usd(value: str) -> Money:
    return Money(Decimal(value), "USD")


def order(**changes) -> domain.OrderData:
    values = {
        "channel": "amazon",
        "external_id": "111-0000001-0000001",
        "status": domain.UNSHIPPED,
        "fulfillment": domain.SELLER,
        "purchased_at": T,
        "last_updated_at": T,
        "currency": "USD",
        "lines": [domain.LineData("L1", "RING-1", 2, usd("20.00"), item_tax=usd("1.60"))],
    }
    values.update(changes)
    return domain.OrderData(**values)


def test_total_adds_item_shipping_and_tax_less_discounts():
    line = domain.LineData(
        "L1",
        "RING-1",
        1,
        usd("30.00"),
        item_tax=usd("2.40"),
        shipping_price=usd("4.99"),
        shipping_tax=usd("0.40"),
        promotion_discount=usd("3.00"),
        shipping_discount=usd("4.99"),
    )
    assert domain.order_total([line], "USD", prices_include_tax=False) == usd("29.80")


def test_validation_names_the_unknown_status():
    with pytest.raises(domain.InvalidOrderData, match="unknown status 'Lost'"):
        domain.validate(order(status="Lost"))


def test_validation_refuses_a_line_in_another_currency():
    gbp_line = domain.LineData("L1", "RING-1", 1, Money(Decimal(5), "GBP"))
    with pytest.raises(domain.InvalidOrderData, match="in GBP, the order in USD"):
        domain.validate(order(lines=[gbp_line]))


def test_validation_refuses_naive_datetimes():
    with pytest.raises(domain.InvalidOrderData, match="no time zone"):
        domain.validate(order(purchased_at=dt.datetime(2026, 3, 1, 12)))  # noqa: DTZ001


def test_validation_refuses_duplicate_line_ids():
    line = domain.LineData("L1", "RING-1", 1, usd("1"))
    with pytest.raises(domain.InvalidOrderData, match="appears twice"):
        domain.validate(order(lines=[line, line]))


def test_older_channel_data_is_stale():
    assert domain.is_stale(incoming=T - dt.timedelta(seconds=1), stored=T)
    assert not domain.is_stale(incoming=T, stored=T)


@pytest.mark.parametrize(
    ("current", "incoming", "expected"),
    [
        (domain.UNSHIPPED, domain.SHIPPED, domain.SHIPPED),
        (domain.PENDING, domain.UNSHIPPED, domain.UNSHIPPED),
        (domain.UNSHIPPED, domain.CANCELED, domain.CANCELED),
        (domain.PARTIALLY_SHIPPED, domain.CANCELED, domain.CANCELED),
        (domain.SHIPPED, domain.UNSHIPPED, domain.SHIPPED),
        (domain.CANCELED, domain.UNSHIPPED, domain.CANCELED),
        (domain.CANCELED, domain.SHIPPED, domain.SHIPPED),
        (domain.SHIPPED, domain.CANCELED, domain.SHIPPED),
        (domain.DELIVERED, domain.SHIPPED, domain.DELIVERED),
        (domain.RETURNED, domain.DELIVERED, domain.RETURNED),
    ],
)
def test_statuses_only_move_forward_whoever_reports_them(current, incoming, expected):
    assert domain.merged_status(current=current, incoming=incoming) == expected


@pytest.mark.parametrize(
    ("status", "fulfillment", "holds"),
    [
        (domain.PENDING, domain.SELLER, True),
        (domain.UNSHIPPED, domain.SELLER, True),
        (domain.UNSHIPPED, domain.AMAZON, False),
        (domain.SHIPPED, domain.SELLER, False),
        (domain.CANCELED, domain.SELLER, False),
    ],
)
def test_only_open_seller_fulfilled_orders_hold_stock(status, fulfillment, holds):
    assert domain.holds_stock(status=status, fulfillment=fulfillment) is holds


@pytest.mark.parametrize(
    ("lines", "status"),
    [
        ([(2, 2, 0), (1, 1, 0)], domain.SHIPPED),
        ([(2, 1, 0)], domain.PARTIALLY_SHIPPED),
        ([(2, 1, 1)], domain.SHIPPED),
        ([(2, 0, 0)], domain.UNSHIPPED),
    ],
)
def test_status_after_shipment_follows_the_open_units(lines, status):
    assert domain.status_after_shipment(lines) == status


def test_tax_inside_vat_inclusive_prices_is_not_added_again():
    gbp = lambda value: Money(Decimal(value), "GBP")  # noqa: E731
    line = domain.LineData(
        "L1",
        "RING-1",
        1,
        gbp("24.00"),
        item_tax=gbp("4.00"),
        shipping_price=gbp("2.99"),
        shipping_tax=gbp("0.50"),
    )
    assert domain.order_total([line], "GBP", prices_include_tax=True) == gbp("26.99")
    assert domain.order_total([line], "GBP", prices_include_tax=False) == gbp("31.49")


@pytest.mark.parametrize(
    ("status", "counts", "settled"),
    [
        (domain.SHIPPED, (3, 0, 1), (2, 1)),
        (domain.DELIVERED, (2, 2, 0), (2, 0)),
        (domain.CANCELED, (3, 1, 0), (1, 2)),
        (domain.UNSHIPPED, (3, 0, 0), (0, 0)),
        (domain.PARTIALLY_SHIPPED, (3, 1, 0), (1, 0)),
    ],
)
def test_a_final_status_settles_the_line_counts_it_implies(status, counts, settled):
    ordered, shipped, cancelled = counts
    assert (
        domain.settled_quantities(
            status=status, ordered=ordered, shipped=shipped, cancelled=cancelled
        )
        == settled
    )


def test_lines_named_by_sku_get_stable_ids_even_when_a_sku_repeats():
    assert domain.sku_line_ids(["RING", "CHAIN", "RING"]) == ["sku:RING", "sku:CHAIN", "sku:RING#2"]


def test_ids_pair_first_then_a_sku_named_line_meets_its_channel_id_either_way():
    stored = [("sku:RING", "RING"), ("9001", "CHAIN")]
    incoming = [("7001", "RING"), ("sku:CHAIN", "CHAIN"), ("sku:EARRING", "EARRING")]
    assert domain.pair_lines(stored, incoming) == {"7001": "sku:RING", "sku:CHAIN": "9001"}


def test_two_channel_ids_for_one_sku_are_two_lines():
    assert domain.pair_lines([("9001", "RING")], [("9002", "RING")]) == {}


def test_a_stored_line_pairs_with_one_incoming_line_only():
    stored = [("sku:RING", "RING")]
    assert domain.pair_lines(stored, [("7001", "RING"), ("7002", "RING")]) == {"7001": "sku:RING"}


@pytest.mark.parametrize(
    ("changed_days", "stock_days", "history"),
    [(-3, 0, True), (1, 0, False), (0, 0, False), (5, None, True)],
)
def test_a_shipment_reported_before_the_first_stock_count_is_history(
    changed_days, stock_days, history
):
    day = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    since = None if stock_days is None else day + dt.timedelta(days=stock_days)
    assert (
        domain.shipment_predates_stock(
            changed_at=day + dt.timedelta(days=changed_days), stock_since=since
        )
        is history
    )
