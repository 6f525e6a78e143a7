"""The generator alone, without a database: determinism, shape, money and time rules."""

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from sellerdesk.core.money import Money
from sellerdesk.demo.generator import DemoOrder, DemoShop
from sellerdesk.demo.stockbook import StockEvent
from sellerdesk.orders import domain

AS_OF = dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC)


def generate(orders: int, seed: int = 5, as_of: dt.datetime = AS_OF):
    shop = DemoShop(orders=orders, seed=seed, as_of=as_of)
    return shop, list(shop.items())


def digest(items) -> str:
    text = hashlib.sha256()
    for item in items:
        text.update(repr(item).encode())
    return text.hexdigest()


@pytest.fixture(scope="module")
def year():
    return generate(1500)


@pytest.fixture(scope="module")
def orders(year):
    return [item for item in year[1] if isinstance(item, DemoOrder)]


def test_the_same_seed_and_day_generate_the_same_shop(year):
    _, again = generate(1500)
    assert digest(again) == digest(year[1])


def test_another_seed_or_day_generates_another_shop(year):
    assert digest(generate(1500, seed=6)[1]) != digest(year[1])
    assert digest(generate(1500, as_of=AS_OF + dt.timedelta(days=1))[1]) != digest(year[1])


def test_it_generates_exactly_the_orders_asked_for(orders):
    assert len(orders) == 1500
    assert [order.seq for order in orders] == list(range(1500))


def test_order_ids_have_amazons_shape_per_marketplace_and_never_repeat(year, orders):
    shapes = {"US": r"11[1-4]-\d{7}-\d{7}", "UK": r"20[2-6]-\d{7}-\d{7}"}
    assert all(re.fullmatch(shapes[o.market], o.external_id) for o in orders)
    shop = year[0]
    ids = {shop.external_id(seq, ("111",)) for seq in range(0, 1_000_000, 3)}
    assert len(ids) == len(range(0, 1_000_000, 3))


def test_orders_come_in_time_order_inside_the_year(orders):
    times = [order.purchased_at for order in orders]
    assert times == sorted(times)
    assert AS_OF - dt.timedelta(days=365) <= times[0]
    assert times[-1] < AS_OF
    assert all(t.utcoffset() == dt.timedelta(0) for t in times)


def test_both_marketplaces_currencies_and_fulfilments_appear(orders):
    seen = Counter((o.market, o.currency, o.fulfillment) for o in orders)
    assert set(seen) == {
        ("US", "USD", "seller"),
        ("US", "USD", "amazon"),
        ("UK", "GBP", "seller"),
        ("UK", "GBP", "amazon"),
    }
    fba = sum(n for (_, _, fulfilment), n in seen.items() if fulfilment == "amazon")
    assert 0.18 < fba / len(orders) < 0.32


def test_totals_and_counts_follow_the_order_domain(orders):
    for order in orders:
        lines = [
            domain.LineData(
                external_id=line.external_id,
                channel_sku=line.channel_sku,
                quantity_ordered=line.quantity,
                **{
                    name: Money(amount, order.currency)
                    for name, amount in line.charges._asdict().items()
                },
            )
            for line in order.lines
        ]
        expected = domain.order_total(
            lines, order.currency, prices_include_tax=order.prices_include_tax
        )
        assert expected == Money(order.total, order.currency)
        assert order.prices_include_tax is (order.market == "UK")
        assert order.item_count == sum(line.quantity for line in order.lines)
        assert all(isinstance(a, Decimal) for line in order.lines for a in line.charges)


def test_uk_item_tax_is_the_vat_inside_the_price(orders):
    uk = [line for o in orders if o.market == "UK" for line in o.lines]
    assert uk
    for line in uk:
        net = line.charges.item_price - line.charges.promotion_discount
        vat = (net / 6).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert line.charges.item_tax == vat


def test_prime_orders_pay_no_shipping_and_some_get_promotions(orders):
    assert all(not line.charges.shipping_price for o in orders if o.is_prime for line in o.lines)
    assert 0.1 < sum(o.is_prime for o in orders) / len(orders) < 0.2
    assert any(line.charges.promotion_discount for o in orders for line in o.lines)
    assert any(o.is_business for o in orders)
    gifts = [o for o in orders if o.lines[0].is_gift]
    assert gifts
    assert all(o.lines[0].gift_message for o in gifts)


