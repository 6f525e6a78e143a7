"""The Amazon sync as queue jobs: every SELLERDESK_SYNC_MINUTES, and "sync now" on demand."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from .models import MarketplaceSync
from .sync import sync_marketplace


@db_periodic_task(crontab(minute=f"*/{settings.SELLERDESK_SYNC_MINUTES}"))
@lock_task("amazon-sync")  # one sync at a time: a slow run is not overtaken by the next
def sync_amazon() -> None:
    for code in enabled_marketplaces():
        sync_marketplace(marketplace=code)


@db_task()
@lock_task("amazon-sync")
def sync_amazon_now(marketplace: str) -> None:
    sync_marketplace(marketplace=marketplace)


def enabled_marketplaces() -> list[str]:
    return list(
        MarketplaceSync.objects.filter(is_enabled=True)
        .order_by("marketplace__code")
        .values_list("marketplace__code", flat=True)
    )
