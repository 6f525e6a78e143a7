"""Buyer messages through the Messaging API (v1): the types allowed for an order, and sending
the ones made of text alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .client import SpApiClient


@dataclass(frozen=True, slots=True)
class TextMessage:
    operation: str
    max_length: int
    """The model's maxLength of the request's `text`."""


TEXT_MESSAGES: dict[str, TextMessage] = {
    "confirmOrderDetails": TextMessage("createConfirmOrderDetails", 2000),
    "confirmDeliveryDetails": TextMessage("createConfirmDeliveryDetails", 2000),
    "confirmCustomizationDetails": TextMessage("confirmCustomizationDetails", 800),
    "confirmServiceDetails": TextMessage("createConfirmServiceDetails", 2000),
    "digitalAccessKey": TextMessage("createDigitalAccessKey", 400),
    "unexpectedProblem": TextMessage("createUnexpectedProblem", 2000),
}


def messaging_actions(client: SpApiClient, order_id: str, *, marketplace_id: str) -> list[str]:
    """The message types Amazon lets the seller send for the order now."""
    body = (
        client.call(
            "getMessagingActionsForOrder",
            "GET",
            f"/messaging/v1/orders/{order_id}",
            params={"marketplaceIds": [marketplace_id]},
        )
        or {}
    )
    disabled = _disabled(body)
    names = [_action_name(link) for link in (body.get("_links") or {}).get("actions") or []]
    return [name for name in names if name and name not in disabled]


def send_message(
    client: SpApiClient, order_id: str, message_type: str, text: str, *, marketplace_id: str
) -> None:
    """Send a text message; ValueError, before any request, for a type or length Amazon refuses.

    Not retried after a server error or a lost connection: Amazon may have sent it already.
    """
    kind = check_text(message_type, text)
    client.call(
        kind.operation,
        "POST",
        f"/messaging/v1/orders/{order_id}/messages/{message_type}",
        params={"marketplaceIds": [marketplace_id]},
        json={"text": text},
        idempotent=False,
    )


def check_text(message_type: str, text: str) -> TextMessage:
    """ValueError for a type that is not a text message, or a text of a length Amazon refuses."""
    kind = TEXT_MESSAGES.get(message_type)
    if kind is None:
        raise ValueError(f"{message_type} is not one of Amazon's text message types")
    if not text or len(text) > kind.max_length:
        raise ValueError(
            f"Amazon takes 1 to {kind.max_length} characters for {message_type}; "
            f"this text has {len(text)}"
        )
    return kind


def _action_name(link: dict[str, Any]) -> str:
    # The model makes a link's name optional; its href always ends in the message type.
    if link.get("name"):
        return str(link["name"])
    path = str(link.get("href", "")).partition("?")[0]
    head, _, last = path.rpartition("/")
    return last if head.endswith("/messages") else ""


def _disabled(body: dict[str, Any]) -> set[str]:
    """Types Amazon lists but marks disabled in the schema it embeds (its live answers do)."""
    found = set()
    for action in (body.get("_embedded") or {}).get("actions") or []:
        schema = (action.get("_embedded") or {}).get("schema") or {}
        if schema.get("disabled") is True:
            found.add(str(action.get("name") or schema.get("name") or ""))
    return found
