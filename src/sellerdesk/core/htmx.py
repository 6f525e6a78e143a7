"""One view, two renderings: the whole page, or just its partial for an htmx request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect


def render_page_or_partial(
    request: HttpRequest, page: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    htmx = getattr(request, "htmx", None)
    # A boosted request or a history restore wants the full page, not a fragment.
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        response = render(request, partial, context)
    else:
        response = render(request, page, context)
    # One URL, two bodies: a cache (the browser's too) must not hand out one for the other.
    patch_vary_headers(response, ("HX-Request",))
    return response


def client_redirect_to_login(
    request: HttpRequest, login_url: str, redirect_field_name: str
) -> HttpResponse:
    """Send the whole browser to the login page, then back to the page the seller was on.

    A plain redirect would be followed inside htmx's request and the login page swapped into
    the table. The way back is the page in the address bar (HX-Current-URL, same origin
    only), not the URL of the fragment being fetched.
    """
    htmx = getattr(request, "htmx", None)
    back = (htmx.current_url_abs_path if htmx else None) or request.get_full_path()
    return HttpResponseClientRedirect(redirect_to_login(back, login_url, redirect_field_name).url)
