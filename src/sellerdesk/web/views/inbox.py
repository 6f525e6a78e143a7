"""The Inbox: buyer messages on the 24-hour clock, each conversation with its reply box, and
the response rate Amazon measures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.selectors import shop_name
from sellerdesk.messaging import services
from sellerdesk.messaging.models import BuyerMessage, CannedReply
from sellerdesk.messaging.selectors import (
    awaiting_reply_list,
    canned_reply_list,
    recent_message_list,
    response_time_list,
    thread_get,
)

from ..actors import actor_of
from ..forms.inbox import (
    AnsweredForm,
    LinkOrderForm,
    MessageForm,
    MessageImportForm,
    ReplyForm,
)


def inbox_view(request: HttpRequest, form: MessageForm | None = None) -> HttpResponse:
    now = clock.now()
    context = {
        "awaiting": awaiting_reply_list(now=now),
        "recent": recent_message_list(),
        "metrics": response_time_list(now=now),
        "form": form or MessageForm(initial={"received_at": now}),
        "import_form": MessageImportForm(),
    }
    return render(request, "web/inbox/list.html", context, status=400 if form else 200)


@require_POST
def message_enter_view(request: HttpRequest) -> HttpResponse:
    form = MessageForm(request.POST)
    if not form.is_valid():
        return inbox_view(request, form)
    data = form.cleaned_data
    try:
        message = services.enter_message(
            order_id=data["order_id"], received_at=data["received_at"], sender=data["sender"],
            subject=data["subject"], body=data["body"], is_complaint=data["is_complaint"],
            actor=actor_of(request),
        )  # fmt: skip
    except DomainError as error:
        form.add_error(None, error.message)
        return inbox_view(request, form)
    messages.success(request, f"Message from {message.sender} added to the inbox.")
    return redirect("web:inbox_thread", pk=message.pk)


@require_POST
def message_import_view(request: HttpRequest) -> HttpResponse:
    form = MessageImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV file of messages to import.")
        return redirect("web:inbox")
    upload = form.cleaned_data["file"]
    try:
        result = services.import_messages(upload, name=upload.name, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, f"Nothing imported: {error.message}")
        return redirect("web:inbox")
    text = f"Imported {result.added} message{'s' if result.added != 1 else ''}"
    if result.already_there:
        text += f"; {result.already_there} were in the inbox already"
    if result.without_order:
        text += (
            f"; {result.without_order} not filed with an order (none given, or one sellerdesk "
            "does not have yet: file it from its conversation)"
        )
    messages.success(request, text + ".")
    return redirect("web:inbox")


def thread_view(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    message = get_object_or_404(BuyerMessage.objects.select_related("order"), pk=pk)
    context = {
        "thread": thread_get(message=message, now=clock.now()),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "answered_form": forms.get("answered_form") or AnsweredForm(),
        "link_form": forms.get("link_form") or LinkOrderForm(),
        "canned_replies": canned_reply_list(),
    }
    return render(request, "web/inbox/thread.html", context, status=400 if forms else 200)


@require_POST
def reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(BuyerMessage.objects.select_related("order"), pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply(
                message=message, body=form.cleaned_data["body"],
                subject=form.cleaned_data["subject"], actor=actor_of(request),
            )  # fmt: skip
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Reply queued: it goes out within a minute, and the clock stops when it is sent.",
            )
            return redirect("web:inbox_thread", pk=pk)
    return thread_view(request, pk, reply_form=form)


@require_GET
def canned_fill_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply box filled with the chosen canned reply (htmx swaps it in place)."""
    message = get_object_or_404(BuyerMessage.objects.select_related("order"), pk=pk)
    body, problem = "", ""
    chosen = request.GET.get("canned", "")
    if chosen.isdigit():
        canned = get_object_or_404(CannedReply, pk=int(chosen))
        try:
            body = services.render_canned(canned=canned, message=message, shop_name=shop_name())
        except DomainError as error:
            problem = error.message
    form = ReplyForm(initial={"body": body})
    return render(request, "web/inbox/_reply_body.html", {"reply_form": form, "problem": problem})


@require_POST
def no_response_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(BuyerMessage.objects.select_related("order"), pk=pk)
    flag = request.POST.get("flag") == "on"
    try:
        services.set_no_response_needed(message=message, flag=flag, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Marked: no response needed." if flag else "Back on the 24-hour clock."
        )
    return redirect("web:inbox_thread", pk=pk)


@require_POST
def answered_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(BuyerMessage.objects.select_related("order"), pk=pk)
    form = AnsweredForm(request.POST)
    if not form.is_valid():
        return thread_view(request, pk, answered_form=form)
    at = form.cleaned_data["answered_at"] or clock.now()
    try:
        services.mark_answered(message=message, at=at, actor=actor_of(request))
    except DomainError as error:
        form.add_error(None, error.message)
        return thread_view(request, pk, answered_form=form)
    messages.success(request, "Marked as answered elsewhere.")
    return redirect("web:inbox_thread", pk=pk)


@require_POST
def link_order_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(BuyerMessage, pk=pk)
    form = LinkOrderForm(request.POST)
    if form.is_valid():
        try:
            order_id = form.cleaned_data["order_id"]
            services.link_order(message=message, order_id=order_id, actor=actor_of(request))
        except DomainError as error:
            form.add_error("order_id", error.message)
        else:
            messages.success(request, f"Filed with order {order_id}.")
            return redirect("web:inbox_thread", pk=pk)
    return thread_view(request, pk, link_form=form)
