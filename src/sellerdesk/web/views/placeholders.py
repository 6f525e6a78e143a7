"""Pages for capabilities still to come: real URLs that say what each will do."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..navigation import PLACEHOLDERS


def coming_soon(request: HttpRequest, feature: str) -> HttpResponse:
    return render(request, "web/coming_soon.html", {"feature": PLACEHOLDERS[feature]})
