"""Reads for fulfilment: calendars, ship-by times, the to-ship queue and pick batches."""

from .batches import (
    batch_list,
    batch_orders,
    batch_pick_list,
    batch_shipments,
    due_today_unbatched,
    shop_name,
    shop_profile,
)
from .labels import bought_document, labels_in_use, labels_to_print, loose_labels
from .packing import pack_lines, packing_settings
from .queue import (
    AT_RISK,
    QueuedOrder,
    ShippingCalendarEntry,
    ShipToday,
    ToShipQueue,
    ship_by_times,
    ship_today_summary,
    shipping_calendar_list,
    shipping_calendars,
    shop_calendar,
    to_ship_queue,
)

__all__ = [
    "AT_RISK",
    "QueuedOrder",
    "ShipToday",
    "ShippingCalendarEntry",
    "ToShipQueue",
    "batch_list",
    "batch_orders",
    "batch_pick_list",
    "batch_shipments",
    "bought_document",
    "due_today_unbatched",
    "labels_in_use",
    "labels_to_print",
    "loose_labels",
    "pack_lines",
    "packing_settings",
    "ship_by_times",
    "ship_today_summary",
    "shipping_calendar_list",
    "shipping_calendars",
    "shop_calendar",
    "shop_name",
    "shop_profile",
    "to_ship_queue",
]
