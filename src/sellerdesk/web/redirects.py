"""Back to the page a form was posted from, and never to another site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def back_or(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """To the posted `next` when it is a page of this site, else to `fallback` (a URL name
    or path): a `next` pointing elsewhere would make the form an open redirect."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or fallback)
