import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Sum

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory import services
from sellerdesk.inventory.models import MovementKind, Reservation, StockLevel, StockMovement
from sellerdesk.inventory.services import OutOfStock, StockRuleViolation

pytestmark = pytest.mark.django_db


def level(sku, location) -> StockLevel:
    return StockLevel.objects.get(sku=sku, location=location)


def assert_levels_equal_ledger():
    for lvl in StockLevel.objects.all():
        sums = StockMovement.objects.filter(sku=lvl.sku, location=lvl.location).aggregate(
            on_hand=Sum("on_hand_change"), reserved=Sum("reserved_change")
        )
        assert (lvl.on_hand, lvl.reserved) == (sums["on_hand"] or 0, sums["reserved"] or 0)


def test_receiving_stock_adds_on_hand_and_writes_the_ledger(sku, shelf, actor):
    movement = services.receive_stock(
        sku=sku,
        location=shelf,
        quantity=5,
        reason="supplier delivery",
        actor=actor,
        reference="po:1",
    )
    assert (movement.kind, movement.on_hand_change, movement.actor) == ("receipt", 5, "tester")
    assert movement.reference == "po:1"
    assert level(sku, shelf).on_hand == 5
    assert_levels_equal_ledger()


def test_adjustment_needs_a_reason(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=3, reason="r", actor=actor)
    with pytest.raises(DomainError, match="Say why"):
        services.adjust_stock(sku=sku, location=shelf, change=-1, reason=" ", actor=actor)


def test_adjustment_cannot_take_away_reserved_units(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=3, reason="r", actor=actor)
    services.reserve_stock(sku=sku, quantity=2, reference="order-line:1", actor=actor)
    with pytest.raises(StockRuleViolation, match="2 reserved for orders"):
        services.adjust_stock(sku=sku, location=shelf, change=-2, reason="broken", actor=actor)
    assert level(sku, shelf).on_hand == 3
    assert_levels_equal_ledger()


def test_count_sets_on_hand_to_the_counted_quantity(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=10, reason="r", actor=actor)
    movement = services.count_stock(sku=sku, location=shelf, counted=7, actor=actor)
    assert movement.on_hand_change == -3
    assert services.count_stock(sku=sku, location=shelf, counted=7, actor=actor) is None
    assert level(sku, shelf).on_hand == 7


def test_reservation_splits_over_shelves_in_pick_order(sku, shelf, second_shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=1, reason="r", actor=actor)
    services.receive_stock(sku=sku, location=second_shelf, quantity=5, reason="r", actor=actor)
    held = services.reserve_stock(sku=sku, quantity=3, reference="order-line:9", actor=actor)
    assert sorted((r.location.code, r.quantity) for r in held) == [("SHELF-A", 1), ("SHELF-B", 2)]
    assert (level(sku, shelf).reserved, level(sku, second_shelf).reserved) == (1, 2)
    assert_levels_equal_ledger()


def test_reservation_never_takes_fba_stock(sku, shelf, fba_na, actor):
    services.receive_stock(sku=sku, location=fba_na, quantity=50, reason="inbound", actor=actor)
    with pytest.raises(OutOfStock, match="1 wanted, 0 free"):
        services.reserve_stock(sku=sku, quantity=1, reference="order-line:1", actor=actor)


def test_reservation_is_all_or_nothing(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=2, reason="r", actor=actor)
    with pytest.raises(OutOfStock) as error:
        services.reserve_stock(sku=sku, quantity=3, reference="order-line:1", actor=actor)
    assert (error.value.wanted, error.value.free) == (3, 2)
    assert "Receive stock" in error.value.message
    assert level(sku, shelf).reserved == 0
    assert not Reservation.objects.exists()


