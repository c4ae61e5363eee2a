"""Details a visitor meets on the kiosk in Chromium: a switch that is on says so by a sign, an Arabic
search field's hint reads right to left."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, click_key, wait_for_app

pytestmark = pytest.mark.e2e

SIGN = "e => getComputedStyle(e.querySelector('p'), '::after').content"


def test_a_switch_that_is_on_shows_a_tick(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click_key(page, "tile-lang-ar")
    click_key(page, "size-large")
    expect(page.locator(".st-key-size-large button")).to_have_attribute("aria-pressed", "true")
    assert "✓" in page.locator(".st-key-size-large button").evaluate(SIGN)
    assert "✓" not in page.locator(".st-key-size-normal button").evaluate(SIGN)
    assert "✓" not in page.locator(".st-key-contrast button").evaluate(SIGN)
    click_key(page, "contrast")
    expect(page.locator(".st-key-contrast button")).to_have_attribute("aria-pressed", "true")
    assert "✓" in page.locator(".st-key-contrast button").evaluate(SIGN)
    click_key(page, "tile-cat-library")
    click_key(page, "tile-guide-library-wifi")
    assert "✓" not in page.locator(".st-key-bilingual button").evaluate(SIGN)
    click_key(page, "bilingual")
    expect(page.locator(".st-key-bilingual button")).to_have_attribute("aria-pressed", "true")
    assert "✓" in page.locator(".st-key-bilingual button").evaluate(SIGN)


def test_the_arabic_search_hint_reads_right_to_left(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click_key(page, "tile-lang-ar")
    field = page.locator(".kiosk-kbd input")
    assert field.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]") == ["rtl", "right"]
    field.fill("wifi")  # typed Latin letters run left to right, as typed
    assert field.evaluate("e => getComputedStyle(e).direction") == "ltr"


def test_keys_are_heard_and_results_are_told_while_the_focus_stays_on_the_keys(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click_key(page, "tile-lang-nb")
    said = page.locator(".kiosk-kbd-said[aria-live='polite']")
    for typed, letter in (("t", "t"), ("tr", "r"), ("trå", "å"), ("tråd", "d"), ("trådl", "l")):
        page.locator(".kiosk-kbd-letter", has_text=re.compile(f"^{letter}$")).first.click()
        expect(said).to_have_text(typed)
    page.locator(".st-key-tile-guide-library-wifi").wait_for(timeout=15_000)
    told = page.locator("#kiosk-announcer[aria-live='polite']")
    expect(told).to_contain_text("Treff for «trådl»", timeout=15_000)
    expect(told).to_contain_text(re.compile(r"Guider funnet: \d+"))
    assert page.evaluate("document.activeElement.classList.contains('kiosk-kbd-key')")


def aaa_contrast(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Text below WCAG's enhanced contrast (7:1, 4.5:1 for large text): axe-core's AAA rule alone."""
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast-enhanced']}})")
    return [str(node["target"]) + " " + node["any"][0]["message"][:90] for v in result["violations"] for node in v["nodes"]]


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_body_text_reaches_aaa_contrast_on_the_kiosk(server: Server, page, high_contrast: bool) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    if high_contrast:
        click_key(page, "contrast")
    found = {}
    click_key(page, "tile-lang-nb")
    found["home"] = aaa_contrast(page)
    click_key(page, "tile-cat-library")
    found["category"] = aaa_contrast(page)
    click_key(page, "tile-guide-library-wifi")
    found["intro"] = aaa_contrast(page)
    for key in ("begin", "step-next", "step-next", "step-next"):
        click_key(page, key)
    found["step with a tip"] = aaa_contrast(page)
    while page.locator(".st-key-step-next").count():
        click_key(page, "step-next")
    found["end"] = aaa_contrast(page)
    click_key(page, "help-call")
    page.locator(".st-key-help-status").wait_for(timeout=15_000)
    found["help called"] = aaa_contrast(page)
    assert {screen: bad for screen, bad in found.items() if bad} == {}


@pytest.mark.parametrize("size", ["normal", "largest"])
def test_landscape_home_shows_the_tasks_beside_the_keyboard(server: Server, browser, size: str) -> None:  # type: ignore[no-untyped-def]
    with _home(server, browser, (1920, 1080), size, "nb") as page:
        expect(page.locator(".kiosk-kbd-letter").first).to_be_in_viewport()
        # A task is there to press without scrolling, not only the keyboard.
        expect(page.locator("[class*='st-key-tile-cat-'] button").first).to_be_in_viewport(ratio=1)


@contextmanager
def _home(server: Server, browser, viewport: tuple[int, int], size: str, language: str) -> Iterator:  # type: ignore[no-untyped-def]
    """The kiosk's home screen in `language` at text size `size`, on a screen of `viewport` (width, height)."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        page.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(page)
        click_key(page, f"size-{size}")
        click_key(page, f"tile-lang-{language}")
        yield page
    finally:
        context.close()


# For each row of letter keys: how many keys stand on each line it wrapped into (by their top edge).
KEYS_PER_LINE = """root => [...root.querySelectorAll('.kiosk-kbd-keys > .kiosk-kbd-row')].map(row => {
  const tops = new Map();
  for (const key of row.querySelectorAll('.kiosk-kbd-letter')) {
    const top = Math.round(key.getBoundingClientRect().top);
    tops.set(top, (tops.get(top) || 0) + 1);
  }
  return [...tops.values()];
})"""


@pytest.mark.parametrize("size", ["normal", "largest"])
def test_a_fidel_row_that_wraps_is_split_evenly_with_no_key_left_alone(server: Server, browser, size: str) -> None:  # type: ignore[no-untyped-def]
    with _home(server, browser, (1080, 1920), size, "ti") as page:
        page.locator(".kiosk-kbd-consonant").first.wait_for(timeout=15_000)
        rows = page.locator(".kiosk-kbd").evaluate(KEYS_PER_LINE)
        assert rows and all(max(lines) - min(lines) <= 1 for lines in rows), rows  # before: [9, 1] at the largest size
        if size == "largest":
            assert any(len(lines) > 1 for lines in rows), f"the largest keys wrap on a portrait screen: {rows}"
        widths = page.locator(".kiosk-kbd-consonant").evaluate_all("keys => keys.map(k => k.getBoundingClientRect().width)")
        assert min(widths) >= 56


BEFORE = "e => getComputedStyle(e.querySelector('p'), '::before').content"


def test_read_aloud_buttons_show_a_loudspeaker_on_every_step_and_slower_its_own_sign(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click_key(page, "tile-lang-nb")
    for key in ("tile-cat-library", "tile-guide-library-wifi", "begin"):
        click_key(page, key)
    for step in (1, 2, 3):
        speak = page.locator(f".st-key-speak-step-library-wifi-{step} button")
        speak.wait_for(timeout=15_000)
        assert "🔊" in speak.evaluate(BEFORE)
        assert "🐢" in page.locator(".st-key-speak-slower button").evaluate(BEFORE)
        assert "🔊" not in page.locator(".st-key-speak-slower button").evaluate(BEFORE)
        click_key(page, "step-next")
