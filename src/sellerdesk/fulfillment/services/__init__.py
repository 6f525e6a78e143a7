"""Fulfilment use cases."""

from .batches import close_batch, create_batch, mark_batch_picked
from .calendar import set_holidays, set_shipping_calendar, set_shipping_settings
from .labels import ship_with_label, void_label
from .packing import ScanOutcome, record_scan, reset_scans, set_packing_settings
from .shipping import Package, relabel_shipment, ship_packages
from .shop import set_shop_profile

__all__ = [
    "Package",
    "ScanOutcome",
    "close_batch",
    "create_batch",
    "mark_batch_picked",
    "record_scan",
    "relabel_shipment",
    "reset_scans",
    "set_holidays",
    "set_packing_settings",
    "set_shipping_calendar",
    "set_shipping_settings",
    "set_shop_profile",
    "ship_packages",
    "ship_with_label",
    "void_label",
]
