"""Editing message templates: every save renders the template first, and a template an
Amazon rule sends is held to Amazon's rules before it is kept."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from sellerdesk.channels.models import SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.selectors import shop_name
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import Order

from ..models import MessageTemplate
from ..rendering import Rendered, TemplateProblem, order_context, render
from ..standard_templates import STANDARD
from .rules import amazon_problem, amazon_rules_using, made_up_context, sample_contexts


def save_template(
    *, kind: str, channel: SalesChannel | None, language: str, subject: str, body: str,
    actor: Actor, template: MessageTemplate | None = None,
) -> MessageTemplate:  # fmt: skip
    """Create or change a template; DomainError says what to fix."""
    template = template or MessageTemplate()
    template.kind, template.channel, template.language = kind, channel, language.strip().lower()
    template.subject, template.body = subject.strip(), body
    try:
        for context in sample_contexts(channel):
            render(template.subject, template.body, context)
    except TemplateProblem as error:
        raise DomainError(str(error)) from None
    for rule in amazon_rules_using(template):
        problem = amazon_problem(template, rule.amazon_type)
        if problem:
            raise DomainError(
                f'Amazon orders get this template as "{rule.get_amazon_type_display()}" '
                f"(Messages > Rules). {problem}"
            )
    if channel is not None and channel.code == "amazon":
        # Written for Amazon buyers: held to Amazon's rules before any rule sends it.
        problem = amazon_problem(template, "")
        if problem:
            raise DomainError(f"This template is for Amazon buyers. {problem}")
    template.updated_at, template.updated_by = clock.now(), actor.name
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:
        where = channel.name if channel else "every channel"
        raise DomainError(
            f"There is already a {template.get_kind_display().lower()} template for {where} "
            f"in '{template.language}': edit that one."
        ) from None
    return template


def add_standard_templates(*, actor: Actor) -> tuple[list[MessageTemplate], dict[str, str]]:
    """sellerdesk's wording for every kind the seller has no default template of yet. A kind
    a rule refuses (a shop name that reads as a web address, say, for an Amazon rule) is left
    out, with why."""
    have = set(
        MessageTemplate.objects.filter(channel=None, language="en").values_list("kind", flat=True)
    )
    added, refused = [], {}
    for kind, (subject, body) in STANDARD.items():
        if kind in have:
            continue
        try:
            with transaction.atomic():
                template = save_template(
                    kind=kind, channel=None, language="en", subject=subject, body=body, actor=actor
                )
        except DomainError as error:
            refused[kind] = error.message
        else:
            added.append(template)
    return added, refused


def preview(subject: str, body: str, order: Order | None) -> Rendered:
    """The message as the buyer of `order` would get it (a made-up order when none)."""
    context = order_context(order, shop_name()) if order is not None else made_up_context()
    try:
        return render(subject, body, context)
    except TemplateProblem as error:
        raise DomainError(str(error)) from None


def send_test(*, subject: str, body: str, order: Order | None, to: str) -> Rendered:
    """Send the rendered message to the seller, now, outside the outbox."""
    if not to:
        raise DomainError(
            "Give the address to send the test to (your account has no email address yet)."
        )
    try:
        validate_email(to)
    except ValidationError:
        raise DomainError(f"{to!r} is not an email address.") from None
    rendered = preview(subject, body, order)
    try:
        EmailMessage(
            subject=f"[Test] {rendered.subject}", body=rendered.body,
            from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
        ).send()  # fmt: skip
    except (smtplib.SMTPException, OSError) as error:
        raise DomainError(
            f"The mail server did not take the test ({error}): check the SELLERDESK_EMAIL_* "
            "settings."
        ) from None
    return rendered