def test_release_gives_back_every_unit_held_for_the_reference(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=4, reason="r", actor=actor)
    services.reserve_stock(sku=sku, quantity=3, reference="order-line:5", actor=actor)
    released = services.release_reservations(
        reference="order-line:5", actor=actor, reason="cancelled"
    )
    assert released == 3
    assert level(sku, shelf).reserved == 0
    assert not Reservation.objects.exists()
    kinds = list(StockMovement.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [MovementKind.RECEIPT, MovementKind.RESERVATION, MovementKind.RELEASE]
    assert_levels_equal_ledger()


def test_shipping_consumes_the_reservation_then_free_stock(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=5, reason="r", actor=actor)
    services.reserve_stock(sku=sku, quantity=1, reference="order-line:2", actor=actor)
    services.ship_stock(sku=sku, quantity=2, reference="order-line:2", actor=actor)
    lvl = level(sku, shelf)
    assert (lvl.on_hand, lvl.reserved) == (3, 0)
    assert not Reservation.objects.exists()
    assert_levels_equal_ledger()


def test_shipping_more_than_exists_changes_nothing(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=1, reason="r", actor=actor)
    with pytest.raises(OutOfStock):
        services.ship_stock(sku=sku, quantity=2, reference="order-line:3", actor=actor)
    assert level(sku, shelf).on_hand == 1
    assert StockMovement.objects.count() == 1


def test_transfer_moves_free_units_between_locations(sku, shelf, fba_na, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=6, reason="r", actor=actor)
    services.transfer_stock(
        sku=sku, source=shelf, destination=fba_na, quantity=4, reason="FBA inbound", actor=actor
    )
    assert (level(sku, shelf).on_hand, level(sku, fba_na).on_hand) == (2, 4)
    with pytest.raises(OutOfStock):
        services.transfer_stock(
            sku=sku, source=shelf, destination=fba_na, quantity=3, reason="x", actor=actor
        )
    assert_levels_equal_ledger()


def test_returned_units_go_back_on_hand(sku, shelf, actor):
    services.return_stock(
        sku=sku,
        location=shelf,
        quantity=1,
        reason="sellable return",
        reference="rma:1",
        actor=actor,
    )
    assert level(sku, shelf).on_hand == 1


def test_movements_record_the_time_given(sku, shelf, actor):
    at = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    movement = services.receive_stock(
        sku=sku, location=shelf, quantity=1, reason="r", actor=actor, at=at
    )
    movement.refresh_from_db()
    assert movement.created_at == at


def test_the_ledger_refuses_updates(sku, shelf, actor):
    movement = services.receive_stock(sku=sku, location=shelf, quantity=1, reason="r", actor=actor)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        StockMovement.objects.filter(pk=movement.pk).update(on_hand_change=100)
    movement.refresh_from_db()
    assert movement.on_hand_change == 1


def test_the_database_refuses_reserving_beyond_on_hand(sku, shelf, actor):
    services.receive_stock(sku=sku, location=shelf, quantity=1, reason="r", actor=actor)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(sku=sku, location=shelf).update(reserved=2)


def test_a_change_dated_before_today_is_counted_on_its_level(sku, shelf, actor, settings):
    settings.SELLERDESK_TIME_ZONE = "America/Los_Angeles"
    now = dt.datetime(2026, 6, 30, 8, tzinfo=dt.UTC)  # 01:00 on the 30th in Los Angeles
    with clock.pinned(now):
        services.receive_stock(sku=sku, location=shelf, quantity=2, reason="today", actor=actor)
        # 23:59 on the 29th there, 06:59 UTC on the 30th: the seller's yesterday.
        late = now - dt.timedelta(hours=1, minutes=1)
        services.receive_stock(
            sku=sku, location=shelf, quantity=3, reason="entered late", actor=actor, at=late
        )
        services.adjust_stock(sku=sku, location=shelf, change=-1, reason="dropped", actor=actor,
                              at=now - dt.timedelta(minutes=59))  # fmt: skip
    assert (level(sku, shelf).on_hand, level(sku, shelf).backdated) == (4, 1)


def test_a_change_in_the_days_last_hour_counts_as_before_the_next_day(sku, shelf, actor, settings):
    # It may commit after midnight, when the next day's demand has been worked out without it.
    settings.SELLERDESK_TIME_ZONE = "America/Los_Angeles"
    with clock.pinned(dt.datetime(2026, 7, 1, 6, 30, tzinfo=dt.UTC)):  # 23:30 there
        services.receive_stock(sku=sku, location=shelf, quantity=2, reason="late", actor=actor)
    with clock.pinned(dt.datetime(2026, 7, 1, 5, 30, tzinfo=dt.UTC)):  # 22:30 there
        services.receive_stock(sku=sku, location=shelf, quantity=1, reason="evening", actor=actor)
    assert level(sku, shelf).backdated == 1
