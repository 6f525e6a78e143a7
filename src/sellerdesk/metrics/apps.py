from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class MetricsConfig(AppConfig):
    name = "sellerdesk.metrics"
    label = "metrics"

    def ready(self) -> None:
        pre_migrate.connect(_set_triggers_aside, sender=self)
        post_migrate.connect(_install_triggers, sender=self)


def _set_triggers_aside(using: str, plan: Any = None, **kwargs: Any) -> None:
    """Before migrations run: SQLite rebuilds a table to alter it and then checks every
    trigger that names it, and PostgreSQL will not change a column a trigger names."""
    if plan:
        from django.db import connections

        from .rollups import triggers

        if triggers.tables() <= set(connections[using].introspection.table_names()):
            triggers.drop(connections[using])


def _install_triggers(using: str, **kwargs: Any) -> None:
    from django.db import connections

    from .rollups.refresh import triggers_installed

    triggers_installed(connections[using])
