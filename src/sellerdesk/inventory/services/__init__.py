"""Every stock change goes through here; each writes the ledger and the cached level at once."""

from .assemblies import release_units, reserve_units, return_units, set_assembly, ship_units
from .counts import adjust_stock, count_stock, receive_stock, return_stock, transfer_stock
from .ledger import Actor, OutOfStock, StockRuleViolation, lock_levels
from .reservations import release_reservations, reserve_stock, ship_stock
from .stock_counts import (
    add_to_count,
    cancel_stock_count,
    post_stock_count,
    record_counts,
    start_stock_count,
)

__all__ = [
    "Actor",
    "OutOfStock",
    "StockRuleViolation",
    "add_to_count",
    "adjust_stock",
    "cancel_stock_count",
    "count_stock",
    "lock_levels",
    "post_stock_count",
    "receive_stock",
    "record_counts",
    "release_reservations",
    "release_units",
    "reserve_stock",
    "reserve_units",
    "return_stock",
    "return_units",
    "set_assembly",
    "ship_stock",
    "ship_units",
    "start_stock_count",
    "transfer_stock",
]
