from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "sellerdesk.fulfillment"
    label = "fulfillment"
