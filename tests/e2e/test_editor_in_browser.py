"""An editor in Chromium: edit a step in Arabic, preview it right to left, publish, and the kiosk shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, click, click_key, screenshot, sign_in_staff, wait_for_app

pytestmark = pytest.mark.e2e


def choose(page, key: str, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Pick in a Streamlit selectbox the way a person does: open it, type, press Enter."""
    page.locator(f".st-key-{key} input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    wait_for_app(page)


def _open_editor(browser, server: Server, guide: str, language: str):  # type: ignore[no-untyped-def]
    """A signed-in editor's browser on the editor tab, with a guide and a language chosen."""
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    page = context.new_page()
    sign_in_staff(page, f"{server.base_url}/editor", username="rita", heading="Guider og oversettelser")
    page.get_by_role("tab", name="Rediger").click()
    wait_for_app(page)
    choose(page, "edit-guide", guide)
    choose(page, "edit-lang", language)
    return context, page


def editor_field(page, name: str):  # type: ignore[no-untyped-def]
    """An editor field by name; its widget key is edit<generation>-<name>."""
    return page.locator(
        f"[class*='st-key-edit'][class*='-{name}'] input, [class*='st-key-edit'][class*='-{name}'] textarea"
    ).first


NEW_TEXT = "افتح «Innstillinger» في هاتفك. ابحث عن العجلة الرمادية."


def test_edit_arabic_preview_publish_and_see_it_on_the_kiosk(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    editor_context, editor = _open_editor(browser, server, "Koble til bibliotekets", "Arabisk")
    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1600})
    try:
        box = editor_field(editor, "s0-text-ar")
        expect(box).to_have_css("direction", "rtl")  # typed right to left
        expect(editor_field(editor, "service-url")).to_have_css("direction", "ltr")
        box.fill(NEW_TEXT)
        box.press("Control+Enter")
        wait_for_app(editor)
        choose(editor, "preview-lang", "العربية")
        preview = editor.locator(".st-key-kiosk-preview-rtl")
        preview.get_by_text("ابحث عن العجلة الرمادية").wait_for(timeout=10_000)
        assert preview.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert preview.locator("h3").first.evaluate("e => getComputedStyle(e).textAlign") == "start"
        screenshot(editor, "editor-preview-arabic")
        click_key(editor, "save-publish")
        editor.get_by_text("Publisert som versjon").wait_for(timeout=10_000)

        kiosk = kiosk_context.new_page()
        kiosk.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(kiosk)
        click(kiosk, "العربية")
        click_key(kiosk, "tile-cat-library")
        click_key(kiosk, "tile-guide-library-wifi")
        click_key(kiosk, "begin")
        kiosk.get_by_text("ابحث عن العجلة الرمادية").wait_for(timeout=10_000)
    finally:
        editor_context.close()
        kiosk_context.close()


def test_typed_markup_never_runs_on_the_kiosk(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "English")
    hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>[x](javascript:window.__xss=3)'
    page.get_by_role("textbox").fill(hostile)
    page.keyboard.press("Enter")
    # Whether or not the fuzzy search finds something in these words, the answer names the query as text.
    page.get_by_text("for «<img src=x").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    expect(page.locator("img[onerror]")).to_have_count(0)
    expect(page.locator("a[href^='javascript']")).to_have_count(0)


def _type(page, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = editor_field(page, name)
    field.fill(text)
    field.press("Tab")
    wait_for_app(page)


def test_invalid_save_keeps_the_text_and_a_second_editor_is_stopped(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    first_context, first = _open_editor(browser, server, "Logge inn med BankID", "English")
    second_context, second = _open_editor(browser, server, "Logge inn med BankID", "English")
    try:
        _type(first, "title-en", "Sign in with BankID, step by step")
        _type(first, "s0-text-en", "")
        click_key(first, "save-draft")
        first.get_by_text("Ikke lagret. Teksten din er beholdt her").wait_for(timeout=10_000)
        assert editor_field(first, "title-en").input_value() == "Sign in with BankID, step by step"
        _type(first, "s0-text-en", "Find the button «Logg inn». Press it.")
        click_key(first, "save-draft")
        first.get_by_text("Lagret som utkast").wait_for(timeout=10_000)

        _type(second, "title-en", "Log on with BankID")
        click_key(second, "save-draft")
        second.get_by_text("someone else saved").wait_for(timeout=10_000)
        assert editor_field(second, "title-en").input_value() == "Log on with BankID"
        screenshot(second, "editor-conflict")
    finally:
        first_context.close()
        second_context.close()
