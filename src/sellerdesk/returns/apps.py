from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "sellerdesk.returns"
    label = "returns"
