from django.urls import path

from .navigation import PLACEHOLDERS
from .views import (
    amazon,
    batches,
    home,
    imports,
    inventory,
    labels,
    orders,
    pack,
    placeholders,
    return_settings,
    returns,
    ship,
    shipping,
    to_ship,
)

app_name = "web"
urlpatterns = [
    path("", home.home, name="home"),
    path("orders/seen/", home.mark_seen, name="mark_orders_seen"),
    path("orders/", orders.order_list_view, name="orders"),
    path("orders/<int:pk>/", orders.order_detail_view, name="order_detail"),
    path("orders/<int:pk>/ship/", ship.order_ship_view, name="order_ship"),
    path("orders/<int:pk>/delivered/", ship.order_delivered_view, name="order_delivered"),
    path("orders/<int:pk>/pack/", pack.pack_view, name="order_pack"),
    path(
        "orders/<int:pk>/shipments/<int:shipment_pk>/label.<str:kind>",
        labels.shipment_label_view,
        name="shipment_label",
    ),
    path("orders/<int:pk>/labels/rates/", labels.buy_rates_view, name="label_rates"),
    path("orders/<int:pk>/labels/buy/", labels.buy_label_view, name="label_buy"),
    path("orders/<int:pk>/labels/<int:label_pk>/void/", labels.label_void_view, name="label_void"),
    path("orders/<int:pk>/pack/scan/", pack.pack_scan_view, name="order_pack_scan"),
    path("orders/<int:pk>/pack/reset/", pack.pack_reset_view, name="order_pack_reset"),
    path(
        "orders/<int:pk>/shipments/<int:shipment_pk>/relabel/",
        ship.shipment_relabel_view,
        name="shipment_relabel",
    ),
    path("to-ship/", to_ship.to_ship_view, name="to_ship"),
    path("batches/", batches.batch_list_view, name="batches"),
    path("batches/new/", batches.batch_create_view, name="batch_create"),
    path("batches/<int:pk>/", batches.batch_detail_view, name="batch_detail"),
    path("batches/<int:pk>/pick-list.pdf", batches.batch_pick_list_view, name="batch_pick_list"),
    path(
        "batches/<int:pk>/packing-slips.pdf",
        batches.batch_packing_slips_view,
        name="batch_packing_slips",
    ),
    path("batches/<int:pk>/picked/", batches.batch_picked_view, name="batch_picked"),
    path(
        "batches/<int:pk>/labels.<str:kind>",
        batches.batch_labels_view,
        name="batch_labels",
    ),
    path("batches/<int:pk>/close/", batches.batch_close_view, name="batch_close"),
    path("inventory/", inventory.stock_level_list_view, name="inventory"),
    # Seller SKUs may contain slashes, so the code takes the rest of the path.
    path("inventory/barcode/<int:pk>/", inventory.sku_barcode_view, name="sku_barcode"),
    path("inventory/sku/<path:code>/", inventory.sku_detail_view, name="sku_detail"),
    path("returns/", returns.return_list_view, name="returns"),
    path("returns/analytics/", returns.returns_analytics_view, name="returns_analytics"),
    path("returns/new/<int:order_pk>/", returns.return_new_view, name="return_new"),
    path("returns/<int:pk>/", returns.return_detail_view, name="return_detail"),
    path("returns/<int:pk>/<str:step>/", returns.return_step_view, name="return_step"),
    path("refunds/", returns.refunds_to_do_view, name="refunds_to_do"),
    path("refunds/<int:pk>/done/", returns.refund_done_view, name="refund_done"),
    path("imports/", imports.import_list_view, name="imports"),
    path("settings/", amazon.settings_view, name="settings"),
    path("settings/shipping/<int:pk>/", shipping.shipping_settings_view, name="shipping_settings"),
    path("settings/shop/", shipping.shop_profile_view, name="shop_profile"),
    path("settings/packing/", shipping.packing_settings_view, name="packing_settings"),
    path(
        "settings/returns/<int:pk>/", return_settings.return_settings_view, name="return_settings"
    ),
    path("amazon/sync/", amazon.sync_now_view, name="sync_now"),
    path("amazon/sync/pause/", amazon.sync_pause_view, name="sync_pause"),
    path("imports/<int:pk>/", imports.import_detail_view, name="import_detail"),
    path("imports/<int:pk>/progress/", imports.import_progress_view, name="import_progress"),
    path("imports/export/", imports.export_create_view, name="export_create"),
    path("imports/export/<int:pk>/", imports.export_download_view, name="export_download"),
    *(
        path(feature.path, placeholders.coming_soon, {"feature": name}, name=name)
        for name, feature in PLACEHOLDERS.items()
    ),
]
