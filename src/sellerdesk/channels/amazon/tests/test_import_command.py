import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from sellerdesk.metrics.rollups.models import SalesDay, StaleDay
from sellerdesk.metrics.rollups.refresh import refresh
from sellerdesk.orders.models import Order

from .reports import all_orders_row, report

pytestmark = pytest.mark.django_db


def import_file(path, *options) -> str:
    out = StringIO()
    call_command("import", str(path), *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def orders_file(tmp_path):
    path = tmp_path / "All-Orders.txt"
    rows = [
        all_orders_row("111-0000001-0000001"),
        all_orders_row("111-0000002-0000002", sales_channel="Non-Amazon"),
    ]
    path.write_bytes(report(rows))
    return path


def test_import_prints_what_changed_and_what_was_skipped(orders_file):
    refresh()  # the rollups built, then the import's days marked stale ...
    output = import_file(orders_file)
    # ... and recounted by the import itself, not left to the next page.
    assert not StaleDay.objects.exists()
    assert SalesDay.objects.aggregate(orders=Sum("orders"))["orders"] == 1
    assert "All-Orders.txt: All Orders report (by order date or by last update), 2 lines." in output
    assert "new 1, updated 0, unchanged 0, skipped 1" in output
    assert "skipped 1: a multi-channel fulfilment order (sales channel Non-Amazon)" in output
    assert Order.objects.count() == 1


def test_a_dry_run_says_so_and_saves_nothing(orders_file):
    output = import_file(orders_file, "--dry-run")
    assert "new 1," in output
    assert "Dry run: nothing was saved." in output
    assert not Order.objects.exists()


def test_a_bad_file_fails_with_the_place_and_the_expected_form(tmp_path):
    path = tmp_path / "bad.txt.gz"
    path.write_bytes(gzip.compress(report([all_orders_row(purchase_date="20/11/2026")])))
    with pytest.raises(
        CommandError,
        match=r"bad.txt.gz, line 2, column 'purchase-date': '20/11/2026' is not a date \(expected an ISO 8601",
    ):
        import_file(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"nowhere\.txt: no such file"):
        import_file(tmp_path / "nowhere.txt")
