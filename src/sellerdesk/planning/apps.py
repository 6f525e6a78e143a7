from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "sellerdesk.planning"
    label = "planning"
    verbose_name = "Restock planning and purchasing"
