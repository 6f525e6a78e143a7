"""Fulfilment use cases."""

from .batches import close_batch, create_batch, mark_batch_picked
from .calendar import set_holidays, set_shipping_calendar, set_shipping_settings
from .shop import set_shop_profile

__all__ = [
    "close_batch",
    "create_batch",
    "mark_batch_picked",
    "set_holidays",
    "set_shipping_calendar",
    "set_shipping_settings",
    "set_shop_profile",
]
