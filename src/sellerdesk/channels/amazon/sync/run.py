"""One sync of one marketplace, step by step; every step's outcome is kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from django.db import transaction

from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor

from ..models import MarketplaceSync
from ..spapi import SpApiError
from .connection import open_client
from .errors import StepErrors
from .fba import refresh_fba_stock
from .orders import pull_orders
from .quantities import push_quantities, quantities_to_push
from .shipments import confirm_shipments

ACTOR = Actor(name="amazon sync")


@dataclass
class SyncSummary:
    marketplace: str
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return not self.errors


def sync_marketplace(
    *, marketplace: str, transport: httpx.BaseTransport | None = None
) -> SyncSummary:
    """Pull orders, confirm shipments, push quantities and read FBA stock for a marketplace."""
    market = Marketplace.objects.get(channel__code="amazon", code=marketplace)
    state, _ = MarketplaceSync.objects.get_or_create(marketplace=market)
    now = clock.now()
    summary = SyncSummary(marketplace)
    state.last_attempt_at = now
    try:
        with open_client(market, transport=transport) as (client, connection):
            steps: list[tuple[str, Callable[[], dict[str, int]]]] = [
                ("orders", lambda: pull_orders(client, state, actor=ACTOR, now=now)),
                ("shipments", lambda: confirm_shipments(client, market, actor=ACTOR, now=now)),
                ("quantities", lambda: push_quantities(client, connection, market, now=now)),
                (
                    "fba",
                    lambda: _in_transaction(
                        lambda: refresh_fba_stock(client, market, actor=ACTOR, now=now)
                    ),
                ),
            ]
            for name, step in steps:
                try:
                    summary.counts.update(step())
                except StepErrors as error:
                    summary.counts.update(error.counts)
                    summary.errors[name] = str(error)
                except (SpApiError, DomainError) as error:
                    summary.errors[name] = str(error)
    except DomainError as error:  # not connected, credentials unreadable
        summary.errors["connection"] = error.message
    _record(state, summary)
    return summary


def push_changed_quantities(
    *, marketplace: str, transport: httpx.BaseTransport | None = None
) -> dict[str, int]:
    """Between syncs: send only quantities that changed, so a piece sold on another channel
    drops to 0 on Amazon within a minute. Nothing changed: no call to Amazon at all."""
    market = Marketplace.objects.get(channel__code="amazon", code=marketplace)
    changes = quantities_to_push(market)
    if not changes:
        return {"quantities_pushed": 0, "quantities_failed": 0}
    with open_client(market, transport=transport) as (client, connection):
        return push_quantities(client, connection, market, now=clock.now(), changes=changes)


def _in_transaction(step: Callable[[], dict[str, int]]) -> dict[str, int]:
    with transaction.atomic():
        return step()


def _record(state: MarketplaceSync, summary: SyncSummary) -> None:
    state.last_summary = {"counts": summary.counts, "errors": summary.errors}
    if summary.succeeded:
        state.last_success_at = state.last_attempt_at
        state.last_error = ""
    else:
        state.last_error = "; ".join(
            f"{step}: {message}" for step, message in summary.errors.items()
        )
        state.last_error_at = state.last_attempt_at
    state.save()
