"""Messaging as queue jobs: the rules and the outbox every minute, review requests daily."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .services import deliver_due
from .services.reviews import request_reviews
from .services.triggers import fire_rules


@db_periodic_task(crontab(minute="*"))
@lock_task("messaging-outbox")  # one sender at a time; the lease guards the rest
def send_messages() -> None:
    fire_rules()
    deliver_due()


@db_periodic_task(crontab(hour="8", minute="0"))
@lock_task("messaging-reviews")
def request_reviews_daily() -> None:
    # Only queues them: the outbox job sends, so one worker at a time sends anything.
    request_reviews()
