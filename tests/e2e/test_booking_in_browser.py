"""Booking a time in Chromium, as a visitor meets it: nobody on the floor → Call for help → Book a time →
a time → the slip, printed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import Server, click, click_key, screenshot, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e

# window.print() counted instead of opening the print dialogue (headless Chromium has none to show).
COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"


def _everybody_away(server: Server) -> None:
    away = (
        "from kiosk.accounts.auth import list_users; from kiosk.floor.presence import Presence, set_presence;"
        "from kiosk.settings import get_settings; from kiosk.store import make_engine;"
        "engine = make_engine(get_settings().effective_database_url);"
        "[set_presence(engine, u.id, Presence.AWAY) for u in list_users(engine)]"
    )
    subprocess.run([sys.executable, "-c", away], cwd=PROJECT_ROOT, env=server.env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def nobody_on_the_floor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("booking"))
    _everybody_away(server)
    yield server
    stop_server(process)


def _to_the_slip(page, server: Server, language: str) -> None:  # type: ignore[no-untyped-def]
    page.add_init_script(COUNT_PRINTS)
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, language)
    click_key(page, "help-call")
    click_key(page, "booking-offer")
    page.locator("[class*='st-key-booking-slot-'] button").first.click()
    expect(page.locator(".st-key-booking-slip")).to_be_visible(timeout=15_000)
    wait_for_app(page)


@pytest.mark.parametrize("language", ["English", "العربية"])
def test_the_slip_prints_and_stays_on_the_screen(nobody_on_the_floor: Server, page, language: str) -> None:  # type: ignore[no-untyped-def]
    _to_the_slip(page, nobody_on_the_floor, language)
    screenshot(page, f"kiosk-booking-slip-{'ar' if language == 'العربية' else 'en'}")
    click_key(page, "booking-print")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.locator(".st-key-booking-slip")).to_be_visible()
    expect(page.locator(".st-key-booking-print button")).to_be_visible()
    page.wait_for_function("window.__prints === 1", timeout=15_000)
    # A second press prints again: the request is not left behind in the visit.
    click_key(page, "booking-print")
    page.wait_for_function("window.__prints === 2", timeout=15_000)
    assert "Something went wrong" not in page.locator("[data-testid='stMain']").inner_text()


def _focus_is_in(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "(selector) => { const part = document.querySelector(selector);"
        " return !!part && part.contains(document.activeElement) && document.activeElement !== document.body; }",
        arg=selector,
        timeout=15_000,
    )


def test_focus_follows_each_press_and_the_slip_is_read_out(nobody_on_the_floor: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{nobody_on_the_floor.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "English")
    click_key(page, "help-call")
    _focus_is_in(page, ".st-key-help-status")
    click_key(page, "help-cancel")
    _focus_is_in(page, ".st-key-help-call")

    click_key(page, "help-call")
    _focus_is_in(page, ".st-key-help-status")
    click_key(page, "booking-offer")
    _focus_is_in(page, ".st-key-booking-choose")
    page.locator("[class*='st-key-booking-slot-'] button").first.click()
    _focus_is_in(page, ".st-key-booking-slip")
    announced = page.locator("#kiosk-announcer[aria-live='polite']")
    expect(announced).to_contain_text("Your code:", timeout=15_000)
    expect(announced).to_contain_text("When:")
    expect(announced).not_to_contain_text("Print")  # the slip, not its buttons
