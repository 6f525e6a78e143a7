import pytest

from sellerdesk.core.errors import DomainError
from sellerdesk.fulfillment.domain.tracking import UPS
from sellerdesk.fulfillment.models import PackScan
from sellerdesk.fulfillment.selectors import pack_lines
from sellerdesk.fulfillment.services import (
    Package,
    record_scan,
    reset_scans,
    set_packing_settings,
    ship_packages,
)
from sellerdesk.inventory.services import Actor
from sellerdesk.inventory.tests.factories import LocationFactory, StockLevelFactory
from sellerdesk.orders.models import OrderEvent, OrderEventKind
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
UPS_OK = "1Z999AA10123456784"


@pytest.fixture
def order():
    order = OrderFactory()
    shelf = LocationFactory()
    ring = OrderLineFactory(
        order=order, sku__code="RING-5", sku__barcode="036000291452", quantity_ordered=2
    )
    chain = OrderLineFactory(order=order, sku__code="CHAIN-1", quantity_ordered=1)
    for line in (ring, chain):
        StockLevelFactory(sku=line.sku, location=shelf, on_hand=5)
    return order


def test_scanning_every_unit_marks_the_order_packed_once(order):
    outcomes = [
        record_scan(order=order, code=code, actor=MAKER) for code in ("0036000291452", "RING-5")
    ]
    assert [(o.accepted, o.message, o.complete) for o in outcomes] == [
        (True, "RING-5: 1 of 2", False),
        (True, "RING-5: 2 of 2", False),
    ]
    wrong = record_scan(order=order, code="EARRING-3", actor=MAKER)
    assert (wrong.accepted, wrong.complete) == (False, False)

    last = record_scan(order=order, code="CHAIN-1", actor=MAKER)

    assert (last.accepted, last.complete) == (True, True)
    again = record_scan(order=order, code="CHAIN-1", actor=MAKER)
    assert again.message == "One too many: all 1 of CHAIN-1 are already scanned."
    packed = OrderEvent.objects.filter(order=order, kind=OrderEventKind.PACKED)
    assert [event.message for event in packed] == ["Packed: every unit scanned"]


def test_with_a_full_scan_required_an_unscanned_parcel_is_refused_then_ships(order):
    set_packing_settings(require_scan=True)
    record_scan(order=order, code="RING-5", actor=MAKER)

    with pytest.raises(DomainError, match=r"RING-5 \(1 of 2 scanned\), CHAIN-1 \(0 of 1 scanned\)"):
        ship_packages(order=order, packages=[Package(UPS, UPS_OK)], actor=MAKER)

    for code in ("RING-5", "CHAIN-1"):
        record_scan(order=order, code=code, actor=MAKER)
    ship_packages(order=order, packages=[Package(UPS, UPS_OK)], actor=MAKER)
    assert set(PackScan.objects.values_list("scanned", flat=True)) == {0}


def test_a_partial_parcel_needs_only_its_own_units_scanned_and_uses_them_up(order):
    set_packing_settings(require_scan=True)
    ring = next(line for line in order.lines.all() if line.channel_sku == "RING-5")
    record_scan(order=order, code="RING-5", actor=MAKER)

    ship_packages(order=order, packages=[Package(UPS, UPS_OK, {ring.pk: 1})], actor=MAKER)

    # One ring left to ship, and none of it scanned: the next parcel is scanned afresh.
    assert [(line.sku, line.to_pack, line.scanned) for line in pack_lines(order)] == [
        ("RING-5", 1, 0),
        ("CHAIN-1", 1, 0),
    ]


def test_without_the_rule_shipping_needs_no_scan_and_a_reset_starts_again(order):
    ship_packages(
        order=order, packages=[Package(UPS, UPS_OK, {order.lines.first().pk: 1})], actor=MAKER
    )
    record_scan(order=order, code="RING-5", actor=MAKER)
    reset_scans(order=order)
    assert not PackScan.objects.exists()
