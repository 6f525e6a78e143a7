"""A seller who keeps her Amazon orders by downloading reports: upload one, read the summary,
find the orders it brought."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sellerdesk.channels.amazon.tests.reports import all_orders_row, report
from sellerdesk.orders.models import Order

pytestmark = pytest.mark.browser


def test_an_uploaded_all_orders_report_shows_its_summary_and_its_orders_in_the_list(
    page, live_server, log_in, reference_data, tmp_path
):
    rows = [
        all_orders_row("114-1111111-0000001"),
        all_orders_row("114-1111111-0000001", sku="CHAIN-GOLD", quantity="2"),
        all_orders_row("114-2222222-0000002", order_status="Shipped", item_status="Shipped"),
        all_orders_row("114-3333333-0000003", sales_channel="Non-Amazon"),
    ]
    downloaded = tmp_path / "All Orders Report 2026-11-21.txt"
    downloaded.write_bytes(report(rows, encoding="cp1252", newline="\r\n"))

    page.goto("/imports/")
    log_in(page)
    expect(page).to_have_url(f"{live_server.url}/imports/")
    page.get_by_label("Report or workbook").set_input_files(downloaded)
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("heading", name=downloaded.name)).to_be_visible()
    summary = page.locator("#import-summary")
    expect(summary.locator(".stat", has_text="new").locator(".stat-value")).to_have_text("2")
    expect(summary.locator(".stat", has_text="skipped").locator(".stat-value")).to_have_text("1")
    expect(
        page.get_by_text("1 \N{MULTIPLICATION SIGN} a multi-channel fulfilment order")
    ).to_be_visible()

    page.get_by_role("link", name="See the orders").click()
    page.get_by_label("Search").fill("114-1111111")
    rows_shown = page.locator("#order-results tbody tr")
    expect(rows_shown).to_have_count(1)
    rows_shown.get_by_role("link", name="114-1111111-0000001").click()
    expect(page.get_by_text("CHAIN-GOLD", exact=True)).to_be_visible()
    expect(page.get_by_text("Imported from All Orders report")).to_be_visible()
    assert Order.objects.count() == 2

    page.goto("/imports/")
    history = page.locator("table.data tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text(downloaded.name)
