"""Several windows at once on the day's shipping: one batch per order, no deadlock between
parcels, and no unit scanned twice over."""

from decimal import Decimal

import pytest

from sellerdesk.core.errors import DomainError
from sellerdesk.core.money import Money
from sellerdesk.fulfillment.domain.tracking import UPS
from sellerdesk.fulfillment.models import PackScan, PickBatchOrder
from sellerdesk.fulfillment.services import Package, create_batch, record_scan, ship_packages
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain
from sellerdesk.orders import services as orders
from sellerdesk.orders.models import Order, Shipment

from .test_stock_concurrency import WORKERS, T, run_concurrently, unshipped_us_order

MAKER = Actor("maker")
UPS_OK = "1Z999AA10123456784"


def line(item: str, sku: str, quantity: int = 1) -> domain.LineData:
    return domain.LineData(item, sku, quantity, Money(Decimal(20), "USD"))


@pytest.mark.django_db(transaction=True)
def test_racing_windows_put_an_order_in_one_batch_and_the_others_are_told(
    reference_data, sku, shelf
):
    stock.receive_stock(sku=sku, location=shelf, quantity=5, reason="count", actor=MAKER, at=T)
    order = orders.record_order(
        data=unshipped_us_order("114-0000001-0000001", [line("1", sku.code)]), actor=MAKER
    ).order

    results = run_concurrently(lambda _: create_batch(order_ids=[order.pk], actor=MAKER))

    assert PickBatchOrder.objects.filter(order=order, is_open=True).count() == 1
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == WORKERS - 1
    assert all(isinstance(error, DomainError) for error in refused), refused


@pytest.mark.django_db(transaction=True)
def test_parcels_taking_two_skus_in_opposite_orders_never_deadlock(reference_data, make_sku, shelf):
    first, second = make_sku("RING-A"), make_sku("RING-B")
    for made in (first, second):
        stock.receive_stock(
            sku=made, location=shelf, quantity=50, reason="count", actor=MAKER, at=T
        )
    placed = []
    for number in range(WORKERS):
        data = unshipped_us_order(
            f"114-0000002-{number:07d}",
            [line(f"{number}a", "RING-A"), line(f"{number}b", "RING-B")],
        )
        placed.append(orders.record_order(data=data, actor=MAKER).order)

    def ship(index: int) -> list[Shipment]:
        order = placed[index]
        a, b = (order.lines.get(channel_sku=code).pk for code in ("RING-A", "RING-B"))
        # Half the windows pack B first, half A first.
        parcels = [{b: 1}, {a: 1}] if index % 2 else [{a: 1}, {b: 1}]
        return ship_packages(
            order=order, packages=[Package(UPS, UPS_OK, parcel) for parcel in parcels], actor=MAKER
        )

    results = run_concurrently(ship)

    assert not [r for r in results if isinstance(r, Exception)]
    assert set(Order.objects.values_list("status", flat=True)) == {domain.SHIPPED}
    assert Shipment.objects.count() == 2 * WORKERS


@pytest.mark.django_db(transaction=True)
def test_racing_scanners_tick_off_no_more_units_than_the_parcel_holds(reference_data, sku, shelf):
    stock.receive_stock(sku=sku, location=shelf, quantity=5, reason="count", actor=MAKER, at=T)
    order = orders.record_order(
        data=unshipped_us_order("114-0000003-0000003", [line("1", sku.code, 3)]), actor=MAKER
    ).order

    results = run_concurrently(lambda _: record_scan(order=order, code=sku.code, actor=MAKER))

    assert not [r for r in results if isinstance(r, Exception)]
    accepted = [r for r in results if r.accepted]
    assert len(accepted) == 3
    assert PackScan.objects.get().scanned == 3


@pytest.mark.django_db(transaction=True)
def test_racing_refunds_of_one_line_never_pay_out_more_than_was_paid(reference_data, sku, shelf):
    from sellerdesk.returns import services as returns
    from sellerdesk.returns.models import RefundLine

    stock.receive_stock(
        sku=sku, location=shelf, quantity=WORKERS, reason="count", actor=MAKER, at=T
    )
    order = orders.record_order(
        data=unshipped_us_order("114-0000004-0000004", [line("1", sku.code, WORKERS)]), actor=MAKER
    ).order
    ship_packages(order=order, packages=[Package(UPS, UPS_OK)], actor=MAKER)
    order_line = order.lines.get()
    made = [
        returns.authorise_return(
            ret=returns.request_return(units={order_line.pk: 1}, reason="defective", actor=MAKER),
            actor=MAKER,
        )
        for _ in range(WORKERS)
    ]
    paid = order_line.item_price

    # Each window refunds the whole line: only what is left may go.
    results = run_concurrently(
        lambda index: returns.refund_return(
            ret=made[index], actor=MAKER, amounts={order_line.pk: (paid, Decimal(0))}
        )
    )

    refunded = sum(RefundLine.objects.values_list("item", flat=True), Decimal(0))
    assert all(isinstance(r, DomainError) for r in results if isinstance(r, Exception)), results
    assert refunded == paid
