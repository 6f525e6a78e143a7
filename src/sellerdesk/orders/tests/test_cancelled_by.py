"""Who cancelled an order, as channels say it: kept until a channel says otherwise."""

import dataclasses
import datetime as dt

import pytest

from sellerdesk.orders import domain, services

from .test_services import T, order_data

pytestmark = pytest.mark.django_db


def test_who_cancelled_is_kept_until_a_channel_says_otherwise(actor):
    data = order_data(status=domain.CANCELED, cancelled_by="buyer")
    order = services.record_order(data=data, actor=actor).order
    assert order.cancelled_by == "buyer"
    # A report that does not say who cancelled (All Orders) leaves it as it was.
    later = dataclasses.replace(data, last_updated_at=T + dt.timedelta(hours=1), cancelled_by="")
    services.record_order(data=later, actor=actor)
    order.refresh_from_db()
    assert order.cancelled_by == "buyer"
    services.record_order(
        data=dataclasses.replace(
            later, last_updated_at=T + dt.timedelta(hours=2), cancelled_by="seller"
        ),
        actor=actor,
    )
    order.refresh_from_db()
    assert order.cancelled_by == "seller"
