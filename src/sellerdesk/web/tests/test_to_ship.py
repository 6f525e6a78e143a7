import datetime as dt

import pytest
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.orders.models import Fulfillment
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory

pytestmark = pytest.mark.django_db


def test_the_to_ship_page_groups_the_queue_and_flags_late_and_at_risk_orders(signed_in):
    now = clock.now()
    late = OrderFactory(latest_ship_at=now - dt.timedelta(hours=2))
    risky = OrderFactory(latest_ship_at=now + dt.timedelta(hours=1))
    BuyerDetailsFactory(order=risky, name="Ada Lovelace")
    next_week = OrderFactory(latest_ship_at=now + dt.timedelta(days=7))
    fba = OrderFactory(latest_ship_at=now, fulfillment=Fulfillment.AMAZON)
    response = signed_in.get(reverse("web:to_ship"))
    page = response.content.decode()
    queue = response.context["queue"]
    assert [entry.order for entry in queue.overdue] == [late]
    assert [entry.order for entry in queue.later] == [next_week]
    assert '<span class="badge badge-danger">late</span>' in page
    assert "at risk</span>" in page
    assert "Ada Lovelace" in page
    assert fba.external_id not in page
    assert reverse("web:order_detail", args=[late.pk]) in page


def test_an_empty_queue_says_so(signed_in):
    page = signed_in.get(reverse("web:to_ship")).content.decode()
    assert "Nothing overdue." in page


def test_a_ship_by_sellerdesk_calculated_is_marked_so(signed_in):
    OrderFactory(latest_ship_at=None)
    page = signed_in.get(reverse("web:to_ship")).content.decode()
    assert ">calculated</span>" in page
