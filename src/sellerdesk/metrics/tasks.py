"""The daily early-warning email, when SELLERDESK_WARNINGS_EMAIL says where to."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sellerdesk.core import clock

from .digest import send_warning_digest


@db_periodic_task(crontab(hour="7", minute="0"))
def email_warnings_daily() -> None:
    if settings.SELLERDESK_WARNINGS_EMAIL:
        send_warning_digest(to=settings.SELLERDESK_WARNINGS_EMAIL, now=clock.now())
