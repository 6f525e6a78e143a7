"""Buyer messages through Amazon: the Messaging API for text, Solicitations for review requests.

Registered as messaging's ChannelMessenger for "amazon" when the app loads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx

from sellerdesk.messaging.ports import SendFailed
from sellerdesk.orders.models import Order

from .spapi import SpApiClient, SpApiError
from .spapi.messaging import check_text, messaging_actions, send_message
from .spapi.operations import request_review, solicitation_actions
from .sync.connection import NotConnected, open_client

REVIEW_REQUEST = "productReviewAndSellerFeedback"
T = TypeVar("T")


class AmazonMessenger:
    def __init__(self, *, transport: httpx.BaseTransport | None = None) -> None:
        self.transport = transport

    def allowed(self, order: Order) -> set[str]:
        def ask(client: SpApiClient, marketplace_id: str) -> set[str]:
            order_id = order.external_id
            return set(messaging_actions(client, order_id, marketplace_id=marketplace_id)) | set(
                solicitation_actions(client, order_id, marketplace_id=marketplace_id)
            )

        return self._call(order, ask, f"Amazon did not say what order {order.external_id} allows")

    def send(self, order: Order, message_type: str, text: str) -> None:
        order_id = order.external_id
        if message_type != REVIEW_REQUEST:
            try:
                check_text(message_type, text)
            except ValueError as error:
                raise SendFailed(f"Not sent for order {order_id}: {error}.", retry=False) from None

        def send(client: SpApiClient, marketplace_id: str) -> None:
            if message_type == REVIEW_REQUEST:
                request_review(client, order_id, marketplace_id=marketplace_id)
            else:
                send_message(client, order_id, message_type, text, marketplace_id=marketplace_id)

        self._call(
            order, send, f"Amazon did not take the message for order {order_id}", posting=True
        )

    def _call(
        self, order: Order, action: Callable[[SpApiClient, str], T], what: str,
        posting: bool = False,
    ) -> T:  # fmt: skip
        marketplace = order.marketplace
        if marketplace is None or not marketplace.external_id:
            raise SendFailed(
                f"Order {order.external_id} has no Amazon marketplace, so Amazon cannot carry "
                "messages for it.",
                retry=False,
            )
        try:
            with open_client(marketplace, transport=self.transport) as (client, _connection):
                return action(client, marketplace.external_id)
        except NotConnected as error:
            # The seller may connect Amazon before the next attempt.
            raise SendFailed(str(error), retry=True) from None
        except (SpApiError, httpx.HTTPError) as error:
            raise _failed(error, what, posting) from None


def _failed(error: SpApiError | httpx.HTTPError, what: str, posting: bool) -> SendFailed:
    # A message has no idempotency key: after a server error or a lost answer Amazon may
    # have sent it, so it is not sent again by itself.
    unanswered = isinstance(error, httpx.HTTPError) and not isinstance(error, httpx.ConnectError)
    if posting and (unanswered or (isinstance(error, SpApiError) and error.status >= 500)):
        return SendFailed(
            f"{what}: Amazon's answer did not come through ({error}), so it may have sent "
            "it: look in Seller Central's sent messages before sending it again.",
            retry=False,
        )
    if isinstance(error, httpx.HTTPError) or error.status == 0:
        return SendFailed(f"{what}: Amazon could not be reached; trying again later.", retry=True)
    said = _said(error)
    if error.status == 429:
        return SendFailed(
            f"{what}: Amazon is busy (too many requests); trying again later.", retry=True
        )
    if error.status >= 500:
        return SendFailed(
            f"{what}: Amazon had a problem (HTTP {error.status}: {said}); trying again later.",
            retry=True,
        )
    if error.status == 403:
        return SendFailed(
            f"{what}: Amazon refused access ({said}). Check that your app has the Buyer "
            "Communication and Buyer Solicitation roles in Seller Central, then reconnect.",
            retry=False,
        )
    return SendFailed(f"{what}: Amazon said: {said} (HTTP {error.status}).", retry=False)


def _said(error: SpApiError) -> str:
    reasons = [str(item.get("message") or item.get("code") or "") for item in error.errors]
    return "; ".join(reason for reason in reasons if reason) or "no reason given"
