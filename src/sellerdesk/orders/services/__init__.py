"""Order use cases: record from any channel (idempotent), cancel, ship, mark as seen."""

from .bulk_recording import BulkRecordSummary, record_orders
from .confirmation import (
    mark_shipments_sent,
    record_first_scans,
    replace_tracking,
    settle_shipment,
)
from .lifecycle import cancel_order, mark_delivered, mark_orders_seen, ship_order
from .notes import set_order_note
from .recording import RecordResult, record_order
from .timeline import add_order_events

__all__ = [
    "BulkRecordSummary",
    "RecordResult",
    "add_order_events",
    "cancel_order",
    "mark_delivered",
    "mark_orders_seen",
    "mark_shipments_sent",
    "record_first_scans",
    "record_order",
    "record_orders",
    "replace_tracking",
    "set_order_note",
    "settle_shipment",
    "ship_order",
]
