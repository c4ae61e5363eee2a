"""The kiosk as a citizen's browser sees it: served by `streamlit run`, rendered by Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    Server,
    click,
    click_key,
    screenshot,
    sign_in_staff,
    start_server,
    stop_server,
    wait_for_app,
    words_wider_than_their_button,
)

pytestmark = pytest.mark.e2e


def test_start_screen_renders_large_with_language_tiles(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    for name in ("Norsk bokmål", "English", "العربية", "ትግርኛ"):
        page.get_by_role("button", name=name, exact=True).wait_for(timeout=15_000)
    assert page.evaluate("document.documentElement.lang") == "nb"
    body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.kiosk-welcome p')).fontSize)")
    assert body_px >= 22
    tile_px = page.get_by_role("button", name="English", exact=True).bounding_box()["height"]
    assert tile_px >= 56
    for testid in ("stToolbar", "stMainMenu", "stAppDeployButton", "stHeader"):
        element = page.query_selector(f"[data-testid='{testid}']")
        assert element is None or not element.is_visible(), testid
    screenshot(page, "kiosk-start")


def test_arabic_sets_rtl_and_largest_text(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "العربية")
    page.wait_for_function("document.documentElement.dir === 'rtl'", timeout=15_000)
    assert page.evaluate("document.documentElement.lang") == "ar"
    # The language switch reruns the script: wait until the new home screen has its heading.
    page.wait_for_selector(".stApp h1", timeout=15_000)
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.stApp h1')).fontSize)")
    click_key(page, "size-largest")
    page.wait_for_function(f"parseFloat(getComputedStyle(document.querySelector('.stApp h1')).fontSize) > {before}")
    cut = page.evaluate(
        "Array.from(document.querySelectorAll('.stButton button *'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')"
        ".map(e => e.innerText)"
    )
    assert cut == [], f"labels cut off at the largest size: {cut}"
    assert words_wider_than_their_button(page) == []
    screenshot(page, "kiosk-home-arabic-largest")


def test_long_words_fit_their_buttons_at_the_largest_size(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    # Ukrainian has the longest words among the kiosk's languages ("контрастність").
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "Українська")
    click_key(page, "size-largest")
    page.wait_for_function("parseFloat(getComputedStyle(document.querySelector('.stApp p')).fontSize) >= 33")
    assert words_wider_than_their_button(page) == []
    click_key(page, "tile-cat-tax")
    assert words_wider_than_their_button(page) == []
    screenshot(page, "kiosk-category-uk-largest")


@pytest.mark.parametrize("path", ["staff", "editor", "print_guide"])
def test_kiosk_cannot_reach_other_pages_even_as_first_request(tmp_path, page, path: str) -> None:  # type: ignore[no-untyped-def]
    # A fresh server: Streamlit treats the first request of a process specially (legacy pages/ mode).
    process, fresh = start_server(tmp_path)
    try:
        page.goto(f"{fresh.base_url}/{path}?kiosk=demo")
        wait_for_app(page)
        expect(page.get_by_text("Hjelp på gulvet")).to_have_count(0)
        expect(page.get_by_label("Brukernavn")).to_have_count(0)
        expect(page.get_by_text("Guider og oversettelser")).to_have_count(0)
        assert page.get_by_role("button", name="English", exact=True).is_visible()
        assert not page.locator("[data-testid='stSidebar']").is_visible()
    finally:
        stop_server(process)


def test_staff_page_asks_for_sign_in_then_renders(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_staff(page, server.base_url)
    page.get_by_text("Demo kiosk").first.wait_for(timeout=15_000)
    screenshot(page, "staff-overview")
