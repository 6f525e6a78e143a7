import datetime as dt

import pytest

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.domain.pick_list import UNRESERVED
from sellerdesk.fulfillment.models import PickBatchOrder
from sellerdesk.fulfillment.selectors import (
    batch_list,
    batch_orders,
    batch_pick_list,
    due_today_unbatched,
    to_ship_queue,
)
from sellerdesk.fulfillment.services import close_batch, create_batch, mark_batch_picked
from sellerdesk.inventory.services import Actor
from sellerdesk.inventory.tests.factories import LocationFactory, ReservationFactory
from sellerdesk.orders.models import Fulfillment, OrderEvent, OrderEventKind, OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 11, 10, 0, tzinfo=dt.UTC)
MAKER = Actor("maker")


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.SELLERDESK_TIME_ZONE = "UTC"
    with clock.pinned(NOW):
        yield


def due(hours: float, **fields):
    return OrderFactory(
        purchased_at=NOW - dt.timedelta(days=1),
        latest_ship_at=NOW + dt.timedelta(hours=hours),
        **fields,
    )


def test_a_batch_keeps_the_orders_in_the_order_chosen_and_notes_it_on_their_timelines():
    first, second = due(5), due(2)

    batch = create_batch(order_ids=[first.pk, second.pk, first.pk], actor=MAKER)

    assert [order.pk for order in batch_orders(batch)] == [first.pk, second.pk]
    events = OrderEvent.objects.filter(kind=OrderEventKind.BATCHED).order_by("order_id")
    assert [(event.order_id, event.message, event.actor) for event in events] == [
        (first.pk, f"Added to pick batch {batch.pk}", "maker"),
        (second.pk, f"Added to pick batch {batch.pk}", "maker"),
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"fulfillment": Fulfillment.AMAZON},
        {"status": OrderStatus.SHIPPED},
        {"status": OrderStatus.CANCELED},
        {"status": OrderStatus.PENDING},
    ],
)
def test_orders_not_to_be_shipped_by_the_seller_are_refused_and_nothing_is_made(fields):
    good, bad = due(5), due(5, **fields)

    with pytest.raises(DomainError, match=bad.external_id):
        create_batch(order_ids=[good.pk, bad.pk], actor=MAKER)

    assert not PickBatchOrder.objects.exists()
    assert not OrderEvent.objects.filter(kind=OrderEventKind.BATCHED).exists()


def test_an_order_is_in_one_open_batch_at_a_time_and_closing_frees_it():
    order = due(5)
    first = create_batch(order_ids=[order.pk], actor=MAKER)

    with pytest.raises(DomainError, match=rf"{order.external_id} \(batch {first.pk}\)"):
        create_batch(order_ids=[order.pk], actor=MAKER)

    close_batch(batch=first, actor=MAKER)
    second = create_batch(order_ids=[order.pk], actor=MAKER)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert (first.closed_by, first.closed_at) == ("maker", NOW)


def test_an_empty_or_vanished_choice_is_refused():
    with pytest.raises(DomainError, match="at least one order"):
        create_batch(order_ids=[], actor=MAKER)
    with pytest.raises(DomainError, match="no longer exist"):
        create_batch(order_ids=[987654], actor=MAKER)


def test_the_queue_shows_each_orders_open_batch_and_everything_due_today_skips_batched_ones():
    late, today, batched, tomorrow = due(-1), due(6), due(3), due(30)
    batch = create_batch(order_ids=[batched.pk], actor=MAKER)

    queue = to_ship_queue(now=NOW)

    assert {entry.order.pk: entry.batch for entry in queue.today} == {
        batched.pk: batch.pk,
        today.pk: None,
    }
    assert due_today_unbatched(now=NOW) == [late.pk, today.pk]
    assert tomorrow.pk not in due_today_unbatched(now=NOW)


def test_marking_picked_notes_each_order_still_to_ship_and_a_closed_batch_refuses():
    waiting, shipped_since = due(5), due(5)
    batch = create_batch(order_ids=[waiting.pk, shipped_since.pk], actor=MAKER)
    shipped_since.status = OrderStatus.SHIPPED
    shipped_since.save()

    mark_batch_picked(batch=batch, actor=MAKER)
    mark_batch_picked(batch=batch, actor=MAKER)  # a second click changes nothing

    picked = OrderEvent.objects.filter(kind=OrderEventKind.PICKED)
    assert [event.order_id for event in picked] == [waiting.pk]
    close_batch(batch=batch, actor=MAKER)
    with pytest.raises(DomainError, match="closed"):
        mark_batch_picked(batch=batch, actor=MAKER)


def test_the_batch_list_counts_orders_left_to_ship_with_open_batches_first():
    old_order, new_order, other = due(5), due(5), due(5)
    old = create_batch(order_ids=[old_order.pk], actor=MAKER)
    with clock.pinned(NOW + dt.timedelta(hours=1)):
        new = create_batch(order_ids=[new_order.pk, other.pk], actor=MAKER)
    close_batch(batch=new, actor=MAKER)
    other.status = OrderStatus.SHIPPED
    other.save()

    listed = [(batch.pk, batch.order_count, batch.to_ship_count) for batch in batch_list()]

    assert listed == [(old.pk, 1, 1), (new.pk, 2, 1)]


def test_the_pick_list_takes_each_lines_open_units_from_where_they_are_reserved():
    front, back = (
        LocationFactory(name="Front drawer", pick_order=1),
        LocationFactory(name="Back shelf", pick_order=2),
    )
    split = OrderLineFactory(
        order=due(5), sku__code="RING-5", quantity_ordered=3, personalisation="J + K"
    )
    ReservationFactory(reference=split.reference, sku=split.sku, location=back, quantity=1)
    ReservationFactory(reference=split.reference, sku=split.sku, location=front, quantity=2)
    short = OrderLineFactory(order=due(5), sku__code="CHAIN-1", quantity_ordered=2)
    ReservationFactory(reference=short.reference, sku=short.sku, location=front, quantity=1)
    unmapped = OrderLineFactory(order=due(5), sku=None, channel_sku="AMZ-ODD", gift_message="xo")
    done = OrderLineFactory(
        order=due(5), sku__code="DONE-1", quantity_ordered=1, quantity_shipped=1
    )
    orders = [split.order, short.order, unmapped.order, done.order]
    batch = create_batch(order_ids=[order.pk for order in orders], actor=MAKER)

    pick = batch_pick_list(batch_orders(batch))

    walk = [
        (location.name, sku.sku, [(item.order, item.quantity) for item in sku.items])
        for location in pick.locations
        for sku in location.skus
    ]
    assert walk == [
        ("Front drawer", "CHAIN-1", [(short.order.external_id, 1)]),
        ("Front drawer", "RING-5", [(split.order.external_id, 2)]),
        ("Back shelf", "RING-5", [(split.order.external_id, 1)]),
        (UNRESERVED, "AMZ-ODD", [(unmapped.order.external_id, 1)]),
        (UNRESERVED, "CHAIN-1", [(short.order.external_id, 1)]),
    ]
    assert pick.locations[0].skus[1].items[0].personalisation == "J + K"
    assert pick.locations[2].skus[0].items[0].gift_message == "xo"
    assert (pick.units, pick.order_count) == (6, 3)
