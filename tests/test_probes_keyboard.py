"""Probes of what the next visitor's page still holds: the previous visitor's typing after the idle reset.

The on-screen keyboard keeps each field's text in the page's memory (window.__kioskKeyboards), so a redraw
between screens keeps it; the idle reset wiped the visit on the server, but the page still held the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    Server,
    click_key,
    start_server,
    stop_server,
    wait_for_app,
)

TYPED = "skatt"


@pytest.fixture(scope="module")
def quick_idle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(
        tmp_path_factory.mktemp("keyboard"), {"KIOSK_IDLE_TIMEOUT_SECONDS": "5", "KIOSK_IDLE_COUNTDOWN_SECONDS": "3"}
    )
    yield server
    stop_server(process)


def test_the_last_visitors_typing_leaves_the_page_with_the_idle_reset(quick_idle: Server, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1080, "height": 1600})
    try:
        page.goto(f"{quick_idle.base_url}/?kiosk=demo")
        wait_for_app(page)
        click_key(page, "tile-lang-nb")
        for letter in TYPED:
            page.locator(".kiosk-kbd-letter", has_text=re.compile(f"^{letter}$")).first.click()
        expect(page.locator(".kiosk-kbd input")).to_have_value(TYPED)
        assert TYPED in page.evaluate("JSON.stringify(window.__kioskKeyboards)")
        page.locator("#kiosk-idle").wait_for(timeout=20_000)
        page.locator("#kiosk-idle").wait_for(state="detached", timeout=20_000)
        page.locator(".st-key-tile-lang-nb").wait_for(timeout=20_000)  # the start screen again
        page.wait_for_function(
            "(typed) => !JSON.stringify(window.__kioskKeyboards || {}).includes(typed)", arg=TYPED, timeout=20_000
        )
    finally:
        page.close()
