"""Browser tests: Playwright driving the system Chromium against a live pom server.

Chromium is never downloaded: the tests launch /usr/bin/chromium. Where it is missing they are
skipped with a message, except under CI=true, where a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fixtures import PASSWORD, chromium_path

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test's own
# setup are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect

    # CI runs two test workers, each with its own Chromium and live server, on two cores: give
    # assertions that wait for a navigation or an htmx swap more room than Playwright's 5 s.
    expect.set_options(timeout=15_000)
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI=true (apt-get install -y chromium).")
        pytest.skip("Chromium is not installed; install it with 'apt-get install -y chromium'.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    # Every browser test is also a Content-Security-Policy test: a script, handler or style the
    # policy refused is a broken page, whatever the test looked at.
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not refused, f"The Content-Security-Policy refused: {refused}"


def loaded(page: Any) -> Any:
    """Wait until the page a click navigated to has loaded: its deferred scripts (htmx, pom.js)
    have run, so an htmx trigger or a data- behaviour answers. Use it before interacting with
    htmx after a click-navigation; ``page.goto`` already waits for the load event."""
    page.wait_for_load_state("load")
    return page


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # "**/" would also match the login page itself; wait until we have left it.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
