"""Every kiosk screen, as nb, ar and (nb at the largest size in high contrast) visitors get it, audited in Chromium.

One server and one page per variant: the page walks start → home → search → intro → step with a picture → end →
help called → idle question, auditing each screen on the way (a key of the on-screen keyboard, the kiosk's
print screen too); then the printable page, outside hours, and a time booked there (the times, the slip). Each
screen must have no axe violation of any impact, targets of at least 56×56 px, and no English Streamlit text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import get_day_names
from playwright.sync_api import expect

from kiosk.settings import PROJECT_ROOT
from kiosk.ui.shared.theme import BUTTON_MIN_PX, STAFF_TARGET_PX
from tests.e2e.conftest import (
    Server,
    axe_all_rules,
    click_key,
    sign_in_staff,
    small_targets,
    start_server,
    stop_server,
    streamlit_english,
    wait_for_app,
    wait_for_script,
    words_wider_than_their_button,
)

pytestmark = pytest.mark.e2e

PORTRAIT = {"width": 1080, "height": 1920}


@dataclass(frozen=True)
class Variant:
    language: str
    largest: bool = False
    high_contrast: bool = False

    @property
    def name(self) -> str:
        return self.language + ("-largest" if self.largest else "") + ("-contrast" if self.high_contrast else "")


VARIANTS = [Variant("nb"), Variant("ar"), Variant("nb", largest=True, high_contrast=True)]


@dataclass
class Findings:
    """What each screen got wrong, by screen: one assert at the end shows them all."""

    found: dict[str, dict[str, list]] = field(default_factory=dict)

    def audit(self, page, screen: str, english_allowed: bool = False) -> None:  # type: ignore[no-untyped-def]
        problems = {
            "axe": axe_all_rules(page),
            "small targets": small_targets(page, BUTTON_MIN_PX),
            "words broken inside": words_wider_than_their_button(page),
            "Streamlit English": [] if english_allowed else streamlit_english(page),
        }
        problems = {kind: found for kind, found in problems.items() if found}
        if problems:
            self.found[screen] = problems


@pytest.fixture(scope="module")
def a11y_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    process, srv = start_server(tmp_path_factory.mktemp("a11y"))
    # A kiosk whose staff come two days from now: its Call for help says when, in the visitor's language.
    day = (datetime.now(ZoneInfo("Europe/Oslo")) + timedelta(days=2)).strftime("%a").lower()
    added = subprocess.run(
        [sys.executable, "-m", "kiosk", "kiosks", "add", "closed", "--name", "Closed", "--location", "Filial",
         "--hours", f"{day}=10:00-15:00"],
        cwd=PROJECT_ROOT, env=srv.env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    setup_address = re.search(r"/\?kiosk=closed&key=\S+", added.stdout).group(0)
    yield srv, setup_address
    stop_server(process)


@pytest.fixture
def portrait(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PORTRAIT)
    yield context.new_page()
    context.close()


def _open(page, url: str, variant: Variant) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    wait_for_app(page)
    if variant.largest:
        click_key(page, "size-largest")
    if variant.high_contrast:
        click_key(page, "contrast")
        expect(page.locator(".stApp")).to_have_css("background-color", "rgb(0, 0, 0)")


def _heading_has_focus(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function("document.activeElement && document.activeElement.tagName === 'H1'", timeout=10_000)


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_every_kiosk_screen_passes_the_audit(a11y_server, portrait, variant: Variant) -> None:  # type: ignore[no-untyped-def]
    server, closed_address = a11y_server
    page = portrait
    findings = Findings()
    _open(page, f"{server.base_url}/?kiosk=demo", variant)
    findings.audit(page, "start", english_allowed=True)  # the start screen speaks every language
    click_key(page, f"tile-lang-{variant.language}")
    _heading_has_focus(page)
    findings.audit(page, "home")
    page.locator(".kiosk-kbd-letter").first.click()  # a key of the on-screen keyboard, pressed
    page.locator(".kiosk-kbd-said").wait_for(state="attached")
    findings.audit(page, "keyboard with a letter typed")
    page.get_by_role("textbox").fill("wifi")
    page.keyboard.press("Enter")  # the on-screen keyboard's field searches on Enter as on its Search key
    page.locator(".st-key-tile-guide-library-wifi").wait_for()
    wait_for_app(page)
    findings.audit(page, "search")
    click_key(page, "tile-guide-library-wifi")
    findings.audit(page, "intro")
    for key in ("begin", "step-next", "step-next"):
        click_key(page, key)
    page.locator(".kiosk-picture img").wait_for()
    _heading_has_focus(page)
    findings.audit(page, "step with picture")
    for _ in range(3):
        click_key(page, "step-next")
    findings.audit(page, "end")
    # The idle question, as if nobody had touched the screen since the timeout.
    page.evaluate("window.__kioskIdle.last = Date.now() - (window.__kioskIdle.cfg.timeout + 1) * 1000")
    page.locator("#kiosk-idle").wait_for()
    findings.audit(page, "idle question")
    page.locator("#kiosk-idle-yes").click()
    click_key(page, "help-call")
    page.locator(".st-key-help-status").wait_for(timeout=15_000)
    findings.audit(page, "help called")
    click_key(page, "help-cancel")
    click_key(page, "nav-home")
    click_key(page, "tile-path-new-in-norway")
    findings.audit(page, "life-event checklist")
    click_key(page, "path-item-bankid-on-mobile")
    for _ in range(6):
        click_key(page, "step-next" if page.locator(".st-key-step-next").count() else "begin")
    click_key(page, "problem-code-not-arrived")
    page.locator(".st-key-secret-step").wait_for()
    findings.audit(page, "step with a problem shown, secret")
    while page.locator(".st-key-step-next").count():
        click_key(page, "step-next")
    click_key(page, "print")
    page.get_by_role("heading", level=1).wait_for()
    findings.audit(page, "print screen")

    page.goto(f"{server.base_url}/?checklist=new-in-norway&lang={variant.language}&done=bankid-on-mobile")
    wait_for_script(page)
    page.get_by_role("heading", level=1).wait_for()
    findings.audit(page, "printable checklist")

    page.goto(f"{server.base_url}/?print=library-wifi&lang={variant.language}")
    wait_for_script(page)
    page.get_by_role("heading", level=1).wait_for()
    findings.audit(page, "printable page")

    page.context.clear_cookies()
    _open(page, f"{server.base_url}{closed_address}", variant)
    click_key(page, f"tile-lang-{variant.language}")
    click_key(page, "help-call")
    page.locator(".st-key-help-outside").wait_for()
    findings.audit(page, "outside hours")
    click_key(page, "booking-offer")
    page.locator("[class*='st-key-booking-slot-'] button").first.wait_for()
    findings.audit(page, "booking: the times")
    click_key(page, page.locator("[class*='st-key-booking-slot-']").first.get_attribute("class").split("st-key-")[1].split()[0])
    page.locator(".st-key-booking-slip").wait_for()
    findings.audit(page, "booking: the slip")
    assert findings.found == {}


def test_staffed_hours_are_written_in_the_visitors_language(a11y_server, portrait) -> None:  # type: ignore[no-untyped-def]
    server, closed_address = a11y_server
    _open(portrait, f"{server.base_url}{closed_address}", Variant("ar"))
    click_key(portrait, "tile-lang-ar")
    click_key(portrait, "help-call")
    notice = portrait.locator(".st-key-help-outside").inner_text()
    assert any(day in notice for day in get_day_names("wide", locale="ar").values()), notice
    assert not re.search(r"\d\d\.\d\d\.", notice), "no Norwegian day.month. in an Arabic sentence"


def test_fallback_text_keeps_its_own_language_and_direction(a11y_server, portrait) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    page = portrait
    _open(page, f"{server.base_url}/?kiosk=demo", Variant("ar"))
    click_key(page, "tile-lang-ar")
    click_key(page, "tile-cat-id-and-login")
    # The passport guide has no Arabic: its tile, title and steps are English inside an Arabic screen.
    tile = page.locator(".st-key-tile-guide-passport-appointment button")
    assert tile.evaluate("e => [e.closest('[lang]').lang, getComputedStyle(e).direction]") == ["en", "ltr"]
    click_key(page, "tile-guide-passport-appointment")
    title = page.locator(".st-key-guide-title h1")
    assert title.evaluate("e => [e.closest('[lang]').lang, getComputedStyle(e).direction]") == ["en", "ltr"]
    assert page.evaluate("document.documentElement.lang") == "ar"
    # The note about the fallback is in the visitor's language.
    note = page.locator(".kiosk-note").first
    assert note.evaluate("e => [e.closest('[lang]').lang, getComputedStyle(e).direction]") == ["ar", "rtl"]
    click_key(page, "begin")
    step = page.locator(".st-key-step-text h2")
    assert step.evaluate("e => [e.closest('[lang]').lang, getComputedStyle(e).direction]") == ["en", "ltr"]
    assert step.inner_text().rstrip().endswith(".")


def test_northern_sami_falls_back_to_norwegian(a11y_server, portrait) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    _open(portrait, f"{server.base_url}/?kiosk=demo", Variant("se"))
    click_key(portrait, "tile-lang-se")
    click_key(portrait, "tile-cat-library")
    tile = portrait.locator(".st-key-tile-guide-library-wifi button")
    assert tile.evaluate("e => e.closest('[lang]').lang") == "nb"
    assert tile.inner_text().strip() == "Koble til bibliotekets trådløse nett (Norsk bokmål)"  # says it is Norwegian


def test_step_screen_is_one_heading_one_back_and_a_progress_bar_in_words(a11y_server, portrait) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    page = portrait
    _open(page, f"{server.base_url}/?kiosk=demo", Variant("ar"))
    click_key(page, "tile-lang-ar")
    for key in ("tile-cat-library", "tile-guide-library-wifi", "begin"):
        click_key(page, key)
    _heading_has_focus(page)
    assert page.get_by_role("heading", level=1).count() == 1
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuetext") == "الخطوة 1 من 5"
    # Right to left: the bar fills from the right edge.
    track, fill = bar.bounding_box(), page.locator(".kiosk-progress-fill").bounding_box()
    assert abs((track["x"] + track["width"]) - (fill["x"] + fill["width"])) < 4 and fill["x"] > track["x"] + 10
    assert page.locator(".st-key-nav-back, .st-key-step-back").count() == 1
    # Names without emoji or arrows: the arrow is drawn, not read.
    names = page.evaluate("Array.from(document.querySelectorAll('button')).filter(b => b.offsetParent).map(b => b.innerText)")
    assert not [name for name in names if re.search(r"[\u2190-\u21ff\U0001F300-\U0001FAFF]", name)]
    page.get_by_role("button", name="التالي", exact=True).wait_for()
    # Tab after a move goes on from the new heading, not from the bottom of the page.
    click_key(page, "step-next")
    _heading_has_focus(page)
    page.keyboard.press("Tab")
    focused_top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert focused_top < page.locator(".st-key-step-next").bounding_box()["y"]


def test_the_step_fills_a_portrait_screen(a11y_server, portrait) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    page = portrait
    _open(page, f"{server.base_url}/?kiosk=demo", Variant("nb"))
    click_key(page, "tile-lang-nb")
    for key in ("tile-cat-library", "tile-guide-library-wifi", "begin", "step-next", "step-next"):
        click_key(page, key)
    picture = page.locator(".kiosk-picture img").bounding_box()
    next_button = page.locator(".st-key-step-next button").bounding_box()
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    assert picture["height"] >= 0.35 * PORTRAIT["height"]  # was 330 px of 1920
    assert next_button["y"] + next_button["height"] <= PORTRAIT["height"]  # Next is on the screen …
    assert next_button["y"] >= 0.6 * PORTRAIT["height"]  # … below a screen filled with the step
    assert next_button["width"] >= 0.45 * main["width"] and next_button["height"] >= 90


def test_toggles_say_whether_they_are_on_and_focus_is_visible(a11y_server, portrait) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    page = portrait
    _open(page, f"{server.base_url}/?kiosk=demo", Variant("nb", largest=True, high_contrast=True))
    expect(page.locator(".st-key-size-largest button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".st-key-size-normal button")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".st-key-contrast button")).to_have_attribute("aria-pressed", "true")
    # In high contrast the chosen size is filled, the others are not.
    chosen = page.locator(".st-key-size-largest button").evaluate("e => getComputedStyle(e).backgroundColor")
    other = page.locator(".st-key-size-normal button").evaluate("e => getComputedStyle(e).backgroundColor")
    assert chosen == "rgb(255, 212, 0)" and other == "rgb(0, 0, 0)"
    click_key(page, "tile-lang-nb")
    click_key(page, "help-call")
    disabled = page.locator(".st-key-help-call button")
    assert disabled.is_disabled()
    assert disabled.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    click_key(page, "help-cancel")


def test_start_screen_fits_a_landscape_screen_and_says_when_there_is_more(a11y_server, browser) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(page)
        bottom = page.evaluate("document.querySelector('.st-key-contrast').getBoundingClientRect().bottom")
        assert bottom <= 1080, "the display settings are below the fold"
        assert "Call for help" in page.locator(".st-key-help-call button").inner_text()  # before a language is chosen
        # Tiles are read and tabbed across a row: the second language is beside the first, not below it.
        first, second = (page.locator(f".st-key-tile-lang-{code} button").bounding_box() for code in ("nb", "nn"))
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]
        expect(page.locator(".kiosk-more-below")).to_be_hidden()
        click_key(page, "size-largest")
        expect(page.locator(".kiosk-more-below")).to_be_visible()  # more below: a sign at the foot of the screen
    finally:
        context.close()


def test_idle_question_is_quiet_keeps_contrast_and_gives_focus_back(a11y_server, portrait) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    page = portrait
    _open(page, f"{server.base_url}/?kiosk=demo", Variant("nb", high_contrast=True))
    click_key(page, "tile-lang-nb")
    page.locator(".st-key-tile-cat-library button").focus()
    page.evaluate("""() => {
        window.__writes = 0;
        new MutationObserver(() => window.__writes++).observe(document.body, {subtree: true, childList: true,
            characterData: true, attributeFilter: ['aria-live']});
        window.__kioskIdle.last = Date.now() - (window.__kioskIdle.cfg.timeout + 1) * 1000;
    }""")
    count = page.locator("#kiosk-idle-count")
    expect(count).to_contain_text("sekunder")
    assert count.get_attribute("aria-live") is None
    page.evaluate("window.__writes = 0")
    expect(count).not_to_contain_text(count.inner_text())  # a second later, the next number
    assert page.evaluate("window.__writes") <= 3  # one new number, not four writes a second
    box = page.locator("#kiosk-idle .kiosk-idle-box").evaluate("e => getComputedStyle(e).backgroundColor")
    assert box == "rgb(0, 0, 0)"
    page.locator("#kiosk-idle-yes").click()
    expect(page.locator("#kiosk-idle")).to_have_count(0)
    # Focus comes back just after the tap's own events: wait for it rather than look once.
    page.wait_for_function("document.activeElement.closest('.st-key-tile-cat-library') !== null", timeout=5_000)


def test_staff_page_and_sign_in_have_tablet_sized_targets(a11y_server, browser) -> None:  # type: ignore[no-untyped-def]
    server, _ = a11y_server
    kiosk_context = browser.new_context(viewport=PORTRAIT)
    kiosk = kiosk_context.new_page()
    _open(kiosk, f"{server.base_url}/?kiosk=demo", Variant("nb"))
    click_key(kiosk, "tile-lang-nb")
    click_key(kiosk, "help-call")  # a call on the staff page: its "Jeg kommer" button is measured too
    context = browser.new_context(viewport={"width": 820, "height": 1180})  # a tablet
    page = context.new_page()
    try:
        page.goto(server.base_url)
        page.get_by_label("Brukernavn").wait_for(timeout=30_000)
        found = {"sign-in": small_targets(page, STAFF_TARGET_PX)}
        sign_in_staff(page, server.base_url)
        page.get_by_role("button", name="Jeg kommer").first.wait_for(timeout=15_000)
        found["staff"] = small_targets(page, STAFF_TARGET_PX)
        found["staff: axe"] = axe_all_rules(page)
        assert {where: small for where, small in found.items() if small} == {}
    finally:
        context.close()
        kiosk_context.close()
