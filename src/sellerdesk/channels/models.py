"""Where the seller sells: channels (Amazon, Etsy, Shopify, ...) and their marketplaces."""

from __future__ import annotations

from django.db import models


class ChannelKind(models.TextChoices):
    AMAZON = "amazon", "Amazon"
    ETSY = "etsy", "Etsy"
    SHOPIFY = "shopify", "Shopify"
    MANUAL = "manual", "Manual / other"


class AmazonRegion(models.TextChoices):
    NORTH_AMERICA = "NA", "North America"
    EUROPE = "EU", "Europe"
    FAR_EAST = "FE", "Far East"


class SalesChannel(models.Model):
    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=ChannelKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Marketplace(models.Model):
    """One storefront of a channel, with its currency and the time zone its days are counted in."""

    channel = models.ForeignKey(SalesChannel, on_delete=models.PROTECT, related_name="marketplaces")
    code = models.CharField(max_length=8, help_text="Short code such as US, UK or DE.")
    name = models.CharField(max_length=100)
    external_id = models.CharField(
        max_length=32, blank=True, help_text="The channel's id, e.g. Amazon's ATVPDKIKX0DER."
    )
    country_code = models.CharField(max_length=2)
    currency = models.CharField(max_length=3)
    time_zone = models.CharField(max_length=64)
    region = models.CharField(max_length=2, choices=AmazonRegion.choices, blank=True)
    domain = models.CharField(max_length=64, blank=True)
    prices_include_tax = models.BooleanField(
        default=False,
        help_text="Listed prices include VAT or GST (Europe, Japan, Australia); not in the US.",
    )
    is_active = models.BooleanField(default=False, help_text="The seller sells here.")

    class Meta:
        ordering = ["channel__name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "code"], name="marketplace_code_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return self.name
