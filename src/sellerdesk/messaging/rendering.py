"""Rendering a seller's template against an order, with nothing reachable but what is
documented: the context holds plain text and numbers only, never a model, and the engine
has no loaders, so no {% include %} or {% extends %} can read another file."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, Template, TemplateDoesNotExist, TemplateSyntaxError
from django.template.base import Variable
from django.template.defaulttags import ForNode

from sellerdesk.fulfillment.domain.tracking import tracking_url
from sellerdesk.orders.models import Order

from .template_language import FILTERS, TAGS

# The documented context: every name a template may use, with what it holds.
CONTEXT_NAMES = {
    "order_id": "The order's id on its channel, e.g. 114-1234567-1234567",
    "buyer_first_name": "The buyer's first name, or an empty string",
    "shop_name": "Your shop's name (Settings)",
    "items": "The order's items: each has .title, .sku and .quantity",
    "purchased_on": "The purchase date, e.g. 12 June 2025",
    "deliver_by": "The latest delivery date promised, or an empty string",
    "carrier": "The latest parcel's carrier, or an empty string",
    "tracking_number": "The latest parcel's tracking number, or an empty string",
    "tracking_link": "The carrier's tracking page for it, or an empty string",
}


class _MessageEngine(Engine):
    # Only the tags and filters of template_language, not Django's whole set.
    default_builtins = ["sellerdesk.messaging.template_language"]


_ENGINE = _MessageEngine(dirs=[], loaders=[], libraries={}, autoescape=False, debug=False)
MAX_LENGTH = 20_000
"""Characters in a rendered message: far past any message Amazon takes (2,000)."""
_UNKNOWN = re.compile(r"Invalid (?P<kind>block tag|filter)[^']*'(?P<name>[^']+)'")


class TemplateProblem(ValueError):
    """A template that does not render: the message says where and why."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def order_context(order: Order, shop_name: str) -> dict[str, Any]:
    """The documented context for one order: plain values only."""
    buyer = getattr(order, "buyer", None)
    name = buyer.name if buyer is not None and buyer.purged_at is None else ""
    shipment = order.shipments.order_by("-shipped_at", "-pk").first()
    return {
        "order_id": order.external_id,
        "buyer_first_name": name.split()[0] if name.strip() else "",
        "shop_name": shop_name,
        "items": [
            {"title": line.title, "sku": line.channel_sku, "quantity": line.quantity_ordered}
            for line in order.lines.order_by("pk")
        ],
        "purchased_on": _day(order.purchased_at),
        "deliver_by": _day(order.latest_delivery_at) if order.latest_delivery_at else "",
        "carrier": shipment.carrier if shipment else "",
        "tracking_number": shipment.tracking_number if shipment else "",
        "tracking_link": tracking_url(shipment.carrier, shipment.tracking_number)
        if shipment
        else "",
    }


def _day(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def render(subject: str, body: str, context: dict[str, Any]) -> Rendered:
    """The message for `context`; TemplateProblem naming the part and line that fail."""
    return Rendered(_render(subject, context, "subject"), _render(body, context, "body"))


def _render(text: str, context: dict[str, Any], part: str) -> str:
    try:
        template = _ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        line = getattr(error, "template_debug", {}).get("line", "")
        where = f" at line {line}" if line else ""
        unknown = _UNKNOWN.search(str(error))
        if unknown:
            raise TemplateProblem(
                f"The {part}{where} uses {unknown.group('kind')} {unknown.group('name')!r}, "
                f"which messages do not have. Tags: {', '.join(TAGS)}. Filters: "
                f"{', '.join(FILTERS)}."
            ) from None
        raise TemplateProblem(f"The {part}{where} does not read as a template: {error}") from None
    _check_loops(template, part)
    unreachable = _unknown_names(text)
    if unreachable:
        raise TemplateProblem(
            f"The {part} uses {', '.join(sorted(unreachable))}, which a message cannot reach; "
            f"the names it may use are {', '.join(CONTEXT_NAMES)}."
        )
    try:
        rendered = template.render(Context(context, autoescape=False)).strip()
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        raise TemplateProblem(
            f"The {part} does not read as a template: it may not include others ({error})."
        ) from None
    if len(rendered) > MAX_LENGTH:
        raise TemplateProblem(f"The {part} comes to {len(rendered):,} characters: too long.")
    if part == "subject":
        # A mail header is one line: a line break in a title would end it.
        rendered = " ".join(rendered.split())
    return rendered


def _check_loops(template: Template, part: str) -> None:
    """Every loop over the order's items as they are, and none inside another: the cost of a
    template stays its length times the order's lines."""
    for loop in template.nodelist.get_nodes_by_type(ForNode):
        assert isinstance(loop, ForNode)  # as asked for: the type checker cannot know
        sequence = loop.sequence
        over_items = (
            isinstance(sequence.var, Variable)
            and sequence.var.var == "items"
            and not sequence.filters
        )
        if not over_items:
            raise TemplateProblem(
                f"The {part} has a loop over {sequence.token!r}: a loop may only go over the "
                "order's items, as in {% for item in items %}."
            )
        if loop.nodelist_loop.get_nodes_by_type(ForNode):
            raise TemplateProblem(
                f"The {part} has a loop inside a loop: one over the items is enough."
            )


def _unknown_names(text: str) -> set[str]:
    """Top-level variable names in {{ ... }} that the documented context lacks."""
    names = set()
    for expression in re.findall(r"{{\s*([^}|]+?)\s*(?:\|[^}]*)?}}", text):
        names.add(expression.split(".")[0].strip())
    loop_names = set(re.findall(r"{%\s*for\s+(\w+)\s+in", text))
    return {name for name in names if name not in CONTEXT_NAMES and name not in loop_names}
