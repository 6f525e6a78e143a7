"""Show every date and time in the seller's own time zone; the database stays in UTC."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sellerdesk.core import clock


def seller_time_zone(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        with timezone.override(clock.seller_zone()):
            return get_response(request)

    return middleware
