"""Returns use cases, from the request to the refund and the close."""

from .channel import record_channel_return
from .exchange import exchange_return
from .receiving import dispose_return, inspect_return, receive_return
from .refunding import close_return, mark_refund_done, proposed_refund, refund_return
from .requests import (
    add_to_return,
    authorise_return,
    issue_label,
    mark_in_transit,
    record_unexpected_return,
    reject_return,
    request_return,
)
from .settings import set_return_settings

__all__ = [
    "add_to_return",
    "authorise_return",
    "close_return",
    "dispose_return",
    "exchange_return",
    "inspect_return",
    "issue_label",
    "mark_in_transit",
    "mark_refund_done",
    "proposed_refund",
    "receive_return",
    "record_channel_return",
    "record_unexpected_return",
    "refund_return",
    "reject_return",
    "request_return",
    "set_return_settings",
]
