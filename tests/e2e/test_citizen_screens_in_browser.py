"""The on-screen keyboard, "Show in Norwegian too" and the staff's notices, in Chromium, in Norwegian and Arabic.

One server; notices are posted into its database from here, as a staff tablet on another server process would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine

from kiosk.content.keyboards import layouts
from kiosk.notices.board import NoticeDraft, NoticeScope, end_notice, post_notice
from kiosk.store import make_engine
from kiosk.store.branches import branch_id_for
from kiosk.store.kiosks import Kiosk, save_kiosk
from kiosk.ui.shared.theme import BUTTON_MIN_PX
from tests.e2e.conftest import Server, axe_all_rules, click_key, screenshot, small_targets, wait_for_app

pytestmark = pytest.mark.e2e

BRANCH = "Filial Grünerløkka"


@pytest.fixture(scope="module")
def database(server: Server) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{server.data_dir / 'kiosk.db'}")
    save_kiosk(engine, Kiosk(id="branch", display_name="Filial", location=BRANCH))  # an open kiosk elsewhere
    yield engine
    engine.dispose()


def _kiosk(page, server: Server, language: str, kiosk_id: str = "demo") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk={kiosk_id}")
    wait_for_app(page)
    click_key(page, f"tile-lang-{language}")


def _type(page, letters: str) -> None:  # type: ignore[no-untyped-def]
    for letter in letters:
        page.locator(".kiosk-kbd-letter", has_text=re.compile(f"^{re.escape(letter)}$")).first.click()


def test_norwegian_keyboard_types_in_the_browser_and_results_follow(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _kiosk(page, server, "nb")
    keys = page.locator(".kiosk-kbd-letter")
    assert {"æ", "ø", "å"} <= set(keys.all_inner_texts())
    for box in (keys.first.bounding_box(), page.locator(".kiosk-kbd-backspace").bounding_box()):
        assert box and box["width"] >= BUTTON_MIN_PX and box["height"] >= BUTTON_MIN_PX
    expect(page.get_by_role("button", name="Slett siste bokstav")).to_be_visible()
    expect(page.get_by_role("group", name="Tastatur på skjermen")).to_be_visible()
    _type(page, "trådl")
    # Results from the letters typed, without pressing Search, typo tolerant as the plain field.
    page.locator(".st-key-tile-guide-library-wifi").wait_for(timeout=15_000)
    expect(page.locator(".kiosk-kbd input")).to_have_value("trådl")
    wait_for_app(page)
    assert axe_all_rules(page) == []
    assert small_targets(page, BUTTON_MIN_PX) == []
    # Five keys at once: the server hears of them once, after the pause, not once per key.
    sent: list[object] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    _kiosk(page, server, "nb")  # a new browser session: a new visit, a new keyboard
    page.locator(".kiosk-kbd-clear").click()
    expect(page.locator(".kiosk-kbd input")).to_have_value("")
    before = len(sent)
    page.evaluate(
        """() => { for (const k of 'passo') [...document.querySelectorAll('.kiosk-kbd-letter')]
            .find((b) => b.textContent === k).click(); }"""
    )
    page.locator(".st-key-tile-guide-library-wifi").wait_for(timeout=15_000)
    wait_for_app(page)
    assert 1 <= len(sent) - before <= 2  # the search (and at most one fragment look), never five
    page.locator(".kiosk-kbd-backspace").click()
    expect(page.locator(".kiosk-kbd input")).to_have_value("pass")


def test_arabic_keyboard_runs_right_to_left_and_switches_to_latin(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _kiosk(page, server, "ar")
    rows = page.locator(".kiosk-kbd-keys")
    expect(rows).to_have_attribute("dir", "rtl")
    first, second = page.locator(".kiosk-kbd-letter").nth(0), page.locator(".kiosk-kbd-letter").nth(1)
    assert (first.inner_text(), second.inner_text()) == ("ض", "ص")
    assert first.bounding_box()["x"] > second.bounding_box()["x"]  # type: ignore[index]  # the first key at the right
    _type(page, "ضريب")
    page.locator(".st-key-tile-guide-tax-return").wait_for(timeout=15_000)
    wait_for_app(page)
    assert axe_all_rules(page) == []
    switch = page.get_by_role("button", name="الحروف اللاتينية (A–Z)")
    switch.click()
    expect(page.get_by_role("button", name="العودة إلى حروفي")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".kiosk-kbd-keys")).to_have_attribute("dir", "ltr")


def test_tigrinya_gets_suggestion_tiles_in_its_own_script(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _kiosk(page, server, "ti")
    tiles = page.locator(".kiosk-kbd-suggestion")
    expect(tiles.first).to_be_visible()
    word = next(text for text in tiles.all_inner_texts() if any("\u1200" <= ch <= "\u137f" for ch in text))
    expect(tiles.filter(has_text=word).first).to_have_attribute("lang", "ti")
    tiles.filter(has_text=word).first.click()
    page.locator("[class*='st-key-tile-guide-']").first.wait_for(timeout=15_000)
    expect(page.locator(".kiosk-kbd input")).to_have_value(word)


def test_tigrinya_is_typed_with_fidel_keys_consonant_then_form_and_finds_its_guide(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _kiosk(page, server, "ti")
    consonants = page.locator(".kiosk-kbd-consonant")
    expect(consonants).to_have_count(38)
    forms = page.locator(".kiosk-kbd-form")
    assert forms.count() == 0  # no row of forms until a consonant is pressed
    said = page.locator(".kiosk-kbd-said[aria-live='polite']")
    # ፕሪንተር (printer): each syllable is its consonant, then its form from the row that opens.
    typed = ""
    # Each key's name says its sound too: a screen reader may have no Tigrinya voice for the letter.
    for consonant, form in (("ፐ pa", "ፕ pe"), ("ረ ra", "ሪ ri"), ("ነ na", "ን ne"), ("ተ ta", "ተ ta"), ("ረ ra", "ር re")):
        key = consonants.filter(has_text=consonant[0])
        expect(key).to_have_accessible_name(consonant)
        key.click()
        expect(key).to_have_attribute("aria-expanded", "true")
        row = page.get_by_role("group", name=f"ቅርጽታት ናይታ ፊደል {consonant[0]}")
        expect(row.get_by_role("button")).to_have_count(len(layouts()["tigrinya"].forms()[consonant[0]]))
        expect(row.get_by_role("button").first).to_be_focused()  # a screen reader is among the forms at once
        row.get_by_role("button", name=form, exact=True).click()
        typed += form[0]
        expect(said).to_have_text(typed)
        expect(key).to_be_focused()  # back on the consonant: the next one is near
        expect(key).to_have_attribute("aria-expanded", "false")
        expect(forms).to_have_count(0)
    expect(page.locator(".kiosk-kbd input")).to_have_value("ፕሪንተር")
    page.locator(".st-key-tile-guide-library-print-scan-copy").wait_for(timeout=15_000)
    expect(page.locator("#kiosk-announcer[aria-live='polite']")).to_contain_text("ፕሪንተር", timeout=15_000)
    assert page.evaluate("document.activeElement.classList.contains('kiosk-kbd-key')")  # the focus stayed on the keys
    wait_for_app(page)
    assert axe_all_rules(page) == []
    assert small_targets(page, BUTTON_MIN_PX) == []
    # The README's picture: a portrait kiosk with ለ's forms open (its seven orders and ሏ).
    page.set_viewport_size({"width": 1080, "height": 1920})
    consonants.filter(has_text="ለ").click()
    expect(forms).to_have_count(8)
    assert axe_all_rules(page) == []  # the open row too
    assert small_targets(page, BUTTON_MIN_PX) == []
    page.locator(".kiosk-kbd").scroll_into_view_if_needed()
    screenshot(page, "kiosk-fidel-keyboard-ti", full_page=False)


def test_show_in_norwegian_too_in_arabic_until_the_visit_ends(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _kiosk(page, server, "ar")
    click_key(page, "tile-cat-id-and-login")
    click_key(page, "tile-guide-log-in-with-bankid")
    toggle = page.locator(".st-key-bilingual button")
    expect(toggle).to_have_attribute("aria-pressed", "false")  # off by default
    click_key(page, "bilingual")
    expect(page.locator(".st-key-bilingual button")).to_have_attribute("aria-pressed", "true")
    click_key(page, "begin")
    norwegian = page.locator(".st-key-step-nb-1")
    expect(norwegian).to_have_attribute("lang", "nb")
    expect(norwegian).to_have_attribute("dir", "ltr")
    expect(norwegian).to_contain_text("Trykk på den.")
    expect(page.locator(".st-key-step-text")).to_contain_text("اضغط عليه")
    wait_for_app(page)
    assert axe_all_rules(page) == []
    click_key(page, "step-next")
    expect(page.locator(".st-key-step-nb-2")).to_have_attribute("lang", "nb")  # remembered on the next step
    click_key(page, "nav-start-over")
    click_key(page, "start-over-yes")
    _kiosk(page, server, "ar")
    click_key(page, "tile-cat-id-and-login")
    click_key(page, "tile-guide-log-in-with-bankid")
    expect(page.locator(".st-key-bilingual button")).to_have_attribute("aria-pressed", "false")  # gone with the visit


def _notice(engine: Engine, text: str, minutes: float = 60, **fields: object) -> int:
    ends = datetime.now(UTC) + timedelta(minutes=minutes)
    return post_notice(engine, NoticeDraft(text_nb=text, ends_at=ends, **fields), by_user=None)  # type: ignore[arg-type]


def test_notices_reach_the_kiosks_they_are_for_and_vanish_by_themselves(server: Server, database: Engine, browser) -> None:  # type: ignore[no-untyped-def]
    main_floor = browser.new_context(viewport={"width": 1080, "height": 1600}).new_page()
    branch = browser.new_context(viewport={"width": 1080, "height": 1600}).new_page()
    _kiosk(main_floor, server, "nb")
    _kiosk(branch, server, "ar", kiosk_id="branch")
    everywhere = _notice(database, "ID-porten er nede til kl. 14.00")
    _notice(
        database,
        "Skriveren i 2. etasje er i ustand",
        scope=NoticeScope.BRANCH,
        branch_id=branch_id_for(BRANCH),  # the branch kiosk's, not the demo kiosk's
        text_en="The printer on floor 2 is out of order",
    )
    soon_over = _notice(database, "Kafeen stenger om litt", minutes=0.2)
    # Within seconds and without a touch, each kiosk shows what is for it.
    expect(main_floor.locator(".kiosk-notice")).to_have_count(2, timeout=15_000)
    expect(main_floor.locator(".kiosk-notice-mark").first).to_have_text("Beskjed fra de ansatte")
    expect(branch.locator(".kiosk-notice")).to_have_count(3, timeout=15_000)
    printer = branch.locator(".kiosk-notice", has_text="Skriveren")
    expect(printer.locator(".kiosk-notice-mark").first).to_have_text("إشعار من الموظفين (بالنرويجية)")
    # The number is isolated left to right (LRI … PDI around it), the words are the staff's.
    shown = printer.locator(".kiosk-notice-text[lang='nb'][dir='ltr']")
    expect(shown).to_have_text(re.compile("^Skriveren i \u2066?2\u2069?\\. etasje er i ustand$"))
    expect(printer.locator(".kiosk-notice-text[lang='en']")).to_have_text(
        re.compile("^The printer on floor \u2066?2\u2069? is out of order$")
    )
    assert main_floor.locator(".kiosk-notice", has_text="Skriveren").count() == 0
    wait_for_app(branch)
    assert axe_all_rules(branch) == []
    # The end time passes: gone from both, nobody pressed anything.
    for kiosk in (main_floor, branch):
        expect(kiosk.locator(f".kiosk-notice[data-notice='{soon_over}']")).to_have_count(0, timeout=30_000)
    end_notice(database, everywhere, by_user=None)  # ended early on a tablet served by another process
    expect(main_floor.locator(".kiosk-notice")).to_have_count(0, timeout=15_000)
    expect(branch.locator(".kiosk-notice")).to_have_count(1, timeout=15_000)
    main_floor.context.close()
    branch.context.close()


def test_a_notice_tied_to_a_guide_is_on_that_guides_first_screen(server: Server, database: Engine, page) -> None:  # type: ignore[no-untyped-def]
    notice = _notice(database, "BankID virker ikke akkurat nå", guide="log-in-with-bankid")
    _kiosk(page, server, "nb")
    click_key(page, "tile-cat-id-and-login")
    click_key(page, "tile-guide-log-in-with-bankid")
    expect(page.locator(f".kiosk-notice[data-notice='{notice}']")).to_be_visible(timeout=15_000)
    click_key(page, "nav-back")
    click_key(page, "tile-guide-bankid-on-mobile")
    page.get_by_role("heading", level=1).wait_for()
    wait_for_app(page)
    assert page.locator(f".kiosk-notice[data-notice='{notice}']").count() == 0
    end_notice(database, notice, by_user=None)
