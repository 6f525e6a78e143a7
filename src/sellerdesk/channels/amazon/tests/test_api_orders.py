import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from sellerdesk.channels.amazon.api_orders import UnusableOrder, order_from_api
from sellerdesk.channels.amazon.flatfile.orders import Storefront
from sellerdesk.channels.reference import AMAZON_MARKETPLACES
from sellerdesk.core.money import Money
from sellerdesk.orders import domain

MODELS = Path(__file__).resolve().parents[6] / "shared" / "amazon" / "sp-api-models"
FRONTS = {m.external_id: Storefront(m.code, m.currency, m.domain) for m in AMAZON_MARKETPLACES}


def usd(value: str) -> Money:
    return Money(Decimal(value), "USD")


def api_order(**changes):
    order = {
        "orderId": "114-1234567-7654321",
        "createdTime": "2026-11-20T10:15:00Z",
        "lastUpdatedTime": "2026-11-20T11:00:00Z",
        "programs": ["PRIME"],
        "salesChannel": {"channelName": "AMAZON", "marketplaceId": "ATVPDKIKX0DER"},
        "buyer": {"buyerName": "Ada Lovelace", "buyerEmail": "x@marketplace.amazon.com"},
        "recipient": {"deliveryAddress": {"name": "Ada", "city": "Portland", "countryCode": "us"}},
        "proceeds": {"grandTotal": {"amount": "61.49", "currencyCode": "USD"}},
        "fulfillment": {
            "fulfillmentStatus": "UNSHIPPED",
            "fulfilledBy": "MERCHANT",
            "fulfillmentServiceLevel": "STANDARD",
            "shipByWindow": {"latestDateTime": "2026-11-22T07:59:59Z"},
        },
        "orderItems": [
            {
                "orderItemId": "40000000000001",
                "quantityOrdered": 2,
                "product": {
                    "asin": "B0TESTRING",
                    "title": "Silver ring",
                    "sellerSku": "RING-SILVER-7",
                    "price": {"unitPrice": {"amount": "24.00", "currencyCode": "USD"}},
                    "customization": {"customizedUrl": "https://example.invalid/c.zip"},
                },
                "proceeds": {
                    "breakdowns": [
                        {"type": "ITEM", "subtotal": {"amount": "48.00", "currencyCode": "USD"}},
                        {"type": "SHIPPING", "subtotal": {"amount": "4.99", "currencyCode": "USD"}},
                        {
                            "type": "TAX",
                            "subtotal": {"amount": "4.24", "currencyCode": "USD"},
                            "detailedBreakdowns": [
                                {"subtype": "ITEM", "value": {"amount": "3.84", "currencyCode": "USD"}},
                                {"subtype": "SHIPPING", "value": {"amount": "0.40", "currencyCode": "USD"}},
                            ],
                        },
                        {"type": "DISCOUNT", "subtotal": {"amount": "-5.00", "currencyCode": "USD"}},
                    ]
                },
                "fulfillment": {
                    "quantityFulfilled": 0,
                    "packing": {"giftOption": {"giftMessage": "Happy birthday"}},
                },
            }
        ],
    }  # fmt: skip
    order.update(changes)
    return order


def test_an_api_order_maps_to_order_data_with_exact_money():
    data = order_from_api(api_order(), marketplaces=FRONTS)
    assert isinstance(data, domain.OrderData)
    domain.validate(data)
    assert (data.marketplace, data.status, data.fulfillment, data.currency) == (
        "US", "Unshipped", "seller", "USD",
    )  # fmt: skip
    assert data.latest_ship_at == dt.datetime(2026, 11, 22, 7, 59, 59, tzinfo=dt.UTC)
    assert data.is_prime
    (line,) = data.lines
    assert (line.external_id, line.channel_sku, line.quantity_ordered) == (
        "40000000000001", "RING-SILVER-7", 2,
    )  # fmt: skip
    assert (line.item_price, line.shipping_price, line.item_tax, line.shipping_tax) == (
        usd("48.00"), usd("4.99"), usd("3.84"), usd("0.40"),
    )  # fmt: skip
    assert line.promotion_discount == usd("5.00")
    assert (line.is_gift, line.gift_message) == (True, "Happy birthday")
    assert line.personalisation == "https://example.invalid/c.zip"
    assert domain.order_total(data.lines, "USD", prices_include_tax=False) == usd("52.23")
    assert data.buyer is not None
    assert (data.buyer.city, data.buyer.country_code) == ("Portland", "US")


