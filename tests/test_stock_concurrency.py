"""Eight workers race for the last units of one SKU: nobody oversells, the ledger stays true."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.db.models import Sum

from sellerdesk.core.money import Money
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import Reservation, StockLevel, StockMovement
from sellerdesk.inventory.services import Actor, OutOfStock
from sellerdesk.orders import domain
from sellerdesk.orders import services as orders

WORKERS = 8
T = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def run_concurrently(work) -> list[object]:
    """Start every worker at the same moment; each returns its result or the exception raised."""
    barrier = threading.Barrier(WORKERS)
    results: list[object] = [None] * WORKERS

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # collected and asserted on by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results


def unshipped_us_order(external_id: str, lines: list[domain.LineData]) -> domain.OrderData:
    return domain.OrderData(
        channel="amazon",
        marketplace="US",
        external_id=external_id,
        status=domain.UNSHIPPED,
        fulfillment=domain.SELLER,
        purchased_at=T,
        last_updated_at=T,
        currency="USD",
        lines=lines,
    )


def assert_no_oversell_and_levels_equal_ledger(sku) -> None:
    for level in StockLevel.objects.filter(sku=sku):
        assert 0 <= level.reserved <= level.on_hand
        sums = StockMovement.objects.filter(sku=sku, location=level.location).aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        assert (level.on_hand, level.reserved) == (sums["on_hand"], sums["reserved"])
        held = Reservation.objects.filter(sku=sku, location=level.location).aggregate(
            total=Sum("quantity")
        )
        assert level.reserved == (held["total"] or 0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("on_shelves", "each_wants"), [((3, 2), 1), ((3, 2), 2), ((1, 0), 1)])
def test_concurrent_reservations_of_the_last_units_never_oversell(
    sku, shelf, second_shelf, on_shelves, each_wants
):
    setup = Actor(name="setup")
    for location, quantity in zip((shelf, second_shelf), on_shelves, strict=True):
        if quantity:
            stock.receive_stock(
                sku=sku, location=location, quantity=quantity, reason="r", actor=setup
            )
    total = sum(on_shelves)

    results = run_concurrently(
        lambda i: stock.reserve_stock(
            sku=sku, quantity=each_wants, reference=f"order-line:{i}", actor=Actor(f"w{i}")
        )
    )

    winners = [r for r in results if isinstance(r, list)]
    losers = [r for r in results if isinstance(r, OutOfStock)]
    assert len(winners) + len(losers) == WORKERS, f"unexpected results: {results}"
    assert len(winners) == total // each_wants
    assert all(sum(r.quantity for r in won) == each_wants for won in winners)
    assert all(loser.wanted == each_wants for loser in losers)
    assert_no_oversell_and_levels_equal_ledger(sku)
    assert sum(StockLevel.objects.filter(sku=sku).values_list("reserved", flat=True)) == (
        len(winners) * each_wants
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_orders_for_a_one_of_a_kind_piece_reserve_it_once(
    reference_data, make_sku, shelf
):
    piece = make_sku("RING-OOAK-OPAL", is_one_of_a_kind=True)
    stock.receive_stock(sku=piece, location=shelf, quantity=1, reason="made", actor=Actor("s"))

    def place(i: int) -> orders.RecordResult:
        line = domain.LineData(f"line-{i}", piece.code, 1, Money("95.00", "USD"))
        data = unshipped_us_order(f"113-0000000-000000{i}", [line])
        return orders.record_order(data=data, actor=Actor(f"sync-{i}"))

    results = run_concurrently(place)

    assert all(isinstance(r, orders.RecordResult) for r in results), results
    reserved = [r for r in results if not r.short_lines]
    assert len(reserved) == 1
    assert sum(1 for r in results if r.short_lines == (piece.code,)) == WORKERS - 1
    assert_no_oversell_and_levels_equal_ledger(piece)


@pytest.mark.django_db(transaction=True)
def test_the_same_order_recorded_by_racing_workers_exists_once(reference_data, sku, shelf):
    stock.receive_stock(sku=sku, location=shelf, quantity=10, reason="r", actor=Actor("s"))
    line = domain.LineData("line-1", sku.code, 2, Money("40.00", "USD"))
    data = unshipped_us_order("114-1111111-2222222", [line])

    results = run_concurrently(lambda i: orders.record_order(data=data, actor=Actor(f"w{i}")))

    assert all(isinstance(r, orders.RecordResult) for r in results), results
    assert sum(r.created for r in results) == 1
    assert sum(StockLevel.objects.filter(sku=sku).values_list("reserved", flat=True)) == 2
    assert_no_oversell_and_levels_equal_ledger(sku)


@pytest.mark.django_db(transaction=True)
def test_orders_taking_two_skus_in_opposite_orders_never_deadlock(reference_data, make_sku, shelf):
    # Half the orders list A then B, half B then A: touching stock rows in line order
    # deadlocked PostgreSQL; rows are now always locked in SKU order.
    first, second = make_sku("EAR-HOOP-S"), make_sku("EAR-HOOP-L")
    for piece in (first, second):
        stock.receive_stock(sku=piece, location=shelf, quantity=40, reason="r", actor=Actor("s"))

    def place(i: int) -> list[orders.RecordResult]:
        pair = (first, second) if i % 2 else (second, first)
        results = []
        for n in range(5):
            lines = [
                domain.LineData(f"{i}-{n}-{k}", piece.code, 1, Money("30.00", "USD"))
                for k, piece in enumerate(pair)
            ]
            data = unshipped_us_order(f"111-{i:07d}-{n:07d}", lines)
            results.append(orders.record_order(data=data, actor=Actor(f"w{i}")))
        return results

    results = run_concurrently(place)

    assert all(isinstance(r, list) for r in results), results
    for piece in (first, second):
        assert_no_oversell_and_levels_equal_ledger(piece)
        assert StockLevel.objects.get(sku=piece, location=shelf).reserved == WORKERS * 5
