"""Canned replies: the answers the seller reuses in the inbox, listed, added and edited."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from sellerdesk.core.errors import DomainError
from sellerdesk.messaging import services
from sellerdesk.messaging.models import CannedReply
from sellerdesk.messaging.rendering import CONTEXT_NAMES
from sellerdesk.messaging.selectors import canned_reply_list

from ..actors import actor_of
from ..forms.inbox import CannedReplyForm


def canned_list_view(request: HttpRequest) -> HttpResponse:
    form = CannedReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            canned = services.create_canned_reply(**form.cleaned_data, actor=actor_of(request))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Canned reply {canned.title!r} saved.")
            return redirect("web:canned_replies")
    context = {"replies": canned_reply_list(), "form": form, "names": list(CONTEXT_NAMES.items())}
    status = 400 if request.method == "POST" else 200
    return render(request, "web/inbox/canned.html", context, status=status)


def canned_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    canned = get_object_or_404(CannedReply, pk=pk)
    initial = {"title": canned.title, "body": canned.body}
    form = CannedReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_canned_reply(
                canned=canned, **form.cleaned_data, actor=actor_of(request)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Canned reply {canned.title!r} saved.")
            return redirect("web:canned_replies")
    context = {"canned": canned, "form": form, "names": list(CONTEXT_NAMES.items())}
    status = 400 if request.method == "POST" else 200
    return render(request, "web/inbox/canned_edit.html", context, status=status)
