from django.apps import AppConfig


class AmazonConfig(AppConfig):
    name = "sellerdesk.channels.amazon"
    label = "amazon"
    verbose_name = "Amazon"

    def ready(self) -> None:
        # Imported here: the messenger needs the models, loaded only by now.
        from sellerdesk.messaging import ports

        from .messenger import AmazonMessenger

        ports.register("amazon", AmazonMessenger())
