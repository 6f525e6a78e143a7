"""The demo shop's sets, made-to-order pieces and Etsy listings, added once its year is loaded.

A gift set of the stacking ring and the heart necklace, boxed, sells as its parts; a name
bangle is made to order from silver blanks, ten a week within a five-day production time;
both are listed on Amazon too. Packaging and materials are listed nowhere.
The best sellers are also listed on Etsy, which is held back two units: it hears of
Amazon's sales only when the seller updates it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sellerdesk.catalog.models import Listing, Product, Sku
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.inventory.models import Location
from sellerdesk.inventory.services import Actor, receive_stock, set_assembly
from sellerdesk.inventory.services.publishing import set_channel_buffer

PRICES = {"US": ("64.00", "46.00"), "UK": ("54.00", "39.00")}  # the set, the bangle
ETSY_LISTED = 12  # the best-selling SKUs, by code order of their designs


def add_sets_and_made_to_order(*, as_of: dt.datetime, actor: Actor) -> None:
    shelf = Location.objects.get(code="STUDIO-B")
    packaging = Product.objects.create(title="Packaging", category="Packaging")
    box = _sku(packaging, "PKG-GIFTBOX", "Kraft gift box with ribbon", "0.85")
    blank = _sku(packaging, "MAT-BANGLE-BLANK", "Sterling silver bangle blank", "3.10")
    for sku, quantity in ((box, 120), (blank, 25)):
        receive_stock(
            sku=sku, location=shelf, quantity=quantity, reason="opening stock", actor=actor,
            at=as_of - dt.timedelta(days=30), unit_cost=sku.unit_cost,
        )  # fmt: skip
    ring = Sku.objects.get(code="RNG-STACK-SS-07")
    heart = Sku.objects.filter(code__startswith="NCK-HEART-SS").order_by("code").first()
    assert heart is not None
    gift = Product.objects.create(title="Gift sets", category="Sets")
    kit = _sku(gift, "SET-RING-HEART", "Stacking ring and heart necklace gift set", "0")
    set_assembly(sku=kit, assembly="kit", parts=[(ring, 1), (heart, 1), (box, 1)])
    bangle = Product.objects.create(title="Name bangle, made to order", category="Bracelets")
    made = _sku(bangle, "BRC-NAME-MTO", "Hand-stamped name bangle, made for you", "0")
    made.is_personalisable = True
    made.save(update_fields=["is_personalisable"])
    set_assembly(
        sku=made, assembly="made_to_order", parts=[(blank, 1), (box, 1)],
        weekly_capacity=10, production_days=5,
    )  # fmt: skip
    etsy = SalesChannel.objects.get(code="etsy")
    listed = Sku.objects.filter(
        is_active=True, is_one_of_a_kind=False, product__category__in=("Rings", "Necklaces")
    )
    Listing.objects.bulk_create(
        Listing(sku=sku, channel=etsy, channel_sku=sku.code)
        for sku in [*listed.order_by("code")[:ETSY_LISTED], kit, made]
    )
    markets = Marketplace.objects.filter(channel__code="amazon", code__in=PRICES)
    Listing.objects.bulk_create(
        Listing(
            sku=sku,
            channel=market.channel,
            marketplace=market,
            channel_sku=sku.code,
            price=Decimal(PRICES[market.code][index]),
            currency=market.currency,
        )
        for market in markets
        for index, sku in enumerate((kit, made))
    )
    set_channel_buffer(channel_id=etsy.pk, units=2)
    # Stamped with the demo's day, not the loading's: the same seed writes the same rows.
    new = [box.pk, blank.pk, kit.pk, made.pk]
    Sku.objects.filter(pk__in=new).update(created_at=as_of)
    Product.objects.filter(skus__pk__in=new).update(created_at=as_of)


def _sku(product: Product, code: str, title: str, cost: str) -> Sku:
    return Sku.objects.create(
        product=product, code=code, title=title, unit_cost=Decimal(cost), lead_time_days=10,
        low_stock_threshold=10,
    )  # fmt: skip
