"""Every stock change goes through here; each writes the ledger and the cached level at once."""

from .counts import adjust_stock, count_stock, receive_stock, return_stock, transfer_stock
from .ledger import Actor, OutOfStock, StockRuleViolation, lock_levels
from .reservations import release_reservations, reserve_stock, ship_stock

__all__ = [
    "Actor",
    "OutOfStock",
    "StockRuleViolation",
    "adjust_stock",
    "count_stock",
    "lock_levels",
    "receive_stock",
    "release_reservations",
    "reserve_stock",
    "return_stock",
    "ship_stock",
    "transfer_stock",
]
