"""The Amazon sync as queue jobs: every SELLERDESK_SYNC_MINUTES, and "sync now" on demand."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, lock_task

from .imports.queued import run_queued_import
from .models import MarketplaceSync
from .sync import sync_marketplace
from .sync.run import push_changed_quantities

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute=f"*/{settings.SELLERDESK_SYNC_MINUTES}"))
@lock_task("amazon-sync")  # one sync at a time: a slow run is not overtaken by the next
def sync_amazon() -> None:
    for code in enabled_marketplaces():
        sync_marketplace(marketplace=code)


@db_periodic_task(crontab(minute="*"))
@lock_task("amazon-quantities")
def push_amazon_quantities() -> None:
    """Quantities that changed since the last push, every minute: a one-of-a-kind piece
    sold on Etsy must not stay for sale on Amazon until the next full sync. A sync under
    way pushes them itself, so the minute's push stands aside rather than take its lock."""
    if HUEY.is_locked("amazon-sync"):
        return
    for code in enabled_marketplaces():
        try:
            push_changed_quantities(marketplace=code)
        except Exception:  # one marketplace's failure must not keep the others waiting
            logger.warning(
                "pushing %s quantities failed; the next sync retries", code, exc_info=True
            )


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


@db_task()
def import_upload(import_id: int, path: str, encoding: str | None, actor_name: str) -> None:
    """Import an uploaded file saved to the data directory, then delete the file."""
    run_queued_import(
        import_id=import_id, path=Path(path), encoding=encoding, actor_name=actor_name
    )
