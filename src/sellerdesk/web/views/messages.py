"""Messages: templates with a live preview, rules per channel, the outbox and the review
requests, and opt-outs."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.channels.models import SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.messaging.domain.compliance import describe, message_problems
from sellerdesk.messaging.models import (
    Delivery,
    MessageKind,
    MessageRule,
    MessageTemplate,
    OptOut,
    OutboundMessage,
    Trigger,
)
from sellerdesk.messaging.rendering import CONTEXT_NAMES
from sellerdesk.messaging.services import cancel_message, retry_message
from sellerdesk.messaging.services.rules import (
    AMAZON_SENDS_ITSELF,
    DEFAULT_KINDS,
    amazon_types_for,
    save_rule,
)
from sellerdesk.messaging.services.templates import (
    add_standard_templates,
    preview,
    save_template,
    send_test,
)
from sellerdesk.messaging.services.triggers import send_delay_notice
from sellerdesk.orders.models import Order

from ..actors import actor_of
from ..forms.messaging import OptOutForm, PreviewForm, RuleForm, TemplateForm
from ..redirects import back_or

LISTED = 200


# Replies are written in the inbox, from canned replies: no template of their own.
TEMPLATE_KINDS = [(v, label) for v, label in MessageKind.choices if v != MessageKind.REPLY]


def templates_view(request: HttpRequest) -> HttpResponse:
    templates = MessageTemplate.objects.select_related("channel")
    return render(
        request, "web/messages/templates.html",
        {"templates": templates, "kinds": TEMPLATE_KINDS},
    )  # fmt: skip


@require_POST
def standard_templates_view(request: HttpRequest) -> HttpResponse:
    added, refused = add_standard_templates(actor=actor_of(request))
    if added:
        messages.success(
            request, f"Added {len(added)} standard templates: edit them to sound like you."
        )
    elif not refused:
        messages.success(request, "Every kind has its template already.")
    for kind, why in refused.items():
        messages.error(request, f"{MessageKind(kind).label} left out: {why}")
    return redirect("web:message_templates")


def template_edit_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(MessageTemplate, pk=pk) if pk else None
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                saved = save_template(
                    **form.cleaned_data, actor=actor_of(request), template=template
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Template “{saved}” saved.")
                return redirect("web:message_template", saved.pk)
    elif template is not None:
        form = TemplateForm(initial={
            "kind": template.kind, "channel": template.channel, "language": template.language,
            "subject": template.subject, "body": template.body,
        })  # fmt: skip
    else:
        form = TemplateForm(initial={"kind": request.GET.get("kind", ""), "language": "en"})
    context = {
        "form": form, "template": template, "context_names": list(CONTEXT_NAMES.items()),
        "preview_form": PreviewForm(initial={"to": request.user.email}),
    }  # fmt: skip
    return render(
        request, "web/messages/template_edit.html", context, status=400 if form.errors else 200
    )


@require_POST
def template_preview_view(request: HttpRequest) -> HttpResponse:
    """The live preview (htmx), and "send test to me" when the button says so."""
    form = PreviewForm(request.POST)
    context: dict[str, object] = {}
    if form.is_valid():
        data = form.cleaned_data
        try:
            if "send_test" in request.POST:
                rendered = send_test(
                    subject=data["subject"], body=data["body"], order=data["order"], to=data["to"]
                )
                context["sent_to"] = data["to"]
            else:
                rendered = preview(data["subject"], data["body"], data["order"])
        except DomainError as error:
            context["problem"] = error.message
        else:
            context["rendered"] = rendered
            order = data["order"]
            if order is not None and order.channel.code == "amazon":
                # Said now, not only when a rule would send it.
                found = message_problems(rendered.body)
                context["amazon_warning"] = describe(found) if found else ""
    else:
        context["problem"] = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return render(request, "web/messages/_preview.html", context)


def rules_view(request: HttpRequest) -> HttpResponse:
    channels = list(SalesChannel.objects.order_by("name"))
    existing = {(rule.channel_id, rule.trigger): rule for rule in MessageRule.objects.all()}
    error_for: tuple[int, str] | None = None
    if request.method == "POST":
        channel = get_object_or_404(SalesChannel, pk=request.POST.get("channel"))
        trigger = Trigger(request.POST.get("trigger"))
        form = RuleForm(request.POST, prefix=f"{channel.pk}-{trigger}")
        if form.is_valid():
            try:
                save_rule(
                    channel=channel, trigger=trigger, kind=DEFAULT_KINDS[trigger],
                    **form.cleaned_data, actor=actor_of(request),
                )  # fmt: skip
            except DomainError as error:
                messages.error(request, f"{channel.name}, {trigger.label.lower()}: {error.message}")
                error_for = (channel.pk, trigger)
            else:
                messages.success(request, f"{channel.name}: “{trigger.label}” saved.")
                return redirect("web:message_rules")
    rows = []
    for channel in channels:
        for trigger in Trigger:
            rule = existing.get((channel.pk, trigger))
            initial = (
                {"is_enabled": rule.is_enabled, "amazon_type": rule.amazon_type}
                if rule
                else {"is_enabled": False}
            )
            form = RuleForm(
                request.POST if error_for == (channel.pk, trigger) else None,
                initial=initial, prefix=f"{channel.pk}-{trigger}",
            )  # fmt: skip
            amazon = channel.code == "amazon"
            allowed = amazon_types_for(trigger) if amazon else []
            rows.append({
                "channel": channel, "trigger": trigger, "form": form, "rule": rule,
                "kind": MessageKind(DEFAULT_KINDS[trigger]).label,
                "amazon": amazon, "allowed": allowed, "forbidden": amazon and not allowed,
                "amazon_sends": AMAZON_SENDS_ITSELF.get(trigger, "it"),
            })  # fmt: skip
    context = {
        "rows": rows, "opt_outs": OptOut.objects.order_by("-at")[:LISTED],
        "opt_out_form": OptOutForm(),
    }  # fmt: skip
    return render(request, "web/messages/rules.html", context)


@require_POST
def opt_out_view(request: HttpRequest) -> HttpResponse:
    form = OptOutForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        OptOut.objects.update_or_create(
            email=email,
            defaults={
                "at": clock.now(),
                "by": actor_of(request).name,
                "note": form.cleaned_data["note"],
            },
        )
        messages.success(request, f"{email} gets no more messages but critical ones.")
    else:
        messages.error(request, "Give the buyer's email address.")
    return redirect("web:message_rules")


@require_POST
def opt_out_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    OptOut.objects.filter(pk=pk).delete()
    messages.success(request, "Opt-out removed.")
    return redirect("web:message_rules")


def outbox_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    listed = OutboundMessage.objects.select_related("order").exclude(
        kind=MessageKind.REVIEW_REQUEST
    )
    if state in Delivery.values:
        listed = listed.filter(state=state)
    context = {"outbox": listed[:LISTED], "states": Delivery.choices, "state": state}
    return render(request, "web/messages/outbox.html", context)


def reviews_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    listed = OutboundMessage.objects.select_related("order").filter(kind=MessageKind.REVIEW_REQUEST)
    if state == "sent":
        listed = listed.filter(state=Delivery.SENT)
    elif state == "skipped":
        listed = listed.filter(Q(state=Delivery.SKIPPED) | Q(state=Delivery.FAILED))
    context = {"requests": listed[:LISTED], "state": state}
    return render(request, "web/messages/reviews.html", context)


@require_POST
def outbox_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    message = get_object_or_404(OutboundMessage, pk=pk)
    if action not in ("cancel", "retry"):
        raise Http404("No such action.")
    try:
        if action == "cancel":
            cancel_message(message, actor_of(request))
            messages.success(request, f"Cancelled: {message.subject}")
        else:
            retry_message(message, actor_of(request))
            messages.success(request, f"Queued again: {message.subject}")
    except DomainError as error:
        messages.error(request, error.message)
    return back_or(request, "web:message_outbox")


@require_POST
def delay_notice_view(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order.objects.select_related("channel", "marketplace"), pk=pk)
    try:
        sent = send_delay_notice(order=order, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if sent.state == Delivery.QUEUED:
            messages.success(request, "Delay notice queued: it goes within a minute.")
        else:
            messages.error(request, f"Delay notice not sent: {sent.reason or sent.last_error}")
    return redirect("web:order_detail", pk)
