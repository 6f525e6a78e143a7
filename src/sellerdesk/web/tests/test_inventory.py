import datetime as dt
import re

import pytest
from django.urls import reverse

from sellerdesk.catalog.tests.factories import SkuFactory
from sellerdesk.inventory.models import MovementKind
from sellerdesk.inventory.tests.factories import (
    FbaLocationFactory,
    LocationFactory,
    StockLevelFactory,
    StockMovementFactory,
)
from sellerdesk.orders.tests.factories import OrderLineFactory

from .conftest import HTMX

pytestmark = pytest.mark.django_db
INVENTORY = reverse("web:inventory")


def sku_rows(response) -> list[tuple[str, bool]]:
    """(SKU code, highlighted as low) for each row of the stock table."""
    page = response.content.decode()
    return [
        (code, "is-low" in attrs)
        for attrs, code in re.findall(
            r"<tr([^>]*)>\s*<td><a class=\"mono\" href=\"[^\"]+\">([^<]+)</a>", page
        )
    ]


@pytest.fixture
def stock():
    shelf = LocationFactory(code="BENCH", name="Bench")
    StockLevelFactory(sku__code="RING-LOW", sku__low_stock_threshold=2, location=shelf, on_hand=1)
    StockLevelFactory(sku__code="RING-FULL", sku__low_stock_threshold=2, location=shelf, on_hand=12)
    StockLevelFactory(sku__code="RING-FULL", location=FbaLocationFactory(), on_hand=30)


def test_inventory_lists_levels_and_highlights_low_stock(signed_in, stock):
    response = signed_in.get(INVENTORY)

    assert response.status_code == 200
    assert b"<html" in response.content
    assert sku_rows(response) == [("RING-FULL", False), ("RING-FULL", False), ("RING-LOW", True)]


def test_inventory_filters_arrive_as_a_partial_for_htmx(signed_in, stock):
    response = signed_in.get(INVENTORY, {"low_only": "on"}, **HTMX)

    assert b"<html" not in response.content
    assert sku_rows(response) == [("RING-LOW", True)]


def test_inventory_filters_by_location_and_search(signed_in, stock):
    by_location = signed_in.get(INVENTORY, {"location": "FBA-NA"})
    by_search = signed_in.get(INVENTORY, {"q": "ring-l"})

    assert sku_rows(by_location) == [("RING-FULL", False)]
    assert sku_rows(by_search) == [("RING-LOW", True)]


def test_a_sku_page_shows_levels_and_its_ledger(signed_in):
    sku = SkuFactory(code="RING/ROSE 7", title="Rose ring, size 7")
    shelf = LocationFactory(name="Bench drawer")
    StockLevelFactory(sku=sku, location=shelf, on_hand=4, reserved=1)
    StockMovementFactory(
        sku=sku,
        location=shelf,
        kind=MovementKind.SHIPMENT,
        on_hand_change=-1,
        reserved_change=-1,
        reference="order-line:7",
        actor="maker",
        reason="Posted",
    )

    response = signed_in.get(reverse("web:sku_detail", args=[sku.code]))

    page = response.content.decode()
    assert response.status_code == 200
    for expected in [
        "Rose ring, size 7",
        "Bench drawer",
        "Shipment",
        "order-line:7",
        "Posted",
        ">-1<",
    ]:
        assert expected in page


def test_a_sku_pages_movements_page_through_htmx(signed_in):
    sku = SkuFactory()
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(51):
        StockMovementFactory(sku=sku, reason=f"batch {n}", created_at=start + dt.timedelta(hours=n))

    response = signed_in.get(reverse("web:sku_detail", args=[sku.code]), {"page": "2"}, **HTMX)

    assert b"<html" not in response.content
    assert "batch 0<" in response.content.decode()
    assert "batch 50<" not in response.content.decode()


def test_an_unknown_sku_is_not_found(signed_in):
    assert signed_in.get(reverse("web:sku_detail", args=["NOPE"])).status_code == 404


def test_a_movement_caused_by_an_order_links_to_that_order(signed_in):
    line = OrderLineFactory(order__external_id="113-5555555-1212121")
    StockMovementFactory(
        sku=line.sku,
        reference=line.reference,
        kind=MovementKind.RESERVATION,
        on_hand_change=0,
        reserved_change=1,
    )
    StockMovementFactory(sku=line.sku, reference="po:12", kind=MovementKind.RECEIPT)

    page = signed_in.get(reverse("web:sku_detail", args=[line.sku.code])).content.decode()

    link = reverse("web:order_detail", args=[line.order.pk])
    assert f'<a href="{link}" title="{line.reference}">113-5555555-1212121</a>' in page
    assert ">po:12<" in page


def test_a_sku_is_made_a_kit_on_its_page_and_offers_what_its_parts_make(signed_in, actor):
    from sellerdesk.inventory import services
    from sellerdesk.inventory.models import Location

    shelf = Location.objects.create(code="S", name="Shelf")
    charm, box = SkuFactory(code="CHARM-HEART"), SkuFactory(code="GIFT-BOX")
    for part, quantity in ((charm, 7), (box, 5)):
        services.receive_stock(sku=part, location=shelf, quantity=quantity, reason="r", actor=actor)
    kit = SkuFactory(code="GIFT-SET")
    url = reverse("web:sku_assembly", args=[kit.pk])

    wrong = signed_in.post(url, {"assembly": "kit", "parts_text": "CHARM-HEART two"}, follow=True)
    assert "Parts, line 1: write the SKU and a whole number" in wrong.content.decode()
    signed_in.post(url, {"assembly": "kit", "parts_text": "CHARM-HEART 2\nGIFT-BOX 1\n"})

    page = signed_in.get(reverse("web:sku_detail", args=[kit.code])).content.decode()
    assert re.search(r'id="assembly-offer">Can be offered now: <strong>3</strong>', page)
    kit.refresh_from_db()
    assert kit.assembly == "kit"
