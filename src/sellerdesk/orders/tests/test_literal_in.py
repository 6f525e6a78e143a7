"""`__literal_in`: the shipments still to confirm, found through their partial index."""

import pytest
from django.db import connection

from sellerdesk.orders.models import ConfirmationState, Shipment
from sellerdesk.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

TO_CONFIRM = [ConfirmationState.PENDING, ConfirmationState.FAILED]


def _shipment(state: str) -> Shipment:
    order = OrderFactory()
    return Shipment.objects.create(
        order=order, shipped_at=order.purchased_at, carrier="UPS", tracking_number="1Z",
        created_by="test", channel_state=state,
    )  # fmt: skip


def test_it_finds_what_in_finds():
    wanted = {_shipment(ConfirmationState.PENDING).pk, _shipment(ConfirmationState.FAILED).pk}
    _shipment(ConfirmationState.CONFIRMED)
    found = set(
        Shipment.objects.filter(channel_state__literal_in=TO_CONFIRM).values_list("pk", flat=True)
    )
    assert (
        found
        == wanted
        == set(Shipment.objects.filter(channel_state__in=TO_CONFIRM).values_list("pk", flat=True))
    )


def test_sqlite_reads_the_partial_index_with_it_and_not_with_in():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans with the values it is given")
    literal = Shipment.objects.filter(channel_state__literal_in=TO_CONFIRM).explain()
    bound = Shipment.objects.filter(channel_state__in=TO_CONFIRM).explain()
    assert "shipment_to_confirm" in literal
    assert "shipment_to_confirm" not in bound  # why the lookup is there


def test_only_plain_codes_are_written_into_the_sql():
    with pytest.raises(ValueError, match="plain codes only"):
        list(Shipment.objects.filter(channel_state__literal_in=["x') OR 1=1 --"]))
