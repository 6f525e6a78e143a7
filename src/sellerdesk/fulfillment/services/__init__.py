"""Fulfilment use cases."""

from .batches import close_batch, create_batch, mark_batch_picked
from .calendar import set_holidays, set_shipping_calendar, set_shipping_settings
from .shipping import Package, relabel_shipment, ship_packages
from .shop import set_shop_profile

__all__ = [
    "Package",
    "close_batch",
    "create_batch",
    "mark_batch_picked",
    "relabel_shipment",
    "set_holidays",
    "set_shipping_calendar",
    "set_shipping_settings",
    "set_shop_profile",
    "ship_packages",
]
