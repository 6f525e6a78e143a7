"""Recording orders from any channel: an idempotent upsert that keeps stock in step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q

from sellerdesk.catalog.models import Listing, Sku
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Reservation
from sellerdesk.inventory.services import Actor, OutOfStock

from .. import domain
from ..models import BuyerDetails, Order, OrderEventKind, OrderLine
from .timeline import add_event, status_event

_ORDER_FIELDS = (
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
_MONEY_FIELDS = (
    "item_price",
    "item_tax",
    "shipping_price",
    "shipping_tax",
    "promotion_discount",
    "shipping_discount",
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
                short = _sync_stock(order, actor, now)
                return RecordResult(order=order, created=True, changed=True, short_lines=short)
        if domain.is_stale(incoming=data.last_updated_at, stored=order.last_updated_at):
            return RecordResult(order=order, created=False, changed=False)
        changed = _update(order, marketplace, data, actor, now)
        short = _sync_stock(order, actor, now)
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


def _resolve_sku(channel: SalesChannel, marketplace: Marketplace | None, code: str) -> Sku | None:
    listing = (
        Listing.objects.filter(channel=channel, channel_sku=code)
        .filter(Q(marketplace=marketplace) | Q(marketplace__isnull=True))
        .select_related("sku")
        .order_by("marketplace_id")
        .first()
    )
    if listing is not None:
        return listing.sku
    return Sku.objects.filter(code=code).first()


def _create(
    channel: SalesChannel, marketplace: Marketplace | None, data: domain.OrderData, now: dt.datetime
) -> Order:
    order = Order.objects.create(
        channel=channel,
        marketplace=marketplace,
        external_id=data.external_id,
        received_at=now,
        prices_include_tax=_prices_include_tax(data, marketplace),
        total=domain.order_total(
            data.lines, data.currency, prices_include_tax=_prices_include_tax(data, marketplace)
        ).amount,
        item_count=sum(line.quantity_ordered for line in data.lines),
        **{name: getattr(data, name) for name in _ORDER_FIELDS},
    )
    for line in data.lines:
        OrderLine.objects.create(order=order, **_line_values(channel, marketplace, data, line))
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
    values: dict[str, object] = {
        "external_id": line.external_id,
        "channel_sku": line.channel_sku,
        "sku": _resolve_sku(channel, marketplace, line.channel_sku),
        "asin": line.asin,
        "title": line.title,
        "quantity_ordered": line.quantity_ordered,
        "quantity_shipped": line.quantity_shipped,
        "quantity_cancelled": line.quantity_cancelled,
        "currency": data.currency,
        "is_gift": line.is_gift,
        "gift_message": line.gift_message,
        "personalisation": line.personalisation,
    }
    for name in _MONEY_FIELDS:
        amount = getattr(line, name)
        values[name] = amount.amount if amount is not None else zero
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
    for name in _ORDER_FIELDS:
        value = incoming if name == "status" else getattr(data, name)
        if getattr(order, name) != value:
            setattr(order, name, value)
            changed = True
    if marketplace is not None and order.marketplace_id != marketplace.pk:
        order.marketplace = marketplace
        changed = True
    existing = {line.external_id: line for line in order.lines.all()}
    for line in data.lines:
        values = _line_values(order.channel, order.marketplace, data, line)
        current = existing.get(line.external_id)
        if current is None:
            OrderLine.objects.create(order=order, **values)
            changed = True
            continue
        values.pop("sku")  # keep a mapping the seller may have corrected by hand
        dirty = [name for name, value in values.items() if getattr(current, name) != value]
        if dirty:
            for name in dirty:
                setattr(current, name, values[name])
            current.save(update_fields=dirty)
            changed = True
    if data.buyer is not None:
        BuyerDetails.objects.update_or_create(order=order, defaults=_buyer_values(data.buyer))
    if changed:
        order.total = domain.order_total(
            data.lines, data.currency, prices_include_tax=order.prices_include_tax
        ).amount
        order.item_count = sum(line.quantity_ordered for line in data.lines)
        order.save()
        if before != order.status:
            status_event(order, before, now, "sync")
        else:
            add_event(order, now, OrderEventKind.UPDATED, "Updated by the channel", actor.name)
    return changed


def _held(line: OrderLine) -> int:
    return sum(
        Reservation.objects.filter(reference=line.reference).values_list("quantity", flat=True)
    )


def _sync_stock(order: Order, actor: Actor, now: dt.datetime) -> tuple[str, ...]:
    """Bring the order's reservations in line with its status: hold, top up, release or consume."""
    short: list[str] = []
    holds = domain.holds_stock(status=order.status, fulfillment=order.fulfillment)
    for line in order.lines.select_related("sku"):
        held = _held(line)
        if line.sku is None:
            if holds:
                short.append(line.channel_sku)
                add_event(
                    order,
                    now,
                    OrderEventKind.STOCK,
                    f"SKU {line.channel_sku} is not in the catalogue: map it to a product "
                    "to reserve stock",
                    actor.name,
                )
            continue
        if not holds:
            if (
                held
                and order.status in domain.SHIPPED_STATES
                and order.fulfillment == domain.SELLER
            ):
                stock.ship_stock(
                    sku=line.sku, quantity=held, reference=line.reference, actor=actor, at=now
                )
            elif held:
                stock.release_reservations(
                    reference=line.reference,
                    actor=actor,
                    reason=f"order {order.status.lower()}",
                    at=now,
                )
            continue
        wanted = line.quantity_open - held
        if wanted > 0:
            try:
                stock.reserve_stock(
                    sku=line.sku, quantity=wanted, reference=line.reference, actor=actor, at=now
                )
            except OutOfStock as error:
                short.append(line.channel_sku)
                add_event(order, now, OrderEventKind.STOCK, error.message, actor.name)
        elif wanted < 0:
            # Fewer units are open than held (a line cancelled in part): give the excess back.
            stock.release_reservations(
                reference=line.reference, actor=actor, reason="quantity reduced", at=now
            )
            if line.quantity_open:
                stock.reserve_stock(
                    sku=line.sku,
                    quantity=line.quantity_open,
                    reference=line.reference,
                    actor=actor,
                    at=now,
                )
    return tuple(short)
