"""The home page's composition: new orders, what must ship today, what is running low,
returns past their deadline, and buyer messages near or past their 24 hours. The early
warnings come in their own request (views.home.early_warnings_view): they count a month of
orders, and the page should not wait for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from sellerdesk.catalog.models import Sku
from sellerdesk.channels.amazon.selectors import SyncStatus, sync_status_list
from sellerdesk.fulfillment.selectors import ShipToday, ship_today_summary
from sellerdesk.inventory.selectors import low_stock_sku_list
from sellerdesk.messaging.selectors import (
    Awaiting,
    AwaitingCounts,
    awaiting_reply_counts,
    urgent_reply_list,
)
from sellerdesk.orders.selectors import NewOrders, new_order_summary
from sellerdesk.returns.selectors import overdue_returns

LOW_STOCK_SHOWN = 10


@dataclass(frozen=True, slots=True)
class HomeSummary:
    new_orders: NewOrders
    ship_today: ShipToday
    low_stock: list[Sku]
    low_stock_count: int
    syncs: list[SyncStatus]
    overdue_returns: int
    buyer_messages: AwaitingCounts
    urgent_messages: list[Awaiting]


def home_summary(*, user: AbstractBaseUser, now: dt.datetime) -> HomeSummary:
    low = low_stock_sku_list()
    return HomeSummary(
        new_orders=new_order_summary(user=user, now=now),
        ship_today=ship_today_summary(now=now),
        low_stock=list(low[:LOW_STOCK_SHOWN]),
        low_stock_count=low.count(),
        syncs=sync_status_list(),
        overdue_returns=overdue_returns(now=now).count(),
        buyer_messages=awaiting_reply_counts(now=now),
        urgent_messages=urgent_reply_list(now=now),
    )
