"""Order use cases: record from any channel (idempotent), cancel, ship, mark as seen."""

from .bulk_recording import BulkRecordSummary, record_orders
from .lifecycle import cancel_order, mark_orders_seen, ship_order
from .recording import RecordResult, record_order

__all__ = [
    "BulkRecordSummary",
    "RecordResult",
    "cancel_order",
    "mark_orders_seen",
    "record_order",
    "record_orders",
    "ship_order",
]
