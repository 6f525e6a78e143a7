import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.core.money import Money
from sellerdesk.inventory.services import Actor
from sellerdesk.orders import domain, services

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 4, 1, 10, 0, tzinfo=dt.UTC)


def record(external_id: str, status: str = domain.UNSHIPPED, marketplace: str = "US") -> None:
    currency = "USD" if marketplace == "US" else "GBP"
    line = domain.LineData(
        "L1",
        "RING-1",
        1,
        Money(Decimal("19.5"), currency),
        gift_message="Happy birthday",
        personalisation="J & M 2019",
    )
    services.record_order(
        data=domain.OrderData(
            channel="amazon",
            marketplace=marketplace,
            external_id=external_id,
            status=status,
            fulfillment=domain.SELLER,
            purchased_at=T,
            last_updated_at=T,
            currency=currency,
            lines=[line],
            buyer=domain.BuyerData(name="Grace Hopper"),
        ),
        actor=Actor("test"),
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("orders", *args, stdout=out)
    return out.getvalue()


def test_json_prints_one_object_per_order_with_lines_and_exact_amounts():
    record("111-0000001-0000001")
    record("202-0000002-0000002", marketplace="UK")
    rows = [json.loads(line) for line in run("--json").splitlines()]
    assert {row["order_id"] for row in rows} == {"111-0000001-0000001", "202-0000002-0000002"}
    uk = next(row for row in rows if row["marketplace"] == "UK")
    assert (uk["currency"], uk["total"], uk["purchased_at"]) == (
        "GBP",
        "19.50",
        "2026-04-01T10:00:00Z",
    )
    assert uk["lines"][0]["item_price"] == "19.50"


def test_json_leaves_out_the_buyers_own_words_unless_asked_for():
    record("111-0000001-0000001")

    plain = run("--json")
    asked = json.loads(run("--json", "--include-personal-text"))["lines"][0]

    assert not {"gift_message", "personalisation"} & set(json.loads(plain)["lines"][0])
    assert "Happy birthday" not in plain
    assert "J & M 2019" not in plain
    assert (asked["gift_message"], asked["personalisation"]) == ("Happy birthday", "J & M 2019")


def test_json_never_contains_buyer_details():
    record("111-0000001-0000001")
    assert "Grace Hopper" not in run("--json")


def test_status_filter_is_case_insensitive_and_filters():
    record("111-0000001-0000001")
    record("111-0000003-0000003", status=domain.PENDING)
    output = run("--status", "pending")
    assert "111-0000003-0000003" in output
    assert "111-0000001-0000001" not in output


def test_a_status_may_be_named_as_the_pages_spell_it():
    record("111-0000001-0000001")
    record("111-0000004-0000004", status=domain.CANCELED)
    output = run("--status", "Cancelled")
    assert "111-0000004-0000004" in output
    assert "111-0000001-0000001" not in output


def test_unknown_status_lists_the_valid_ones():
    with pytest.raises(CommandError, match=r"Unknown status 'Lost'\. Choose one of: .*Unshipped"):
        run("--status", "Lost")


def test_channel_filter_accepts_only_known_channels():
    record("111-0000001-0000001")
    assert "111-0000001-0000001" in run("--channel", "amazon")
    assert run("--channel", "etsy") == ""
    with pytest.raises(CommandError, match="Unknown channel 'ebay'"):
        run("--channel", "ebay")


def test_limit_caps_the_rows():
    for i in range(3):
        record(f"111-0000001-000000{i}")
    assert len(run("--limit", "2").splitlines()) == 2
