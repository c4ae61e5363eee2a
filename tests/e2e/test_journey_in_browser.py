"""A citizen's whole visit in Chromium: Norwegian, Arabic at the largest size, idle reset, and an axe audit."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    Server,
    axe_violations,
    click,
    click_key,
    screenshot,
    start_server,
    stop_server,
    wait_for_app,
    wait_for_script,
)

pytestmark = pytest.mark.e2e


def _open_kiosk(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)


def _through_guide(page, step_count: int) -> None:  # type: ignore[no-untyped-def]
    click_key(page, "begin")
    for _ in range(step_count):
        click_key(page, "step-next")


def test_whole_guide_in_norwegian_with_axe_audit(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    audits: dict[str, list[dict]] = {}
    _open_kiosk(page, server)
    audits["start"] = axe_violations(page)
    click(page, "Norsk bokmål")
    assert page.evaluate("document.documentElement.lang") == "nb"
    click_key(page, "tile-cat-library")
    audits["category"] = axe_violations(page)
    click_key(page, "tile-guide-library-wifi")
    page.get_by_text("Før du begynner").wait_for(timeout=15_000)
    click_key(page, "begin")
    page.get_by_text("Steg 1 av 5").wait_for(timeout=15_000)
    audits["step-nb"] = axe_violations(page)
    screenshot(page, "kiosk-step-nb")
    for _ in range(5):
        click_key(page, "step-next")
    page.get_by_text("Du er ferdig med guiden").wait_for(timeout=15_000)
    audits["end"] = axe_violations(page)
    screenshot(page, "kiosk-end-nb")
    click_key(page, "feedback-yes")
    page.get_by_text("Takk for svaret").wait_for(timeout=15_000)
    assert {name: found for name, found in audits.items() if found} == {}

    with sqlite3.connect(server.data_dir / "kiosk.db") as db:
        kinds = [row[0] for row in db.execute("SELECT kind FROM events WHERE guide = 'library-wifi' ORDER BY id")]
    assert kinds[0] == "guide_opened"
    assert kinds.count("step_viewed") >= 5
    assert "guide_finished" in kinds and "feedback" in kinds


def test_guide_step_in_arabic_at_largest_size(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_kiosk(page, server)
    click(page, "العربية")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    click_key(page, "size-largest")
    click_key(page, "tile-cat-library")
    click_key(page, "tile-guide-library-wifi")
    click_key(page, "begin")
    click_key(page, "step-next")
    click_key(page, "step-next")  # step 3 has an image with alt text
    page.get_by_text("الخطوة 3 من 5").wait_for(timeout=15_000)
    page.locator(".kiosk-picture img").first.wait_for(timeout=15_000)
    assert page.evaluate("document.documentElement.lang") == "ar"
    alt = page.locator(".kiosk-picture img").first.get_attribute("alt")
    assert alt and "Bibliotek" in alt
    body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.stApp p')).fontSize)")
    assert body_px >= 33
    # Right-to-left lines start at the right edge: the step text and the guide title too (they are headings).
    assert _left_aligned_text(page) == []
    violations = axe_violations(page)
    screenshot(page, "kiosk-step-ar-largest")
    assert violations == []
    click_key(page, "step-next")
    click_key(page, "step-next")
    click_key(page, "step-next")
    page.locator(".kiosk-qr img").first.wait_for(timeout=15_000)  # the QR codes on the end screen


def _left_aligned_text(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "Array.from(document.querySelectorAll('.stMainBlockContainer :is(h1, h2, h3, p, li)'))"
        ".filter(e => !e.closest('button') && getComputedStyle(e).textAlign === 'left').map(e => e.innerText)"
    )


def test_printable_guide_in_persian_reads_right_to_left(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?print=report-a-move&lang=fa")
    wait_for_script(page)
    page.get_by_role("heading", name="اطلاع دادن اسباب‌کشی").wait_for(timeout=15_000)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("li").count() >= 3  # what you need
    assert _left_aligned_text(page) == []
    screenshot(page, "print-fa")
    page.emulate_media(media="print")  # on paper no step is split across two pages
    breaks = page.evaluate(
        "Array.from(document.querySelectorAll(\"[class*='st-key-kiosk-print-step-']\")).map(e => getComputedStyle(e).breakInside)"
    )
    assert breaks and set(breaks) == {"avoid"}


def test_search_from_the_home_screen(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_kiosk(page, server)
    click(page, "English")
    page.get_by_role("textbox").fill("wfi pasword")
    page.keyboard.press("Enter")
    page.locator(".st-key-tile-guide-library-wifi").wait_for(timeout=15_000)
    page.get_by_role("textbox").fill("qqqzzz")
    page.keyboard.press("Enter")
    # On the screen (the same words are also read out, from a live region outside the screen's content).
    page.locator("[data-testid='stMain']").get_by_text("We found nothing for «qqqzzz»").wait_for(timeout=15_000)


def test_keyboard_reaches_and_presses_language_tiles(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_kiosk(page, server)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.innerText") == "English":
            break
    else:
        pytest.fail("the English tile cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    wait_for_app(page)
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.fixture(scope="module")
def quick_idle_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, srv = start_server(
        tmp_path_factory.mktemp("idle"), {"KIOSK_IDLE_TIMEOUT_SECONDS": "5", "KIOSK_IDLE_COUNTDOWN_SECONDS": "3"}
    )
    yield srv
    stop_server(process)


def test_idle_reset_wipes_the_visit(quick_idle_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_kiosk(page, quick_idle_server)
    click(page, "English")
    click_key(page, "size-largest")
    click_key(page, "tile-cat-library")
    click_key(page, "tile-guide-library-wifi")
    page.locator("#kiosk-idle").wait_for(timeout=15_000)
    assert page.get_by_text("Are you still there?").is_visible()
    screenshot(page, "kiosk-idle-overlay")
    page.locator("#kiosk-idle").wait_for(state="detached", timeout=10_000)
    page.get_by_role("button", name="Norsk bokmål", exact=True).wait_for(timeout=15_000)
    wait_for_app(page)
    expect(page.locator(".st-key-tile-guide-library-wifi")).to_have_count(0)
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.kiosk-welcome p')).fontSize)") == 22
    with sqlite3.connect(quick_idle_server.data_dir / "kiosk.db") as db:
        assert db.execute("SELECT end_reason FROM visits").fetchall() == [("idle",)]


def test_touch_answers_still_there(quick_idle_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_kiosk(page, quick_idle_server)
    click(page, "English")
    page.locator("#kiosk-idle").wait_for(timeout=15_000)
    page.locator("#kiosk-idle button").click()
    page.locator("#kiosk-idle").wait_for(state="detached", timeout=10_000)
    page.get_by_text("What do you need help with?").wait_for(timeout=15_000)


def test_high_contrast_passes_the_audit(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_kiosk(page, server)
    click(page, "English")
    click_key(page, "contrast")
    page.wait_for_function("getComputedStyle(document.querySelector('.stApp')).backgroundColor === 'rgb(0, 0, 0)'")
    home = axe_violations(page)
    click_key(page, "tile-cat-library")
    click_key(page, "tile-guide-library-wifi")
    _through_guide(page, 5)
    screenshot(page, "kiosk-end-high-contrast")
    assert {"home": home, "end": axe_violations(page)} == {"home": [], "end": []}


def test_text_typed_but_not_sent_is_gone_after_start_over(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_kiosk(page, server)
    click(page, "English")
    page.get_by_role("textbox").fill("my private question")
    click_key(page, "nav-start-over")
    click(page, "English")
    assert page.get_by_role("textbox").input_value() == ""
