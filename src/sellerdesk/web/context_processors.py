"""What every page's layout needs: the shop's name and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sellerdesk.fulfillment.selectors import shop_name

from .navigation import Navigation


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A callable: the template asks for it only on pages that show it, and the layout shows
    # it twice (title and top bar): read once.
    read: list[str] = []

    def shop_name_once() -> str:
        if not read:
            read.append(shop_name())
        return read[0]

    context: dict[str, Any] = {"shop_name": shop_name_once}
    if request.user.is_authenticated:
        context["nav"] = Navigation(request)
    return context
