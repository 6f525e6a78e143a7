"""One view, two renderings: the whole page, or just its partial for an htmx request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page_or_partial(
    request: HttpRequest, page: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    htmx = getattr(request, "htmx", None)
    # A boosted request or a history restore wants the full page, not a fragment.
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        return render(request, partial, context)
    return render(request, page, context)
