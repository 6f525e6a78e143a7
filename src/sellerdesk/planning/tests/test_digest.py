"""The daily restock email through a real SMTP server on loopback."""

import datetime as dt

import pytest

from sellerdesk.core import clock
from sellerdesk.inventory import services as stock
from sellerdesk.messaging.tests.smtp import smtp_mailbox
from sellerdesk.planning.digest import send_restock_digest
from sellerdesk.planning.tests.factories import SupplierItemFactory

from .sales import sell

pytestmark = pytest.mark.django_db


def test_low_stock_and_what_to_reorder_are_emailed(
    reference_data, make_sku, shelf, actor, settings
):
    ring = make_sku("RING-7", low_stock_threshold=3)
    SupplierItemFactory(sku=ring, supplier__name="Findings Co")
    now = clock.now()
    with clock.pinned(now - dt.timedelta(days=20)):
        stock.receive_stock(sku=ring, location=shelf, quantity=22, reason="opening", actor=actor)
    for back in range(10, 0, -1):
        sell(ring, 2, now - dt.timedelta(days=back), actor)

    with smtp_mailbox(settings) as box:
        sent = send_restock_digest(to="maker@wren.example", today=clock.seller_today())

    assert sent
    (mail,) = box.received
    body = mail.get_payload()
    assert mail["To"] == "maker@wren.example"
    assert "- RING-7 is low: 2 available on your shelves, alert at 3" in body
    assert "x RING-7 from Findings Co: 2 available and 0 on order" in body


def test_nothing_is_sent_when_nothing_needs_the_seller(make_sku, shelf, actor, settings):
    ring = make_sku("RING-7", low_stock_threshold=1)
    stock.receive_stock(sku=ring, location=shelf, quantity=5, reason="opening", actor=actor)
    with smtp_mailbox(settings) as box:
        assert not send_restock_digest(to="maker@wren.example", today=clock.seller_today())
    assert box.received == []
