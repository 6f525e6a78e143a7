"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser download is never used (it cannot work offline): `make test` runs
scripts/ensure-chromium, which installs Debian's package when it can, and without Chromium
these tests skip and say how to get it. With SELLERDESK_REQUIRE_BROWSER=1 (as .ci/run sets)
they fail instead: CI must not pass green because the browser went missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

CHROMIUM_MISSING = (
    "Chromium not installed: run `make test` as root to install it, "
    "or `sudo apt-get install chromium`"
)
# Debian's Chromium, headless in a container that may run as root and offline: no sandbox
# (refused as root), no GPU, no /dev/shm (often tiny there); and without the
# background-networking flags it keeps trying to call out and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}
PASSWORD = "a-long-browser-password"
# Fail fast: every page here answers in well under a second.
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests, closed when they are done.

    Package-scoped rather than session-scoped: while Playwright runs, its asyncio loop counts
    as running in the test thread, which would break any later test that uses asyncio. For
    the same reason Django refuses ORM calls from this thread meanwhile; these tests are plain
    synchronous code, so DJANGO_ALLOW_ASYNC_UNSAFE lifts that check, for exactly as long.
    """
    executable = chromium_path()
    if executable is None and os.environ.get("SELLERDESK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM_MISSING} (SELLERDESK_REQUIRE_BROWSER=1)", pytrace=False)
    if executable is None:
        pytest.skip(CHROMIUM_MISSING)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context per test (no shared cookies), aimed at the live server.

    Console errors and uncaught exceptions on any page fail the test.
    """
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # A form sent back with its errors answers 400, and Chromium logs that for the page
        # itself; any other failed load (a script, a stylesheet, an htmx call) still counts.
        refused_form = "status of 400" in message.text and message.location.get("url") == page.url
        if message.type == "error" and not refused_form:
            errors.append(f"console error at {page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught error at {page.url}: {error}"))
    yield page
    context.close()
    if errors:
        pytest.fail("The browser reported errors:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def seller(django_user_model):
    return django_user_model.objects.create_user("maker", password=PASSWORD)


@pytest.fixture
def log_in(seller, live_server) -> Callable[..., None]:
    """Sign in through the login form, as a person would (going to it unless already there)."""

    def log_in(page: Page, *, password: str = PASSWORD) -> None:
        if not page.url.startswith(f"{live_server.url}/login/"):
            page.goto("/login/")
        page.get_by_label("User name").fill(seller.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return log_in


@pytest.fixture
def load_demo_shop(reference_data) -> Callable[..., None]:
    """Load the demo shop through its command; the live server's tests flush the database."""

    def load(*, orders: int, seed: int) -> None:
        # No --today: the live server reads the real clock, so the shop's history has to end
        # now for the home page to have new orders and orders due today. The seed fixes the
        # shop itself (catalogue, buyers, baskets, statuses).
        call_command("demo", orders=orders, seed=seed, stdout=StringIO(), stderr=StringIO())

    return load
