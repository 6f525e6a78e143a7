from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "sellerdesk.messaging"
    label = "messaging"
