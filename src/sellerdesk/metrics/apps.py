from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MetricsConfig(AppConfig):
    name = "sellerdesk.metrics"
    label = "metrics"

    def ready(self) -> None:
        post_migrate.connect(_install_triggers, sender=self)


def _install_triggers(using: str, **kwargs: Any) -> None:
    from django.db import connections

    from .rollups.refresh import triggers_installed

    triggers_installed(connections[using])
