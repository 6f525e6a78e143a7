"""The daily restock email, when SELLERDESK_RESTOCK_EMAIL says where to."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sellerdesk.core import clock

from .digest import send_restock_digest


@db_periodic_task(crontab(hour="7", minute="5"))
def email_restock_daily() -> None:
    if settings.SELLERDESK_RESTOCK_EMAIL:
        send_restock_digest(to=settings.SELLERDESK_RESTOCK_EMAIL, today=clock.seller_today())
