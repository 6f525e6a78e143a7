"""The dashboard's forms, by page: filters, uploads, settings and the day's shipping."""

from .filters import MarkSeenForm, OrderFilterForm, StockFilterForm
from .settings import (
    AmazonConnectionForm,
    PackingSettingsForm,
    ShippingCalendarForm,
    ShopProfileForm,
)
from .shipping import BarcodeForm, BatchForm, DeliveredForm, LabelForm, PackageForm, ScanForm
from .uploads import ExportForm, ReportUploadForm

__all__ = [
    "AmazonConnectionForm",
    "BarcodeForm",
    "BatchForm",
    "DeliveredForm",
    "ExportForm",
    "LabelForm",
    "MarkSeenForm",
    "OrderFilterForm",
    "PackageForm",
    "PackingSettingsForm",
    "ReportUploadForm",
    "ScanForm",
    "ShippingCalendarForm",
    "ShopProfileForm",
    "StockFilterForm",
]
