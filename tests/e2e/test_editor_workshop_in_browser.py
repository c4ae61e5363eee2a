"""An editor's afternoon in Chromium, in bokmål and in Swedish: create a guide and publish it, pick another guide,
switch tabs with unsaved text, publish an edit of a shipped guide, undo it from the history and publish the undo,
and look at the kiosk after each publish. The editor's own language is on every widget they touch."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from kiosk.language.staff_texts import SHIPPED_DIR, load_catalogs
from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import STAFF_PASSWORD, Server, click_key, screenshot, sign_in_staff, wait_for_app, wait_for_script
from tests.e2e.test_editor_in_browser import choose, editor_field

pytestmark = pytest.mark.e2e

CATALOGS = load_catalogs(SHIPPED_DIR)

# Each language's walk works on its own guides, so the two can share one server.
WALKS = {
    "nb": {
        "user": "rita",
        "new_slug": "bestille-time-hos-tannlegen",
        "new_title": "Bestille time hos tannlegen",
        "shipped": "bankid-on-mobile",
        "shipped_label": "Få BankID på mobilen",
        "category": "id-and-login",
        "shipped_step": "Logg inn i nettbanken med kodebrikken.",
    },
    "sv": {
        "user": "sven",
        "new_slug": "soke-om-parkeringstillatelse",
        "new_title": "Søke om parkeringstillatelse",
        "shipped": "library-e-books",
        "shipped_label": "Låne e-bøker og lydbøker",
        "category": "library",
        "shipped_step": "Spør oss hvilken app biblioteket bruker",
    },
}
STREAMLIT_WIDGET_ENGLISH = ("Choose options", "Choose an option", "Drag and drop", "per file", "Browse files", "Upload")


def _add_swedish_editor(server: Server) -> None:
    kiosk = [sys.executable, "-m", "kiosk"]
    subprocess.run(
        [*kiosk, "users", "add", "sven", "--name", "Sven", "--role", "editor", "--password-stdin"],
        input=f"{STAFF_PASSWORD}\n".encode(),
        cwd=PROJECT_ROOT,
        env=server.env,
        check=True,
        capture_output=True,
    )


def _open_tab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    page.wait_for_timeout(150)  # let the rerun begin before asking whether it has ended (a tab may have no button)
    wait_for_script(page)


def _kiosk_step_one(kiosk, server: Server, category: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    """The kiosk as a visitor finds the guide: bokmål, its category, its tile, the first step."""
    kiosk.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(kiosk)
    click_key(kiosk, "tile-lang-nb")
    click_key(kiosk, f"tile-cat-{category}")
    click_key(kiosk, f"tile-guide-{slug}")
    click_key(kiosk, "begin")


def _publish(page, t: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=t["edit.save_publish"]).click()
    expect(page.get_by_text(re.compile(re.escape(t["edit.published"].split("{number}")[0])))).to_be_visible(timeout=30_000)
    wait_for_app(page)


def _type(page, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    box = editor_field(page, name)
    box.fill(text)
    box.press("Tab")
    wait_for_app(page)


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_an_editor_creates_edits_undoes_and_publishes_and_the_kiosk_follows(server: Server, browser, language: str) -> None:  # type: ignore[no-untyped-def]
    t = CATALOGS[language]
    walk = WALKS[language]
    if language == "sv":
        _add_swedish_editor(server)
    editor_context = browser.new_context(viewport={"width": 1400, "height": 1800})
    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1600})
    editor, kiosk = editor_context.new_page(), kiosk_context.new_page()
    try:
        sign_in_staff(editor, f"{server.base_url}/editor", username=walk["user"], heading=CATALOGS["nb"]["page.editor"])
        if language == "sv":
            editor.get_by_label(CATALOGS["nb"]["page.language"]).click()
            editor.get_by_role("option", name="Svenska").click()
            expect(editor.get_by_role("heading", name=t["page.editor"])).to_be_visible(timeout=30_000)
            wait_for_app(editor)
        expect(editor.locator("html")).to_have_attribute("lang", language)

        # 1. A new guide, published: the kiosk lists it and shows its first step.
        _open_tab(editor, t["editor.tab_edit"])
        choose(editor, "edit-guide", t["edit.new_guide"].removeprefix("➕ "))
        editor.get_by_label(t["edit.new_slug"]).fill(walk["new_slug"])
        editor.get_by_label(t["edit.new_title"]).fill(walk["new_title"])
        editor.get_by_role("button", name=t["edit.new_create"]).click()
        expect(editor.get_by_text(t["edit.new_guide_notice"])).to_be_visible(timeout=30_000)
        wait_for_app(editor)
        _type(editor, "summary-nb", "Slik gjør du det på nettet.")
        _type(editor, "s0-text-nb", "Åpne nettsiden og trykk «Start».")
        _publish(editor, t)
        _kiosk_step_one(kiosk, server, list_category(server), walk["new_slug"])
        expect(kiosk.get_by_text("Åpne nettsiden og trykk «Start».")).to_be_visible(timeout=30_000)

        # 2. Another guide picked: that guide opens, not the new one.
        choose(editor, "edit-guide", walk["shipped_label"])
        expect(editor_field(editor, "title-nb")).to_have_value(walk["shipped_label"], timeout=30_000)
        expect(editor_field(editor, "service-url")).to_have_css("direction", "ltr")  # an address, not Urdu

        # 3. Unsaved text, then straight to the history and back: the same guide, the text kept, and said so.
        typed = f"{walk['shipped_step']} Endret i redigeringen."
        box = editor_field(editor, "s0-text-nb")
        box.fill(typed)
        _open_tab(editor, t["editor.tab_history"])
        history_of = t["editor.history_of"].format(guide=walk["shipped_label"])
        expect(editor.get_by_role("heading", name=history_of)).to_be_visible(timeout=30_000)
        _open_tab(editor, t["editor.tab_edit"])
        expect(editor_field(editor, "title-nb")).to_have_value(walk["shipped_label"], timeout=30_000)
        expect(editor_field(editor, "s0-text-nb")).to_have_value(typed)
        expect(editor.get_by_text(t["edit.unsaved_here"])).to_be_visible()
        screenshot(editor, f"editor-unsaved-kept-{language}")

        # 4. The edit of the shipped guide, published: the kiosk shows it.
        _publish(editor, t)
        _kiosk_step_one(kiosk, server, walk["category"], walk["shipped"])
        expect(kiosk.get_by_text("Endret i redigeringen.")).to_be_visible(timeout=30_000)

        # 5. Undo from the history: back to the shipped text, listed at once, and its own publish button.
        _open_tab(editor, t["editor.tab_history"])
        editor.get_by_role("button", name=t["editor.revert"].format(number=0)).click()
        reverted = t["editor.reverted"].format(number=0, new=2)
        expect(editor.get_by_text(reverted)).to_be_visible(timeout=30_000)
        wait_for_app(editor)
        publish_undo = editor.get_by_role("button", name=t["editor.publish_version"].format(number=2))
        expect(publish_undo).to_be_visible()
        screenshot(editor, f"editor-undo-{language}")
        publish_undo.click()
        expect(editor.get_by_text(t["editor.published_version"].format(number=2))).to_be_visible(timeout=30_000)
        wait_for_app(editor)
        _kiosk_step_one(kiosk, server, walk["category"], walk["shipped"])
        expect(kiosk.get_by_text(walk["shipped_step"], exact=False).first).to_be_visible(timeout=30_000)
        expect(kiosk.get_by_text("Endret i redigeringen.")).to_have_count(0)

        # The editor is still on the guide; the widgets spoke the editor's language all along.
        _open_tab(editor, t["editor.tab_edit"])
        expect(editor_field(editor, "title-nb")).to_have_value(walk["shipped_label"], timeout=30_000)
        _open_tab(editor, t["editor.tab_packs"])
        for key in ("pack-guides", "pack-paths"):
            expect(editor.locator(f".st-key-{key} input")).to_have_attribute("placeholder", t["widget.choose_many"])
        main = editor.locator("[data-testid='stMain']")
        expect(main.get_by_role("button", name=t["widget.upload_button"], exact=True)).to_be_visible()
        expect(main).to_contain_text(t["widget.upload_hint"].format(types="ZIP", mb=50))
        seen = main.inner_text()  # what is shown: Streamlit's hidden English is in the page, not on the screen
        assert [english for english in STREAMLIT_WIDGET_ENGLISH if english in seen] == []
        screenshot(editor, f"editor-packs-{language}")
    finally:
        editor_context.close()
        kiosk_context.close()


def list_category(server: Server) -> str:
    """The first category: the new-guide form's preselected one."""
    from kiosk.content import load_content

    return next(iter(load_content(server.content_dir)[0].categories))
