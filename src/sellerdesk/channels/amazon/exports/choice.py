"""Which file to make, as the command line and the Imports page ask for it."""

from __future__ import annotations

from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor

from ..models import FileExport
from .confirmations import export_shipping_confirmations
from .prices import export_prices_and_quantities

KINDS = ("confirmations", "prices")


def make_export(*, kind: str, marketplace: str | None, actor: Actor) -> FileExport:
    """Confirmations for one marketplace or all; prices and quantities for one."""
    if kind == "confirmations":
        return export_shipping_confirmations(marketplace=marketplace, actor=actor)
    if kind != "prices":
        raise DomainError(f"unknown file {kind!r}; choose one of {', '.join(KINDS)}")
    if marketplace is None:
        raise DomainError(
            "Prices and quantities are made for one marketplace: choose it (US, UK, DE, ...)."
        )
    return export_prices_and_quantities(marketplace=marketplace, actor=actor)
