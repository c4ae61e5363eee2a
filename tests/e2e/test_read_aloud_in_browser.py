"""Read aloud in Chromium: the clip arrives as playing audio, from gTTS or, offline, from espeak-ng."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, click, click_key, start_server, stop_server, wait_for_app
from tests.gtts_server import FakeTts, fake_gtts

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def tts() -> Iterator[FakeTts]:
    with fake_gtts() as server:
        yield server


@pytest.fixture(scope="module")
def speaking_server(tmp_path_factory: pytest.TempPathFactory, tts: FakeTts) -> Iterator[Server]:
    process, srv = start_server(tmp_path_factory.mktemp("speech"), {"KIOSK_GTTS_ENDPOINT": tts.url})
    yield srv
    stop_server(process)


def test_a_step_is_read_aloud(speaking_server: Server, tts: FakeTts, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{speaking_server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "Norsk bokmål")
    click_key(page, "tile-cat-library")
    click_key(page, "tile-guide-library-wifi")
    click_key(page, "begin")
    click_key(page, "speak-step-library-wifi-1")
    audio = page.locator("[data-testid='stAudio'], audio").first
    audio.wait_for(state="attached", timeout=10_000)
    assert tts.requests[-1][:2] == ("Åpne «Innstillinger» på telefonen. Symbolet ligner ofte et grått tannhjul.", "no")
    # The screen never waited: Next still works while and after the clip plays.
    click_key(page, "step-next")
    page.get_by_text("Steg 2 av 5").wait_for(timeout=15_000)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_offline_falls_back_to_espeak(tmp_path, page) -> None:  # type: ignore[no-untyped-def]
    process, srv = start_server(tmp_path, {"KIOSK_GTTS_ENDPOINT": "http://127.0.0.1:9/offline"})
    try:
        page.goto(f"{srv.base_url}/?kiosk=demo")
        wait_for_app(page)
        click_key(page, "speak-welcome-nb")
        page.locator("[data-testid='stAudio'], audio").first.wait_for(state="attached", timeout=15_000)
        expect(page.get_by_text("ikke tilgjengelig")).to_have_count(0)
    finally:
        stop_server(process)
