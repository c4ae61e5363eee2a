"""The printable page (what the end screen's QR opens, and the kiosk's Print) for an Arabic visitor of a guide
that has no Arabic: the page is Arabic, the guide's English keeps its own language and direction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, click_key, screenshot, start_server, stop_server, wait_for_app, wait_for_script

pytestmark = pytest.mark.e2e

LANG_AND_DIRECTION = "e => [e.closest('[lang]').lang, getComputedStyle(e).direction]"


@pytest.fixture(scope="module")
def print_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("print"))
    yield server
    stop_server(process)


def test_english_fallback_on_the_arabic_printable_page_is_marked_english(print_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{print_server.base_url}/?print=passport-appointment&lang=ar")
    wait_for_script(page)
    title = page.locator("h1")
    expect(title).to_have_count(1, timeout=30_000)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert title.evaluate(LANG_AND_DIRECTION) == ["en", "ltr"]
    assert "🛂" not in title.inner_text() and title.inner_text().strip()[0].isalpha()  # the icon is not in the name
    step_one = page.locator("[class*='st-key-kiosk-print-step-1']")
    assert step_one.locator("h2").evaluate(LANG_AND_DIRECTION) == ["ar", "rtl"]  # "Step 1 of 5" is Arabic
    text = step_one.locator("p").first
    assert text.evaluate(LANG_AND_DIRECTION) == ["en", "ltr"]
    assert text.inner_text().rstrip().endswith(".")  # the full stop where English puts it, not ".ID card"
    official = page.locator("[data-testid='stMarkdownContainer'] p", has_text="politiet.no").last
    assert official.evaluate(LANG_AND_DIRECTION) == ["ar", "rtl"]  # the Arabic label, the address isolated
    assert "\u2066https://www.politiet.no" in official.inner_text()
    # On the visitor's own phone the official page is a link, to exactly that address.
    assert official.locator("a").get_attribute("href") == "https://www.politiet.no/tjenester/pass-og-id-kort/"
    screenshot(page, "printable-ar")


def test_the_end_screens_qr_sends_the_visitors_language(print_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{print_server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click_key(page, "tile-lang-ar")
    click_key(page, "tile-cat-id-and-login")
    click_key(page, "tile-guide-passport-appointment")
    click_key(page, "begin")
    while page.locator(".st-key-step-next").count():
        click_key(page, "step-next")
    addresses = page.locator(".kiosk-qr img").evaluate_all("(imgs) => imgs.map((i) => i.dataset.address)")
    # A screen reader hears what scanning does, in Arabic, not the address letter by letter.
    names = page.locator(".kiosk-qr").evaluate_all("(codes) => codes.map((c) => c.querySelector('img').alt + c.innerText)")
    assert all("http" not in name and name.strip() for name in names), names
    printable = [address for address in addresses if "print=passport-appointment" in address]
    assert printable and "lang=ar" in printable[0], addresses
