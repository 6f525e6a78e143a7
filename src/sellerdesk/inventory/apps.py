from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "sellerdesk.inventory"
    label = "inventory"
