"""Messaging use cases."""

from .outbox import deliver_due, queue_message

__all__ = ["deliver_due", "queue_message"]