def test_personalisable_pieces_carry_an_engraving(orders):
    lines = [line for o in orders for line in o.lines if line.sku.is_personalisable]
    assert lines
    assert all(line.personalisation for line in lines)


def test_the_timeline_of_each_status_holds_together(orders):
    for o in orders:
        assert o.purchased_at < o.received_at <= AS_OF
        assert o.latest_ship_at > o.purchased_at
        assert o.earliest_delivery_at < o.latest_delivery_at
        if o.status == "Canceled":
            assert o.cancelled_at
            assert o.shipped_at is None
        elif o.is_open:
            assert o.shipped_at is None
            assert o.delivered_at is None
        else:
            assert o.received_at < o.shipped_at <= AS_OF
            assert (o.delivered_at is not None) == (o.status == "Delivered")
            assert o.delivered_at is None or o.shipped_at < o.delivered_at <= AS_OF
        assert o.last_updated_at >= o.purchased_at


def test_some_seller_orders_shipped_late_and_a_few_were_cancelled(orders):
    shipped = [o for o in orders if o.fulfillment == "seller" and o.shipped_at]
    late = [o for o in shipped if o.shipped_at > o.latest_ship_at]
    assert 0.01 < len(late) / len(shipped) < 0.06
    assert not [o for o in orders if o.fulfillment == "amazon" and o.shipped_at and
                o.shipped_at > o.latest_ship_at]  # fmt: skip
    cancelled = [o for o in orders if o.status == "Canceled"]
    assert 0.01 < len(cancelled) / len(orders) < 0.04


@pytest.mark.parametrize("size", [1500, 20_000])
def test_a_few_dozen_orders_wait_to_ship_whatever_the_size(size, orders):
    waiting = (
        [o for o in orders if o.is_open]
        if size == 1500
        else [i for i in DemoShop(orders=size, seed=1, as_of=AS_OF).items() if
              isinstance(i, DemoOrder) and i.is_open]
    )  # fmt: skip
    assert 20 <= len(waiting) <= 60
    seller = [o for o in waiting if o.fulfillment == "seller"]
    assert any(o.latest_ship_at < AS_OF for o in seller), "some are overdue"
    assert any(AS_OF < o.latest_ship_at < AS_OF + dt.timedelta(days=1) for o in seller)


def test_seasonal_months_outsell_a_quiet_one(orders):
    months = Counter(o.purchased_at.strftime("%Y-%m") for o in orders)
    assert months["2025-12"] > 1.8 * months["2025-06"]
    assert months["2025-02"] > 1.1 * months["2025-06"]
    assert months["2025-11"] > months["2025-10"]


def test_one_of_a_kind_pieces_sell_at_most_once_and_some_remain(year, orders):
    shop = year[0]
    sold = Counter(
        line.sku.code
        for o in orders
        if o.status != "Canceled"
        for line in o.lines
        if line.sku.is_one_of_a_kind
    )
    assert all(n == 1 for n in sold.values())
    unique = [sku for sku in shop.skus if sku.is_one_of_a_kind]
    assert sold
    assert len(sold) < len(unique)
    for sku in unique:  # promised to a buyer, or still on the shelf
        assert shop.book.available[(sku.code, sku.shelf)] == (0 if sku.code in sold else 1)


def test_replayed_ledger_never_goes_negative_and_ends_at_the_book(year):
    shop, items = year
    changes = defaultdict(list)
    for item in items:
        if isinstance(item, StockEvent):
            changes[(item.sku, item.location)].append((item.at, item.quantity))
            if item.kind == "transfer":
                changes[(item.sku, item.source)].append((item.at, -item.quantity))
        elif item.shipped_at is not None:
            for line in item.lines:
                changes[(line.sku.code, line.location)].append((item.shipped_at, -line.quantity))
    assert changes
    for key, moves in changes.items():
        running = 0
        for _, change in sorted(moves):
            running += change
            assert running >= 0, key
        assert running == shop.book.on_hand[key]
