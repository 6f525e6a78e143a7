import datetime as dt

import pytest
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.core.tests.pdf_pages import pdf_barcodes
from sellerdesk.inventory.tests.factories import LocationFactory, StockLevelFactory
from sellerdesk.orders.models import Fulfillment, OrderStatus, Shipment
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

UPS_OK = "1Z999AA10123456784"


@pytest.fixture
def order():
    order = OrderFactory()
    line = OrderLineFactory(order=order, sku__code="RING-5", quantity_ordered=2)
    StockLevelFactory(sku=line.sku, location=LocationFactory(), on_hand=5)
    return order


def package(order, number=0, **fields):
    line = order.lines.get()
    values = {"carrier": "UPS", "service": "Ground", "tracking_number": UPS_OK}
    values[f"line_{line.pk}"] = 2
    values.update(fields)
    return {f"p{number}-{name}": value for name, value in values.items()}


def test_the_order_page_offers_one_package_holding_every_open_unit(signed_in, order):
    page = signed_in.get(reverse("web:order_detail", args=[order.pk])).content.decode()
    line = order.lines.get()
    assert 'id="ship-form"' in page
    assert f'name="p0-line_{line.pk}" value="2"' in page
    assert "Other carrier (number not checked)" in page


def test_confirming_ships_the_order_and_shows_the_tracking_link(signed_in, order):
    response = signed_in.post(reverse("web:order_ship", args=[order.pk]), package(order))

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    page = signed_in.get(reverse("web:order_detail", args=[order.pk])).content.decode()
    assert f'href="https://www.ups.com/track?tracknum={UPS_OK}"' in page
    assert 'id="ship-form"' not in page
    assert "1 unit" not in page
    assert f"2 units with UPS Ground, tracking {UPS_OK}" in page


def test_a_mistyped_tracking_number_is_shown_beside_the_field_and_nothing_ships(signed_in, order):
    post = package(order, tracking_number="1Z999AA10123456785")
    response = signed_in.post(reverse("web:order_ship", args=[order.pk]), post)

    assert response.status_code == 400
    page = response.content.decode()
    assert "its check digit is 5, where the rest of the number calls for 4" in page
    assert 'value="1Z999AA10123456785"' in page  # kept, to be corrected
    assert not Shipment.objects.exists()


def test_add_a_package_keeps_what_was_entered_and_two_packages_ship_apart(signed_in, order):
    line = order.lines.get()
    first = package(order, **{f"line_{line.pk}": 1})
    response = signed_in.post(
        reverse("web:order_ship", args=[order.pk]), {**first, "packages": "1", "add_package": "1"}
    )
    page = response.content.decode()
    assert "Package 2" in page
    assert f'name="p0-line_{line.pk}" value="1"' in page
    assert f'name="p1-line_{line.pk}" value="0"' in page

    second = package(order, 1, carrier="Other", carrier_name="Evri", tracking_number="EV1")
    second[f"p1-line_{line.pk}"] = 1
    signed_in.post(reverse("web:order_ship", args=[order.pk]), {**first, **second, "packages": "2"})

    carriers = list(Shipment.objects.values_list("carrier", "tracking_number"))
    assert carriers == [("UPS", UPS_OK), ("Evri", "EV1")]


def test_more_units_than_are_open_are_refused(signed_in, order):
    line = order.lines.get()
    response = signed_in.post(
        reverse("web:order_ship", args=[order.pk]), package(order, **{f"line_{line.pk}": 3})
    )
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 2." in response.content.decode()


def test_an_fba_order_has_no_ship_form_and_cannot_be_shipped(signed_in):
    fba = OrderFactory(fulfillment=Fulfillment.AMAZON)
    OrderLineFactory(order=fba)
    page = signed_in.get(reverse("web:order_detail", args=[fba.pk])).content.decode()
    assert 'id="ship-form"' not in page
    response = signed_in.post(reverse("web:order_ship", args=[fba.pk]), {}, follow=True)
    assert "This order cannot be shipped from here." in response.content.decode()


def test_the_shipped_step_links_to_the_carrier_and_delivery_can_then_be_marked(signed_in, order):
    signed_in.post(reverse("web:order_ship", args=[order.pk]), package(order))
    page = signed_in.get(reverse("web:order_detail", args=[order.pk])).content.decode()
    assert 'id="delivered-form"' in page
    assert page.count(f'href="https://www.ups.com/track?tracknum={UPS_OK}"') == 2  # table, timeline

    later = clock.now() + dt.timedelta(hours=2)
    delivered_at = (later - dt.timedelta(hours=1)).astimezone(clock.seller_zone())
    with clock.pinned(later):
        response = signed_in.post(
            reverse("web:order_delivered", args=[order.pk]),
            {"delivered_at": delivered_at.strftime("%Y-%m-%dT%H:%M")},
        )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_a_delivery_in_the_future_is_refused_beside_the_field(signed_in, order):
    signed_in.post(reverse("web:order_ship", args=[order.pk]), package(order))
    response = signed_in.post(
        reverse("web:order_delivered", args=[order.pk]), {"delivered_at": "2999-01-01T10:00"}
    )
    assert response.status_code == 400
    assert "The delivery date cannot be in the future." in response.content.decode()


def test_a_voided_label_is_replaced_from_the_shipments_table(signed_in, order):
    signed_in.post(reverse("web:order_ship", args=[order.pk]), package(order))
    shipment = Shipment.objects.get()
    url = reverse("web:shipment_relabel", args=[order.pk, shipment.pk])
    page = signed_in.get(reverse("web:order_detail", args=[order.pk])).content.decode()
    assert f'action="{url}"' in page

    bad = signed_in.post(
        url, {f"s{shipment.pk}-carrier": "UPS", f"s{shipment.pk}-tracking_number": "1Z1"}
    )
    assert bad.status_code == 400
    assert "is not a UPS tracking number" in bad.content.decode()

    new = {
        f"s{shipment.pk}-carrier": "Royal Mail",
        f"s{shipment.pk}-tracking_number": "RB123456785GB",
    }
    assert signed_in.post(url, new).status_code == 302
    shipment.refresh_from_db()
    assert (shipment.carrier, shipment.tracking_number, shipment.channel_state) == (
        "Royal Mail",
        "RB123456785GB",
        "pending",
    )
    other_order = OrderFactory()
    assert (
        signed_in.post(
            reverse("web:shipment_relabel", args=[other_order.pk, shipment.pk]), new
        ).status_code
        == 404
    )


def test_each_shipment_offers_a_printable_4x6_label_of_its_tracking_number(signed_in, order):
    signed_in.post(reverse("web:order_ship", args=[order.pk]), package(order))
    shipment = Shipment.objects.get()

    pdf = signed_in.get(reverse("web:shipment_label", args=[order.pk, shipment.pk, "pdf"]))
    zpl = signed_in.get(reverse("web:shipment_label", args=[order.pk, shipment.pk, "zpl"]))

    assert pdf_barcodes(pdf.content) == [[("Code128", UPS_OK)]]
    assert f"^FD{UPS_OK}^FS" in zpl.content.decode()
    assert (
        signed_in.get(
            reverse("web:shipment_label", args=[order.pk, shipment.pk, "png"])
        ).status_code
        == 404
    )
    other = OrderFactory()
    assert (
        signed_in.get(
            reverse("web:shipment_label", args=[other.pk, shipment.pk, "pdf"])
        ).status_code
        == 404
    )
