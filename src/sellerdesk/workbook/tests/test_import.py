"""An edited workbook read back: previewed change by change, refused cell by cell, applied
all or nothing through the same services as the dashboard."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest

from sellerdesk.catalog.models import Sku
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.models import ShippingLabel
from sellerdesk.inventory.models import StockLevel
from sellerdesk.inventory.services import Actor, count_stock, release_reservations
from sellerdesk.orders.models import Fulfillment, Order, OrderEvent, OrderStatus, Shipment
from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.workbook.applying import apply_workbook
from sellerdesk.workbook.export import export_workbook
from sellerdesk.workbook.preview import preview_workbook
from sellerdesk.workbook.selectors import Period

from .conftest import FIRST, LAST
from .editing import append, delete_row, edit

pytestmark = pytest.mark.django_db
UPS = "1Z999AA10123456784"
ACTOR = Actor("workbook")


@pytest.fixture
def exported(demo_shop, tmp_path):
    path = tmp_path / "shop.xlsx"
    export_workbook(path, first=FIRST, last=LAST)
    return path


def preview(path):
    return preview_workbook(path.read_bytes(), path.name)


def apply(path, **options):
    plan = preview(path)
    return apply_workbook(path.read_bytes(), path.name, digest=plan.digest, actor=ACTOR, **options)


def unshipped_order() -> Order:
    return Order.objects.filter(
        fulfillment=Fulfillment.SELLER, status=OrderStatus.UNSHIPPED
    ).earliest("purchased_at")


def test_an_untouched_workbook_changes_nothing(exported):
    plan = preview(exported)

    assert plan.errors == []
    assert plan.changes == []
    assert plan.missing == []


def test_every_kind_of_edit_is_previewed_then_applied(exported):
    first, second = restock_list()[:2]
    order = unshipped_order()
    noted = Order.objects.exclude(pk=order.pk).filter(fulfillment=Fulfillment.SELLER).first()
    edit(exported, "Inventory", "SKU", first.sku.code, **{"Unit Cost": 7.25})
    edit(exported, "Inventory", "SKU", second.sku.code,
         **{"Available Quantity": second.available + 5})  # fmt: skip
    edit(exported, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "ups", "Tracking Number": UPS})  # fmt: skip
    edit(exported, "Order Tracking", "Order ID", noted.external_id, Notes="Gift wrap: gold")
    append(exported, "Inventory", SKU="EAR-NEW-1", **{"Product Name": "Moon studs",
           "Unit Cost": "4,50", "Available Quantity": 12})  # fmt: skip

    plan = preview(exported)

    assert plan.errors == []
    assert sorted((c.subject, c.kind) for c in plan.changes) == sorted([
        (f"SKU {first.sku.code}", "unit_cost"),
        (f"SKU {second.sku.code}", "count"),
        ("SKU EAR-NEW-1", "new"),
        (f"Order {order.external_id}", "ship"),
        (f"Order {noted.external_id}", "note"),
    ])  # fmt: skip
    assert Sku.objects.get(pk=first.sku.pk).unit_cost == first.sku.unit_cost  # nothing yet

    applied = apply(exported)

    assert applied.changes == 5
    assert Sku.objects.get(pk=first.sku.pk).unit_cost == Decimal("7.25")
    plans = {row.sku.code: row for row in restock_list()}
    assert plans[second.sku.code].available == second.available + 5
    new = plans["EAR-NEW-1"]
    assert (new.sku.title, new.sku.unit_cost, new.available) == ("Moon studs", Decimal("4.5"), 12)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    shipment = order.shipments.get()
    assert (shipment.carrier, shipment.tracking_number) == ("UPS", UPS)
    noted.refresh_from_db()
    assert noted.note == "Gift wrap: gold"
    assert OrderEvent.objects.filter(order=noted, message="Note: Gift wrap: gold").exists()
    # The same workbook again: everything it says is now so.
    assert preview(exported).changes == []


def test_a_bad_cell_is_named_and_nothing_is_applied(exported):
    first, second = restock_list()[:2]
    edit(exported, "Inventory", "SKU", first.sku.code, **{"Unit Cost": 9})
    edit(exported, "Inventory", "SKU", second.sku.code, **{"Available Quantity": "a dozen"})

    plan = preview(exported)

    row = next(n for n, r in enumerate(restock_list(), start=2) if r.sku.pk == second.sku.pk)
    assert plan.errors == [
        f"Inventory, row {row}, column Available Quantity (F): expected a whole number of "
        "units, 0 or more (such as 12), got 'a dozen'"
    ]
    with pytest.raises(DomainError, match="fix the 1 error"):
        apply_workbook(exported.read_bytes(), exported.name, digest=plan.digest, actor=ACTOR)
    assert Sku.objects.get(pk=first.sku.pk).unit_cost == first.sku.unit_cost


def test_a_tracking_number_that_fails_its_check_digit_is_refused_in_the_preview(exported):
    order = unshipped_order()
    edit(exported, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": "1Z999AA10123456785"})  # fmt: skip

    (error,) = preview(exported).errors

    assert re.fullmatch(
        r"Order Tracking, row \d+, column Tracking Number \(P\): expected a tracking number "
        r"\(.*check digit.*\), got '1Z999AA10123456785'",
        error,
    )


def test_a_change_a_service_refuses_undoes_the_others(exported):
    first = restock_list()[0]
    order = unshipped_order()
    # Its units are no longer held, and none is left on the shelves: it cannot ship.
    for line in order.lines.all():
        release_reservations(reference=line.reference, actor=ACTOR, reason="test")
        for level in StockLevel.objects.filter(sku=line.sku):
            count_stock(sku=line.sku, location=level.location, counted=level.reserved,
                        actor=ACTOR)  # fmt: skip
    edit(exported, "Inventory", "SKU", first.sku.code, **{"Unit Cost": 9})
    edit(exported, "Order Tracking", "Order ID", order.external_id,
         **{"Order Status": "Shipped", "Carrier": "UPS", "Tracking Number": UPS})  # fmt: skip
    assert sorted(change.kind for change in preview(exported).changes) == ["ship", "unit_cost"]

    with pytest.raises(
        DomainError, match=r"Order Tracking, row \d+, column Tracking Number \(P\): "
    ):
        apply(exported)

    assert Sku.objects.get(pk=first.sku.pk).unit_cost == first.sku.unit_cost
    order.refresh_from_db()
    assert order.status == OrderStatus.UNSHIPPED


def test_a_new_number_for_a_label_bought_through_the_channel_is_refused(demo_shop, tmp_path):
    shipment = Shipment.objects.filter(
        order__in=Period(FIRST, LAST).orders(),
        order__fulfillment=Fulfillment.SELLER,
        order__status=OrderStatus.SHIPPED,
    ).first()
    ShippingLabel.objects.create(order=shipment.order, shipment=shipment, provider="amazon",
                                 reference="label-1", tracking_number=shipment.tracking_number,
                                 created_at=shipment.shipped_at)  # fmt: skip
    path = tmp_path / "shop.xlsx"
    export_workbook(path, first=FIRST, last=LAST)
    edit(path, "Order Tracking", "Order ID", shipment.order.external_id,
         **{"Carrier": "UPS", "Tracking Number": UPS})  # fmt: skip

    (error,) = preview(path).errors

    assert "was bought through the channel; void it on the order's page first" in error


def test_rows_deleted_in_excel_are_retired_only_when_confirmed(exported):
    gone = restock_list()[-1].sku
    delete_row(exported, "Inventory", "SKU", gone.code)

    plan = preview(exported)
    assert [change.subject for change in plan.missing] == [f"SKU {gone.code}"]
    apply(exported)
    assert Sku.objects.get(pk=gone.pk).is_active

    apply(exported, retire_missing=True)
    assert not Sku.objects.filter(pk=gone.pk, is_active=True).exists()


def test_an_order_shipped_since_the_export_is_not_reopened(exported):
    from sellerdesk.fulfillment.services.shipping import Package, ship_packages

    order = unshipped_order()
    ship_packages(order=order, packages=[Package("UPS", UPS)], actor=ACTOR)

    plan = preview(exported)

    assert plan.changes == []
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_stock_sold_since_the_export_is_not_put_back(exported):
    sku = restock_list()[0].sku
    from sellerdesk.inventory.models import StockLevel
    from sellerdesk.inventory.services import adjust_stock

    level = StockLevel.objects.filter(sku=sku, location__kind="shelf", on_hand__gt=0).first()
    adjust_stock(sku=sku, location=level.location, change=-1, reason="broken", actor=ACTOR)

    assert preview(exported).changes == []


def test_a_sellers_own_sheet_imports_by_its_headers(demo_shop, tmp_path):
    sku = restock_list()[0].sku
    path = tmp_path / "my stock.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "INVENTORY "
    sheet.append(["My shop's stock"])
    sheet.append(["supplier", " sku ", "unit cost", "AVAILABLE QUANTITY", "product name"])
    sheet.append(["Beads & Co", sku.code, 3.1, None, sku.title])
    book.save(path)

    plan = preview(path)

    assert plan.errors == []
    assert [(c.subject, c.kind, c.row) for c in plan.changes] == [
        (f"SKU {sku.code}", "unit_cost", 3)
    ]
    assert "Not a workbook sellerdesk exported" in plan.notices[0]


def test_a_buyer_named_like_a_formula_stays_text_both_ways(demo_shop, tmp_path):
    order = Period(FIRST, LAST).orders().earliest("purchased_at")
    name = '=HYPERLINK("http://x","y")'
    order.buyer.name = name
    order.buyer.save()
    path = tmp_path / "shop.xlsx"
    export_workbook(path, first=FIRST, last=LAST)
    cell = next(
        row[3] for row in openpyxl.load_workbook(path)["Order Tracking"].iter_rows(min_row=2)
        if row[0].value == order.external_id
    )  # fmt: skip
    assert (cell.value, cell.data_type) == (name, "s")
    append(path, "Inventory", SKU="NEW-1", **{"Product Name": "+1 ring"})

    apply(path)

    assert Sku.objects.get(code="NEW-1").title == "+1 ring"
    assert preview(path).changes == []
    export_workbook(path, first=FIRST, last=LAST)
    row = next(
        row for row in openpyxl.load_workbook(path)["Inventory"].iter_rows(min_row=2)
        if row[2].value == "NEW-1"
    )  # fmt: skip
    assert (row[1].value, row[1].data_type) == ("+1 ring", "s")
