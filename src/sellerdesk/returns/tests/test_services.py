"""Every returns rule through its services: real database, real ledger."""

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory import services as stock
from sellerdesk.inventory.models import CostLayer, StockLevel, StockMovement
from sellerdesk.inventory.services import Actor
from sellerdesk.inventory.tests.factories import FbaLocationFactory, LocationFactory
from sellerdesk.orders.models import OrderEvent, OrderStatus
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory, OrderLineFactory
from sellerdesk.returns import services
from sellerdesk.returns.domain import lifecycle
from sellerdesk.returns.models import Refund, ReturnSettings, ReturnUnit
from sellerdesk.returns.selectors import returnable_lines

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
NOW = dt.datetime(2025, 6, 6, 22, 0, tzinfo=dt.UTC)  # Fri 15:00 in Los Angeles
DELIVERED = NOW - dt.timedelta(days=5)


@pytest.fixture(autouse=True)
def pinned():
    with clock.pinned(NOW):
        yield


def shipped_line(quantity=2, **fields):
    order = OrderFactory(
        status=OrderStatus.DELIVERED, delivered_at=DELIVERED, shipped_at=DELIVERED,
        currency="USD", prices_include_tax=False,
    )  # fmt: skip
    values = {
        "sku__code": "RING-5", "sku__unit_cost": Decimal("9.00"), "quantity_ordered": quantity,
        "quantity_shipped": quantity, "item_price": Decimal("44.00"), "item_tax": Decimal("0"),
        "promotion_discount": Decimal("0"), "shipping_price": Decimal("6.00"),
        "shipping_tax": Decimal("0"),
    }  # fmt: skip
    values.update(fields)
    return OrderLineFactory(order=order, **values)


def units_of(ret):
    return list(ReturnUnit.objects.filter(line__ret=ret).order_by("line", "number"))


def test_an_in_policy_request_is_authorised_at_once_and_noted_on_the_order():
    line = shipped_line()
    ret = services.request_return(units={line.pk: 1}, reason="no_longer_needed", actor=MAKER)

    assert ret.status == lifecycle.AUTHORISED
    assert ret.decision == "inside the 30-day return window"
    assert ret.respond_by == NOW + dt.timedelta(hours=24)
    step = OrderEvent.objects.get(order=line.order, kind="return")
    assert step.message == (
        f"Return {ret.pk} requested (no longer needed); authorised at once: inside the 30-day "
        "return window"
    )


def test_a_personalised_piece_waits_for_the_seller_unless_she_was_at_fault():
    engraved = shipped_line(personalisation="A + J")
    waiting = services.request_return(
        units={engraved.pk: 1}, reason="ordered_by_mistake", actor=MAKER
    )
    assert (waiting.status, waiting.decision) == (
        lifecycle.REQUESTED,
        "a personalised item is exempt unless you were at fault",
    )
    faulty = services.request_return(units={engraved.pk: 1}, reason="wrong_item", actor=MAKER)
    assert faulty.status == lifecycle.AUTHORISED


def test_a_window_set_longer_for_the_channel_decides():
    line = shipped_line()
    line.order.delivered_at = NOW - dt.timedelta(days=45)
    line.order.save()
    waiting = services.request_return(units={line.pk: 1}, reason="other", actor=MAKER)
    assert (waiting.status, waiting.decision) == (
        lifecycle.REQUESTED, "asked 15 days after the 30-day window",
    )  # fmt: skip
    services.set_return_settings(
        channel=line.order.channel, window_days=60, deduct_label=True, restocking_damaged=Decimal(0)
    )
    services.reject_return(ret=waiting, reason="late", actor=MAKER)
    assert services.request_return(units={line.pk: 1}, reason="other", actor=MAKER).status == (
        lifecycle.AUTHORISED
    )


def test_more_units_than_shipped_and_not_yet_returned_are_refused():
    line = shipped_line(quantity=2)
    services.request_return(units={line.pk: 1}, reason="other", actor=MAKER)
    with pytest.raises(DomainError, match="1 shipped and not yet returned, cannot return 2"):
        services.request_return(units={line.pk: 2}, reason="other", actor=MAKER)


