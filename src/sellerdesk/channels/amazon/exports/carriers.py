"""Amazon's carrier codes for the shipping confirmation file; any other carrier is "Other",
named in carrier-name."""

from __future__ import annotations

CODES = (
    "USPS",
    "UPS",
    "UPS Mail Innovations",
    "FedEx",
    "DHL",
    "DHL eCommerce",
    "Amazon Shipping",
    "Royal Mail",
    "Parcelforce",
    "Evri",
    "DPD",
    "GLS",
    "Yodel",
    "Deutsche Post",
    "Hermes",
    "La Poste",
    "Colissimo",
    "Poste Italiane",
    "Correos",
    "PostNL",
    "PostNord",
    "InPost",
    "Canada Post",
    "Australia Post",
    "Japan Post",
    "Yamato Transport",
    "Sagawa Express",
)
_BY_NAME = {code.lower(): code for code in CODES}
OTHER = "Other"


def carrier_code(name: str) -> tuple[str, str]:
    """(carrier-code, carrier-name) for a carrier as the seller wrote it."""
    code = _BY_NAME.get(name.strip().lower())
    return (code, "") if code else (OTHER, name.strip())
