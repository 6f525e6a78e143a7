from django.apps import AppConfig


class AmazonConfig(AppConfig):
    name = "sellerdesk.channels.amazon"
    label = "amazon"
    verbose_name = "Amazon"
