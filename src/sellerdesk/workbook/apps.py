from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "sellerdesk.workbook"
    label = "workbook"
    verbose_name = "The Excel workbook"
