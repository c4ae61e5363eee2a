"""Floor staff in real browsers: the colleague who speaks the caller's language, the stuck steps on the
visitor's printable page, "away" making the kiosk honest, a booked time checked in on the tablet."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import (
    STAFF_PASSWORD,
    Server,
    click,
    click_key,
    screenshot,
    sign_in_staff,
    start_server,
    stop_server,
    wait_for_app,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    process, server = start_server(tmp_path)
    yield server
    stop_server(process)


def _kiosk_cli(server: Server, *args: str, password: bool = False) -> None:
    subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        input=f"{STAFF_PASSWORD}\n".encode() if password else None,
        cwd=PROJECT_ROOT,
        env=server.env,
        check=True,
        capture_output=True,
    )


def _open_guide(kiosk, base_url: str, language: str) -> None:  # type: ignore[no-untyped-def]
    kiosk.goto(f"{base_url}/?kiosk=demo")
    wait_for_app(kiosk)
    click(kiosk, language)
    click_key(kiosk, "tile-cat-library")
    click_key(kiosk, "tile-guide-library-wifi")
    click_key(kiosk, "begin")


def test_the_arabic_speaker_is_named_and_the_stuck_step_reaches_the_printout(fresh_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    _kiosk_cli(fresh_server, "users", "add", "amina", "--name", "Amina", "--role", "staff", "--password-stdin", password=True)
    _kiosk_cli(fresh_server, "users", "languages", "amina", "nb", "ar")
    staff_context = browser.new_context(viewport={"width": 1280, "height": 1400})
    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1600})
    try:
        staff = staff_context.new_page()
        sign_in_staff(staff, fresh_server.base_url, username="amina")
        kiosk = kiosk_context.new_page()
        _open_guide(kiosk, fresh_server.base_url, "العربية")
        click_key(kiosk, "help-call")

        card = staff.locator("[class*='st-key-call-'][class*='-is-new']")
        expect(card).to_contain_text("Snakker språket: Amina", timeout=15_000)
        screenshot(staff, "staff-speaker-named")
        staff.get_by_role("button", name="Jeg kommer").click()
        stuck = staff.locator("[class*='st-key-stuck-']")
        stuck.wait_for(timeout=15_000)
        stuck.locator("input").click()
        staff.get_by_role("option", name=re.compile(r"^1\. ")).click()
        staff.keyboard.press("Escape")
        staff.get_by_role("button", name="Ferdig").click()
        expect(staff.locator("[class*='st-key-call-']")).to_have_count(0, timeout=15_000)

        # The visitor reads on to the end: the QR there carries the call's random reference.
        for _ in range(5):
            click_key(kiosk, "step-next")
            if kiosk.locator(".kiosk-qr img").count():
                break
        qr = kiosk.locator(".kiosk-qr img").last
        address = qr.get_attribute("data-address") or ""
        assert "ref=" in address and "call" not in address
        printout = kiosk_context.new_page()
        printout.goto(address.replace("http://localhost", fresh_server.base_url))
        expect(printout.get_by_text("توقفت هنا في المرة السابقة", exact=False)).to_have_count(1, timeout=30_000)
        screenshot(printout, "printout-stuck-step-ar")
    finally:
        staff_context.close()
        kiosk_context.close()


def test_away_makes_the_kiosk_honest_and_a_booked_time_is_checked_in(fresh_server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    staff_context = browser.new_context(viewport={"width": 1280, "height": 1400})
    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1600})
    try:
        staff = staff_context.new_page()
        sign_in_staff(staff, fresh_server.base_url)
        staff.get_by_text("Borte", exact=True).click()
        wait_for_app(staff)

        kiosk = kiosk_context.new_page()
        _open_guide(kiosk, fresh_server.base_url, "English")
        button = kiosk.locator(".st-key-help-call button")
        expect(button).to_have_text(re.compile("nobody is on the floor right now"), timeout=15_000)
        click_key(kiosk, "help-call")
        expect(kiosk.get_by_text("Nobody from the staff is on the floor right now", exact=False)).to_be_visible()
        # The call still reaches the queue, for the first one back.
        expect(staff.locator("[class*='st-key-call-'][class*='-is-new']")).to_have_count(1, timeout=15_000)
        screenshot(kiosk, "kiosk-nobody-on-the-floor")

        click_key(kiosk, "booking-offer")
        kiosk.locator("[class*='st-key-booking-slot-'] button").first.click()
        slip = kiosk.locator(".st-key-booking-slip")
        expect(slip).to_contain_text("Your code:", timeout=15_000)
        expect(slip.locator("img")).to_have_count(1)
        code = re.search(r"Your code: ([A-Z2-9]{6})", slip.inner_text())
        assert code is not None
        screenshot(kiosk, "kiosk-booking-slip")
        # Booking frees the floor: the visitor comes back at the time, nobody walks over now.
        expect(staff.locator("[class*='st-key-call-']")).to_have_count(0, timeout=15_000)

        staff.reload()
        staff.get_by_role("heading", name="Hjelp på gulvet").wait_for(timeout=30_000)
        expect(staff.get_by_text(code.group(1))).to_be_visible(timeout=15_000)
        staff.get_by_label("Kode fra lappen").fill(code.group(1).lower())
        staff.get_by_role("button", name="Sjekk inn").first.click()
        expect(staff.get_by_text("Sjekket inn. Henvendelsen er din.")).to_be_visible(timeout=15_000)
        expect(staff.locator("[class*='st-key-call-'][class*='-is-accepted']")).to_contain_text("Kari er på vei", timeout=15_000)
        screenshot(staff, "staff-booking-checked-in")
    finally:
        staff_context.close()
        kiosk_context.close()


def test_a_staff_member_who_picks_swedish_gets_the_staff_page_in_swedish(fresh_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _kiosk_cli(fresh_server, "users", "add", "sara", "--name", "Sara", "--role", "staff", "--password-stdin", password=True)
    sign_in_staff(page, fresh_server.base_url, username="sara")
    page.get_by_label("Språk på sidene").click()
    page.get_by_role("option", name="Svenska").click()
    expect(page.get_by_role("heading", name="Hjälp på golvet")).to_be_visible(timeout=30_000)
    main = page.locator("[data-testid='stMain']")
    expect(main).to_contain_text("Är du på golvet?")
    expect(main).to_contain_text("Registrera ett ärende")
    # The choices whose labels changed keep their values (Streamlit would show a relabelled radio empty).
    expect(page.get_by_role("radio", name="På golvet")).to_be_checked()
    for norwegian in ("Hjelp på gulvet", "Ventende henvendelser", "Registrer en henvendelse", "Lyd ved nye henvendelser"):
        expect(main).not_to_contain_text(norwegian)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    screenshot(page, "staff-page-sv")
    page.reload()  # kept on the account, not in this browser
    expect(page.get_by_role("heading", name="Hjälp på golvet")).to_be_visible(timeout=30_000)
