"""The later steps of an order's timeline: the channel told, and delivery marked by hand."""

import datetime as dt

import pytest

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError, InvalidTransition
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import (
    ConfirmationState,
    Fulfillment,
    OrderEvent,
    OrderStatus,
    Shipment,
)
from sellerdesk.orders.services import mark_delivered, mark_shipments_sent, settle_shipment

from .factories import OrderFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 11, 15, 0, tzinfo=dt.UTC)


def shipment(order=None, tracking="1Z999AA10123456784", **fields) -> Shipment:
    return Shipment.objects.create(
        order=order or OrderFactory(status=OrderStatus.SHIPPED),
        shipped_at=NOW - dt.timedelta(days=1),
        carrier="UPS",
        tracking_number=tracking,
        created_by="maker",
        **fields,
    )


def steps(order) -> list[tuple[str, str]]:
    return list(OrderEvent.objects.filter(order=order).values_list("kind", "message"))


def test_a_confirmed_shipment_is_a_confirmed_step_and_a_refusal_says_why():
    first = shipment(channel_state=ConfirmationState.SUBMITTED)
    second = shipment(tracking="", channel_state=ConfirmationState.SUBMITTED)

    settle_shipment(
        shipment_id=first.pk, state=ConfirmationState.CONFIRMED, at=NOW, error="", actor="sync"
    )
    settle_shipment(
        shipment_id=second.pk,
        state=ConfirmationState.FAILED,
        at=NOW,
        error="Bad carrier",
        actor="sync",
    )

    first.refresh_from_db()
    assert (first.channel_state, first.channel_updated_at) == ("confirmed", NOW)
    assert steps(first.order) == [
        ("confirmed", "Channel has the tracking: tracking 1Z999AA10123456784")
    ]
    assert steps(second.order) == [("note", "Channel refused: Bad carrier: tracking (none)")]


def test_shipments_put_in_a_file_or_sent_are_noted_on_their_orders():
    exported, submitted = shipment(), shipment()

    mark_shipments_sent(
        shipment_ids=[exported.pk],
        state=ConfirmationState.EXPORTED,
        reference="file:3",
        at=NOW,
        actor="maker",
    )
    mark_shipments_sent(
        shipment_ids=[submitted.pk],
        state=ConfirmationState.SUBMITTED,
        reference="feed:9",
        at=NOW,
        actor="sync",
    )

    assert Shipment.objects.get(pk=exported.pk).channel_reference == "file:3"
    assert steps(exported.order)[0][1].startswith(
        "In a shipping confirmation file for Seller Central"
    )
    assert steps(submitted.order)[0][1].startswith("Sent to the channel")


def test_a_shipped_order_is_marked_delivered_by_hand_once():
    order = OrderFactory(status=OrderStatus.SHIPPED, shipped_at=NOW - dt.timedelta(days=2))
    with clock.pinned(NOW):
        mark_delivered(order=order, at=NOW - dt.timedelta(hours=3), actor=Actor("maker"))
        order.refresh_from_db()
        assert (order.status, order.delivered_at) == (
            OrderStatus.DELIVERED,
            NOW - dt.timedelta(hours=3),
        )
        assert steps(order) == [("delivered", "Marked delivered by hand")]
        with pytest.raises(InvalidTransition, match="only a shipped order"):
            mark_delivered(order=order, at=NOW, actor=Actor("maker"))


@pytest.mark.parametrize(
    ("fields", "at", "error"),
    [
        ({"status": OrderStatus.UNSHIPPED}, NOW, InvalidTransition),
        (
            {"status": OrderStatus.SHIPPED, "fulfillment": Fulfillment.AMAZON},
            NOW,
            InvalidTransition,
        ),
        ({"status": OrderStatus.SHIPPED}, NOW + dt.timedelta(hours=1), DomainError),
        (
            {"status": OrderStatus.SHIPPED, "shipped_at": NOW},
            NOW - dt.timedelta(days=1),
            DomainError,
        ),
    ],
)
def test_delivery_is_refused_before_shipping_for_fba_in_the_future_or_before_it_shipped(
    fields, at, error
):
    order = OrderFactory(**fields)
    with clock.pinned(NOW), pytest.raises(error):
        mark_delivered(order=order, at=at, actor=Actor("maker"))
    order.refresh_from_db()
    assert order.delivered_at is None


def test_an_answer_about_a_shipment_relabelled_meanwhile_leaves_it_to_be_sent_again():
    relabelled = shipment()  # pending again: its new number is not yet with the channel

    settle_shipment(
        shipment_id=relabelled.pk, state=ConfirmationState.CONFIRMED, at=NOW, error="", actor="sync"
    )

    relabelled.refresh_from_db()
    assert relabelled.channel_state == ConfirmationState.PENDING
    assert steps(relabelled.order) == []


def test_a_shipment_relabelled_after_its_file_was_made_is_not_marked_sent_with_it():
    in_file, relabelled = shipment(), shipment()
    Shipment.objects.filter(pk__in=[in_file.pk, relabelled.pk]).update(
        channel_state=ConfirmationState.EXPORTED, channel_reference="file:4"
    )
    Shipment.objects.filter(pk=relabelled.pk).update(channel_state="pending", channel_reference="")

    sent = mark_shipments_sent(
        shipment_ids=[in_file.pk, relabelled.pk], state=ConfirmationState.SUBMITTED,
        reference="feed:7", at=NOW, actor="sync", were="file:4",
    )  # fmt: skip

    assert sent == 1
    assert Shipment.objects.get(pk=relabelled.pk).channel_state == "pending"
    assert steps(relabelled.order) == []
