"""Messaging use cases."""

from .delivery import deliver_due
from .outbox import cancel_message, queue_message, retry_message

__all__ = ["cancel_message", "deliver_due", "queue_message", "retry_message"]
from .inbox import (
    ImportResult,
    create_canned_reply,
    enter_message,
    import_messages,
    link_order,
    mark_answered,
    render_canned,
    reply,
    set_no_response_needed,
    update_canned_reply,
)

__all__ += [
    "ImportResult",
    "create_canned_reply",
    "enter_message",
    "import_messages",
    "link_order",
    "mark_answered",
    "render_canned",
    "reply",
    "set_no_response_needed",
    "update_canned_reply",
]
