from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.catalog.models import Sku
from sellerdesk.demo.management.commands.demo import Command
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.orders.models import Order

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_loads_the_shop_and_reports_what_it_loaded():
    output = run("--orders", "300", "--seed", "2", "--today", "2026-01-20")
    assert Order.objects.count() == 300
    assert "64 SKUs, 300 orders" in output
    assert "US  Delivered" in output
    assert "UK  Canceled" in output or "UK  Shipped" in output
    assert "Waiting to ship:" in output
    # Packing slips print the demo shop's return address.
    assert ShopProfile.objects.get().address_lines[-1] == "US"


def test_without_if_empty_it_refuses_a_database_with_a_shop():
    run("--orders", "50", "--today", "2026-01-20")
    with pytest.raises(CommandError, match="already holds a shop"):
        run("--orders", "50", "--today", "2026-01-20")
    assert Order.objects.count() == 50


def test_if_empty_leaves_an_existing_shop_alone_and_succeeds():
    run("--orders", "50", "--today", "2026-01-20")
    output = run("--orders", "80", "--if-empty")
    assert "demo not loaded" in output
    assert Order.objects.count() == 50


def test_if_empty_loads_into_an_empty_database():
    run("--orders", "40", "--if-empty", "--today", "2026-01-20")
    assert Order.objects.count() == 40
    assert Sku.objects.count() == 64


@pytest.mark.parametrize("value", ["-1", "lots"])
def test_orders_must_be_a_count(value):
    with pytest.raises(CommandError):
        run("--orders", value)


def test_the_help_is_the_docstring_and_its_first_line_sums_it_up():
    parser = Command().create_parser("sellerdesk", "demo")
    help_text = parser.format_help()
    assert "Load the demo shop" in help_text
    assert "--if-empty" in help_text
    assert Command.__doc__.splitlines()[0].startswith("Load the demo shop:")
