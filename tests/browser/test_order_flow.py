"""A seller's daily round in a real browser: sign in, read the home page, find an order, open it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Count
from playwright.sync_api import Locator, Page, expect

from sellerdesk.core import clock
from sellerdesk.core.money import format_money
from sellerdesk.inventory.selectors import low_stock_sku_list
from sellerdesk.orders.models import TO_SHIP_STATUSES, Fulfillment, Order, OrderLine

pytestmark = pytest.mark.browser

ORDERS = 500
SEED = 7


@pytest.fixture
def shop(load_demo_shop) -> None:
    load_demo_shop(orders=ORDERS, seed=SEED)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def cells(rows: Locator, column: int) -> list[str]:
    return [text.strip() for text in rows.locator(f"td:nth-child({column})").all_inner_texts()]


def stat(page: Page, label: str) -> str:
    return page.locator(".stat", has_text=label).locator(".stat-value").inner_text()


def test_an_anonymous_visit_goes_to_the_login_page_and_back_after_signing_in(
    page, live_server, log_in
):
    page.goto("/orders/")

    expect(page).to_have_url(f"{live_server.url}/login/?next=/orders/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    log_in(page)

    expect(page).to_have_url(f"{live_server.url}/orders/")
    expect(page.get_by_role("heading", name="Orders")).to_be_visible()


def test_a_wrong_password_is_refused_then_home_shows_the_shop_as_the_database_has_it(
    page, live_server, log_in, shop
):
    log_in(page, password="not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page).to_have_url(f"{live_server.url}/login/")

    log_in(page)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Home", exact=True)).to_be_visible()
    # The page's own clock reading, from the "Mark as seen" form: the window it counted.
    until = dt.datetime.fromisoformat(page.locator("input[name=until]").get_attribute("value"))
    new = Order.objects.filter(
        received_at__gt=until - dt.timedelta(hours=24), received_at__lte=until
    ).order_by("-received_at", "-id")
    assert new.exists(), "the demo shop should have orders from the last day"
    assert stat(page, "new order") == f"{new.count():,}"
    expect(page.locator("#new-orders h2")).to_have_text(
        re.compile(rf"^{new.count()} new orders? in the last 24 hours$")
    )
    new_rows = page.locator("#new-orders tbody tr")
    assert cells(new_rows, 1) == [order.external_id for order in new[:10]]

    _, end = clock.day_bounds(clock.seller_today(until), clock.seller_zone())
    to_ship = Order.objects.filter(fulfillment=Fulfillment.SELLER, status__in=TO_SHIP_STATUSES)
    due = to_ship.filter(latest_ship_at__gte=until, latest_ship_at__lt=end)
    overdue = to_ship.filter(latest_ship_at__lt=until)
    assert due.exists() or overdue.exists(), "the demo shop should have orders to ship"
    assert stat(page, "due to ship today") == str(due.count())
    assert stat(page, "overdue") == str(overdue.count())
    due_rows = page.locator("#ship-today tbody tr")
    assert cells(due_rows, 2) == [
        order.external_id
        for order in to_ship.filter(latest_ship_at__lt=end).order_by("latest_ship_at", "id")[:50]
    ]

    low = low_stock_sku_list()
    assert low.exists(), "the demo shop should have SKUs low on stock"
    assert stat(page, "low on stock") == str(low.count())
    low_rows = page.locator("#low-stock tbody tr")
    assert cells(low_rows, 1) == [sku.code for sku in low[:10]]
    assert cells(low_rows, 3) == [str(sku.available) for sku in low[:10]]


def test_filter_the_orders_in_place_search_by_order_id_and_open_the_order(
    page, live_server, log_in, shop
):
    log_in(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Orders").click()
    expect(page).to_have_url(f"{live_server.url}/orders/")
    # Survives only as long as the page is not reloaded: the filters must swap the results.
    page.evaluate("window.__marker = 1")
    results = page.locator("#order-results")
    rows = results.locator("tbody tr")

    # When: filter by status.
    shipped = Order.objects.filter(status="Shipped")
    page.get_by_label("Status").select_option(label="Shipped")

    # Then: the results change in place, the URL says so, and every row is a shipped order.
    expect(results.locator(".results-meta")).to_contain_text(f"of {shipped.count():,} orders")
    assert query_of(page)["status"] == ["Shipped"]
    assert all(values != [""] for values in query_of(page).values()), page.url
    assert page.evaluate("window.__marker") == 1
    assert shipped.count() > rows.count() == 50, "one page of 50 out of more"
    assert set(cells(rows, 5)) == {"Shipped"}

    # When: narrow it to one marketplace as well.
    shipped_uk = shipped.filter(marketplace__code="UK")
    page.get_by_label("Marketplace").select_option("UK")

    # Then: only shipped UK orders, all on one page.
    expect(results.locator(".results-meta")).to_contain_text(
        f"1\N{EN DASH}{shipped_uk.count()} of {shipped_uk.count()} orders"
    )
    assert query_of(page)["status"] == ["Shipped"]
    assert query_of(page)["marketplace"] == ["UK"]
    assert page.evaluate("window.__marker") == 1
    assert rows.count() == shipped_uk.count() > 1
    assert set(cells(rows, 5)) == {"Shipped"}
    assert set(cells(rows, 3)) == {"UK"}
    assert {link.strip() for link in rows.locator("td:nth-child(1) a").all_inner_texts()} == set(
        shipped_uk.values_list("external_id", flat=True)
    )

    # When: search for one of them by its order id (the one with the most lines).
    order = shipped_uk.annotate(n=Count("lines")).order_by("-n", "pk").first()
    page.get_by_label("Search").fill(order.external_id)

    # Then: that order alone.
    expect(results.locator(".results-meta")).to_contain_text("1\N{EN DASH}1 of 1 orders")
    assert query_of(page)["q"] == [order.external_id]
    assert page.evaluate("window.__marker") == 1
    expect(rows).to_have_count(1)

    # When: open it.
    rows.get_by_role("link", name=order.external_id).click()

    # Then: its page shows its lines, totals and timeline as the database has them.
    expect(page).to_have_url(f"{live_server.url}/orders/{order.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{order.external_id} Shipped")
    lines = list(OrderLine.objects.filter(order=order).select_related("sku").order_by("id"))
    items = page.locator("section", has=page.get_by_role("heading", name="Items"))
    item_rows = items.locator("tbody tr")
    expect(item_rows).to_have_count(len(lines))
    for row, line in zip(item_rows.all(), lines, strict=True):
        texts = [text.strip() for text in row.locator("td").all_inner_texts()]
        assert texts[0].startswith(line.sku.code if line.sku else line.channel_sku)
        assert texts[1] == str(line.quantity_ordered)
        assert texts[2] == str(line.quantity_shipped)
        assert texts[4] == format_money(line.item_price, line.currency)
        assert texts[8] == str(line.charged)

    charged = sum((line.charged.amount for line in lines), Decimal(0))
    assert charged == order.total  # the cached total agrees with the lines on the page
    assert charged > Decimal(0)
    total_row = items.locator("tfoot tr")
    expect(total_row).to_have_count(1)
    expect(total_row.locator("th")).to_have_text(f"Total {order.currency}")
    expect(total_row.locator("td strong")).to_have_text(format_money(charged, order.currency))

    events = list(order.events.order_by("at", "id"))
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(len(events))
    assert timeline.locator("time").evaluate_all("els => els.map(el => el.dateTime)") == [
        event.at.isoformat() for event in events
    ]
    for item, event in zip(timeline.all(), events, strict=True):
        expect(item.locator("strong")).to_have_text(event.get_kind_display())
