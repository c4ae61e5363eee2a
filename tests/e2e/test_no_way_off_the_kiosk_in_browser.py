"""No way off the kiosk: a link there opens another site with no kiosk buttons and no idle reset. A visitor
walks every kind of kiosk screen in Chromium (typed addresses, guide text with links, the print screens)
and no page has a link to another site."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, click, click_key, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e

# Guide text with every kind of link Markdown makes: written, bare address, www. and e-mail.
LINKED_STEP = (
    "      en: Open «Innstillinger» (Settings) on your phone. See [the library's page](https://www.deichman.no/wifi),"
    " https://www.nav.no, www.skatteetaten.no or write to post@deichman.no.\n"
)


def links_off_the_kiosk(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Every link on the page (in any frame) that goes anywhere but this kiosk's own address."""
    found: list[str] = []
    for frame in page.frames:
        found += frame.evaluate(
            """() => [...document.querySelectorAll('a[href], area[href]')]
                .filter((a) => new URL(a.href, location.href).origin !== window.top.location.origin)
                .map((a) => `${a.textContent.trim()} -> ${a.href}`)"""
        )
    return found


@pytest.fixture(scope="module")
def linked_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("links"))
    guide = server.content_dir / "guides" / "library-wifi.yaml"
    text = guide.read_text(encoding="utf-8")
    first_step_en = re.compile(r"      en: Open «Innstillinger».*\n")
    guide.write_text(first_step_en.sub(lambda _m: LINKED_STEP, text, count=1), encoding="utf-8")
    yield server
    stop_server(process)


class Walk:
    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.found: dict[str, list[str]] = {}

    def look(self, screen: str) -> None:
        wait_for_app(self.page)
        if links := links_off_the_kiosk(self.page):
            self.found[screen] = links


def _search(page, words: str) -> None:  # type: ignore[no-untyped-def]
    field = page.locator(".kiosk-kbd input")
    field.fill(words)
    field.press("Enter")


def test_no_kiosk_screen_links_to_another_site(linked_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    walk = Walk(page)
    page.goto(f"{linked_server.base_url}/?kiosk=demo")
    wait_for_app(page)
    walk.look("start")
    click(page, "English")
    walk.look("home")

    _search(page, "https://www.skatteetaten.no wifi")
    expect(page.locator("h1")).to_contain_text("skatteetaten", timeout=15_000)
    walk.look("results for a typed address")
    _search(page, "post@evil.example www.evil.example")
    expect(page.get_by_text("evil", exact=False).first).to_be_visible(timeout=15_000)
    walk.look("no results for a typed address")

    click_key(page, "nav-home")
    click_key(page, "tile-cat-library")
    walk.look("category")
    click_key(page, "tile-guide-library-wifi")
    walk.look("guide intro")
    click_key(page, "begin")
    # The changed guide is read again without a restart; its step now holds every kind of link.
    expect(page.get_by_text("post@", exact=False).first).to_be_visible(timeout=30_000)
    for number in range(1, 6):
        walk.look(f"step {number}")
        click_key(page, "step-next")
    walk.look("end")
    click_key(page, "print")
    expect(page.get_by_text("deichman.no/wifi", exact=False).first).to_be_visible(timeout=15_000)
    walk.look("print screen")

    page.goto(f"{linked_server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "English")
    click_key(page, "tile-cat-id-and-login")
    click_key(page, "tile-guide-passport-appointment")
    click_key(page, "begin")
    while page.locator(".st-key-step-next").count():
        click_key(page, "step-next")
    walk.look("end with an official page")
    click_key(page, "print")
    official = page.get_by_text("politiet.no", exact=False).first
    expect(official).to_be_visible(timeout=15_000)
    walk.look("print screen with an official page")

    page.goto(f"{linked_server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "English")
    page.locator("[class*='st-key-tile-path-'] button").first.click()
    walk.look("checklist")
    click_key(page, "path-print")
    walk.look("checklist print screen")

    click_key(page, "help-call")
    walk.look("help called")
    assert walk.found == {}
