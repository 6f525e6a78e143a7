import pytest

from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.domain.tracking import OTHER, ROYAL_MAIL, UPS, tracking_url
from sellerdesk.fulfillment.services import Package, relabel_shipment, ship_packages
from sellerdesk.inventory.services import Actor
from sellerdesk.inventory.tests.factories import LocationFactory, StockLevelFactory
from sellerdesk.orders.models import OrderStatus, Shipment
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
UPS_OK = "1Z999AA10123456784"
ROYAL_MAIL_OK = "RB123456785GB"


@pytest.fixture
def order():
    order = OrderFactory()
    shelf = LocationFactory()
    for code, quantity in (("RING-5", 2), ("CHAIN-1", 1)):
        line = OrderLineFactory(order=order, sku__code=code, quantity_ordered=quantity)
        StockLevelFactory(sku=line.sku, location=shelf, on_hand=5)
    return order


def lines(order):
    return {line.channel_sku: line.pk for line in order.lines.all()}


def test_two_packages_become_two_shipments_with_their_own_tracking_and_the_order_ships(order):
    ids = lines(order)
    shipped = ship_packages(
        order=order,
        packages=[
            Package(UPS, " 1z999aa1 0123456784 ", {ids["RING-5"]: 2}, service="Ground"),
            Package(ROYAL_MAIL, ROYAL_MAIL_OK, {ids["CHAIN-1"]: 1}),
        ],
        actor=MAKER,
    )

    assert [(s.carrier, s.ship_method, s.tracking_number) for s in shipped] == [
        (UPS, "Ground", UPS_OK),
        (ROYAL_MAIL, "", ROYAL_MAIL_OK),
    ]
    assert [[(i.order_line_id, i.quantity) for i in s.lines.all()] for s in shipped] == [
        [(ids["RING-5"], 2)],
        [(ids["CHAIN-1"], 1)],
    ]
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert {s.channel_state for s in shipped} == {"pending"}


def test_a_package_with_part_of_the_units_leaves_the_order_partially_shipped(order):
    ship_packages(
        order=order, packages=[Package(UPS, UPS_OK, {lines(order)["RING-5"]: 1})], actor=MAKER
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_SHIPPED


def test_a_mistyped_number_is_refused_saying_which_package_and_nothing_ships(order):
    ids = lines(order)
    with pytest.raises(DomainError, match=r"Package 2: .*check digit is 5.*calls for 4"):
        ship_packages(
            order=order,
            packages=[
                Package(UPS, UPS_OK, {ids["RING-5"]: 2}),
                Package(UPS, "1Z999AA10123456785", {ids["CHAIN-1"]: 1}),
            ],
            actor=MAKER,
        )
    assert not Shipment.objects.exists()
    order.refresh_from_db()
    assert order.status == OrderStatus.UNSHIPPED


def test_another_carrier_goes_unchecked_but_must_be_named(order):
    with pytest.raises(DomainError, match="name the carrier"):
        ship_packages(order=order, packages=[Package(OTHER, "EV123")], actor=MAKER)

    (shipment,) = ship_packages(
        order=order, packages=[Package(OTHER, "ev-123 456", carrier_name="Evri")], actor=MAKER
    )
    assert (shipment.carrier, shipment.tracking_number) == ("Evri", "EV-123456")


def test_a_number_that_is_another_carriers_says_so(order):
    with pytest.raises(DomainError, match="reads as a UPS number"):
        ship_packages(order=order, packages=[Package(ROYAL_MAIL, UPS_OK)], actor=MAKER)


def test_no_packages_is_refused(order):
    with pytest.raises(DomainError, match="at least one package"):
        ship_packages(order=order, packages=[], actor=MAKER)


def test_tracking_links_go_to_the_carriers_own_page_and_unknown_carriers_get_none():
    assert tracking_url(UPS, UPS_OK) == f"https://www.ups.com/track?tracknum={UPS_OK}"
    assert tracking_url(ROYAL_MAIL, ROYAL_MAIL_OK).endswith(ROYAL_MAIL_OK)
    assert tracking_url("Evri", "EV123") == ""


def test_a_new_label_replaces_the_tracking_and_the_channel_is_told_again(order):
    (shipment,) = ship_packages(order=order, packages=[Package(UPS, UPS_OK)], actor=MAKER)
    Shipment.objects.filter(pk=shipment.pk).update(channel_state="confirmed")

    relabel_shipment(shipment=shipment, label=Package(ROYAL_MAIL, ROYAL_MAIL_OK), actor=MAKER)

    shipment.refresh_from_db()
    assert (shipment.carrier, shipment.tracking_number) == (ROYAL_MAIL, ROYAL_MAIL_OK)
    assert (shipment.channel_state, shipment.channel_reference) == ("pending", "")
    assert shipment.lines.count() == 2  # what is in the parcel stays as it was
    step = order.events.get(kind="label")
    assert step.message == (
        f"New label {ROYAL_MAIL} {ROYAL_MAIL_OK} (replaces {UPS} {UPS_OK}); the channel will be told"
    )
    assert step.link == tracking_url(ROYAL_MAIL, ROYAL_MAIL_OK)


def test_a_new_label_is_checked_like_the_first_and_a_delivered_order_keeps_its_label(order):
    (shipment,) = ship_packages(order=order, packages=[Package(UPS, UPS_OK)], actor=MAKER)
    with pytest.raises(DomainError, match="check digit"):
        relabel_shipment(shipment=shipment, label=Package(UPS, "1Z999AA10123456785"), actor=MAKER)
    order.refresh_from_db()
    order.status = OrderStatus.DELIVERED
    order.save()
    with pytest.raises(DomainError, match="can no longer change"):
        relabel_shipment(shipment=shipment, label=Package(ROYAL_MAIL, ROYAL_MAIL_OK), actor=MAKER)
    shipment.refresh_from_db()
    assert shipment.tracking_number == UPS_OK
