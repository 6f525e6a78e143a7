"""Etsy's "Order Items" export (EtsySoldOrderItems*.csv): one line per item sold.

Etsy gives each sale's day, not its time, so an order is placed at the start of that day in
the seller's time zone. The order's shipping and sales tax are repeated on each of its item
lines: they are counted once, on its first line. A line with a posted date has shipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

from sellerdesk.core import clock
from sellerdesk.core.money import Money
from sellerdesk.orders import domain

from .reader import CsvRows
from .values import Cells, country_code

SIGNATURE = frozenset(
    {"sale date", "order id", "transaction id", "listing id", "quantity", "price"}
)


def etsy_orders(rows: CsvRows) -> Iterator[tuple[int, domain.OrderData]]:
    """Each order of the file with the line it starts on, in the file's order."""
    zone = clock.seller_zone()
    grouped: dict[str, list[Cells]] = {}
    for line, row in rows:
        cells = Cells(rows, line, row)
        grouped.setdefault(cells.required("order id", "Etsy's order number"), []).append(cells)
    for order_id, items in grouped.items():
        yield items[0].line, _order(order_id, items, zone)


def _order(order_id: str, items: list[Cells], zone: ZoneInfo) -> domain.OrderData:
    first = items[0]
    currency = first.currency("currency")
    sold = first.day("sale date", zone)
    if sold is None:
        raise first.rows.error(
            first.line, "sale date", "this cell is empty", "a date like 11/25/25"
        )
    lines = []
    stamps = [sold]
    for index, cells in enumerate(items):
        quantity = cells.count("quantity")
        posted = cells.day("date posted", zone)
        paid = cells.day("date paid", zone)
        stamps += [stamp for stamp in (posted, paid) if stamp]

        def money(amount: Decimal) -> Money:
            return Money(amount, currency)

        sku = cells.text("sku") or f"etsy-listing-{cells.text('listing id')}"
        lines.append(
            domain.LineData(
                external_id=cells.required("transaction id", "Etsy's transaction number"),
                channel_sku=sku[:64],
                quantity_ordered=quantity,
                quantity_shipped=quantity if posted else 0,
                item_price=money(cells.amount("price") * quantity),
                promotion_discount=money(cells.amount("discount amount")),
                shipping_price=money(cells.amount("order shipping") if index == 0 else Decimal(0)),
                item_tax=money(cells.amount("order sales tax") if index == 0 else Decimal(0)),
                shipping_discount=money(
                    cells.amount("delivery discount") if index == 0 else Decimal(0)
                ),
                title=cells.text("item name")[:500],
                personalisation=cells.text("variations"),
            )
        )
    shipped = sum(line.quantity_shipped for line in lines)
    ordered = sum(line.quantity_ordered for line in lines)
    status = (
        domain.SHIPPED
        if shipped == ordered
        else domain.PARTIALLY_SHIPPED
        if shipped
        else domain.UNSHIPPED
    )
    buyer = domain.BuyerData(
        name=first.text("buyer"),
        ship_name=first.text("ship name"),
        address_line1=first.text("ship address1"),
        address_line2=first.text("ship address2"),
        city=first.text("ship city"),
        region=first.text("ship state"),
        postal_code=first.text("ship zipcode"),
        country_code=country_code(first.text("ship country")),
    )
    data = domain.OrderData(
        channel="etsy", external_id=order_id, status=status, fulfillment=domain.SELLER,
        purchased_at=sold.astimezone(dt.UTC), last_updated_at=max(stamps).astimezone(dt.UTC),
        currency=currency, lines=lines, buyer=buyer,
        prices_include_tax=bool(first.amount("vat paid by buyer")),
    )  # fmt: skip
    return data
