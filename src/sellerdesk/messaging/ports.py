"""What messaging needs from a channel that carries messages itself (Amazon's Messaging and
Solicitations APIs); the channel's adapter implements it and registers it when it loads."""

from __future__ import annotations

from typing import Protocol

from sellerdesk.orders.models import Order


class SendFailed(Exception):
    """The channel did not take the message; `retry` says whether trying later may help."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class ChannelMessenger(Protocol):
    def allowed(self, order: Order) -> set[str]:
        """The message types the channel lets the seller send for the order now: Amazon
        leaves out what the buyer opted out of and what is outside its window."""
        ...

    def send(self, order: Order, message_type: str, text: str) -> None:
        """Send `text` as `message_type` (a review request has no text); SendFailed if not."""
        ...


_MESSENGERS: dict[str, ChannelMessenger] = {}


def register(channel_code: str, messenger: ChannelMessenger) -> None:
    _MESSENGERS[channel_code] = messenger


def messenger_for(channel_code: str) -> ChannelMessenger | None:
    return _MESSENGERS.get(channel_code)
