"""Reads for fulfilment: the shipping calendar of a marketplace and the orders' ship-by times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from sellerdesk.channels.models import Marketplace
from sellerdesk.orders.models import Order

from .domain.ship_by import ShippingCalendar
from .models import DEFAULT_CUTOFF, DEFAULT_HANDLING_DAYS, Holiday, ShippingSettings


def shipping_calendars(marketplace_ids: Iterable[int]) -> dict[int, ShippingCalendar]:
    """Each marketplace's calendar, the seller's settings there or the defaults: three queries."""
    wanted = set(marketplace_ids)
    marketplaces = Marketplace.objects.filter(pk__in=wanted).only("pk", "time_zone")
    chosen = {
        row.marketplace_id: row for row in ShippingSettings.objects.filter(marketplace__in=wanted)
    }
    holidays: dict[int, set[dt.date]] = {}
    for marketplace_id, day in Holiday.objects.filter(marketplace__in=wanted).values_list(
        "marketplace_id", "day"
    ):
        holidays.setdefault(marketplace_id, set()).add(day)
    calendars = {}
    for marketplace in marketplaces:
        own = chosen.get(marketplace.pk)
        calendars[marketplace.pk] = ShippingCalendar(
            zone=ZoneInfo(marketplace.time_zone),
            handling_days=own.handling_days if own else DEFAULT_HANDLING_DAYS,
            cutoff=own.cutoff if own else DEFAULT_CUTOFF,
            holidays=frozenset(holidays.get(marketplace.pk, ())),
        )
    return calendars


@dataclass(frozen=True)
class ShippingCalendarEntry:
    marketplace: Marketplace
    handling_days: int
    cutoff: dt.time
    holidays: list[tuple[dt.date, str]]


def shipping_calendar_list() -> list[ShippingCalendarEntry]:
    """The shipping calendar of each marketplace the seller sells in, as set or by default."""
    marketplaces = list(
        Marketplace.objects.filter(is_active=True)
        .select_related("channel", "shipping_settings")
        .order_by("channel__name", "code")
    )
    holidays: dict[int, list[tuple[dt.date, str]]] = {}
    for marketplace_id, day, name in Holiday.objects.filter(
        marketplace__in=marketplaces
    ).values_list("marketplace_id", "day", "name"):
        holidays.setdefault(marketplace_id, []).append((day, name))
    entries = []
    for marketplace in marketplaces:
        own = getattr(marketplace, "shipping_settings", None)
        entries.append(
            ShippingCalendarEntry(
                marketplace=marketplace,
                handling_days=own.handling_days if own else DEFAULT_HANDLING_DAYS,
                cutoff=own.cutoff if own else DEFAULT_CUTOFF,
                holidays=holidays.get(marketplace.pk, []),
            )
        )
    return entries


def shop_calendar() -> ShippingCalendar:
    """For orders of no marketplace (a channel with one shop): the shop's own time zone."""
    return ShippingCalendar(zone=ZoneInfo(settings.TIME_ZONE))


def ship_by_times(orders: Iterable[Order]) -> dict[int, dt.datetime]:
    """When each order must ship: the channel's latest ship date when it sent one, else the
    end of the ship-by day its marketplace's calendar gives (amazon-rules.md section 4)."""
    pending = list(orders)
    calendars = shipping_calendars(
        {order.marketplace_id for order in pending if order.marketplace_id is not None}
    )
    fallback = shop_calendar()
    return {
        order.pk: order.latest_ship_at
        or calendars.get(order.marketplace_id or 0, fallback).ship_by(order.purchased_at)
        for order in pending
    }
