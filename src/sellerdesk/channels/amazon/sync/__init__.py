"""The Amazon sync: pull changed orders, confirm shipments, push quantities, read FBA stock.

Each step records what it did; a step that fails is written down (the dashboard shows it)
and tried again next time. A failure never switches the sync off.
"""

from .connection import connect_amazon, open_client, set_sync_enabled
from .run import SyncSummary, sync_marketplace

__all__ = [
    "SyncSummary",
    "connect_amazon",
    "open_client",
    "set_sync_enabled",
    "sync_marketplace",
]
