"""Amazon reports through the Reports API, fed to the same importers as uploaded files."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable

import httpx

from sellerdesk.channels.models import Marketplace
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor

from ..imports import import_report
from ..models import ImportSource, ReportImport
from ..spapi import SpApiClient
from ..spapi import operations as api
from .connection import open_client

# The report types whose files sellerdesk imports.
REPORTS = {
    "all-orders": "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
    "unshipped": "GET_FLAT_FILE_ACTIONABLE_ORDER_DATA_SHIPPING",
    "returns": "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE",
    "fba-returns": "GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA",
    "account-health": "GET_V2_SELLER_PERFORMANCE_REPORT",
}
POLL_EVERY_S = 30.0
GIVE_UP_AFTER_S = 30 * 60.0
_FAILED = frozenset({"CANCELLED", "FATAL"})


def fetch_report(
    *,
    marketplace: str,
    report: str,
    since: dt.datetime,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    poll_every_s: float = POLL_EVERY_S,
) -> ReportImport:
    """Request a report, wait for Amazon to make it, download it and import it."""
    if report not in REPORTS:
        raise DomainError(f"unknown report {report!r}; use one of {', '.join(REPORTS)}")
    market = Marketplace.objects.get(channel__code="amazon", code=marketplace)
    with open_client(market, transport=transport) as (client, _connection):
        report_id = api.create_report(
            client,
            report_type=REPORTS[report],
            marketplace_ids=[market.external_id],
            start=since,
        )
        document_id = _wait_for(client, report_id, sleep=sleep, poll_every_s=poll_every_s)
        document = api.download_report(client, document_id)
    return import_report(
        source=io.BytesIO(document.content),
        name=f"{REPORTS[report]}-{report_id}.txt",
        actor=Actor(name="amazon sync"),
        encoding=document.encoding,
        marketplace=marketplace,
        origin=ImportSource.SYNC,
    )


def _wait_for(
    client: SpApiClient, report_id: str, *, sleep: Callable[[float], None], poll_every_s: float
) -> str:
    waited = 0.0
    while True:
        report = api.get_report(client, report_id)
        status = report.get("processingStatus")
        if status == "DONE":
            return str(report["reportDocumentId"])
        if status in _FAILED:
            raise DomainError(f"Amazon did not make report {report_id}: {status}")
        if waited >= GIVE_UP_AFTER_S:
            raise DomainError(f"Amazon had not made report {report_id} after {waited:.0f} s")
        sleep(poll_every_s)
        waited += poll_every_s
