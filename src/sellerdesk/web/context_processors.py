"""What every page's layout needs: the shop's name and the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import Navigation


def navigation(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"shop_name": settings.SELLERDESK_SHOP_NAME}
    if request.user.is_authenticated:
        context["nav"] = Navigation(request)
    return context
