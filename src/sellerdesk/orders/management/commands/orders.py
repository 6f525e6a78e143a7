"""`sellerdesk orders`: the order list for scripts and terminals."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from sellerdesk.core.management.base import DocstringCommand
from sellerdesk.orders import selectors
from sellerdesk.orders.listing import format_order_row, order_filters_from_options
from sellerdesk.orders.serialization import order_as_dict


class Command(DocstringCommand):
    """List orders, newest first, filtered by status, channel, marketplace or fulfilment.

    Examples:
      sellerdesk orders --status Unshipped
      sellerdesk orders --channel amazon --marketplace UK --limit 20
      sellerdesk orders --json | jq .total     (one JSON object per order, lines included)

    Dates are shown in your time zone (SELLERDESK_TIME_ZONE); JSON times are UTC. Amounts in
    JSON are exact decimal strings. Buyer names and addresses are never printed; gift messages
    and personalisation text (the buyer's own words) only with --include-personal-text.
    """

    help = __doc__

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--status", help="An order status, e.g. Unshipped, Shipped, Canceled.")
        parser.add_argument("--channel", help="A channel code, e.g. amazon, etsy.")
        parser.add_argument("--marketplace", help="A marketplace code, e.g. US, UK, DE.")
        parser.add_argument("--fulfillment", help="seller (FBM) or amazon (FBA).")
        parser.add_argument("--search", default="", help="Order id, SKU or buyer name.")
        parser.add_argument("--limit", type=int, default=None, help="Show at most N orders.")
        parser.add_argument("--json", action="store_true", help="One JSON object per line.")
        parser.add_argument(
            "--include-personal-text",
            action="store_true",
            help="With --json: add each line's gift message and personalisation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            filters = order_filters_from_options(options)
        except ValueError as error:
            raise CommandError(str(error)) from error
        orders = selectors.order_list(filters)
        if options["limit"] is not None:
            orders = orders[: max(0, options["limit"])]
        for order in orders.iterator(chunk_size=2000):
            if options["json"]:
                data = order_as_dict(order, include_personal_text=options["include_personal_text"])
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                self.stdout.write(format_order_row(order))
