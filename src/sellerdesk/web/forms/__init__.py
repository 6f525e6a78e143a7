"""The dashboard's forms, by page: filters, uploads, settings and the day's shipping."""

from .filters import MarkSeenForm, OrderFilterForm, StockFilterForm
from .settings import (
    AmazonConnectionForm,
    PackingSettingsForm,
    ShippingCalendarForm,
    ShopProfileForm,
)
from .shipping import (
    BarcodeForm,
    BatchForm,
    BuyLabelForm,
    DeliveredForm,
    LabelForm,
    PackageForm,
    ParcelForm,
    ScanForm,
)
from .uploads import ExportForm, ReportUploadForm

__all__ = [
    "AmazonConnectionForm",
    "BarcodeForm",
    "BatchForm",
    "BuyLabelForm",
    "DeliveredForm",
    "ExportForm",
    "LabelForm",
    "MarkSeenForm",
    "OrderFilterForm",
    "PackageForm",
    "PackingSettingsForm",
    "ParcelForm",
    "ReportUploadForm",
    "ScanForm",
    "ShippingCalendarForm",
    "ShopProfileForm",
    "StockFilterForm",
]
