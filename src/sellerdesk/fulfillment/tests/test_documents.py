import datetime as dt
import io
from decimal import Decimal

import pytest
from PIL import Image

from sellerdesk.core.tests.pdf_pages import pdf_image_count, pdf_pages
from sellerdesk.fulfillment.documents.packing_slips import packing_slips_pdf
from sellerdesk.fulfillment.documents.pick_list import pick_list_pdf
from sellerdesk.fulfillment.domain.pick_list import PickItem, pick_list
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.fulfillment.selectors import batch_orders
from sellerdesk.fulfillment.services import create_batch
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory, OrderLineFactory

PRINTED = dt.datetime(2025, 6, 11, 9, 30, tzinfo=dt.UTC)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_the_pick_list_prints_each_location_its_skus_totals_and_each_orders_notes():
    pick = pick_list(
        [
            PickItem("Front drawer", (1, "F"), "RING-5", "Stacking ring", "111-1", 2, "Zoë ♥ Jun"),
            PickItem(
                "Front drawer", (1, "F"), "RING-5", "Stacking ring", "111-2", 1, "", "For you"
            ),
            PickItem("Back shelf", (2, "B"), "CHAIN-1", "Fine chain", "111-2", 3),
        ]
    )

    pages = pdf_pages(pick_list_pdf(pick, title="Pick list: batch 7", printed_at=PRINTED))

    text = squash(" ".join(pages))
    assert "Pick list: batch 7" in text
    assert "2 orders, 6 units of 2 SKUs" in text
    assert text.index("Front drawer: 3 units") < text.index("Back shelf: 3 units")
    assert "Personalisation: Zoë ♥ Jun" in text
    assert "Gift message: For you" in text
    assert text.index("RING-5") < text.index("111-1") < text.index("111-2") < text.index("CHAIN-1")


def test_a_long_pick_list_runs_onto_more_pages_with_nothing_lost():
    items = [
        PickItem("Shelf", (1, "S"), f"SKU-{n:03d}", "Ring", f"111-{n:03d}", 1) for n in range(120)
    ]
    pages = pdf_pages(pick_list_pdf(pick_list(items), title="Pick list", printed_at=PRINTED))
    assert len(pages) > 1
    text = " ".join(pages)
    assert all(f"SKU-{n:03d}" in text for n in range(120))


@pytest.fixture
def shop(db):
    logo = io.BytesIO()
    Image.new("RGB", (120, 40), "navy").save(logo, "PNG")
    return ShopProfile.objects.create(
        shop_name="Wren & Wire",
        address_line1="4 Forge Lane",
        city="Bath",
        postal_code="BA1 1AA",
        country_code="GB",
        slip_note="Thank you! Returns within 30 days.",
        logo=logo.getvalue(),
        logo_type="image/png",
    )


@pytest.mark.django_db
def test_packing_slips_print_one_order_a_page_with_the_shop_and_prices(shop):
    first = OrderFactory(external_id="111-0000001-0000001", currency="GBP")
    OrderLineFactory(
        order=first,
        channel_sku="RING-5",
        title="Stacking ring",
        quantity_ordered=2,
        item_price=Decimal("44.00"),
        personalisation="J + K",
    )
    BuyerDetailsFactory(order=first, name="Ada Lovelace", address_line1="12 St James's Square")
    second = OrderFactory(external_id="111-0000002-0000002", currency="GBP")
    OrderLineFactory(order=second, channel_sku="CHAIN-1", title="Fine chain")
    batch = create_batch(order_ids=[first.pk, second.pk], actor=Actor("maker"))

    content = packing_slips_pdf(batch_orders(batch), shop=shop, title="Packing slips")
    pages = [squash(page) for page in pdf_pages(content)]

    assert len(pages) == 2
    assert "Wren & Wire" in pages[0]
    assert "4 Forge Lane" in pages[0]
    assert "Bath BA1 1AA" in pages[0]
    assert "Packing slip" in pages[0]
    assert "111-0000001-0000001" in pages[0]
    assert "111-0000002-0000002" in pages[1]
    assert "Ada Lovelace 12 St James's Square London SW1Y 4JH GB" in pages[0]
    assert "2 RING-5 Stacking ring Personalisation: J + K £44.00" in pages[0]
    # 44.00 + 3.00 shipping - 2.00 promotion + 1.80 + 0.20 tax
    assert "Total £47.00" in pages[0]
    assert "Thank you! Returns within 30 days." in pages[1]
    assert pdf_image_count(content) == [1, 1]


@pytest.mark.django_db
def test_a_gift_order_prints_without_prices_and_with_its_gift_message(shop):
    gift = OrderFactory(currency="USD")
    OrderLineFactory(
        order=gift, is_gift=True, gift_message="Happy birthday, Mum!", item_price=Decimal("61.50")
    )

    page = squash(pdf_pages(packing_slips_pdf([gift], shop=shop, title="Slips"))[0])

    assert "Gift receipt" in page
    assert "Gift message Happy birthday, Mum!" in page
    assert "$" not in page
    assert "61.50" not in page
    assert "Total" not in page


@pytest.mark.django_db
def test_slips_without_shop_details_say_where_to_set_them():
    order = OrderFactory()
    OrderLineFactory(order=order)
    page = squash(pdf_pages(packing_slips_pdf([order], shop=None, title="Slips"))[0])
    assert "Set your shop's name and return address in Settings" in page
