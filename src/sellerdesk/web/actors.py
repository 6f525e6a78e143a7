"""Who did it: the signed-in seller, as the services record her on every change."""

from __future__ import annotations

from django.http import HttpRequest

from sellerdesk.inventory.services import Actor


def actor_of(request: HttpRequest) -> Actor:
    return Actor(name=request.user.get_username(), user=request.user)
