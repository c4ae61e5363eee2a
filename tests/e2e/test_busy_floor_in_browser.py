"""A busy floor in Chromium: five kiosks and two staff tablets on one server, and a visitor who waits quietly.

Nothing here waits a fixed time: each check waits for what a person would see.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from sqlalchemy import Engine

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.calls import CallStatus, open_calls
from kiosk.store import make_engine
from kiosk.store.kiosks import Kiosk, StaffedHours, save_kiosk
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

KIOSKS = 5
ALWAYS = StaffedHours(weekly={day: [("00:00", "23:59")] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})
CARDS = "[class*='st-key-call-'][class*='-is-']"


def _floor(server: Server) -> Engine:
    engine = make_engine(f"sqlite:///{server.data_dir / 'kiosk.db'}")
    for number in range(1, KIOSKS + 1):
        kiosk = Kiosk(id=f"k{number}", display_name=f"Kiosk {number}", location="Hovedbiblioteket", staffed_hours=ALWAYS)
        save_kiosk(engine, kiosk)
    add_user(engine, "ola", "Ola", Role.STAFF, STAFF_PASSWORD)
    return engine


def _card(staff, kiosk_number: int):  # type: ignore[no-untyped-def]
    return staff.locator(CARDS).filter(has_text=f"Kiosk {kiosk_number} ·")


def test_five_kiosks_call_at_once_and_two_tablets_share_the_work(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    engine = _floor(server)
    contexts = [browser.new_context(viewport={"width": 800, "height": 1000}) for _ in range(KIOSKS + 2)]
    try:
        kari, ola = (context.new_page() for context in contexts[:2])
        sign_in_staff(kari, server.base_url, "kari")
        sign_in_staff(ola, server.base_url, "ola")
        kiosks = [context.new_page() for context in contexts[2:]]
        for number, kiosk in enumerate(kiosks, start=1):
            kiosk.goto(f"{server.base_url}/?kiosk=k{number}")
        for kiosk in kiosks:
            wait_for_app(kiosk)
            click(kiosk, "English")
        for kiosk in kiosks:  # all at once: nobody waits for the previous press to settle
            kiosk.locator(".st-key-help-call button").click()
        for kiosk in kiosks:
            expect(kiosk.get_by_text("Help is on the way")).to_be_visible(timeout=20_000)
        assert len(open_calls(engine)) == KIOSKS
        for staff in (kari, ola):
            expect(staff.locator(CARDS)).to_have_count(KIOSKS, timeout=20_000)
            expect(staff.locator("[class*='st-key-call-'][class*='-is-new']")).to_have_count(KIOSKS)
        screenshot(kari, "staff-busy-floor")

        # Two staff accept different calls at the same moment.
        _card(kari, 1).get_by_role("button", name="Jeg kommer").click(no_wait_after=True)
        _card(ola, 2).get_by_role("button", name="Jeg kommer").click(no_wait_after=True)
        expect(kiosks[0].get_by_text("Kari is coming to you now.")).to_be_visible(timeout=20_000)
        expect(kiosks[1].get_by_text("Ola is coming to you now.")).to_be_visible(timeout=20_000)

        # The same call from both tablets: one wins, the other is told who, without an error page.
        # Both buttons are pressed as close together as a test can: when the first acceptance reaches the
        # other tablet before its press (a loaded machine), its card no longer offers the button, which is
        # the other right outcome; the database-level race itself is staged in tests/test_help.py.
        presses = [_card(staff, 3).get_by_role("button", name="Jeg kommer").first for staff in (kari, ola)]
        for press in presses:
            press.wait_for()
        for press in presses:
            try:
                press.click(no_wait_after=True, timeout=3_000)
            except PlaywrightTimeoutError:
                expect(press).to_have_count(0)
        [winner] = [call.accepted_by_name for call in open_calls(engine) if call.kiosk_id == "k3"] or [None]
        expect(kiosks[2].get_by_text("is coming to you now.")).to_be_visible(timeout=20_000)
        for staff in (kari, ola):
            expect(_card(staff, 3)).to_contain_text("er på vei", timeout=20_000)
            expect(staff.get_by_text("This app has encountered an error")).to_have_count(0)

        # A visitor cancels, a call is done: both disappear from both tablets.
        kiosks[3].get_by_role("button", name="I no longer need help").click()
        _card(kari, 1).get_by_role("button", name="Ferdig").click()
        for staff in (kari, ola):
            expect(staff.locator(CARDS)).to_have_count(KIOSKS - 2, timeout=20_000)
            expect(_card(staff, 1)).to_have_count(0)
            expect(_card(staff, 4)).to_have_count(0)
        expect(kiosks[0].get_by_text("Kari is coming to you now.")).to_have_count(0, timeout=20_000)
        statuses = {call.kiosk_id: call.status for call in open_calls(engine)}
        assert statuses == {"k2": CallStatus.ACCEPTED, "k3": CallStatus.ACCEPTED, "k5": CallStatus.OPEN}
        assert winner in (None, "Kari", "Ola")
    finally:
        for context in contexts:
            context.close()


@pytest.fixture(scope="module")
def patient_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A kiosk that gives up on an idle visitor after 5 + 3 s, and asks a waiting one after 10 s."""
    settings = {"KIOSK_IDLE_TIMEOUT_SECONDS": "5", "KIOSK_IDLE_COUNTDOWN_SECONDS": "3", "KIOSK_HELP_WAIT_CHECK_SECONDS": "10"}
    process, server = start_server(Path(tmp_path_factory.mktemp("patient")), settings)
    yield server
    stop_server(process)


def test_a_visitor_who_waits_quietly_keeps_the_call(patient_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{patient_server.data_dir / 'kiosk.db'}")
    page.goto(f"{patient_server.base_url}/?kiosk=demo")
    wait_for_app(page)
    click(page, "English")
    click_key(page, "tile-cat-library")
    click_key(page, "tile-guide-library-wifi")
    click_key(page, "begin")
    click_key(page, "help-call")
    expect(page.get_by_text("Help is on the way")).to_be_visible(timeout=15_000)
    [call] = open_calls(engine)

    # Well past the idle reset (8 s): no countdown, then the kiosk asks instead of wiping.
    question = page.get_by_role("alertdialog")
    expect(question).to_contain_text("Are you still waiting for help?", timeout=30_000)
    expect(page.get_by_text("starts over in")).to_have_count(0)
    assert [c.id for c in open_calls(engine)] == [call.id]
    screenshot(page, "kiosk-still-waiting")
    question.get_by_role("button", name="Yes, I am waiting").click()
    expect(question).to_have_count(0)
    expect(page.get_by_text("Help is on the way")).to_be_visible()

    expect(question).to_contain_text("Are you still waiting for help?", timeout=30_000)
    question.get_by_role("button", name="No, end my visit").click()
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible(timeout=15_000)
    assert open_calls(engine) == []
