"""Counting a location: variances against the ledger, posted as adjustments with a reason."""

import pytest

from sellerdesk.core.errors import DomainError, InvalidTransition
from sellerdesk.inventory import services
from sellerdesk.inventory.models import MovementKind, StockCountStatus, StockLevel, StockMovement
from sellerdesk.inventory.services import StockRuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(make_sku, shelf, second_shelf, actor):
    """Rings 10 and chains 4 on shelf A; boxes only on shelf B."""
    ring, chain, box = make_sku("RING-7"), make_sku("CHAIN-45"), make_sku("BOX-1")
    for sku, quantity, where in ((ring, 10, shelf), (chain, 4, shelf), (box, 9, second_shelf)):
        services.receive_stock(sku=sku, location=where, quantity=quantity, reason="r", actor=actor)
    return ring, chain, box


def on_hand(sku, location) -> int:
    return StockLevel.objects.get(sku=sku, location=location).on_hand


def test_a_count_sheet_lists_what_the_location_holds(stocked, shelf, actor):
    count = services.start_stock_count(location=shelf, actor=actor)
    assert [line.sku.code for line in count.lines.all()] == ["CHAIN-45", "RING-7"]


def test_variances_are_posted_as_adjustments_with_the_reason(stocked, shelf, actor):
    ring, chain, _ = stocked
    count = services.start_stock_count(location=shelf, actor=actor)
    services.record_counts(
        count=count, counted={ring.pk: 8, chain.pk: 4}, notes={ring.pk: "2 bent"}
    )
    lines = {line.sku.code: line for line in count.lines.all()}
    assert (lines["RING-7"].variance, lines["CHAIN-45"].variance) == (-2, 0)

    (movement,) = services.post_stock_count(count=count, reason="quarterly count", actor=actor)

    assert (movement.kind, movement.on_hand_change) == (MovementKind.ADJUSTMENT, -2)
    assert movement.reason == "stock count: quarterly count (2 bent)"
    assert movement.reference == count.reference
    assert (on_hand(ring, shelf), on_hand(chain, shelf)) == (8, 4)
    count.refresh_from_db()
    assert count.status == StockCountStatus.POSTED


def test_an_order_shipped_between_counting_and_posting_is_not_a_variance(stocked, shelf, actor):
    ring, _, _ = stocked
    count = services.start_stock_count(location=shelf, actor=actor)
    services.record_counts(count=count, counted={ring.pk: 9})  # one missing: 10 expected
    services.reserve_stock(sku=ring, quantity=3, reference="order-line:1", actor=actor)
    services.ship_stock(sku=ring, quantity=3, reference="order-line:1", actor=actor)

    services.post_stock_count(count=count, reason="spot check", actor=actor)

    # 10 - 3 shipped - 1 missing = 6, not the 9 counted before the order left.
    assert on_hand(ring, shelf) == 6


def test_a_found_sku_is_added_to_the_sheet_and_counted_in(stocked, shelf, actor):
    _, _, box = stocked
    count = services.start_stock_count(location=shelf, actor=actor)
    services.add_to_count(count=count, sku=box)
    services.record_counts(count=count, counted={box.pk: 2})
    services.post_stock_count(count=count, reason="found in a drawer", actor=actor)
    assert on_hand(box, shelf) == 2


def test_a_count_below_what_orders_hold_posts_nothing(stocked, shelf, actor):
    ring, chain, _ = stocked
    services.reserve_stock(sku=ring, quantity=5, reference="order-line:2", actor=actor)
    count = services.start_stock_count(location=shelf, actor=actor)
    services.record_counts(count=count, counted={chain.pk: 3, ring.pk: 4})
    before = StockMovement.objects.count()
    with pytest.raises(StockRuleViolation, match="5 reserved for orders"):
        services.post_stock_count(count=count, reason="count", actor=actor)
    assert StockMovement.objects.count() == before
    assert on_hand(chain, shelf) == 4
    count.refresh_from_db()
    assert count.status == StockCountStatus.OPEN


def test_posting_needs_a_reason_and_a_count(stocked, shelf, actor):
    ring, _, _ = stocked
    count = services.start_stock_count(location=shelf, actor=actor)
    with pytest.raises(DomainError, match="Nothing is counted yet"):
        services.post_stock_count(count=count, reason="count", actor=actor)
    services.record_counts(count=count, counted={ring.pk: 10})
    with pytest.raises(DomainError, match="Say why"):
        services.post_stock_count(count=count, reason=" ", actor=actor)


def test_one_open_count_per_location_and_a_closed_one_is_closed(stocked, shelf, actor):
    count = services.start_stock_count(location=shelf, actor=actor)
    with pytest.raises(DomainError, match="is being counted already"):
        services.start_stock_count(location=shelf, actor=actor)
    services.cancel_stock_count(count=count, actor=actor)
    with pytest.raises(InvalidTransition, match="cancelled already"):
        services.record_counts(count=count, counted={})
    services.start_stock_count(location=shelf, actor=actor)


def test_a_negative_count_is_refused(stocked, shelf, actor):
    ring, _, _ = stocked
    count = services.start_stock_count(location=shelf, actor=actor)
    with pytest.raises(DomainError, match="RING-7: a count cannot be negative"):
        services.record_counts(count=count, counted={ring.pk: -1})
