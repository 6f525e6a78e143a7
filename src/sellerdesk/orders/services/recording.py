"""Recording orders from any channel: an idempotent upsert that keeps stock in step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.db import IntegrityError, transaction

from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor

from .. import domain
from ..models import BuyerDetails, Order, OrderEventKind, OrderLine
from .sku_mapping import SkuResolver
from .stock_sync import sync_stock
from .timeline import add_event, status_event

# Order fields copied from the channel's data as they come.
ORDER_DATA_FIELDS = (
    "status",
    "fulfillment",
    "purchased_at",
    "last_updated_at",
    "earliest_ship_at",
    "latest_ship_at",
    "earliest_delivery_at",
    "latest_delivery_at",
    "ship_service_level",
    "is_prime",
    "is_business",
    "currency",
)


@dataclass(frozen=True, slots=True)
class RecordResult:
    order: Order
    created: bool
    changed: bool
    short_lines: tuple[str, ...] = ()


def record_order(*, data: domain.OrderData, actor: Actor) -> RecordResult:
    """Create or update an order from a channel; the same external id never makes a second order.

    Seller-fulfilled lines reserve stock; lines short of stock are recorded and flagged,
    never refused, because the sale has already happened on the channel.
    """
    try:
        domain.validate(data)
    except domain.InvalidOrderData as error:
        raise DomainError(str(error)) from error
    channel = _channel(data.channel)
    marketplace = _marketplace(channel, data.marketplace)
    now = clock.now()
    with transaction.atomic():
        order = _lock(channel, data.external_id)
        if order is None:
            try:
                with transaction.atomic():
                    order = _create(channel, marketplace, data, now)
            except IntegrityError:
                # Another worker recorded it between our read and insert: update theirs instead.
                order = _lock(channel, data.external_id)
                if order is None:
                    raise
            else:
                short = sync_stock(order, actor, now)
                return RecordResult(order=order, created=True, changed=True, short_lines=short)
        if domain.is_stale(incoming=data.last_updated_at, stored=order.last_updated_at):
            _complete_identity(order, data)
            return RecordResult(order=order, created=False, changed=False)
        changed = _update(order, marketplace, data, actor, now)
        short = sync_stock(order, actor, now)
        return RecordResult(order=order, created=False, changed=changed, short_lines=short)


def _channel(code: str) -> SalesChannel:
    try:
        return SalesChannel.objects.get(code=code)
    except SalesChannel.DoesNotExist:
        raise DomainError(f"Unknown sales channel {code!r}; add it under Settings.") from None


def _marketplace(channel: SalesChannel, code: str | None) -> Marketplace | None:
    if code is None:
        return None
    try:
        return Marketplace.objects.get(channel=channel, code=code)
    except Marketplace.DoesNotExist:
        raise DomainError(f"Unknown marketplace {code!r} for {channel.name}.") from None


def _prices_include_tax(data: domain.OrderData, marketplace: Marketplace | None) -> bool:
    if data.prices_include_tax is not None:
        return data.prices_include_tax
    return marketplace.prices_include_tax if marketplace is not None else False


def _lock(channel: SalesChannel, external_id: str) -> Order | None:
    return (
        Order.objects.select_for_update().filter(channel=channel, external_id=external_id).first()
    )


def _create(
    channel: SalesChannel, marketplace: Marketplace | None, data: domain.OrderData, now: dt.datetime
) -> Order:
    order = Order.objects.create(
        channel=channel,
        marketplace=marketplace,
        external_id=data.external_id,
        received_at=now,
        prices_include_tax=_prices_include_tax(data, marketplace),
        cancelled_by=data.cancelled_by,
        **{name: getattr(data, name) for name in ORDER_DATA_FIELDS},
    )
    lines = [
        OrderLine.objects.create(order=order, **_line_values(channel, marketplace, data, line))
        for line in data.lines
    ]
    _cache_totals(order, lines)
    order.save(update_fields=["total", "item_count"])
    if data.buyer is not None:
        BuyerDetails.objects.create(order=order, **_buyer_values(data.buyer))
    add_event(
        order,
        now,
        OrderEventKind.RECEIVED,
        f"Received from {channel.name}",
        "sync",
        status_to=order.status,
    )
    return order


def _line_values(
    channel: SalesChannel,
    marketplace: Marketplace | None,
    data: domain.OrderData,
    line: domain.LineData,
) -> dict[str, object]:
    zero = Decimal(0)
    resolver = SkuResolver(channel)
    values: dict[str, object] = {
        "external_id": line.external_id,
        "channel_sku": line.channel_sku,
        "sku_id": resolver.sku_id(marketplace.pk if marketplace else None, line.channel_sku),
        "asin": line.asin,
        "title": line.title,
        "quantity_ordered": line.quantity_ordered,
        "currency": data.currency,
        "is_gift": line.is_gift,
        "gift_message": line.gift_message,
        "personalisation": line.personalisation,
    }
    for name in domain.LINE_MONEY_FIELDS:
        amount = getattr(line, name)
        values[name] = amount.amount if amount is not None else zero
    values["quantity_shipped"], values["quantity_cancelled"] = domain.settled_quantities(
        status=data.status,
        ordered=line.quantity_ordered,
        shipped=line.quantity_shipped,
        cancelled=line.quantity_cancelled,
    )
    return values


def _buyer_values(buyer: domain.BuyerData) -> dict[str, str]:
    return {name: getattr(buyer, name) for name in domain.BuyerData.__slots__}


def _update(
    order: Order,
    marketplace: Marketplace | None,
    data: domain.OrderData,
    actor: Actor,
    now: dt.datetime,
) -> bool:
    before = order.status
    incoming = domain.merged_status(current=order.status, incoming=data.status)
    changed = False
    for name in ORDER_DATA_FIELDS:
        value = incoming if name == "status" else getattr(data, name)
        if getattr(order, name) != value:
            setattr(order, name, value)
            changed = True
    if marketplace is not None and order.marketplace_id != marketplace.pk:
        order.marketplace = marketplace
        changed = True
    # Only a channel that says who cancelled changes it: a report that does not keeps it.
    if data.cancelled_by and order.cancelled_by != data.cancelled_by:
        order.cancelled_by = data.cancelled_by
        changed = True
    stored = {line.external_id: line for line in order.lines.all()}
    pairs = _pairs(stored, data)
    for line in data.lines:
        values = _line_values(order.channel, order.marketplace, data, line)
        current = stored.get(pairs.get(line.external_id, ""))
        if current is None:
            stored[line.external_id] = OrderLine.objects.create(order=order, **values)
            changed = True
        else:
            if domain.is_sku_line_id(line.external_id):
                values["external_id"] = current.external_id  # keep the channel's own id
            changed |= _update_line(current, values)
    if data.buyer is not None:
        _update_buyer(order, data.buyer)
    if changed:
        # Lines the channel left out of this message stay: a report may list only some.
        _cache_totals(order, list(stored.values()))
        order.save()
        if before != order.status:
            status_event(order, before, now, "sync")
        else:
            add_event(order, now, OrderEventKind.UPDATED, "Updated by the channel", actor.name)
    return changed


def _pairs(stored: dict[str, OrderLine], data: domain.OrderData) -> dict[str, str]:
    return domain.pair_lines(
        [(line.external_id, line.channel_sku) for line in stored.values()],
        [(line.external_id, line.channel_sku) for line in data.lines],
    )


def _complete_identity(order: Order, data: domain.OrderData) -> None:
    """From older data, take only what names things: the channel's line ids, a missing buyer.

    Amazon's Unshipped report is a snapshot older than the order's last change, yet it is
    where the buyer's address and the order-item ids come from.
    """
    stored = {line.external_id: line for line in order.lines.all()}
    for incoming, current in _pairs(stored, data).items():
        if domain.is_sku_line_id(current) and not domain.is_sku_line_id(incoming):
            OrderLine.objects.filter(pk=stored[current].pk).update(external_id=incoming)
    if data.buyer is not None and not BuyerDetails.objects.filter(order=order).exists():
        BuyerDetails.objects.create(order=order, **_buyer_values(data.buyer))


def _update_line(current: OrderLine, values: dict[str, object]) -> bool:
    sku_id = values.pop("sku_id")
    if current.sku_id is None and sku_id is not None:
        values["sku_id"] = sku_id  # a listing added since maps the line now; a set one stays
    # Units shipped or cancelled here stay so until the channel catches up.
    values["quantity_shipped"] = max(
        current.quantity_shipped, cast(int, values["quantity_shipped"])
    )
    values["quantity_cancelled"] = max(
        current.quantity_cancelled, cast(int, values["quantity_cancelled"])
    )
    dirty = [name for name, value in values.items() if getattr(current, name) != value]
    for name in dirty:
        setattr(current, name, values[name])
    if dirty:
        current.save(update_fields=dirty)
    return bool(dirty)


def _update_buyer(order: Order, buyer: domain.BuyerData) -> None:
    details, created = BuyerDetails.objects.get_or_create(
        order=order, defaults=_buyer_values(buyer)
    )
    if created or details.purged_at is not None:
        return  # purged personal data is never refilled by a resend
    for name, value in _buyer_values(buyer).items():
        setattr(details, name, value)
    details.save()


def _cache_totals(order: Order, lines: list[OrderLine]) -> None:
    order.total = sum(
        (
            domain.charged_amount(
                **{name: getattr(line, name) for name in domain.LINE_MONEY_FIELDS},
                prices_include_tax=order.prices_include_tax,
            )
            for line in lines
        ),
        Decimal(0),
    )
    order.item_count = sum(line.quantity_ordered for line in lines)
