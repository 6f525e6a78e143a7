"""The README's screenshot: the home page of the demo shop, taken by the browser-test harness.

`make screenshot` (SELLERDESK_UPDATE_SCREENSHOT=1) writes it to docs/screenshot.png; otherwise
the test takes it into a temporary directory and checks it is a real picture of the page.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .pictures import distinct_colours

pytestmark = pytest.mark.browser

README_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a valid PNG has first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR"), "a PNG starts with its IHDR chunk"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def demo_user(django_user_model):
    # The user `make demo` creates, so the picture matches what a newcomer sees.
    return django_user_model.objects.create_user("demo", password="sellerdesk-demo")


def test_the_readme_screenshot_shows_the_demo_shops_home_page(
    page, live_server, load_demo_shop, demo_user, tmp_path
):
    # The shop `make demo` loads: its default 5,000 orders and seed.
    load_demo_shop(orders=5000, seed=1)

    page.goto("/login/")
    page.get_by_label("User name").fill("demo")
    page.get_by_label("Password").fill("sellerdesk-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("#new-orders tbody tr").first).to_be_visible()

    update = os.environ.get("SELLERDESK_UPDATE_SCREENSHOT") == "1"
    path = README_SCREENSHOT if update else tmp_path / "screenshot.png"
    data = page.screenshot(path=path, animations="disabled", caret="hide")

    assert path.read_bytes() == data
    assert png_size(data) == (1440, 900)
    # Not a blank or half-drawn page.
    colours = distinct_colours(page, data)
    assert colours >= 50, f"only {colours} distinct colours: is the page blank?"
