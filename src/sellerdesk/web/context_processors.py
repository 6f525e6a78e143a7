"""What every page's layout needs: the shop's name and the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sellerdesk.fulfillment.selectors import shop_profile

from .navigation import Navigation


def _shop_name() -> str:
    """The name set in Settings (it heads packing slips too), else SELLERDESK_SHOP_NAME."""
    profile = shop_profile()
    return profile.shop_name if profile else settings.SELLERDESK_SHOP_NAME


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A callable: the template asks for it (one query) only on pages that show it.
    context: dict[str, Any] = {"shop_name": _shop_name}
    if request.user.is_authenticated:
        context["nav"] = Navigation(request)
    return context
