"""sellerdesk's middleware: the seller's time zone on every page, and logins that suit htmx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import middleware as auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone

from sellerdesk.core import clock
from sellerdesk.core.htmx import client_redirect_to_login


def seller_time_zone(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Show every date and time in the seller's own time zone; the database stays in UTC."""

    def middleware(request: HttpRequest) -> HttpResponse:
        with timezone.override(clock.seller_zone()):
            return get_response(request)

    return middleware


class LoginRequiredMiddleware(auth.LoginRequiredMiddleware):
    """Django's, except that an htmx request (a session that ended while a page was open)
    makes the whole browser go to the login page instead of a 302 swapped into the page."""

    def handle_no_permission(self, request: HttpRequest, view_func: Any) -> HttpResponse:
        if not getattr(request, "htmx", False):
            return super().handle_no_permission(request, view_func)
        return client_redirect_to_login(
            request,
            resolve_url(self.get_login_url(view_func)),
            self.get_redirect_field_name(view_func),
        )
