import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.inventory.models import StockLevel
from sellerdesk.inventory.tests.factories import LocationFactory
from sellerdesk.orders.models import OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory
from sellerdesk.returns.models import Refund, Return, ReturnSettings, ReturnUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    order = OrderFactory(
        status=OrderStatus.DELIVERED, delivered_at=clock.now() - dt.timedelta(days=3),
        currency="USD", prices_include_tax=False,
    )  # fmt: skip
    return OrderLineFactory(
        order=order, sku__code="RING-5", quantity_ordered=1, quantity_shipped=1,
        item_price=Decimal("44.00"), item_tax=Decimal(0), promotion_discount=Decimal(0),
        shipping_price=Decimal("6.00"), shipping_tax=Decimal(0),
    )  # fmt: skip


def step(client, ret, name, data=None, **extra):
    return client.post(reverse("web:return_step", args=[ret.pk, name]), data or {}, **extra)


def test_a_return_runs_from_the_order_page_to_the_refund_to_do_in_seller_central(signed_in, line):
    shelf = LocationFactory(name="Studio drawer")
    page = signed_in.get(reverse("web:return_new", args=[line.order.pk])).content.decode()
    assert "RING-5 (1 may come back)" in page

    response = signed_in.post(
        reverse("web:return_new", args=[line.order.pk]),
        {f"line_{line.pk}": 1, "reason": "defective", "note": "clasp broke"},
    )
    ret = Return.objects.get()
    assert response["Location"] == reverse("web:return_detail", args=[ret.pk])
    assert ret.status == "authorised"

    step(signed_in, ret, "receive")
    (unit,) = ReturnUnit.objects.all()
    step(signed_in, ret, "inspect", {f"unit_{unit.pk}": "sellable"})
    step(signed_in, ret, "dispose", {f"unit_{unit.pk}": "restock", "shelf": shelf.pk})
    assert StockLevel.objects.get(sku=line.sku, location=shelf).on_hand == 1
    page = signed_in.get(reverse("web:return_detail", args=[ret.pk])).content.decode()
    assert f'name="item_{line.pk}" value="44.00"' in page  # the seller's fault: in full
    assert f'name="shipping_{line.pk}" value="6.00"' in page

    step(signed_in, ret, "refund", {f"item_{line.pk}": "44.00", f"shipping_{line.pk}": "6.00"})

    refund = Refund.objects.get()
    todo = signed_in.get(reverse("web:refunds_to_do")).content.decode()
    assert line.order.external_id in todo
    assert "$44.00" in todo
    signed_in.post(reverse("web:refund_done", args=[refund.pk]))
    assert "Nothing to issue." in signed_in.get(reverse("web:refunds_to_do")).content.decode()
    step(signed_in, ret, "close")
    ret.refresh_from_db()
    assert ret.status == "closed"


def test_a_step_out_of_turn_is_refused_with_the_reason_and_a_bad_form_comes_back(signed_in, line):
    ret = Return.objects.get(
        pk=signed_in.post(
            reverse("web:return_new", args=[line.order.pk]),
            {f"line_{line.pk}": 1, "reason": "no_longer_needed"},
        )
        .url.rstrip("/")
        .rsplit("/", 1)[1]
    )
    refused = step(signed_in, ret, "dispose", follow=True).content.decode()
    assert "cannot be put away or written off: it must first be inspected" in refused

    bad = step(signed_in, ret, "label", {"kind": "stolen"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
    assert step(signed_in, ret, "teleport").status_code == 404


def test_overdue_returns_are_counted_on_home_and_flagged_in_the_list(signed_in, line):
    signed_in.post(
        reverse("web:return_new", args=[line.order.pk]),
        {f"line_{line.pk}": 1, "reason": "other"},
    )
    ret = Return.objects.get()
    step(signed_in, ret, "receive")
    with clock.pinned(clock.now() + dt.timedelta(days=6)):
        home = signed_in.get(reverse("web:home")).content.decode()
        listed = signed_in.get(reverse("web:returns")).content.decode()
    assert (
        '<span class="stat-value">1</span><span class="stat-label">return past its deadline' in home
    )
    assert '<span class="badge badge-danger">late</span> refund by' in listed


def test_nothing_shipped_means_nothing_to_return(signed_in):
    order = OrderFactory(status=OrderStatus.UNSHIPPED)
    OrderLineFactory(order=order, quantity_shipped=0)
    page = signed_in.get(reverse("web:return_new", args=[order.pk])).content.decode()
    assert "Nothing of this order has shipped" in page


def test_each_channels_return_rules_are_set_in_settings_and_checked(signed_in, line):
    channel = line.order.channel
    url = reverse("web:return_settings", args=[channel.pk])
    prefix = f"r{channel.pk}"

    signed_in.post(url, {f"{prefix}-window_days": 60, f"{prefix}-restocking_damaged": "20"})
    refused = signed_in.post(
        url, {f"{prefix}-window_days": 14, f"{prefix}-restocking_damaged": "0"}
    )

    settings = ReturnSettings.objects.get(channel=channel)
    assert (settings.window_days, settings.deduct_label, settings.restocking_damaged) == (
        60, False, Decimal("20.00"),
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Ensure this value is greater than or equal to 30." in refused.content.decode()
    page = signed_in.get(reverse("web:settings")).content.decode()
    assert f'name="{prefix}-window_days" value="60"' in page


def test_a_parcel_that_came_with_no_request_starts_as_received(signed_in, line):
    signed_in.post(
        reverse("web:return_new", args=[line.order.pk]),
        {f"line_{line.pk}": 1, "reason": "other", "arrived": "on"},
    )
    ret = Return.objects.get()
    assert (ret.status, ret.decision) == ("received", "arrived without a request")
    assert ret.refund_by is not None
