from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sellerdesk.core"
    label = "core"

    def ready(self) -> None:
        from . import lookups  # noqa: F401  (registers `__literal_in`)