def test_an_item_without_proceeds_is_priced_from_its_unit_price():
    order = api_order()
    del order["orderItems"][0]["proceeds"]
    (line,) = order_from_api(order, marketplaces=FRONTS).lines
    assert line.item_price == usd("48.00")


def test_an_order_of_a_marketplace_not_set_up_is_skipped_with_the_reason():
    order = api_order(
        salesChannel={"marketplaceId": "A2Q3Y263D00KWC", "marketplaceName": "Amazon.com.br"}
    )
    assert order_from_api(order, marketplaces=FRONTS) == (
        "an order of Amazon.com.br, a marketplace not set up in sellerdesk"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fulfillment": {"fulfillmentStatus": "LOST"}}, "unknown fulfillmentStatus 'LOST'"),
        ({"createdTime": "yesterday"}, "createdTime 'yesterday' is not a time"),
        ({"lastUpdatedTime": "2026-11-20T11:00:00"}, "has no time zone"),
    ],
)
def test_an_order_amazon_sent_wrong_is_refused_with_what_is_wrong(change, message):
    with pytest.raises(UnusableOrder, match=message):
        order_from_api(api_order(**change), marketplaces=FRONTS)


@pytest.mark.skipif(not MODELS.is_dir(), reason="Amazon's sandbox examples live in ../shared")
def test_every_example_order_in_amazons_model_maps_to_valid_order_data():
    index = json.loads((MODELS / "sandbox_index.json").read_text())
    every_market = {
        **FRONTS,
        "A2Q3Y263D00KWC": Storefront("BR", "BRL", "amazon.com.br"),
        "A33AVAJ2PDY3EV": Storefront("TR", "TRY", "amazon.com.tr"),
    }
    orders = []
    for example in index:
        if not example["model"].startswith("orders_2026") or example["status"] != "200":
            continue
        body = example["response"]
        orders += body.get("orders") or [body.get("order", body)]
    assert len(orders) >= 5
    for order in orders:
        data = order_from_api(order, marketplaces=every_market)
        assert isinstance(data, domain.OrderData), data
        domain.validate(data)
        assert all(line.channel_sku for line in data.lines)


@pytest.mark.skipif(not MODELS.is_dir(), reason="Amazon's sandbox examples live in ../shared")
def test_the_seeded_marketplace_ids_are_the_ones_amazons_examples_use():
    index = json.loads((MODELS / "sandbox_index.json").read_text())
    named = {}

    def walk(value):
        if isinstance(value, dict):
            if value.get("marketplaceName") and value.get("marketplaceId"):
                named[value["marketplaceName"].lower()] = value["marketplaceId"]
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(index)
    ours = {m.domain: m.external_id for m in AMAZON_MARKETPLACES}
    compared = {name: (named[name], ours[name]) for name in named if name in ours}
    assert len(compared) >= 3
    assert all(theirs == mine for theirs, mine in compared.values()), compared


@pytest.mark.parametrize(
    ("cancellation", "cancelled_by"),
    [
        ({"cancellationExecution": {"cancelledBy": "BUYER"}}, "buyer"),
        ({"cancellationExecution": {"cancelledBy": "MERCHANT"}}, "seller"),
        ({"cancellationExecution": {"cancelledBy": "AMAZON"}}, "channel"),
        ({"cancellationRequest": {"requester": "BUYER"}}, "buyer"),
        ({}, ""),
    ],
)
def test_who_cancelled_is_read_from_the_items_cancellation(cancellation, cancelled_by):
    order = api_order()
    order["orderItems"][0]["cancellation"] = cancellation
    order["fulfillment"]["fulfillmentStatus"] = "CANCELLED"
    assert order_from_api(order, marketplaces=FRONTS).cancelled_by == cancelled_by


def test_the_seller_cancelling_one_item_outweighs_the_buyer_cancelling_another():
    order = api_order()
    second = json.loads(json.dumps(order["orderItems"][0])) | {"orderItemId": "40000000000002"}
    order["orderItems"][0]["cancellation"] = {"cancellationExecution": {"cancelledBy": "BUYER"}}
    second["cancellation"] = {"cancellationExecution": {"cancelledBy": "MERCHANT"}}
    order["orderItems"].append(second)
    assert order_from_api(order, marketplaces=FRONTS).cancelled_by == "seller"
