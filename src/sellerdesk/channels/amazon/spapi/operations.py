"""The SP-API operations sellerdesk uses, each a function of a client.

Orders are read through Orders v2026-01-01 (v0 reads are deprecated); shipments are still
confirmed through v0's confirmShipment. Seller-fulfilled quantities are pushed with
patchListingsItem, since flat-file listing feeds no longer work through the API.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..flatfile import encoding as encodings
from .client import SpApiClient
from .errors import SpApiError

ORDER_DATA = ("BUYER", "RECIPIENT", "FULFILLMENT", "PACKAGES", "PROCEEDS")


def search_order_pages(
    client: SpApiClient,
    *,
    marketplace_ids: Sequence[str],
    last_updated_after: dt.datetime | None = None,
    created_after: dt.datetime | None = None,
    included_data: Sequence[str] = ORDER_DATA,
) -> Iterator[list[dict[str, Any]]]:
    """Orders changed (or created) after the given time, a page (up to 100) at a time."""
    pages = client.pages(
        "searchOrders",
        "/orders/2026-01-01/orders",
        params={
            "marketplaceIds": list(marketplace_ids),
            "lastUpdatedAfter": last_updated_after,
            "createdAfter": created_after,
            "includedData": list(included_data),
        },
        token_param="paginationToken",
        next_token=lambda page: (page.get("pagination") or {}).get("nextToken"),
    )
    for page in pages:
        yield list(page.get("orders", []))


def search_orders(
    client: SpApiClient,
    *,
    marketplace_ids: Sequence[str],
    last_updated_after: dt.datetime | None = None,
    created_after: dt.datetime | None = None,
    included_data: Sequence[str] = ORDER_DATA,
) -> Iterator[dict[str, Any]]:
    """Every order changed (or created) after the given time, page after page."""
    for page in search_order_pages(
        client,
        marketplace_ids=marketplace_ids,
        last_updated_after=last_updated_after,
        created_after=created_after,
        included_data=included_data,
    ):
        yield from page


def get_order(
    client: SpApiClient, order_id: str, *, included_data: Sequence[str] = ORDER_DATA
) -> dict[str, Any]:
    body = client.call(
        "getOrder",
        "GET",
        f"/orders/2026-01-01/orders/{order_id}",
        params={"includedData": list(included_data)},
    )
    body = body or {}
    order = body.get("order", body)
    return order if isinstance(order, dict) else {}


@dataclass(frozen=True, slots=True)
class Package:
    reference: str
    carrier_code: str
    carrier_name: str
    shipping_method: str
    tracking_number: str
    ship_date: dt.datetime
    items: Sequence[tuple[str, int]]
    """(order item id, quantity) pairs."""
    ship_from_supply_source_id: str = ""
    transparency_codes: dict[str, Sequence[str]] = field(default_factory=dict)
    """Order item id -> the Transparency codes of its units, for items that need them."""


def amazon_time(value: dt.datetime) -> str:
    """A time as Amazon's examples write it: UTC, milliseconds, Z."""
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def confirm_shipment(
    client: SpApiClient, order_id: str, *, marketplace_id: str, package: Package
) -> None:
    detail: dict[str, Any] = {
        "packageReferenceId": package.reference,
        "carrierCode": package.carrier_code,
        "carrierName": package.carrier_name,
        "shippingMethod": package.shipping_method,
        "trackingNumber": package.tracking_number,
        "shipDate": amazon_time(package.ship_date),
    }
    if package.ship_from_supply_source_id:
        detail["shipFromSupplySourceId"] = package.ship_from_supply_source_id
    items = []
    for item, quantity in package.items:
        entry: dict[str, Any] = {"orderItemId": item, "quantity": quantity}
        if codes := package.transparency_codes.get(item):
            entry["transparencyCodes"] = list(codes)
        items.append(entry)
    detail["orderItems"] = items
    client.call(
        "confirmShipment",
        "POST",
        f"/orders/v0/orders/{order_id}/shipmentConfirmation",
        json={"marketplaceId": marketplace_id, "packageDetail": detail},
        idempotent=False,
    )


def set_quantity(
    client: SpApiClient,
    *,
    seller_id: str,
    sku: str,
    marketplace_id: str,
    quantity: int,
    product_type: str = "PRODUCT",
) -> dict[str, Any]:
    """Tell Amazon what a seller-fulfilled listing may sell; merges, so nothing else changes."""
    body = client.call(
        "patchListingsItem",
        "PATCH",
        f"/listings/2021-08-01/items/{seller_id}/{quote(sku, safe='')}",
        params={"marketplaceIds": [marketplace_id], "includedData": ["issues"]},
        json={
            "productType": product_type,
            "patches": [
                {
                    "op": "merge",
                    "path": "/attributes/fulfillment_availability",
                    "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": quantity}],
                }
            ],
        },
    )
    return body or {}


