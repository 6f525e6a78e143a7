"""Files for the seller to upload to Seller Central: shipping confirmations, prices and
quantities. Each is kept as made (FileExport) and marks what it carries as sent."""

from .choice import KINDS, make_export
from .confirmations import export_shipping_confirmations
from .errors import NothingToExport
from .prices import export_prices_and_quantities

__all__ = [
    "KINDS",
    "NothingToExport",
    "export_prices_and_quantities",
    "export_shipping_confirmations",
    "make_export",
]