def test_the_whole_flow_restocks_through_the_ledger_and_refunds_by_the_rules():
    line = shipped_line(quantity=2)
    shelf = LocationFactory(name="Studio drawer")
    ReturnSettings.objects.create(channel=line.order.channel, restocking_damaged=Decimal(50))
    ret = services.request_return(units={line.pk: 2}, reason="no_longer_needed", actor=MAKER)
    ret = services.issue_label(
        ret=ret,
        kind="prepaid",
        carrier="USPS",
        tracking_number="9400",
        cost=Decimal("7.50"),
        actor=MAKER,
    )
    ret = services.mark_in_transit(ret=ret, actor=MAKER)
    ret = services.receive_return(ret=ret, actor=MAKER)
    assert ret.refund_by == dt.datetime(2025, 6, 11, 6, 59, 59, tzinfo=dt.UTC)  # Tue, LA
    good, broken = units_of(ret)
    ret = services.inspect_return(
        ret=ret, conditions={good.pk: "sellable", broken.pk: "damaged"}, actor=MAKER
    )
    assert ret.status == lifecycle.INSPECTED

    ret = services.dispose_return(
        ret=ret,
        dispositions={good.pk: ("restock", shelf), broken.pk: ("write_off", None)},
        actor=MAKER,
    )

    back = StockMovement.objects.get(reference=f"return:{ret.pk}")
    assert (back.kind, back.on_hand_change, back.location) == ("return", 1, shelf)
    assert StockLevel.objects.get(sku=line.sku, location=shelf).on_hand == 1
    assert ReturnUnit.objects.get(pk=broken.pk).written_off == Decimal("9.00")

    refund = services.refund_return(ret=ret, actor=MAKER)

    (part,) = refund.lines.all()
    # 44 for two units, less 11 restocking (50% of the damaged one) and the 7.50 label.
    assert (part.item, part.shipping) == (Decimal("25.50"), Decimal("0"))
    assert [why for why, _ in part.deductions] == [
        "restocking fee 50% (damaged by the buyer)",
        "return label",
    ]
    ret = services.close_return(ret=ret, actor=MAKER)
    assert ret.status == lifecycle.CLOSED
    steps = list(
        OrderEvent.objects.filter(order=line.order, kind="return").values_list("message", flat=True)
    )
    assert steps[-2:] == [f"Return {ret.pk} refunded $25.50", f"Return {ret.pk} closed"]


def test_the_sellers_fault_is_refunded_in_full_and_a_smaller_refund_is_refused():
    line = shipped_line(quantity=1)
    ret = services.record_unexpected_return(units={line.pk: 1}, reason="wrong_item", actor=MAKER)
    (unit,) = units_of(ret)
    services.inspect_return(ret=ret, conditions={unit.pk: "wrong_item"}, actor=MAKER)
    services.dispose_return(ret=ret, dispositions={unit.pk: ("repair", None)}, actor=MAKER)

    with pytest.raises(DomainError, match="refunded in full, item and shipping"):
        services.refund_return(
            ret=ret, actor=MAKER, amounts={line.pk: (Decimal("20"), Decimal("0"))}
        )
    refund = services.refund_return(ret=ret, actor=MAKER)

    assert [(p.item, p.shipping) for p in refund.lines.all()] == [
        (Decimal("44.00"), Decimal("6.00"))
    ]


def test_a_refund_beyond_what_was_paid_is_refused_with_the_amounts():
    line = shipped_line(quantity=1)
    ret = services.request_return(units={line.pk: 1}, reason="other", actor=MAKER)
    with pytest.raises(DomainError, match=r"\$50.00 for the item is more than the \$44.00 left"):
        services.refund_return(
            ret=ret, actor=MAKER, amounts={line.pk: (Decimal("50"), Decimal("0"))}
        )
    assert not Refund.objects.exists()


def test_steps_out_of_turn_are_refused_and_nothing_changes():
    line = shipped_line(quantity=1)
    ret = services.request_return(units={line.pk: 1}, reason="other", actor=MAKER)
    with pytest.raises(DomainError, match="units are inspected once it is received"):
        services.inspect_return(ret=ret, conditions={}, actor=MAKER)
    with pytest.raises(
        DomainError, match=rf"Return {ret.pk}: A return that is authorised cannot be put away"
    ):
        services.dispose_return(ret=ret, dispositions={}, actor=MAKER)


