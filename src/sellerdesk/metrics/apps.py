from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "sellerdesk.metrics"
    label = "metrics"
