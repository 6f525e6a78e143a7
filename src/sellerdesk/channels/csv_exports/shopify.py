"""Shopify's orders export (orders_export*.csv): one line per line item, the order's own
fields (status, totals, addresses) on its first line only.

Shopify's CSV has no line item ids: a line is known by its SKU (and which of that SKU's
lines it is), so a re-export listing the items in another order pairs them right. The
order's tax and discount are shared out over its lines by value. Whether the
prices include tax is read from the totals: with tax on top, total = subtotal + shipping +
taxes; with tax included, total = subtotal + shipping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from sellerdesk.core.money import Money
from sellerdesk.orders import domain

from .reader import CsvRows
from .values import Cells, country_code

SIGNATURE = frozenset(
    {
        "name",
        "financial status",
        "fulfillment status",
        "created at",
        "lineitem quantity",
        "lineitem sku",
    }
)


def shopify_orders(rows: CsvRows) -> Iterator[tuple[int, domain.OrderData]]:
    """Each order with the line it starts on; an order's rows may lie apart in the file."""
    orders: dict[str, list[Cells]] = {}
    for line, row in rows:
        cells = Cells(rows, line, row)
        orders.setdefault(cells.required("name", "the order's name, like #1001"), []).append(cells)
    for items in orders.values():
        # The order's own fields are on one of its rows (the first Shopify wrote).
        items.sort(key=lambda cells: not cells.text("financial status"))
        yield items[0].line, _order(items)


def _order(items: list[Cells]) -> domain.OrderData:
    head = items[0]
    currency = head.currency("currency")

    def money(amount: Decimal) -> Money:
        return Money(amount, currency)

    created = head.instant("created at")
    if created is None:
        raise head.rows.error(head.line, "created at", "this cell is empty", "when it was placed")
    cancelled = head.instant("cancelled at")
    stamps = [created] + [
        stamp
        for stamp in (head.instant("paid at"), head.instant("fulfilled at"), cancelled)
        if stamp
    ]
    per_line_discounts = any(cells.amount("lineitem discount") for cells in items)
    whole = head.text("fulfillment status").lower() == "fulfilled"
    codes = [
        cells.text("lineitem sku") or f"(no SKU) {cells.text('lineitem name')}" for cells in items
    ]
    values = [cells.amount("lineitem price") * cells.count("lineitem quantity") for cells in items]
    taxes = _shares(head.amount("taxes"), values)
    order_discounts = _shares(head.amount("discount amount"), values)
    lines = []
    for index, (cells, line_id) in enumerate(zip(items, domain.sku_line_ids(codes), strict=True)):
        quantity = cells.count("lineitem quantity")
        done = whole or cells.text("lineitem fulfillment status").lower() == "fulfilled"
        discount = (
            cells.amount("lineitem discount") if per_line_discounts else order_discounts[index]
        )
        lines.append(
            domain.LineData(
                external_id=line_id[:64],
                channel_sku=codes[index][:64],
                quantity_ordered=quantity,
                quantity_shipped=quantity if done and not cancelled else 0,
                quantity_cancelled=quantity if cancelled else 0,
                item_price=money(cells.amount("lineitem price") * quantity),
                promotion_discount=money(discount),
                shipping_price=money(head.amount("shipping") if index == 0 else Decimal(0)),
                item_tax=money(taxes[index]),
                title=cells.text("lineitem name")[:500],
            )
        )
    taxes, total = head.amount("taxes"), head.amount("total")
    included = bool(taxes) and total == head.amount("subtotal") + head.amount("shipping")
    buyer = domain.BuyerData(
        name=head.text("billing name"),
        email=head.text("email"),
        ship_name=head.text("shipping name"),
        address_line1=head.text("shipping address1"),
        address_line2=head.text("shipping address2"),
        city=head.text("shipping city"),
        region=head.text("shipping province"),
        postal_code=head.text("shipping zip").lstrip("'"),
        country_code=country_code(head.text("shipping country")),
        ship_phone=head.text("shipping phone"),
    )
    return domain.OrderData(
        channel="shopify", external_id=head.text("name"), status=_status(head, lines, cancelled),
        fulfillment=domain.SELLER, purchased_at=created.astimezone(dt.UTC),
        last_updated_at=max(stamps).astimezone(dt.UTC), currency=currency, lines=lines,
        buyer=buyer, prices_include_tax=included, cancelled_by="seller" if cancelled else "",
    )  # fmt: skip


def _shares(amount: Decimal, values: list[Decimal]) -> list[Decimal]:
    """`amount` shared out by value to the cent, the rounding left on the first line."""
    total = sum(values, Decimal(0))
    if not amount:
        return [Decimal(0)] * len(values)
    if not total:
        return [amount] + [Decimal(0)] * (len(values) - 1)
    shares = [(amount * value / total).quantize(Decimal("0.01")) for value in values]
    shares[0] += amount - sum(shares, Decimal(0))
    return shares


def _status(head: Cells, lines: list[domain.LineData], cancelled: dt.datetime | None) -> str:
    if cancelled:
        return domain.CANCELED
    shipped = sum(line.quantity_shipped for line in lines)
    if shipped and shipped == sum(line.quantity_ordered for line in lines):
        return domain.SHIPPED
    if shipped:
        return domain.PARTIALLY_SHIPPED
    paid = head.text("financial status").lower()
    if paid in {"refunded", "voided"}:  # money back before anything went out: not coming
        return domain.CANCELED
    if paid in {"pending", "authorized"}:
        return domain.PENDING
    return domain.UNSHIPPED
