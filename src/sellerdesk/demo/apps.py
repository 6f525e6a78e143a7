from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sellerdesk.demo"
    label = "demo"
    verbose_name = "Demo shop"
