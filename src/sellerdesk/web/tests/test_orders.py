import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sellerdesk.inventory.tests.factories import LocationFactory, ReservationFactory
from sellerdesk.orders.models import Fulfillment, OrderEvent, OrderStatus
from sellerdesk.orders.tests.factories import (
    BuyerDetailsFactory,
    OrderEventFactory,
    OrderFactory,
    OrderLineFactory,
    amazon_marketplace,
)

from .conftest import HTMX

pytestmark = pytest.mark.django_db
ORDERS = reverse("web:orders")


def order_ids(response) -> list[str]:
    return re.findall(r'href="/orders/\d+/">([^<]+)</a>', response.content.decode())


def test_the_order_list_renders_the_whole_page_with_filters(signed_in):
    OrderFactory(external_id="114-0000001-0000001")

    response = signed_in.get(ORDERS)

    assert response.status_code == 200
    assert b"<html" in response.content
    assert b'id="order-filters"' in response.content
    assert order_ids(response) == ["114-0000001-0000001"]


def test_an_htmx_request_gets_only_the_results(signed_in):
    OrderFactory(external_id="114-0000001-0000001")

    response = signed_in.get(ORDERS, **HTMX)

    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="order-filters"' not in response.content
    assert order_ids(response) == ["114-0000001-0000001"]


def test_filtering_by_status_shows_only_matching_orders(signed_in):
    OrderFactory(external_id="open-one", status=OrderStatus.UNSHIPPED)
    OrderFactory(external_id="done-one", status=OrderStatus.SHIPPED)

    response = signed_in.get(ORDERS, {"status": "Shipped"}, **HTMX)

    assert order_ids(response) == ["done-one"]


def test_filtering_by_marketplace_and_fulfilment_combines(signed_in):
    uk = amazon_marketplace("UK")
    OrderFactory(external_id="uk-fba", marketplace=uk, fulfillment=Fulfillment.AMAZON)
    OrderFactory(external_id="uk-fbm", marketplace=uk, fulfillment=Fulfillment.SELLER)
    OrderFactory(external_id="us-fba", fulfillment=Fulfillment.AMAZON)

    response = signed_in.get(ORDERS, {"marketplace": "UK", "fulfillment": "amazon"})

    assert order_ids(response) == ["uk-fba"]


def test_searching_by_buyer_name_finds_their_orders(signed_in):
    BuyerDetailsFactory(order__external_id="ada-order", name="Ada Lovelace")
    BuyerDetailsFactory(order__external_id="grace-order", name="Grace Hopper")

    response = signed_in.get(ORDERS, {"q": "hopper"}, **HTMX)

    assert order_ids(response) == ["grace-order"]


def test_sorting_by_total_orders_the_rows_and_links_flip_the_direction(signed_in):
    OrderFactory(external_id="small", total="5.00")
    OrderFactory(external_id="large", total="500.00")

    response = signed_in.get(ORDERS, {"sort": "total"}, **HTMX)

    assert order_ids(response) == ["small", "large"]
    assert b'href="?sort=-total"' in response.content
    assert b'aria-sort="ascending"' in response.content


def test_the_chosen_sort_is_kept_with_the_filter_form(signed_in):
    response = signed_in.get(ORDERS, {"sort": "-total"})

    assert b'name="sort" value="-total" form="order-filters"' in response.content


def test_unknown_filter_values_are_reported_and_ignored(signed_in):
    OrderFactory(external_id="still-listed")

    response = signed_in.get(ORDERS, {"status": "Teleported", "date_from": "not-a-date"})

    assert response.status_code == 200
    assert order_ids(response) == ["still-listed"]
    assert b"Some filters were not understood" in response.content


def test_pages_hold_fifty_orders_and_link_to_the_next(signed_in):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(51):
        OrderFactory(external_id=f"order-{n:02d}", purchased_at=start + dt.timedelta(hours=n))

    first = signed_in.get(ORDERS)
    second = signed_in.get(ORDERS, {"page": "2"}, **HTMX)

    assert len(order_ids(first)) == 50
    assert b"1\xe2\x80\x9350 of 51 orders" in first.content
    assert b'href="?page=2"' in first.content
    assert order_ids(second) == ["order-00"]


def test_the_order_list_does_not_query_per_row(signed_in):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as context:
            assert signed_in.get(ORDERS).status_code == 200
        return len(context)

    BuyerDetailsFactory(order=OrderLineFactory().order)
    few = queries_for_page()
    for _ in range(10):
        BuyerDetailsFactory(order=OrderLineFactory().order)

    assert queries_for_page() == few


def test_order_detail_shows_lines_reservations_address_and_timeline(signed_in):
    order = OrderFactory(external_id="114-5550001-0000001", is_prime=True)
    BuyerDetailsFactory(order=order, ship_name="Ada King", city="London")
    line = OrderLineFactory(
        order=order, sku__code="RING-ROSE", personalisation="Engrave: A.L.", is_gift=True
    )
    ReservationFactory(
        sku=line.sku, location=LocationFactory(name="Bench drawer"), reference=line.reference
    )
    OrderEventFactory(order=order, message="Order arrived from Amazon")

    response = signed_in.get(reverse("web:order_detail", args=[order.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    for expected in [
        "114-5550001-0000001",
        "Prime",
        reverse("web:sku_detail", args=["RING-ROSE"]),
        "Engrave: A.L.",
        "1 at Bench drawer",
        "Ada King",
        "Order arrived from Amazon",
        "$25.00",  # the line charged: 22 + 2 tax + 3 shipping - 2 discount
    ]:
        assert expected in page


def test_order_detail_of_a_missing_order_is_not_found(signed_in):
    assert signed_in.get(reverse("web:order_detail", args=[999999])).status_code == 404


def test_dates_show_in_the_sellers_time_zone(signed_in, settings):
    settings.SELLERDESK_TIME_ZONE = "America/Los_Angeles"
    OrderFactory(purchased_at=dt.datetime(2026, 1, 10, 7, 0, tzinfo=dt.UTC))

    response = signed_in.get(ORDERS)

    assert "9 Jan 2026 23:00" in response.content.decode()


def test_the_sellers_note_is_kept_on_the_order_and_its_timeline(signed_in, reference_data):
    order = OrderFactory()

    response = signed_in.post(
        reverse("web:order_note", args=[order.pk]), {"note": "  Wrap in blue paper "}, follow=True
    )

    order.refresh_from_db()
    assert order.note == "Wrap in blue paper"
    page = response.content.decode()
    assert ">Wrap in blue paper</textarea>" in page
    assert OrderEvent.objects.filter(order=order, message="Note: Wrap in blue paper").exists()
