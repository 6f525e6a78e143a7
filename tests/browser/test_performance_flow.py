"""The Performance page of the demo shop in a real browser: every metric with its status, and
each metric's chart drawn by Chart.js from the project's own static files."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .pictures import distinct_colours

pytestmark = pytest.mark.browser

METRICS = (
    "Order Defect Rate",
    "Late Shipment Rate, 10 days",
    "Late Shipment Rate, 30 days",
    "Pre-fulfilment Cancellation Rate",
    "Valid Tracking Rate",
    "On-Time Delivery Rate",
    "Contact response time",
)


def test_the_demo_shops_performance_page_shows_every_metric_and_draws_its_charts(
    page, live_server, log_in, load_demo_shop
):
    load_demo_shop(orders=1500, seed=1)
    page.goto("/performance/?marketplace=US&fulfillment=seller")
    log_in(page)

    table = page.locator("#metrics")
    for name in METRICS:
        expect(table.locator("tr", has_text=name).first).to_be_visible()
    statuses = table.locator("tbody tr:not(.subrow) .badge").all_inner_texts()
    assert len(statuses) == len(METRICS)
    assert set(statuses) <= {"pass", "at-risk", "fail", "no-data"}

    chart = page.locator("canvas#chart-lsr-30")
    expect(chart).to_have_attribute("data-drawn", "1")
    shot = chart.screenshot()
    assert distinct_colours(page, shot) >= 20, "the chart's canvas is blank"
    # Its numbers beside it, for anyone who cannot read the chart.
    expect(
        page.locator("#chart-lsr-30").locator("xpath=..").locator("details table tr")
    ).to_have_count(31)

    page.locator("#metric-lsr-30").get_by_role("link", name="What counts").click()
    expect(page.locator("h1")).to_contain_text("Late Shipment Rate, 30 days: what counts")
