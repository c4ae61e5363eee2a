"""The staff tablet as staff hold it: 820×1180 with the sidebar open, ten calls, one hand."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from itertools import pairwise

import pytest
from playwright.sync_api import expect

from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import Server, screenshot, sign_in_staff, start_server, stop_server, words_wider_than_their_button

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}
CARDS = "[class*='st-key-call-']"


def _calls(server: Server, languages: list[str]) -> None:
    """Calls from the demo kiosk, one visit each, in these languages (in this order)."""
    script = (
        "import sys; from kiosk.floor.calls import request_help; from kiosk.settings import get_settings;"
        "from kiosk.store import make_engine; from kiosk.visit.journey import new_visit_id;"
        "engine = make_engine(get_settings().effective_database_url);"
        "[request_help(engine, visit_id=new_visit_id(), kiosk_id='demo', language=code, guide='library-wifi',"
        " step='find-wifi') for code in sys.argv[1:]]"
    )
    subprocess.run([sys.executable, "-c", script, *languages], cwd=PROJECT_ROOT, env=server.env, check=True, capture_output=True)


def cut_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Button labels the browser cut off ("Jeg kom…") or broke inside a word."""
    cut = page.evaluate(
        """() => [...document.querySelectorAll("[data-testid='stMain'] .stButton button")]
            .filter((b) => b.offsetParent)
            .flatMap((b) => [b, ...b.querySelectorAll("*")])
            .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== "visible")
            .map((e) => e.closest("button").innerText.trim())"""
    )
    return sorted(set(cut)) + words_wider_than_their_button(page)


@pytest.fixture(scope="module")
def queue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("queue"))
    yield server
    stop_server(process)


def test_the_tenth_call_is_seen_without_scrolling_and_announced(queue_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=TABLET)
    try:
        staff = context.new_page()
        sign_in_staff(staff, queue_server.base_url)
        expect(staff.locator("[data-testid='stSidebar']")).to_be_visible()
        _calls(queue_server, ["en", "uk", "pl", "so", "en", "uk", "pl", "so", "en"])
        expect(staff.locator(CARDS)).to_have_count(9, timeout=15_000)
        live = staff.locator("[aria-live='polite']")
        _calls(queue_server, ["ti"])  # the tenth: a Tigrinya speaker, the newest
        expect(staff.locator(CARDS)).to_have_count(10, timeout=15_000)
        expect(live.filter(has_text="ትግርኛ")).to_have_count(1, timeout=15_000)
        staff.wait_for_function(
            """() => [...document.querySelectorAll("[data-testid='stMain'] p")].some((e) => {
                const r = e.getBoundingClientRect();
                return e.innerText.includes("ትግርኛ") && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
            })""",
            timeout=15_000,
        )
        assert staff.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollTop") == 0
        screenshot(staff, "staff-tablet-ten-calls")
        assert cut_labels(staff) == []  # "Jeg kommer", "Utskrift / skanning": whole words, never "Jeg kom…"
        # Headings go down one level at a time (h1, then h2s), never h1 → h3.
        levels = staff.evaluate(
            "[...document.querySelectorAll(\"[data-testid='stMain'] :is(h1,h2,h3,h4)\")].map((h) => +h.tagName[1])"
        )
        assert levels[0] == 1 and all(b <= a + 1 for a, b in pairwise(levels)), levels
        # Each "Jeg kommer" says whose call it is; the Tigrinya name is marked as Tigrinya.
        accept = staff.get_by_role("button", name=re.compile("^Jeg kommer – "))
        expect(accept).to_have_count(10, timeout=15_000)
        expect(staff.get_by_role("button", name=re.compile("^Jeg kommer – .*ትግርኛ"))).to_have_count(1)
        tigrinya = staff.locator("[data-testid='stMain'] [lang='ti']", has_text="ትግርኛ")
        expect(tigrinya.first).to_be_visible()
        # One press brings the newest call's card into view, its "I'm coming" ready for the thumb.
        staff.locator(".st-key-newest-call").get_by_role("button").click()
        newest = staff.locator(CARDS).filter(has_text="ትግርኛ")
        expect(newest.get_by_role("button").first).to_be_focused(timeout=15_000)
        expect(newest).to_be_in_viewport()
    finally:
        context.close()


STREAMLITS_OWN = ("Skip to main content", "Choose an option", "Open", "Collapse sidebar", "Show password", "Sidebar")


def streamlits_own_english(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Streamlit's English a staff member sees or hears: text, names, placeholders, the tab's title."""
    return page.evaluate(
        """(phrases) => {
            const heard = [document.title];
            for (const e of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
                for (const name of ["aria-label", "placeholder", "title"]) heard.push(e.getAttribute(name) || "");
            }
            const said = [...document.querySelectorAll("a, [data-testid='stIconMaterial']:not([aria-hidden='true'])")]
                .map((e) => e.textContent.trim());
            return phrases.filter((p) => heard.includes(p) || said.includes(p))
                .concat(said.filter((t) => t.startsWith("keyboard_")))
                .concat(document.title === "Help kiosk" ? ["Help kiosk"] : []);
        }""",
        list(STREAMLITS_OWN),
    )


def test_the_sign_in_and_staff_pages_speak_norwegian_not_streamlits_english(queue_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=TABLET)
    try:
        page = context.new_page()
        page.goto(queue_server.base_url)
        page.get_by_label("Brukernavn").wait_for(timeout=30_000)
        expect(page).to_have_title("Logg inn", timeout=15_000)
        assert streamlits_own_english(page) == []
        expect(page.get_by_role("button", name="Vis det du skrev")).to_have_count(1)
        sign_in_staff(page, queue_server.base_url)
        expect(page.get_by_role("button", name="Skjul sidepanelet")).to_have_count(1, timeout=15_000)
        assert streamlits_own_english(page) == []
        # What a select says when it opens (react-aria's live text) is bokmål too, not "4 options available."
        page.get_by_label("Språk på sidene").click()
        announced = page.locator("[data-live-announcer]")
        expect(announced).to_contain_text("alternativer finnes", timeout=15_000)
        expect(announced).not_to_contain_text("available")
        page.keyboard.press("Escape")
    finally:
        context.close()
