"""Analytics: sales by period, product, channel and status against the period before, each
currency apart or converted at the seller's rate, with charts' data and CSV downloads."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.metrics.models import CurrencyRate
from sellerdesk.orders.models import OrderStatus
from sellerdesk.orders.tests.factories import OrderFactory, OrderLineFactory, amazon_marketplace

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 30, 15, tzinfo=dt.UTC)
PAGE = reverse("web:analytics")
JUNE = "?from=2025-06-01&to=2025-06-30"


@pytest.fixture(autouse=True)
def _clock():
    with clock.pinned(NOW):
        yield


def sold(day: int, total: str, *, units: int = 1, sku: str = "RING-1", month: int = 6, **fields):
    at = dt.datetime(2025, month, day, 10, tzinfo=dt.UTC)
    order = OrderFactory(purchased_at=at, total=Decimal(total), **fields)
    OrderLineFactory(
        order=order, sku__code=sku, quantity_ordered=units, currency=order.currency,
        item_price=Decimal(total), item_tax=Decimal(0), shipping_price=Decimal(0),
        shipping_tax=Decimal(0), promotion_discount=Decimal(0),
    )  # fmt: skip
    return order


def charts(page: str) -> dict:
    start = page.index('<script id="analytics-data" type="application/json">')
    start = page.index(">", start) + 1
    return json.loads(page[start : page.index("</script>", start)])


def test_totals_keep_each_currency_apart_and_compare_with_the_period_before(signed_in):
    sold(3, "20.00", units=2)
    sold(4, "30.00")
    sold(5, "15.00", marketplace=amazon_marketplace("UK"), currency="GBP")
    sold(6, "99.00", status=OrderStatus.CANCELED)  # not a sale
    sold(20, "25.00", month=5)  # the period before (2 to 31 May)

    page = signed_in.get(PAGE + JUNE).content.decode()
    totals = page[page.index('id="totals"') : page.index('id="sales"')]
    assert "$50.00" in totals
    assert "+100.0% on the period before" in totals
    assert "£15.00" in totals
    assert '>3</span><span class="stat-label">orders, +200.0%' in totals
    assert '>4</span><span class="stat-label">units' in totals


def test_a_rate_shows_every_sale_in_one_currency_and_one_without_stays_apart(signed_in):
    sold(3, "20.00")
    sold(5, "10.00", marketplace=amazon_marketplace("UK"), currency="GBP")
    sold(6, "1000", marketplace=amazon_marketplace("JP"), currency="JPY")
    signed_in.post(
        reverse("web:analytics_rate"), {"currency": "gbp", "rate": "1.25", "to_currency": "usd"}
    )
    assert CurrencyRate.objects.get().rate == Decimal("1.25")

    page = signed_in.get(PAGE + JUNE + "&currency=USD").content.decode()
    totals = page[page.index('id="totals"') : page.index('id="sales"')]
    assert "$32.50" in totals  # 20 + 10 x 1.25
    assert "¥1,000" in totals  # no rate: kept apart
    assert "No rate into USD for JPY: it stays apart." in page
    assert "1 GBP = 1.25 USD" in page

    remove = reverse("web:analytics_rate_remove", args=[CurrencyRate.objects.get().pk])
    assert remove in page
    done = signed_in.post(remove, follow=True).content.decode()
    assert "Rate 1 GBP = 1.25 USD removed: GBP stays apart." in done
    assert not CurrencyRate.objects.exists()
    assert "already removed" in signed_in.post(remove, follow=True).content.decode()


def test_sales_by_week_and_the_charts_data(signed_in):
    sold(2, "10.00")  # Monday 2 June
    sold(8, "5.00", sku="EAR-1", units=3)  # Sunday: the same week
    sold(9, "7.00", sku="EAR-1")  # Monday: the next
    page = signed_in.get(PAGE + JUNE + "&by=week").content.decode()
    data = charts(page)
    assert data["revenue"]["labels"][:3] == ["2025-05-26", "2025-06-02", "2025-06-09"]
    assert data["revenue"]["series"]["USD"][:3] == ["0", "15.00", "7.00"]
    assert data["revenue"]["orders"][:3] == [0, 2, 1]
    assert data["skus"] == {"labels": ["EAR-1", "RING-1"], "units": [4, 1]}


def test_statuses_time_to_ship_and_return_rate(signed_in):
    shipped = sold(3, "10.00", status=OrderStatus.SHIPPED)
    shipped.shipped_at = shipped.purchased_at + dt.timedelta(hours=30)
    shipped.save()
    sold(4, "10.00", status=OrderStatus.CANCELED)
    page = signed_in.get(PAGE + JUNE).content.decode()
    assert charts(page)["statuses"] == {"labels": ["Cancelled", "Shipped"], "counts": [1, 1]}
    assert "1 d 6 h" in page


@pytest.mark.parametrize(
    ("table", "header"),
    [
        ("sales", ["period starts", "orders", "units", "sales GBP", "sales USD"]),
        ("skus", ["sku", "orders", "units", "sales GBP", "sales USD"]),
        ("channels", ["channel", "orders", "units", "sales GBP", "sales USD"]),
        ("statuses", ["status", "orders"]),
    ],
)
def test_each_table_downloads_as_csv_with_a_sales_column_per_currency(signed_in, table, header):
    sold(3, "20.00", units=2)
    sold(3, "15.00", marketplace=amazon_marketplace("UK"), currency="GBP", sku="EAR-1")
    response = signed_in.get(PAGE + JUNE + f"&csv={table}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == header
    if table == "sales":
        day = next(row for row in rows if row[0] == "2025-06-03")
        assert day == ["2025-06-03", "2", "3", "15.00", "20.00"]  # counted once, not per currency
        assert sum(int(row[1]) for row in rows[1:]) == 2
    if table == "skus":
        assert ["RING-1", "1", "2", "", "20.00"] in rows
    assert signed_in.get(PAGE + "?csv=nope").status_code == 404


def test_a_date_that_is_not_one_is_said_not_silently_replaced(signed_in):
    page = signed_in.get(PAGE + "?from=2025-13-01&to=2025-06-30").content.decode()
    assert "&#x27;2025-13-01&#x27; is not a date (YYYY-MM-DD): 01 Jun 2025 instead." in page
    performance = signed_in.get(reverse("web:performance") + "?as_of=yesterday")
    assert "is not a date (YYYY-MM-DD): showing today." in performance.content.decode()
