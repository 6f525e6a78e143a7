"""To ship: the seller-fulfilled orders ready to ship, grouped by when they must."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sellerdesk.core import clock
from sellerdesk.fulfillment.selectors import to_ship_queue


def to_ship_view(request: HttpRequest) -> HttpResponse:
    return render(request, "web/to_ship.html", {"queue": to_ship_queue(now=clock.now())})
