"""The Settings page as a whole: the Amazon connection, the shop's return address and each
marketplace's shipping."""

from __future__ import annotations

from sellerdesk.channels.amazon.selectors import (
    amazon_marketplace_choices,
    connection_list,
    sync_status_list,
)
from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.fulfillment.selectors import packing_settings, shipping_calendar_list, shop_profile
from sellerdesk.returns.models import ReturnSettings

from ..forms import (
    AmazonConnectionForm,
    PackingSettingsForm,
    ShippingCalendarForm,
    ShopProfileForm,
)
from ..forms.returns import ReturnSettingsForm


def settings_context(form: AmazonConnectionForm | None = None) -> dict[str, object]:
    return {
        "form": form or AmazonConnectionForm(marketplaces=amazon_marketplace_choices()),
        "connections": connection_list(),
        "syncs": sync_status_list(),
        "shipping": shipping_forms(),
        "shop_form": ShopProfileForm(instance=shop_profile(), prefix="shop"),
        "return_settings": return_settings_forms(),
        "packing_form": PackingSettingsForm(
            initial={"require_scan": packing_settings().require_scan}, prefix="packing"
        ),
    }


def return_settings_forms() -> list[tuple[SalesChannel, ReturnSettingsForm]]:
    chosen = {row.channel_id: row for row in ReturnSettings.objects.all()}
    forms = []
    for channel in SalesChannel.objects.order_by("name"):
        own = chosen.get(channel.pk)
        initial = (
            {"window_days": own.window_days, "deduct_label": own.deduct_label,
             "restocking_damaged": own.restocking_damaged}
            if own else {"deduct_label": True}
        )  # fmt: skip
        forms.append((channel, ReturnSettingsForm(initial=initial, prefix=f"r{channel.pk}")))
    return forms


def shipping_forms() -> list[tuple[Marketplace, ShippingCalendarForm]]:
    """A form per marketplace the seller sells in, filled with what is set there."""
    return [
        (
            entry.marketplace,
            ShippingCalendarForm(
                initial={
                    "handling_days": entry.handling_days,
                    "cutoff": entry.cutoff,
                    "holidays": "\n".join(
                        f"{day.isoformat()} {name}".strip() for day, name in entry.holidays
                    ),
                },
                prefix=shipping_prefix(entry.marketplace),
            ),
        )
        for entry in shipping_calendar_list()
    ]


def shipping_prefix(marketplace: Marketplace) -> str:
    """Each marketplace's form fields apart: codes repeat between channels (US on Amazon
    and on another channel)."""
    return f"m{marketplace.pk}"
