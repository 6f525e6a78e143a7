"""A connected US shop and Amazon's scripted answers, for the sync tests over real HTTP."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sellerdesk.core import clock
from sellerdesk.core.money import Money
from sellerdesk.orders import domain, services
from sellerdesk.orders.models import Shipment

MODELS = Path(__file__).resolve().parents[6] / "shared" / "amazon" / "sp-api-models"
NO_MODELS = "the SP-API sandbox examples live in ../shared"
ORDERS_PATH = "/orders/2026-01-01/orders"
US = "ATVPDKIKX0DER"


def shipped_order(external_id: str, actor) -> Shipment:
    now = clock.now()
    data = domain.OrderData(
        channel="amazon", marketplace="US", external_id=external_id, status=domain.UNSHIPPED,
        fulfillment=domain.SELLER, purchased_at=now - dt.timedelta(days=1),
        last_updated_at=now - dt.timedelta(days=1), currency="USD",
        lines=[domain.LineData("50000000000001", "RING-SILVER-7", 1,
                               Money(Decimal(20), "USD"))],
    )  # fmt: skip
    order = services.record_order(data=data, actor=actor).order
    services.ship_order(
        order=order, actor=actor, carrier="USPS", tracking_number="9400111899223344556677"
    )
    return order.shipments.get()


def confirm_example(sandbox, order_id: str) -> None:
    sandbox.add_example(
        "confirmShipment", "POST", "/orders/v0/orders/{orderId}/shipmentConfirmation",
        parameters={"orderId": {"value": order_id}}, response=None, status=204,
    )  # fmt: skip


def requests_to(sandbox, prefix: str, method: str | None = None) -> list[dict]:
    return [
        r for r in sandbox.requests
        if r["path"].startswith(prefix) and (method is None or r["method"] == method)
    ]  # fmt: skip
