"""Buy Shipping (Merchant Fulfillment API) against Amazon's own sandbox examples, over HTTP."""

import base64
import dataclasses
import gzip
import json
import re
from decimal import Decimal

import pytest

from sellerdesk.channels.amazon.spapi import SpApiError
from sellerdesk.channels.amazon.spapi import merchant_fulfillment as mfn
from sellerdesk.channels.amazon.spapi.limits import DOCUMENTED
from sellerdesk.fulfillment.carriers import Parcel

from .sync_shop import MODELS, NO_MODELS

pytestmark = pytest.mark.skipif(not MODELS.is_dir(), reason=NO_MODELS)

# The request of Amazon's examples, field for field.
JOHN_DOE = mfn.Address(
    name="John Doe", line1="300 Turnbull Ave", city="Detroit", region="MI", postal_code="48123",
    country_code="US", email="jdoeasdfllkj@yahoo.com", phone="7132341234",
)  # fmt: skip
BOX = Parcel(
    length=Decimal("10.25"), width=Decimal("10.25"), height=Decimal("10.25"),
    dimension_unit="inches", weight=Decimal("10.25"), weight_unit="oz",
)  # fmt: skip
EXAMPLE = mfn.ShipmentRequest(
    order_id="903-5563053-5647845", items=[("52986411826454", 1)], ship_from=JOHN_DOE,
    parcel=BOX, delivery_experience="NoTracking",
)  # fmt: skip
OFFER = (
    "WHgxtyn6qjGGaCzOCog1azF5HLHje5Pz3Lc2Fmt5eKoZAReW8oJ1SMumuBS8lA/Hjuglhyiu0+KRLvyJxFV0PB9YFMDh"
    "ygs3VyTL0WGYkGxiuRkmuEvpqldUn9rrkWVodqnR4vx2VtXvtER/Ju6RqYoddJZGy6RS2KLzzhQ2NclN0NYXMZVqpOe5R"
    "sRBddXaGuJr7oza3M52+JzChocAHzcurIhCRynpbxfmNLzZMQEbgnpGLzuaoSMzfxg90/NaXFR/Ou01du/uKd5AbfMW/Ax"
    "AKP9ht6Oi9lDHq6WkGqvjkVLW0/jj/fBgblIwcs+t"
)


def test_eligible_services_come_with_their_rates_cheapest_first(client):
    services = mfn.get_eligible_shipment_services(client, EXAMPLE)

    assert [(s.service_id, s.amount, s.currency) for s in services] == [
        ("UPS_PTP_2ND_DAY_AIR", Decimal("33.73"), "USD"),  # after Amazon's $1 credit
        ("UPS_PTP_NEXT_DAY_AIR_SAVER", Decimal("98.75"), "USD"),
    ]
    first = services[0]
    assert (first.service_name, first.carrier_name) == ("UPS 2nd Day Air®", "UPS®")
    assert first.offer_id == OFFER
    assert "PDF" in first.label_formats
    assert first.latest_delivery is not None
    assert first.latest_delivery.utcoffset().total_seconds() == 0


def test_an_invalid_address_is_refused_with_amazons_reason(client):
    bad = mfn.ShipmentRequest(
        order_id="TEST_CASE_400", items=[("52986411826454", 1)],
        ship_from=dataclasses.replace(JOHN_DOE, country_code="USA"),
        parcel=BOX, delivery_experience="NoTracking",
    )  # fmt: skip
    with pytest.raises(SpApiError) as refused:
        mfn.get_eligible_shipment_services(client, bad)
    assert refused.value.status == 400
    assert "countryCode' failed to satisfy constraint" in str(refused.value)


def test_buying_a_label_returns_the_tracking_number_and_the_label(client, sandbox):
    bought = mfn.create_shipment(client, EXAMPLE, service_id="UPS_PTP_2ND_DAY_AIR", offer_id=OFFER)

    assert (bought.shipment_id, bought.tracking_number) == (
        "be7a0a53-00c3-4f6f-a63a-639f76ee9253",
        "1Z17E2100217295733",
    )
    assert (bought.label_format, bought.file_type) == ("PNG", "image/png")
    assert bought.service.service_id == "UPS_PTP_2ND_DAY_AIR"
    # Amazon's example cuts the label's bytes short: unreadable, and said so.
    with pytest.raises(SpApiError, match="label unreadable"):
        bought.document()
    sent = json.loads(sandbox.requests[-1]["body"])
    assert sent["ShippingServiceOfferId"] == OFFER


def test_a_label_is_unpacked_from_base64_gzip():
    pdf = b"%PDF-1.4 a label"
    bought = mfn.BoughtLabel(
        shipment_id="x", tracking_number="1Z", service=None, label_format="PDF",
        file_type="application/pdf", contents=base64.b64encode(gzip.compress(pdf)).decode(),
    )  # fmt: skip
    assert bought.document() == pdf


def test_cancelling_a_label_returns_its_refund_status(client):
    assert mfn.cancel_shipment(client, "be7a0a53-00c3-4f6f-a63a-639f76ee9253") == "RefundPending"


def test_documented_rates_are_the_usage_plans_in_amazons_models():
    plans = {}
    for model in MODELS.glob("*.json"):
        if model.name == "sandbox_index.json":
            continue
        for operations in json.loads(model.read_text()).get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    rows = re.findall(
                        r"\|\s*([0-9.]+)\s*\|\s*([0-9]+)\s*\|", operation.get("description", "")
                    )
                    if rows:
                        plans[operation["operationId"]] = (float(rows[0][0]), int(rows[0][1]))
    assert {name: (limit.rate, limit.burst) for name, limit in DOCUMENTED.items()} == {
        name: plans[name] for name in DOCUMENTED
    }
