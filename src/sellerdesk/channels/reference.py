"""Amazon's marketplaces: ids, currencies and the time zones Amazon counts their days in."""

from __future__ import annotations

from typing import Any, NamedTuple


class MarketplaceInfo(NamedTuple):
    code: str
    name: str
    external_id: str
    country_code: str
    currency: str
    time_zone: str
    region: str
    domain: str
    prices_include_tax: bool


AMAZON_MARKETPLACES: tuple[MarketplaceInfo, ...] = (
    MarketplaceInfo(
        "US",
        "Amazon.com",
        "ATVPDKIKX0DER",
        "US",
        "USD",
        "America/Los_Angeles",
        "NA",
        "amazon.com",
        False,
    ),
    MarketplaceInfo(
        "CA",
        "Amazon.ca",
        "A2EUQ1WTGCTBG2",
        "CA",
        "CAD",
        "America/Los_Angeles",
        "NA",
        "amazon.ca",
        False,
    ),
    MarketplaceInfo(
        "MX",
        "Amazon.com.mx",
        "A1AM78C64UM0Y8",
        "MX",
        "MXN",
        "America/Mexico_City",
        "NA",
        "amazon.com.mx",
        True,
    ),
    MarketplaceInfo(
        "UK",
        "Amazon.co.uk",
        "A1F83G8C2ARO7P",
        "GB",
        "GBP",
        "Europe/London",
        "EU",
        "amazon.co.uk",
        True,
    ),
    MarketplaceInfo(
        "DE", "Amazon.de", "A1PA6795UKMFR9", "DE", "EUR", "Europe/Berlin", "EU", "amazon.de", True
    ),
    MarketplaceInfo(
        "FR", "Amazon.fr", "A13V1IB3VIYZZH", "FR", "EUR", "Europe/Paris", "EU", "amazon.fr", True
    ),
    MarketplaceInfo(
        "IT", "Amazon.it", "APJ6JRA9NG5V4", "IT", "EUR", "Europe/Rome", "EU", "amazon.it", True
    ),
    MarketplaceInfo(
        "ES", "Amazon.es", "A1RKKUPIHCS9HS", "ES", "EUR", "Europe/Madrid", "EU", "amazon.es", True
    ),
    MarketplaceInfo(
        "NL",
        "Amazon.nl",
        "A1805IZSGTT6HS",
        "NL",
        "EUR",
        "Europe/Amsterdam",
        "EU",
        "amazon.nl",
        True,
    ),
    MarketplaceInfo(
        "SE",
        "Amazon.se",
        "A2NODRKZP88ZB9",
        "SE",
        "SEK",
        "Europe/Stockholm",
        "EU",
        "amazon.se",
        True,
    ),
    MarketplaceInfo(
        "PL", "Amazon.pl", "A1C3SOZRARQ6R3", "PL", "PLN", "Europe/Warsaw", "EU", "amazon.pl", True
    ),
    MarketplaceInfo(
        "JP",
        "Amazon.co.jp",
        "A1VC38T7YXB528",
        "JP",
        "JPY",
        "Asia/Tokyo",
        "FE",
        "amazon.co.jp",
        True,
    ),
    MarketplaceInfo(
        "AU",
        "Amazon.com.au",
        "A39IBJ37TRP1C6",
        "AU",
        "AUD",
        "Australia/Sydney",
        "FE",
        "amazon.com.au",
        True,
    ),
)

# Other channels the seller can bring orders from; their marketplaces are added when connected.
OTHER_CHANNELS: tuple[tuple[str, str, str], ...] = (
    ("etsy", "Etsy", "etsy"),
    ("shopify", "Shopify", "shopify"),
    ("manual", "Manual orders", "manual"),
)


def seed_reference_data(sales_channel_model: Any, marketplace_model: Any) -> None:
    """Create the channels and Amazon marketplaces; idempotent.

    Takes the model classes so the data migration can pass its historical models.
    """
    amazon, _ = sales_channel_model.objects.get_or_create(
        code="amazon", defaults={"name": "Amazon", "kind": "amazon"}
    )
    # A migration passes the model as it was then: set only the fields it had.
    known = {field.name for field in marketplace_model._meta.get_fields()}
    for info in AMAZON_MARKETPLACES:
        values = info._asdict()
        code = values.pop("code")
        marketplace_model.objects.update_or_create(
            channel=amazon,
            code=code,
            defaults={name: value for name, value in values.items() if name in known},
        )
    for code, name, kind in OTHER_CHANNELS:
        sales_channel_model.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
