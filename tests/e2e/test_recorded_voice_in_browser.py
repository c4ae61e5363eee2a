"""A Somali volunteer records a step in the editor (an uploaded clip); a Somali visitor then hears that step."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, click, click_key, screenshot, sign_in_staff, wait_for_app
from tests.e2e.test_editor_in_browser import choose
from tests.sound import tone

pytestmark = pytest.mark.e2e
GUIDE = "library-print-scan-copy"


def test_a_recorded_somali_step_is_read_aloud_on_the_kiosk(server: Server, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1600})
    editor_context = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        kiosk = kiosk_context.new_page()
        kiosk.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(kiosk)
        click(kiosk, "Soomaali")
        click_key(kiosk, "tile-cat-library")
        click_key(kiosk, f"tile-guide-{GUIDE}")
        # A library guide sends the visitor to the staff for today's details (KIOSK_ASK_STAFF_FOR_LOCAL_DETAILS).
        expect(kiosk.get_by_text("Hagahan wuxuu ku saabsan yahay maktabaddayada.", exact=False)).to_be_visible()
        click_key(kiosk, "begin")
        expect(kiosk.locator(f".st-key-speak-step-{GUIDE}-1")).to_have_count(0)  # no voice speaks Somali yet

        editor = editor_context.new_page()
        sign_in_staff(editor, f"{server.base_url}/editor", username="rita", heading="Guider og oversettelser")
        editor.get_by_role("tab", name="Innlesing").click()
        wait_for_app(editor)
        choose(editor, "rec-guide", "Skrive ut")
        choose(editor, "rec-slot", "Steg 1")
        clip = tmp_path / "steg-1.wav"
        clip.write_bytes(tone("wav", seconds=1.5, amplitude=0.05))
        editor.locator("[class*='st-key-rec-upload-so-'] input[type=file]").set_input_files(str(clip))
        wait_for_app(editor)
        click_key(editor, "rec-save")
        expect(editor.get_by_text("Kiosken leser nå denne teksten med opptaket")).to_be_visible(timeout=15_000)
        screenshot(editor, "editor-recording-somali")

        # The visitor's next screen shows Read aloud for the recorded step, and it plays.
        click_key(kiosk, "step-next")
        click_key(kiosk, "step-back")
        click_key(kiosk, f"speak-step-{GUIDE}-1")
        audio = kiosk.locator("audio").first
        expect(audio).to_be_attached(timeout=15_000)
        expect(kiosk.get_by_text("lama heli karo")).to_have_count(0)
        duration = audio.evaluate(
            "a => new Promise(r => a.readyState >= 1 ? r(a.duration) : a.addEventListener('loadedmetadata', () => r(a.duration)))"
        )
        assert abs(duration - 1.5) < 0.2, "the browser decoded the stored Opus clip"
        screenshot(kiosk, "kiosk-recorded-step-somali")
        click_key(kiosk, "step-next")
        expect(kiosk.locator(f".st-key-speak-step-{GUIDE}-2")).to_have_count(0)  # not recorded: no button
    finally:
        editor_context.close()
        kiosk_context.close()
