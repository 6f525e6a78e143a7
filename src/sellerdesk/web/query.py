"""Values a page reads from its query string: a mistake is said, not silently replaced."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest


def date_given(request: HttpRequest, name: str, default: dt.date, *, instead: str) -> dt.date:
    """The date in `?name=YYYY-MM-DD`; `default` when there is none, or none that reads as a
    date, which the page then says (`instead`: what it shows instead)."""
    given = request.GET.get(name, "")
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        if given:
            messages.warning(request, f"{given!r} is not a date (YYYY-MM-DD): {instead}.")
        return default