def test_only_sellable_units_go_back_on_an_own_shelf():
    line = shipped_line(quantity=1)
    ret = services.record_unexpected_return(units={line.pk: 1}, reason="damaged", actor=MAKER)
    (unit,) = units_of(ret)
    services.inspect_return(ret=ret, conditions={unit.pk: "damaged"}, actor=MAKER)
    with pytest.raises(DomainError, match="only sellable units go back on the shelf"):
        services.dispose_return(
            ret=ret, dispositions={unit.pk: ("restock", LocationFactory())}, actor=MAKER
        )
    with pytest.raises(DomainError, match="one of your own shelves"):
        services.dispose_return(
            ret=ret, dispositions={unit.pk: ("restock", FbaLocationFactory())}, actor=MAKER
        )
    assert not StockMovement.objects.filter(kind="return").exists()


def test_a_rejected_request_frees_its_units_and_says_why():
    line = shipped_line(quantity=1, personalisation="A + J")
    ret = services.request_return(units={line.pk: 1}, reason="better_price", actor=MAKER)
    with pytest.raises(DomainError, match="Say why"):
        services.reject_return(ret=ret, reason=" ", actor=MAKER)
    services.reject_return(ret=ret, reason="made to order with her engraving", actor=MAKER)
    again = services.request_return(units={line.pk: 1}, reason="defective", actor=MAKER)
    assert again.status == lifecycle.AUTHORISED


def test_a_refund_to_do_in_seller_central_is_marked_done_once():
    line = shipped_line(quantity=1)
    ret = services.request_return(units={line.pk: 1}, reason="defective", actor=MAKER)
    refund = services.refund_return(ret=ret, actor=MAKER)  # a returnless refund
    services.mark_refund_done(refund=refund, actor=MAKER)
    with pytest.raises(DomainError, match="already marked"):
        services.mark_refund_done(refund=refund, actor=MAKER)


def test_return_rules_below_amazons_window_or_above_its_restocking_guideline_are_refused():
    channel = shipped_line().order.channel
    with pytest.raises(DomainError, match="30 days or more"):
        services.set_return_settings(
            channel=channel, window_days=14, deduct_label=True, restocking_damaged=Decimal(0)
        )
    with pytest.raises(DomainError, match="0 to 50% of the unit's price"):
        services.set_return_settings(
            channel=channel, window_days=30, deduct_label=True, restocking_damaged=Decimal(60)
        )


def test_an_exchange_makes_a_free_replacement_order_for_the_same_units_and_buyer():
    line = shipped_line(quantity=2, personalisation="A + J")
    BuyerDetailsFactory(order=line.order, name="Ada Lovelace", postal_code="SW1Y 4JH")
    ret = services.request_return(units={line.pk: 1}, reason="defective", actor=MAKER)

    replacement = services.exchange_return(ret=ret, actor=MAKER)

    assert replacement.external_id == f"{line.order.external_id}-R{ret.pk}"
    assert (replacement.status, replacement.fulfillment, replacement.total) == (
        OrderStatus.UNSHIPPED, "seller", Decimal(0),
    )  # fmt: skip
    (sent,) = replacement.lines.all()
    assert (sent.channel_sku, sent.quantity_ordered, sent.personalisation) == ("RING-5", 1, "A + J")
    assert replacement.buyer.postal_code == "SW1Y 4JH"
    with pytest.raises(DomainError, match="already has its replacement"):
        services.exchange_return(ret=ret, actor=MAKER)


def test_one_parcel_may_hold_the_same_buyers_units_of_several_orders():
    first, second = shipped_line(quantity=1), shipped_line(quantity=1, sku__code="CHAIN-1")
    for line in (first, second):
        BuyerDetailsFactory(order=line.order, email="ada@marketplace.example")
    stranger = shipped_line(quantity=1, sku__code="EAR-1")
    BuyerDetailsFactory(order=stranger.order, email="someone@else.example")

    offered = [(line.pk, left) for line, left in returnable_lines(first.order)]
    ret = services.request_return(units={first.pk: 1, second.pk: 1}, reason="other", actor=MAKER)

    assert offered == [(first.pk, 1), (second.pk, 1)]
    assert ret.lines.count() == 2
    assert (
        OrderEvent.objects.filter(kind="return", order__in=[first.order, second.order]).count() == 2
    )


