"""The seller's stored credentials, and a client built from them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from django.conf import settings
from django.views.decorators.debug import sensitive_variables

from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock, crypto
from sellerdesk.core.errors import DomainError

from ..models import AmazonConnection, MarketplaceSync
from ..spapi import LwaCredentials, SpApiClient, TokenSource
from ..spapi.endpoints import endpoint_for, token_url

TIMEOUT_S = 30


class NotConnected(DomainError):
    """No credentials for the marketplace's region."""


@sensitive_variables("client_secret", "refresh_token", "values")
def connect_amazon(
    *,
    region: str,
    seller_id: str,
    client_id: str,
    client_secret: str,
    refresh_token: str,
    marketplaces: list[str],
) -> AmazonConnection:
    """Store (or replace) a region's credentials and turn the sync on for its marketplaces."""
    given = [seller_id, client_id, client_secret, refresh_token]
    if not all(value.strip() for value in given):
        raise DomainError(
            "Give the seller id, the client id, the client secret and the refresh token."
        )
    now = clock.now()
    values: dict[str, object] = {
        "seller_id": seller_id.strip(),
        "client_id": client_id.strip(),
        "client_secret_encrypted": crypto.encrypt(client_secret.strip()),
        "refresh_token_encrypted": crypto.encrypt(refresh_token.strip()),
        "updated_at": now,
    }
    connection, _ = AmazonConnection.objects.update_or_create(
        region=region, defaults=values, create_defaults={**values, "created_at": now}
    )
    for market in Marketplace.objects.filter(
        channel__code="amazon", region=region, code__in=marketplaces
    ):
        MarketplaceSync.objects.update_or_create(marketplace=market, defaults={"is_enabled": True})
        if not market.is_active:
            market.is_active = True
            market.save(update_fields=["is_active"])
    return connection


@contextmanager
def open_client(
    marketplace: Marketplace, *, transport: httpx.BaseTransport | None = None
) -> Iterator[tuple[SpApiClient, AmazonConnection]]:
    connection = AmazonConnection.objects.filter(region=marketplace.region).first()
    if connection is None:
        raise NotConnected(
            f"Amazon {marketplace.code} is not connected: enter your Selling Partner API "
            "credentials under Settings > Amazon."
        )
    credentials = LwaCredentials(
        connection.client_id,
        crypto.decrypt(connection.client_secret_encrypted),
        crypto.decrypt(connection.refresh_token_encrypted),
    )
    with httpx.Client(timeout=TIMEOUT_S, transport=transport) as http:
        tokens = TokenSource(credentials, token_url=token_url(), http=http)
        client = SpApiClient(
            endpoint=endpoint_for(marketplace.region),
            tokens=tokens,
            http=http,
            backoff_s=settings.SELLERDESK_SPAPI_BACKOFF_SECONDS,
        )
        yield client, connection


def set_sync_enabled(*, marketplace: str, enabled: bool) -> MarketplaceSync:
    """Pause or resume the scheduled sync of one marketplace ("Sync now" still works)."""
    state = MarketplaceSync.objects.filter(
        marketplace__channel__code="amazon", marketplace__code=marketplace
    ).first()
    if state is None:
        raise DomainError(f"Amazon {marketplace} is not synced: connect it under Settings.")
    state.is_enabled = enabled
    state.save(update_fields=["is_enabled"])
    return state
