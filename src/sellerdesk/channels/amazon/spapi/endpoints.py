"""Where a region's Selling Partner API lives, unless settings point elsewhere."""

from __future__ import annotations

from django.conf import settings

REGION_ENDPOINTS = {
    "NA": "https://sellingpartnerapi-na.amazon.com",
    "EU": "https://sellingpartnerapi-eu.amazon.com",
    "FE": "https://sellingpartnerapi-fe.amazon.com",
}


def endpoint_for(region: str) -> str:
    configured: str = settings.SELLERDESK_SPAPI_ENDPOINT
    return configured or REGION_ENDPOINTS[region]


def token_url() -> str:
    url: str = settings.SELLERDESK_LWA_TOKEN_URL
    return url