def test_an_exchanged_return_is_not_refunded_as_well_and_exchanges_stay_within_the_units():
    line = shipped_line(quantity=2)
    ret = services.request_return(units={line.pk: 1}, reason="defective", actor=MAKER)
    with pytest.raises(DomainError, match="at most the units returned"):
        services.exchange_return(ret=ret, units={line.pk: 5}, actor=MAKER)
    services.exchange_return(ret=ret, actor=MAKER)
    with pytest.raises(DomainError, match="exchanged for a replacement order: no refund as well"):
        services.refund_return(ret=ret, actor=MAKER)
    rejected = services.request_return(
        units={shipped_line(personalisation="A").pk: 1}, reason="other", actor=MAKER
    )
    services.reject_return(ret=rejected, reason="made to order", actor=MAKER)
    with pytest.raises(DomainError, match="only an authorised return is exchanged"):
        services.exchange_return(ret=rejected, actor=MAKER)


def test_units_cancelled_and_tax_added_on_top_are_not_refunded_by_the_seller():
    # Two ordered at $20 for the pair plus $3.20 tax on top; one cancelled, one shipped.
    line = shipped_line(
        quantity=2, quantity_shipped=1, quantity_cancelled=1, item_price=Decimal("20.00"),
        item_tax=Decimal("3.20"), shipping_price=Decimal("0"),
    )  # fmt: skip
    ret = services.request_return(units={line.pk: 1}, reason="defective", actor=MAKER)
    (part,) = services.proposed_refund(ret)
    assert part.item == Decimal("10.00")  # Amazon refunds the tax itself


def test_a_rejected_return_closed_afterwards_frees_its_units():
    line = shipped_line(quantity=1, personalisation="A + J")
    ret = services.request_return(units={line.pk: 1}, reason="better_price", actor=MAKER)
    services.reject_return(ret=ret, reason="made to order", actor=MAKER)
    services.close_return(ret=ret, actor=MAKER)
    again = services.request_return(units={line.pk: 1}, reason="defective", actor=MAKER)
    assert again.status == lifecycle.AUTHORISED


def test_refunded_at_first_scan_the_parcel_is_still_received_and_put_away_but_not_refunded_again():
    line = shipped_line(quantity=1)
    shelf = LocationFactory()
    ret = services.request_return(units={line.pk: 1}, reason="no_longer_needed", actor=MAKER)
    services.mark_in_transit(ret=ret, actor=MAKER)
    services.refund_return(ret=ret, actor=MAKER)
    services.receive_return(ret=ret, actor=MAKER)
    (unit,) = units_of(ret)
    services.inspect_return(ret=ret, conditions={unit.pk: "sellable"}, actor=MAKER)
    services.dispose_return(ret=ret, dispositions={unit.pk: ("restock", shelf)}, actor=MAKER)
    with pytest.raises(DomainError, match="refunded already"):
        services.refund_return(ret=ret, actor=MAKER)
    assert StockLevel.objects.get(sku=line.sku, location=shelf).on_hand == 1


def test_a_unit_put_back_on_the_shelf_costs_what_it_cost_when_it_shipped():
    # Shipped from a 4.00 layer although the SKU now costs 9.00: it comes back at 4.00,
    # so the return neither makes nor loses money on paper.
    line = shipped_line(quantity=1, quantity_shipped=0)
    shelf = LocationFactory(name="Studio drawer")
    stock.receive_stock(
        sku=line.sku, location=shelf, quantity=1, reason="delivery", actor=MAKER,
        unit_cost=Decimal("4.00"),
    )  # fmt: skip
    stock.ship_stock(sku=line.sku, quantity=1, reference=line.reference, actor=MAKER)
    line.quantity_shipped = 1
    line.save()
    ret = services.request_return(units={line.pk: 1}, reason="no_longer_needed", actor=MAKER)
    ret = services.receive_return(ret=ret, actor=MAKER)
    (unit,) = units_of(ret)
    ret = services.inspect_return(ret=ret, conditions={unit.pk: "sellable"}, actor=MAKER)
    services.dispose_return(ret=ret, dispositions={unit.pk: ("restock", shelf)}, actor=MAKER)

    layer = CostLayer.objects.get(sku=line.sku, remaining=1)
    assert (layer.unit_cost, layer.reference) == (Decimal("4.0000"), f"return:{ret.pk}")
