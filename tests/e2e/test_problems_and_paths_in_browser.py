"""In Chromium: 'if it goes wrong' and a secret step in Norwegian (through to the staff card), a life-event checklist in
Arabic (ticked, taken home by its QR address), each screen audited with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, axe_violations, click, click_key, screenshot, sign_in_staff, wait_for_app, wait_for_script

pytestmark = pytest.mark.e2e


def test_a_problem_and_a_secret_step_in_norwegian_reach_the_staff_card(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    staff_context = browser.new_context(viewport={"width": 1280, "height": 1400})
    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1600})
    try:
        kiosk = kiosk_context.new_page()
        kiosk.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(kiosk)
        click(kiosk, "Norsk bokmål")
        click_key(kiosk, "tile-cat-id-and-login")
        click_key(kiosk, "tile-guide-bankid-on-mobile")
        click_key(kiosk, "begin")
        for _ in range(5):
            click_key(kiosk, "step-next")
        expect(kiosk.get_by_text("Steg 6 av 9").first).to_be_visible()
        expect(kiosk.locator(".st-key-secret-step")).to_contain_text("Aldri si koden din til noen")
        problem = kiosk.get_by_role("button", name="Koden kom ikke", exact=True)
        expect(problem).to_have_attribute("aria-pressed", "false")
        assert kiosk.get_by_text("Vent to minutter").count() == 0
        click_key(kiosk, "problem-code-not-arrived")
        expect(kiosk.get_by_text("Vent to minutter", exact=False)).to_be_visible()
        expect(problem).to_have_attribute("aria-pressed", "true")
        assert axe_violations(kiosk) == []
        screenshot(kiosk, "kiosk-problem-nb")

        click_key(kiosk, "problem-still-stuck")
        expect(kiosk.get_by_text("Hjelpen er på vei", exact=False)).to_be_visible(timeout=15_000)

        staff = staff_context.new_page()
        sign_in_staff(staff, server.base_url)
        card = staff.locator("[class*='st-key-call-'][class*='-is-new']")
        expect(card).to_contain_text("Få BankID på mobilen, steg 6 av 9", timeout=15_000)
        expect(card).to_contain_text("Står fast på: Koden kom ikke")
        expect(card).to_contain_text("la den besøkende skrive koden selv, og se bort")
        screenshot(staff, "staff-card-problem-secret")
    finally:
        staff_context.close()
        kiosk_context.close()


def test_a_life_event_checklist_in_arabic_ticks_and_goes_home(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "العربية")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    click_key(page, "tile-path-new-in-norway")
    expect(page.get_by_role("heading", name="جديد في النرويج")).to_be_visible()
    expect(page.locator(".st-key-path-progress")).to_contain_text("أُنجز 0 من 4")
    assert axe_violations(page) == []
    click_key(page, "path-item-bankid-on-mobile")
    click_key(page, "begin")
    for _ in range(5):
        click_key(page, "step-next")
    expect(page.locator(".st-key-secret-step")).to_contain_text("لا تخبر أحدًا برمزك أبدًا")
    click_key(page, "problem-code-not-arrived")
    expect(page.get_by_text("انتظر دقيقتين", exact=False)).to_be_visible()
    screenshot(page, "kiosk-problem-ar")
    for _ in range(4):
        click_key(page, "step-next")
    click_key(page, "path-back")
    expect(page.locator(".st-key-path-progress")).to_contain_text("أُنجز 1 من 4")
    expect(page.locator(".st-key-path-checklist")).to_contain_text("تم")
    assert axe_violations(page) == []
    screenshot(page, "kiosk-checklist-ar")

    qr = page.locator(".kiosk-qr img").first
    address = qr.get_attribute("data-address") or ""
    assert "checklist=new-in-norway" in address and "done=bankid-on-mobile" in address and "lang=ar" in address
    page.goto(address)  # what the visitor's phone opens
    wait_for_script(page)
    expect(page.get_by_text("☑", exact=False).first).to_be_visible(timeout=15_000)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    expect(page.locator("[data-testid='stMainBlockContainer']")).to_contain_text("☐")
    screenshot(page, "checklist-print-ar")
