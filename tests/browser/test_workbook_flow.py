"""A seller who lives in Excel: the workbook downloaded from Home, one cell changed, uploaded,
its change previewed and applied, and the new figure on the SKU's page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sellerdesk.catalog.models import Sku
from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.workbook.tests.editing import edit

pytestmark = pytest.mark.browser


def test_download_change_a_cell_upload_preview_apply_and_see_it(
    page, live_server, log_in, load_demo_shop, tmp_path
):
    load_demo_shop(orders=200, seed=4)
    sku = restock_list()[0].sku

    page.goto("/")
    log_in(page)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download workbook (.xlsx)").click()
    download = waiting.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 12.34})

    page.goto("/imports/")
    page.get_by_label("Report or workbook").set_input_files(path)
    page.get_by_role("button", name="Import").click()

    changes = page.locator("#changes")
    expect(changes.get_by_role("heading")).to_have_text("1 change")
    expect(changes.locator("tbody tr")).to_contain_text(f"SKU {sku.code}")
    expect(changes.locator("tbody tr")).to_contain_text("→ 12.34")
    assert Sku.objects.get(pk=sku.pk).unit_cost == sku.unit_cost
    page.get_by_role("button", name="Apply 1 change").click()
    expect(page.locator(".flash")).to_contain_text(f"Applied 1 change(s) from {path.name}")

    page.goto(f"/inventory/sku/{sku.code}/")
    expect(page.get_by_text("Unit cost", exact=False).first).to_contain_text("12.34")
    assert Sku.objects.get(pk=sku.pk).unit_cost == Decimal("12.34")

    # From Imports, for chosen dates: "Writing the workbook…" until the download starts.
    page.goto("/imports/")
    form = page.locator("#workbook-form")
    with page.expect_download() as waiting:
        form.get_by_role("button", name="Download workbook").click()
    assert waiting.value.suggested_filename.startswith("sellerdesk-")
    expect(form.locator(".workbook-busy")).to_be_hidden()
    expect(form.get_by_role("button", name="Download workbook")).to_be_enabled()
