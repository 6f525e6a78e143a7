"""Which Amazon report a file is, told from its header: never from its name or column order."""

from __future__ import annotations

from enum import Enum

from .errors import FlatFileError


class ReportKind(Enum):
    ALL_ORDERS = "All Orders report (by order date or by last update)"
    UNSHIPPED_ORDERS = "Unshipped Orders report"
    FBM_RETURNS = "Returns report (seller-fulfilled)"
    FBA_RETURNS = "FBA customer returns report"
    FEED_PROCESSING = "Feed processing report"
    ACCOUNT_HEALTH = "Account health report (GET_V2_SELLER_PERFORMANCE_REPORT, JSON)"
    LISTINGS = "Active or All Listings report (quantities on offer)"
    # Other channels' exports, read by channels.csv_exports: kept in the same history.
    ETSY_ORDER_ITEMS = "Etsy order items export (CSV)"
    SHOPIFY_ORDERS = "Shopify orders export (CSV)"
    ETSY_LISTINGS = "Etsy listings export (CSV)"
    SHOPIFY_PRODUCTS = "Shopify products export (CSV)"


# The columns that together mark each report; other columns may come and go.
_SIGNATURES: dict[ReportKind, frozenset[str]] = {
    ReportKind.ALL_ORDERS: frozenset(
        {"amazon-order-id", "purchase-date", "last-updated-date", "order-status", "item-status"}
    ),
    ReportKind.UNSHIPPED_ORDERS: frozenset(
        {"order-id", "order-item-id", "quantity-to-ship", "recipient-name"}
    ),
    ReportKind.FBM_RETURNS: frozenset(
        {"order id", "return request date", "amazon rma id", "return quantity"}
    ),
    ReportKind.FBA_RETURNS: frozenset({"return-date", "order-id", "fnsku", "detailed-disposition"}),
    ReportKind.LISTINGS: frozenset({"seller-sku", "quantity", "asin1", "fulfillment-channel"}),
}


def identify(header: list[str], *, file: str) -> ReportKind:
    """The report a (lower-cased) header belongs to, or an error naming the ones recognised."""
    if header and header[0].startswith("feed processing summary"):
        return ReportKind.FEED_PROCESSING
    if len(header) == 1 and any(
        column in header[0] for signature in _SIGNATURES.values() for column in signature
    ):
        raise FlatFileError(
            "the header is one column: its names are separated by spaces, not tabs",
            file=file,
            line=1,
            expected="the file as Seller Central downloads it (tab-separated); a copy pasted "
            "from a web page or re-saved by an editor loses its tabs, so download it again",
        )
    columns = set(header)
    matches = [kind for kind, signature in _SIGNATURES.items() if signature <= columns]
    if len(matches) == 1:
        return matches[0]
    recognised = "; ".join(kind.value for kind in ReportKind)
    raise FlatFileError(
        "this is not an Amazon report sellerdesk can import",
        file=file,
        line=1,
        expected=f"the header line of one of: {recognised}, downloaded from Seller Central",
    )
