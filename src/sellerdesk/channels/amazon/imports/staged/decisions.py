"""What each distinct value of a staged report means, decided by the reader's functions.

A report of a million lines has a handful of statuses, sites and currencies and a few
hundred SKUs: each is decided once, in Python, as the row-by-row reader decides it, and
the SQL maps the staged cells through CASE expressions built from the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db import connection

from sellerdesk.channels.models import Marketplace, SalesChannel
from sellerdesk.orders import domain
from sellerdesk.orders.services.sku_mapping import SkuResolver

from ...flatfile import orders as order_rows
from ...flatfile.cells import flag_value
from ...flatfile.orders import OrderRows, Storefront


class CannotStage(Exception):
    """The file needs the row-by-row reader."""


@dataclass(frozen=True)
class Case:
    sql: str
    params: list[Any]


def case(expression: str, values: dict[str, Any], *, default: Case | str = "NULL") -> Case:
    """`expression` (SQL without parameters) mapped through `values`, decided in Python."""
    otherwise = default if isinstance(default, Case) else Case(default, [])
    if not values:
        return otherwise
    whens = " ".join("WHEN %s THEN %s" for _ in values)
    params = [*chain.from_iterable(values.items()), *otherwise.params]
    return Case(f"(CASE {expression} {whens} ELSE {otherwise.sql} END)", params)


class OrderDecisions:
    """What each distinct order-level value means, decided by the reader's functions."""

    def __init__(self, rows: OrderRows, channel: SalesChannel) -> None:
        self.rows, self.channel = rows, channel
        self.statuses: dict[str, str] = {}
        self.fulfilments: dict[str, str] = {}
        self.business: dict[str, bool] = {}
        self.fronts: dict[str, Storefront] = {}
        self.skip_reasons: dict[str, str] = {}
        self.marketplace_ids: dict[str, int] = {}
        self.include_tax: dict[str, int] = {}
        self.currencies: dict[str, str] = {}

    @property
    def imported_sites(self) -> list[str]:
        return list(self.fronts)

    def add(self, status: str, fulfilment: str, site: str, business: str) -> None:
        """Decide on one distinct combination of raw cells, stripped as the reader does."""
        front = self.rows.storefront(site.strip())
        if front is None:
            raise CannotStage
        if isinstance(front, str):
            self.skip_reasons[site] = front
            return  # the reader reads nothing else of a skipped order
        if site not in self.fronts:
            self.fronts[site] = front
            marketplace = Marketplace.objects.filter(channel=self.channel, code=front.code).first()
            if marketplace is None:
                raise CannotStage
            self.marketplace_ids[site] = marketplace.pk
            self.include_tax[site] = int(marketplace.prices_include_tax)
            self.currencies[site] = front.currency
        mapped = order_rows.order_status(status.strip()) if status.strip() else None
        fulfilled = order_rows.fulfilment(fulfilment.strip()) if fulfilment.strip() else None
        flag = flag_value(business.strip())
        if mapped is None or fulfilled is None or flag is None:
            raise CannotStage
        self.statuses[status] = mapped
        self.fulfilments[fulfilment] = fulfilled
        self.business[business] = flag


class LineDecisions:
    def __init__(self, channel: SalesChannel, orders: OrderDecisions) -> None:
        self.channel, self.orders = channel, orders
        self.states: dict[str, str] = {}
        self.currencies: dict[str, str] = {}
        self.skus: dict[tuple[str, str], int | None] = {}
        self._resolver = SkuResolver(channel)

    def add(self, item_status: str, currency: str, site: str, sku: str) -> None:
        if site not in self.orders.fronts:
            return  # a skipped order's lines
        state = order_rows.item_state(item_status.strip())
        if state is None or not sku.strip():
            raise CannotStage
        self.states[item_status] = state
        if currency.strip():
            code = order_rows.currency_code(currency.strip())
            if code is None:
                raise CannotStage
            self.currencies[currency] = code
        key = (site, sku)
        if key not in self.skus:
            market = self.orders.marketplace_ids[site]
            self.skus[key] = self._resolver.sku_id(market, sku.strip())

    def stage_skus(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE amazon_staged_skus (site text NOT NULL, "
                "sku text NOT NULL, sku_id bigint, PRIMARY KEY (site, sku))"
            )
            known = [(site, sku, sku_id) for (site, sku), sku_id in self.skus.items() if sku_id]
            if known:
                cursor.executemany("INSERT INTO amazon_staged_skus VALUES (%s, %s, %s)", known)

    def settled(
        self, status: str, item_status: str, quantity: str, statuses: dict[str, str]
    ) -> tuple[Case, Case]:
        """Shipped and cancelled units of a line as domain.settled_quantities has them: for
        each order status and item state, which share of the ordered units (all or none)."""
        shipped: dict[str, int] = {}
        cancelled: dict[str, int] = {}
        for raw_status, mapped in statuses.items():
            for raw_item, state in self.states.items():
                key = f"{raw_status}\t{raw_item}"  # no cell holds a tab
                shipped[key], cancelled[key] = domain.settled_quantities(
                    status=mapped,
                    ordered=1,
                    shipped=int(state == order_rows.ITEM_SHIPPED),
                    cancelled=int(state == order_rows.ITEM_CANCELLED),
                )
        pair = f"{status} || '\t' || {item_status}"
        shipped_case = case(pair, shipped, default="0")
        cancelled_case = case(pair, cancelled, default="0")
        return (
            Case(f"{shipped_case.sql} * {quantity}", shipped_case.params),
            Case(f"{cancelled_case.sql} * {quantity}", cancelled_case.params),
        )
