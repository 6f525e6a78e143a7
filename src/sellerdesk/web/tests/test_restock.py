"""The Restock pages: what to reorder, purchase orders from it, suppliers and settings."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import CostLayer, StockLevel
from sellerdesk.messaging.tests.smtp import smtp_mailbox
from sellerdesk.orders.models import OrderLine
from sellerdesk.planning.models import (
    PurchaseOrder,
    PurchaseOrderStatus,
    RestockPolicy,
    Supplier,
    SupplierItem,
)
from sellerdesk.planning.tests.factories import SupplierFactory, SupplierItemFactory
from sellerdesk.planning.tests.sales import sell

pytestmark = pytest.mark.django_db


def restock_skus(response) -> list[str]:
    return re.findall(r'<tr[^>]*data-sku="([^"]+)"', response.content.decode())


@pytest.fixture
def selling(reference_data, make_sku, shelf, actor):
    """RING-7 sold 2 a day for the last two weeks and is down to 3; BOX-1 never sold."""
    ring = make_sku("RING-7")
    make_sku("BOX-1")
    now = clock.now()
    with clock.pinned(now - dt.timedelta(days=20)):
        stock.receive_stock(sku=ring, location=shelf, quantity=31, reason="opening", actor=actor)
    for back in range(14, 0, -1):
        sell(ring, 2, now - dt.timedelta(days=back), actor)
    return ring


def test_restock_lists_what_to_reorder_with_its_numbers(signed_in, selling):
    SupplierItemFactory(sku=selling, supplier__name="Findings Co")
    response = signed_in.get(reverse("web:restock"))
    assert response.status_code == 200
    assert restock_skus(response) == ["RING-7"]
    page = response.content.decode()
    assert "at or below the reorder point" in page
    assert "Findings Co" in page
    everything = signed_in.get(reverse("web:restock"), {"show": "all"})
    assert restock_skus(everything) == ["RING-7", "BOX-1"]


def test_a_purchase_order_is_drafted_from_the_ticked_skus(signed_in, selling):
    item = SupplierItemFactory(sku=selling, unit_cost=Decimal("4.00"))
    response = signed_in.post(
        reverse("web:restock_order"), {"pick": [str(selling.pk)], f"quantity_{selling.pk}": "40"}
    )
    order = PurchaseOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:purchase_order", args=[order.pk])
    assert order.supplier == item.supplier
    assert list(order.lines.values_list("quantity", "unit_cost")) == [(40, Decimal("4.0000"))]
    # With 40 on order the ring is above its reorder point: nothing left to reorder.
    assert restock_skus(signed_in.get(reverse("web:restock"))) == []


def test_a_quantity_that_is_not_a_number_is_named(signed_in, selling):
    SupplierItemFactory(sku=selling)
    response = signed_in.post(
        reverse("web:restock_order"),
        {"pick": [str(selling.pk)], f"quantity_{selling.pk}": "ten"},
        follow=True,
    )
    assert "RING-7: enter how many to order as a whole number, not &#x27;ten&#x27;." in (
        response.content.decode()
    )
    assert not PurchaseOrder.objects.exists()


@pytest.fixture
def draft(selling, shelf, actor):
    from sellerdesk.planning.services import create_purchase_orders

    SupplierItemFactory(sku=selling, unit_cost=Decimal("4.00"), supplier__name="Findings Co")
    (order,) = create_purchase_orders(picks=[(selling, 10)], actor=actor)
    return order


def test_a_draft_is_edited_then_received_in_two_parts_at_its_landed_cost(signed_in, draft, shelf):
    url = reverse("web:purchase_order", args=[draft.pk])
    line = draft.lines.get()
    signed_in.post(url, {
        f"quantity_{line.pk}": "10", f"cost_{line.pk}": "4.00", "extra_costs": "5.00",
        "spread_by": "value", "exchange_rate": "", "expected_on": "", "notes": "Gift boxes too",
    })  # fmt: skip
    draft.refresh_from_db()
    assert (draft.extra_costs, draft.notes) == (Decimal("5.0000"), "Gift boxes too")

    receive = reverse("web:purchase_order_receive", args=[draft.pk])
    signed_in.post(receive, {"received_before": "0", f"receive_{line.pk}": "4"})
    page = signed_in.get(url).content.decode()
    assert "Partly received" in page
    assert "$4.50" in page  # landed: 4.00 + 5.00 / 10
    signed_in.post(receive, {"received_before": "4", f"receive_{line.pk}": "6"})

    draft.refresh_from_db()
    assert draft.status == PurchaseOrderStatus.RECEIVED
    assert StockLevel.objects.get(sku=line.sku, location=shelf).on_hand == 10 + 3
    assert list(
        CostLayer.objects.filter(reference=line.reference).values_list("quantity", flat=True)
    ) == [4, 6]


def test_a_stale_receive_form_receives_nothing_twice(signed_in, draft):
    line = draft.lines.get()
    receive = reverse("web:purchase_order_receive", args=[draft.pk])
    signed_in.post(receive, {"received_before": "0", f"receive_{line.pk}": "5"})
    response = signed_in.post(
        receive, {"received_before": "0", f"receive_{line.pk}": "5"}, follow=True
    )
    assert "changed since you opened it" in response.content.decode()
    line.refresh_from_db()
    assert line.quantity_received == 5


def test_a_draft_is_emailed_and_its_pdf_downloads(signed_in, draft, settings):
    with smtp_mailbox(settings) as box:
        signed_in.post(reverse("web:purchase_order_send", args=[draft.pk]), {"by": "email"})
    assert [mail["To"] for mail in box.received] == [draft.supplier.email]
    draft.refresh_from_db()
    assert draft.status == PurchaseOrderStatus.SENT
    pdf = signed_in.get(reverse("web:purchase_order_pdf", args=[draft.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    listed = signed_in.get(reverse("web:purchase_orders")).content.decode()
    assert draft.number in listed
    assert "Sent" in listed


def test_suppliers_are_added_and_sell_skus(signed_in, make_sku):
    ring = make_sku("RING-9")
    response = signed_in.post(reverse("web:supplier_new"), {
        "name": "Perles de Paris", "email": "commandes@perles.test", "currency": "eur",
        "lead_time_days": "21", "is_active": "on",
    })  # fmt: skip
    supplier = Supplier.objects.get()
    assert response["Location"] == reverse("web:supplier", args=[supplier.pk])
    assert supplier.currency == "EUR"
    item_url = reverse("web:supplier_item", args=[supplier.pk])
    fields = {"sku": "RING-9", "unit_cost": "3.10", "minimum_order": "10", "case_pack": "5"}
    signed_in.post(item_url, {**fields, "preferred": "on"})
    signed_in.post(item_url, {**fields, "unit_cost": "3.25", "preferred": "on"})
    item = SupplierItem.objects.get()
    assert (item.sku, item.unit_cost, item.case_pack) == (ring, Decimal("3.2500"), 5)
    page = signed_in.get(reverse("web:suppliers")).content.decode()
    assert "Perles de Paris" in page


def test_a_second_preferred_supplier_takes_over(signed_in, make_sku):
    ring = make_sku("RING-9")
    first = SupplierItemFactory(sku=ring, supplier=SupplierFactory(name="A"))
    second = SupplierFactory(name="B")
    response = signed_in.post(reverse("web:supplier_item", args=[second.pk]), follow=True, data={
        "sku": "RING-9", "unit_cost": "3", "minimum_order": "1", "case_pack": "1",
        "preferred": "on",
    })  # fmt: skip
    assert "B sells RING-9." in response.content.decode()
    first.refresh_from_db()
    assert not first.is_preferred
    assert SupplierItem.objects.get(supplier=second).is_preferred


def test_restock_settings_are_saved_and_checked(signed_in):
    url = reverse("web:restock_settings")
    fields = {
        "short_days": "7", "short_weight": "3", "medium_days": "30", "medium_weight": "2",
        "long_days": "90", "long_weight": "1", "cover_days": "45",
    }  # fmt: skip
    signed_in.post(url, {**fields, "service_level": "0.98"})
    assert RestockPolicy.objects.get().service_level == Decimal("0.980")
    response = signed_in.post(url, {**fields, "service_level": "0.98", "short_days": "60"})
    assert "Windows go from shortest to longest" in response.content.decode()
    response = signed_in.post(url, {**fields, "service_level": "1.2"})
    assert "A service level is between 0.5 and 0.999" in response.content.decode()
    assert RestockPolicy.objects.count() == 1


def test_margins_per_sku_and_on_the_order_page(signed_in, selling):
    # The ring's 28 units came in at the SKU's cost (4.20) and sold at 22.00 less a 2.00
    # promotion, two to an order: 20.00 of sales and 8.40 of cost an order.
    page = signed_in.get(reverse("web:margins"), {"days": "30"}).content.decode()
    assert re.findall(r'<tr data-sku="([^"]+)"', page) == ["RING-7"]
    assert "$280.00" in page  # 14 orders x 20.00
    assert "$117.60" in page  # 28 x 4.20
    assert "58.0" in page  # (280 - 117.60) / 280
    line = OrderLine.objects.filter(sku=selling).first()
    detail = signed_in.get(reverse("web:order_detail", args=[line.order_id])).content.decode()
    assert 'id="margin"' in detail
    assert "$11.60" in detail  # 20.00 - 8.40


def test_a_closed_short_order_says_what_of_its_extra_costs_no_unit_carries(signed_in, draft):
    line = draft.lines.get()
    draft.extra_costs = Decimal("10.00")
    draft.save()
    signed_in.post(
        reverse("web:purchase_order_receive", args=[draft.pk]),
        {"received_before": "0", f"receive_{line.pk}": "4"},
    )
    signed_in.post(reverse("web:purchase_order_close", args=[draft.pk]))
    page = signed_in.get(reverse("web:purchase_order", args=[draft.pk])).content.decode()
    # 10 ordered, 1.00 of freight each; 4 came: 6.00 lands on no unit.
    assert re.search(r'id="extras-unplaced">\$6\.00 of the extra costs', page)
