"""Purchase orders from suggestions to stock on the shelf at its landed cost."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from sellerdesk.core.errors import DomainError, InvalidTransition
from sellerdesk.core.tests.pdf_pages import pdf_pages
from sellerdesk.inventory.models import CostLayer, StockLevel, StockMovement
from sellerdesk.messaging.tests.smtp import free_port, smtp_mailbox
from sellerdesk.planning import services
from sellerdesk.planning.models import PurchaseOrder, PurchaseOrderStatus
from sellerdesk.planning.services.purchasing import LineChange

from .factories import SupplierFactory, SupplierItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ring(make_sku):
    return make_sku("RING-7", unit_cost=Decimal("3.00"))


@pytest.fixture
def chain(make_sku):
    return make_sku("CHAIN-45", unit_cost=Decimal("9.00"))


@pytest.fixture
def supplier():
    return SupplierFactory(name="Findings Co")


@pytest.fixture
def order(ring, chain, supplier, shelf, actor):
    SupplierItemFactory(supplier=supplier, sku=ring, unit_cost=Decimal("4.00"))
    SupplierItemFactory(supplier=supplier, sku=chain, unit_cost=Decimal("12.00"))
    (order,) = services.create_purchase_orders(picks=[(ring, 10), (chain, 5)], actor=actor)
    return order


def lines_of(order):
    return {line.sku.code: line for line in order.lines.select_related("sku")}


def test_one_draft_order_per_preferred_supplier_at_its_prices(ring, chain, shelf, actor):
    first, second = SupplierFactory(name="A"), SupplierFactory(name="B")
    SupplierItemFactory(supplier=first, sku=ring, unit_cost=Decimal("4.00"))
    SupplierItemFactory(supplier=second, sku=chain, unit_cost=Decimal("12.00"))
    SupplierItemFactory(supplier=first, sku=chain, unit_cost=Decimal("11.00"), is_preferred=False)

    orders = services.create_purchase_orders(picks=[(ring, 10), (chain, 5)], actor=actor)

    assert sorted((o.supplier.name, o.status) for o in orders) == [("A", "draft"), ("B", "draft")]
    by_supplier = {o.supplier.name: o for o in orders}
    assert [(x.sku.code, x.quantity, x.unit_cost) for x in by_supplier["B"].lines.all()] == [
        ("CHAIN-45", 5, Decimal("12.0000"))
    ]
    assert all(o.number == f"PO-{o.pk:05d}" for o in orders)
    assert {o.location for o in orders} == {shelf}


def test_a_sku_without_a_supplier_is_named(ring, shelf, actor):
    with pytest.raises(DomainError, match="No supplier for RING-7"):
        services.create_purchase_orders(picks=[(ring, 3)], actor=actor)
    assert not PurchaseOrder.objects.exists()


def test_part_of_an_order_received_at_its_landed_cost(order, ring, chain, shelf, actor):
    # Goods 10 x 4.00 + 5 x 12.00 = 100.00; freight and duty 20.00 spread by value:
    # rings land at 4.80, chains at 14.40.
    lines = lines_of(order)
    services.update_purchase_order(
        order=order,
        lines={line.pk: LineChange(line.quantity, line.unit_cost) for line in lines.values()},
        extra_costs=Decimal("20.00"), spread_by="value", exchange_rate=Decimal(1),
        expected_on=None, notes="",
    )  # fmt: skip
    services.mark_purchase_order_sent(order=order, actor=actor)

    services.receive_purchase_order(
        order=order, quantities={lines["RING-7"].pk: 6}, actor=actor, received_before=0
    )

    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.PARTIAL
    assert StockLevel.objects.get(sku=ring, location=shelf).on_hand == 6
    layer = CostLayer.objects.get(sku=ring)
    assert (layer.quantity, layer.unit_cost, layer.reference) == (
        6, Decimal("4.8000"), lines["RING-7"].reference
    )  # fmt: skip
    ring.refresh_from_db()
    assert ring.unit_cost == Decimal("4.8000")

    services.receive_purchase_order(
        order=order,
        quantities={lines["RING-7"].pk: 4, lines["CHAIN-45"].pk: 5},
        actor=actor,
        received_before=6,
    )
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.RECEIVED
    assert order.closed_at is not None
    costs = dict(CostLayer.objects.filter(sku=chain).values_list("quantity", "unit_cost"))
    assert costs == {5: Decimal("14.4000")}
    received = StockMovement.objects.filter(reference__startswith="po-line:")
    assert received.aggregate(units=Sum("on_hand_change"))["units"] == 15


def test_more_than_is_due_is_refused_and_nothing_is_received(order, ring, actor):
    lines = lines_of(order)
    with pytest.raises(DomainError, match="RING-7: 11 cannot be received, 10 are due"):
        services.receive_purchase_order(
            order=order, quantities={lines["CHAIN-45"].pk: 5, lines["RING-7"].pk: 11}, actor=actor
        )
    assert not StockMovement.objects.exists()
    assert not CostLayer.objects.exists()


def test_a_form_filled_before_another_receipt_receives_nothing_twice(order, actor):
    ring_line = lines_of(order)["RING-7"]
    services.receive_purchase_order(
        order=order, quantities={ring_line.pk: 5}, actor=actor, received_before=0
    )
    with pytest.raises(DomainError, match="changed since you opened it"):
        services.receive_purchase_order(
            order=order, quantities={ring_line.pk: 5}, actor=actor, received_before=0
        )
    ring_line.refresh_from_db()
    assert ring_line.quantity_received == 5


def test_an_order_in_another_currency_needs_its_rate_then_costs_in_the_skus(ring, shelf, actor):
    euro = SupplierFactory(name="Perles de Paris", currency="EUR")
    SupplierItemFactory(supplier=euro, sku=ring, unit_cost=Decimal("4.00"))
    (order,) = services.create_purchase_orders(picks=[(ring, 2)], actor=actor)
    line = order.lines.get()
    with pytest.raises(DomainError, match="enter the exchange rate"):
        services.receive_purchase_order(order=order, quantities={line.pk: 2}, actor=actor)

    services.update_purchase_order(
        order=order, lines={}, extra_costs=Decimal("1.00"), spread_by="units",
        exchange_rate=Decimal("1.10"), expected_on=None, notes="",
    )  # fmt: skip
    services.receive_purchase_order(order=order, quantities={line.pk: 2}, actor=actor)
    # (4.00 + 1.00 / 2) x 1.10 = 4.95 USD.
    assert CostLayer.objects.get(sku=ring).unit_cost == Decimal("4.9500")


def test_closing_an_order_short_ends_what_is_due(order, actor):
    ring_line = lines_of(order)["RING-7"]
    services.receive_purchase_order(order=order, quantities={ring_line.pk: 2}, actor=actor)
    services.close_purchase_order(order=order, actor=actor)
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.RECEIVED
    with pytest.raises(InvalidTransition, match="nothing is due"):
        services.receive_purchase_order(order=order, quantities={ring_line.pk: 1}, actor=actor)


def test_closing_an_order_nothing_came_of_cancels_it(order, actor):
    services.close_purchase_order(order=order, actor=actor)
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.CANCELLED


def test_a_line_cannot_be_cut_below_what_was_received(order, actor):
    ring_line = lines_of(order)["RING-7"]
    services.receive_purchase_order(order=order, quantities={ring_line.pk: 4}, actor=actor)
    with pytest.raises(DomainError, match="4 are received already"):
        services.update_purchase_order(
            order=order, lines={ring_line.pk: LineChange(3, ring_line.unit_cost)},
            extra_costs=Decimal(0), spread_by="value", exchange_rate=Decimal(1),
            expected_on=None, notes="",
        )  # fmt: skip


def test_prices_and_extra_costs_are_fixed_once_units_are_received(order, actor):
    ring_line = lines_of(order)["RING-7"]
    services.receive_purchase_order(order=order, quantities={ring_line.pk: 4}, actor=actor)
    with pytest.raises(DomainError, match="its prices, extra costs and rate are fixed now"):
        services.update_purchase_order(
            order=order, lines={}, extra_costs=Decimal("9.00"), spread_by="value",
            exchange_rate=Decimal(1), expected_on=None, notes="",
        )  # fmt: skip
    # What does not change a cost still may: the expected day, the notes, more units.
    services.update_purchase_order(
        order=order, lines={ring_line.pk: LineChange(12, ring_line.unit_cost)},
        extra_costs=Decimal(0), spread_by="value", exchange_rate=Decimal(1), expected_on=None,
        notes="two more rings",
    )  # fmt: skip
    ring_line.refresh_from_db()
    assert ring_line.quantity == 12


def test_one_order_converts_to_one_cost_currency(make_sku, actor, shelf):
    pound, euro = make_sku("A", cost_currency="GBP"), make_sku("B", cost_currency="EUR")
    supplier = SupplierFactory(name="Dollar house", currency="USD")
    for sku in (pound, euro):
        SupplierItemFactory(supplier=supplier, sku=sku)
    with pytest.raises(DomainError, match="cannot be costed in both EUR and GBP"):
        services.create_purchase_orders(picks=[(pound, 1), (euro, 1)], actor=actor)


def test_the_same_sku_picked_twice_is_refused(order, ring, actor):
    with pytest.raises(DomainError, match="the same SKU was picked twice"):
        services.create_purchase_orders(picks=[(ring, 1), (ring, 2)], actor=actor)


def test_an_order_is_emailed_to_the_supplier_as_a_pdf_and_marked_sent(order, settings, actor):
    with smtp_mailbox(settings) as box:
        services.email_purchase_order(order=order, actor=actor)
    (mail,) = box.received
    assert mail["To"] == order.supplier.email
    assert mail["Subject"] == f"Purchase order {order.number} from sellerdesk"
    (pdf,) = [part for part in mail.walk() if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == f"{order.number}.pdf"
    text = "".join(pdf_pages(pdf.get_payload(decode=True)))
    assert "RING-7" in text
    assert "CHAIN-45" in text
    assert "$100.00" in text  # 10 x 4.00 + 5 x 12.00
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.SENT
    assert order.sent_at is not None


def test_an_order_the_mail_server_refuses_stays_a_draft(order, settings, actor):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    with pytest.raises(DomainError, match="mail server refused"):
        services.email_purchase_order(order=order, actor=actor)
    order.refresh_from_db()
    assert order.status == PurchaseOrderStatus.DRAFT


def test_an_order_already_sent_is_not_emailed_again(order, settings, actor):
    with smtp_mailbox(settings) as box:
        services.email_purchase_order(order=order, actor=actor)
        with pytest.raises(InvalidTransition, match="is sent already"):
            services.email_purchase_order(order=order, actor=actor)
    assert len(box.received) == 1


def test_a_supplier_without_an_email_address_is_named(order, actor):
    order.supplier.email = ""
    order.supplier.save()
    with pytest.raises(DomainError, match="Findings Co has no email address"):
        services.email_purchase_order(order=order, actor=actor)
