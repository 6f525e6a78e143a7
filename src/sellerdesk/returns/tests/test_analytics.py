import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.inventory.services import Actor
from sellerdesk.orders.models import OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory
from sellerdesk.returns import services
from sellerdesk.returns.analytics import returns_report
from sellerdesk.returns.models import ReturnUnit

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
NOW = dt.datetime(2025, 6, 20, 12, 0, tzinfo=dt.UTC)


def sold(sku: str, units: int, **fields):
    order = OrderFactory(
        status=OrderStatus.DELIVERED, purchased_at=NOW - dt.timedelta(days=10),
        delivered_at=NOW - dt.timedelta(days=5), currency="USD", prices_include_tax=False,
    )  # fmt: skip
    return OrderLineFactory(
        order=order, channel_sku=sku, sku__code=sku, sku__unit_cost=Decimal("9"),
        quantity_ordered=units, quantity_shipped=units, item_price=Decimal("20") * units,
        item_tax=Decimal(0), promotion_discount=Decimal(0), shipping_price=Decimal(0),
        shipping_tax=Decimal(0), **fields,
    )  # fmt: skip


@pytest.fixture
def history():
    with clock.pinned(NOW):
        ring = sold("RING-5", 4)
        chain = sold("CHAIN-1", 10)
        first = services.request_return(units={ring.pk: 2}, reason="defective", actor=MAKER)
        services.issue_label(ret=first, kind="prepaid", cost=Decimal("8.00"), actor=MAKER)
        services.receive_return(ret=first, actor=MAKER)
        units = list(ReturnUnit.objects.filter(line__ret=first))
        services.inspect_return(
            ret=first, conditions={u.pk: "defective" for u in units}, actor=MAKER
        )
        services.dispose_return(
            ret=first, dispositions={u.pk: ("write_off", None) for u in units}, actor=MAKER
        )
        services.refund_return(ret=first, actor=MAKER)
        services.request_return(units={chain.pk: 1}, reason="no_longer_needed", actor=MAKER)
        services.request_return(units={chain.pk: 1}, reason="better_price", actor=MAKER)
    return ring, chain


def test_skus_are_ranked_by_how_often_they_come_back_with_why_and_the_cost(history):

    report = returns_report(since=NOW - dt.timedelta(days=90))

    ring, chain = report.skus
    assert (ring.sku, ring.shipped, ring.returned, ring.rate) == ("RING-5", 4, 2, 0.5)
    assert ring.reasons == {"Defective or does not work": 2}
    assert ring.refunded == {"USD": Decimal("40.00")}
    assert ring.labels == {"USD": Decimal("8.00")}
    assert ring.written_off == Decimal("18.00")
    assert (chain.sku, chain.returned) == ("CHAIN-1", 2)
    ((month, counts),) = report.by_month
    assert month == dt.date(2025, 6, 1)
    assert counts["Defective or does not work"] == 2


def test_the_analytics_page_shows_the_table(client, django_user_model, history):
    client.force_login(django_user_model.objects.create_user("maker"))
    with clock.pinned(NOW):
        page = client.get(reverse("web:returns_analytics")).content.decode()
    assert '<td class="mono">RING-5</td>' in page
    assert '<td class="num">4</td>\n        <td class="num">2</td>' in page  # shipped, returned
    assert "50%</td>" in page
    assert "2 defective or does not work" in page
