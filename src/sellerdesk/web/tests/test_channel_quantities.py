"""Per-channel quantities: buffers, one-of-a-kind pieces, publishing by hand and drift."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import ChannelBuffer, ChannelQuantity
from sellerdesk.inventory.selectors import listing_quantities

pytestmark = pytest.mark.django_db
PAGE = reverse("web:channel_quantities")


def rows(page: str) -> dict[str, tuple[str, str]]:
    """Listing SKU: (to offer, drift)."""
    found = re.findall(
        r'<tr data-listing="([^"]+)".*?class="num to-offer"><strong>(\d+)</strong>.*?'
        r'class="num drift">([^<]*)</td>',
        page,
        re.S,
    )
    return {sku: (offer, drift) for sku, offer, drift in found}


@pytest.fixture
def listed(reference_data, make_sku, shelf, actor):
    """Rings (10 on the shelf, 2 safety stock) and a one-of-a-kind brooch on Etsy and Shopify."""
    ring = make_sku("RING-7", safety_stock=2)
    brooch = make_sku("BROOCH-1", is_one_of_a_kind=True)
    stock.receive_stock(sku=ring, location=shelf, quantity=10, reason="r", actor=actor)
    stock.receive_stock(sku=brooch, location=shelf, quantity=1, reason="made", actor=actor)
    for code in ("etsy", "shopify"):
        channel = SalesChannel.objects.get(code=code)
        for sku in (ring, brooch):
            Listing.objects.create(sku=sku, channel=channel, channel_sku=sku.code)
    return ring, brooch


def test_each_listing_offers_stock_less_safety_stock_and_its_channels_buffer(listed):
    ChannelBuffer.objects.create(channel=SalesChannel.objects.get(code="etsy"), units=3)
    wanted = {
        (listing.channel.code, listing.channel_sku): quantity
        for listing, quantity in (
            (listing, listing_quantities([listing])[listing.pk])
            for listing in Listing.objects.select_related("channel")
        )
    }
    # 10 on the shelf - 2 safety stock = 8; Etsy holds back 3 more. The brooch is 1 anywhere.
    assert wanted == {
        ("etsy", "RING-7"): 5, ("shopify", "RING-7"): 8,
        ("etsy", "BROOCH-1"): 1, ("shopify", "BROOCH-1"): 1,
    }  # fmt: skip


def test_a_one_of_a_kind_piece_held_by_an_order_is_offered_nowhere(listed, actor):
    _, brooch = listed
    stock.reserve_stock(sku=brooch, quantity=1, reference="order-line:1", actor=actor)
    quantities = listing_quantities(Listing.objects.filter(sku=brooch))
    assert set(quantities.values()) == {0}


def test_publishing_by_hand_with_the_file_then_marking_it_done(signed_in, listed, actor):
    page = signed_in.get(PAGE, {"channel": "etsy"}).content.decode()
    assert "2 listings to update" in page
    download = signed_in.get(reverse("web:channel_quantities_csv", args=["etsy"]))
    assert download.content.decode().splitlines() == [
        "SKU,Quantity,Was", "BROOCH-1,1,", "RING-7,8,"
    ]  # fmt: skip

    shown = dict(re.findall(r'name="(shown_\d+)" value="(\d+)"', page))
    assert sorted(shown.values()) == ["1", "8"]
    # The brooch sells before the seller says she has set them: what she set stands.
    _, brooch = listed
    stock.reserve_stock(sku=brooch, quantity=1, reference="order-line:5", actor=actor)
    signed_in.post(reverse("web:channel_quantities_publish", args=["etsy"]), shown)
    assert set(ChannelQuantity.objects.values_list("published", flat=True)) == {1, 8}
    page = signed_in.get(PAGE, {"channel": "etsy"}).content.decode()
    assert rows(page)["BROOCH-1"][0] == "0"
    assert "1 listing to update" in page


def test_a_channels_listings_export_shows_the_drift(signed_in, listed, tmp_path):
    page = signed_in.get(PAGE, {"channel": "etsy"}).content.decode()
    shown = dict(re.findall(r'name="(shown_\d+)" value="(\d+)"', page))
    signed_in.post(reverse("web:channel_quantities_publish", args=["etsy"]), shown)
    export = tmp_path / "EtsyListingsDownload.csv"
    export.write_text(
        "TITLE,DESCRIPTION,PRICE,CURRENCY_CODE,QUANTITY,TAGS,MATERIALS,SKU\n"
        "Stacking ring,Hammered,24.00,USD,11,rings,silver,RING-7\n"
        "Brooch,One of a kind,80.00,USD,1,brooch,silver,BROOCH-1\n"
        "Old piece,,10.00,USD,2,,,\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import", str(export), stdout=out)
    assert "Etsy listings export (CSV)" in out.getvalue()

    page = signed_in.get(PAGE, {"channel": "etsy"}).content.decode()
    assert rows(page) == {"BROOCH-1": ("1", "0"), "RING-7": ("8", "+3")}
    assert "1 drifting" in page


def test_a_channels_buffer_is_set_on_the_page(signed_in, listed):
    etsy = SalesChannel.objects.get(code="etsy")
    signed_in.post(reverse("web:channel_buffer", args=[etsy.pk]), {"units": "2"})
    assert ChannelBuffer.objects.get(channel=etsy).units == 2
    response = signed_in.post(
        reverse("web:channel_buffer", args=[etsy.pk]), {"units": "x"}, follow=True
    )
    assert "Hold back a whole number of units from Etsy" in response.content.decode()


def test_amazons_listings_report_shows_its_drift_and_leaves_fba_rows_alone(
    signed_in, listed, tmp_path
):
    ring, _ = listed
    us = Marketplace.objects.get(channel__code="amazon", code="US")
    listing = Listing.objects.create(sku=ring, channel=us.channel, marketplace=us, channel_sku="R7")
    ChannelQuantity.objects.create(listing=listing, published=8, published_at=clock.now())
    report = tmp_path / "Active+Listings+Report.txt"
    header = "item-name\tlisting-id\tseller-sku\tprice\tquantity\tasin1\tfulfillment-channel\n"
    report.write_text(
        header
        + "Stacking ring\t1\tR7\t24.00\t6\tB0TEST0001\tDEFAULT\n"
        + "Stacking ring FBA\t2\tR7-FBA\t24.00\t\tB0TEST0001\tAMAZON_NA\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("import", str(report), "--marketplace", "US", stdout=out)
    assert "skipped 1: fulfilled by Amazon" in out.getvalue()
    page = signed_in.get(PAGE, {"channel": "amazon"}).content.decode()
    assert rows(page)["R7"] == ("8", "-2")