def inventory_summaries(
    client: SpApiClient, *, marketplace_id: str, skus: Sequence[str] = ()
) -> Iterator[dict[str, Any]]:
    """FBA stock per SKU (details included: fulfillable, inbound, reserved, unfulfillable)."""
    params: dict[str, Any] = {
        "details": "true",
        "granularityType": "Marketplace",
        "granularityId": marketplace_id,
        "marketplaceIds": [marketplace_id],
    }
    if skus:
        params["sellerSkus"] = list(skus)
    pages = client.pages(
        "getInventorySummaries",
        "/fba/inventory/v1/summaries",
        params=params,
        token_param="nextToken",
        next_token=lambda page: (page.get("pagination") or {}).get("nextToken"),
    )
    for page in pages:
        yield from (page.get("payload") or {}).get("inventorySummaries", [])


def create_report(
    client: SpApiClient,
    *,
    report_type: str,
    marketplace_ids: Sequence[str],
    start: dt.datetime | None = None,
) -> str:
    body: dict[str, Any] = {"reportType": report_type, "marketplaceIds": list(marketplace_ids)}
    if start is not None:
        body["dataStartTime"] = amazon_time(start)
    answer = client.call("createReport", "POST", "/reports/2021-06-30/reports", json=body)
    return str((answer or {})["reportId"])


def get_report(client: SpApiClient, report_id: str) -> dict[str, Any]:
    return client.call("getReport", "GET", f"/reports/2021-06-30/reports/{report_id}") or {}


@dataclass(frozen=True, slots=True)
class Document:
    content: bytes
    """Uncompressed."""
    encoding: str | None
    """The codec named by the Content-Type charset, if any."""


def download_report(client: SpApiClient, document_id: str) -> Document:
    """A report's file: fetched from its (pre-signed) URL, ungzipped, its charset read."""
    info = (
        client.call("getReportDocument", "GET", f"/reports/2021-06-30/documents/{document_id}")
        or {}
    )
    # The URL is pre-signed: no SP-API headers, and its own host.
    response = client.http.get(str(info["url"]))
    if response.status_code != 200:
        raise SpApiError(
            "report download",
            response.status_code,
            [{"code": "Download", "message": response.text[:200]}],
        )
    content = response.content
    if info.get("compressionAlgorithm") == "GZIP" or content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    return Document(content, _charset(response.headers.get("content-type", "")))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                return encodings.normalise(value.strip('"'))
            except ValueError:
                return None
    return None


def submit_feed(
    client: SpApiClient,
    *,
    feed_type: str,
    marketplace_ids: Sequence[str],
    content: bytes,
    content_type: str,
) -> str:
    """Upload a feed document and create the feed; returns the feed id."""
    document = (
        client.call(
            "createFeedDocument",
            "POST",
            "/feeds/2021-06-30/documents",
            json={"contentType": content_type},
        )
        or {}
    )
    upload = client.http.put(
        str(document["url"]), content=content, headers={"content-type": content_type}
    )
    if upload.status_code >= 300:
        raise SpApiError(
            "feed upload", upload.status_code, [{"code": "Upload", "message": upload.text[:200]}]
        )
    feed = (
        client.call(
            "createFeed",
            "POST",
            "/feeds/2021-06-30/feeds",
            json={
                "feedType": feed_type,
                "marketplaceIds": list(marketplace_ids),
                "inputFeedDocumentId": document["feedDocumentId"],
            },
        )
        or {}
    )
    return str(feed["feedId"])


def get_feed(client: SpApiClient, feed_id: str) -> dict[str, Any]:
    return client.call("getFeed", "GET", f"/feeds/2021-06-30/feeds/{feed_id}") or {}


def solicitation_actions(client: SpApiClient, order_id: str, *, marketplace_id: str) -> list[str]:
    """The solicitations Amazon allows for an order now (empty outside the review window)."""
    body = (
        client.call(
            "getSolicitationActionsForOrder",
            "GET",
            f"/solicitations/v1/orders/{order_id}",
            params={"marketplaceIds": [marketplace_id]},
        )
        or {}
    )
    return [str(action.get("name")) for action in (body.get("_links") or {}).get("actions", [])]


def request_review(client: SpApiClient, order_id: str, *, marketplace_id: str) -> None:
    client.call(
        "createProductReviewAndSellerFeedbackSolicitation",
        "POST",
        f"/solicitations/v1/orders/{order_id}/solicitations/productReviewAndSellerFeedback",
        params={"marketplaceIds": [marketplace_id]},
    )
