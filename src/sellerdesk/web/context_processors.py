"""What every page's layout needs: the shop's name and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sellerdesk.fulfillment.selectors import shop_name

from .navigation import Navigation


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A callable: the template asks for it (one query) only on pages that show it.
    context: dict[str, Any] = {"shop_name": shop_name}
    if request.user.is_authenticated:
        context["nav"] = Navigation(request)
    return context
