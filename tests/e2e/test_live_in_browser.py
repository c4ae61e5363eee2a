"""Live parts in the browser: an idle staff tablet and kiosk get no redraws, the waiting clock still counts,
and a tablet that lost its network for ten seconds catches up with the call made meanwhile."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import Server, click, click_key, sign_in_staff, wait_for_app

pytestmark = pytest.mark.e2e

CARD = "[class*='st-key-call-']"


def _call_from_another_process(server: Server, kiosk_id: str = "demo") -> None:
    code = (
        "from kiosk.settings import get_settings; from kiosk.store import make_engine;"
        "from kiosk.floor.calls import request_help; from kiosk.visit.journey import new_visit_id;"
        "engine = make_engine(get_settings().effective_database_url);"
        f"request_help(engine, visit_id=new_visit_id(), kiosk_id={kiosk_id!r}, language='ar', guide=None, step=None)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=server.env, check=True, capture_output=True)


def _frames_from_server(page) -> list[int]:  # type: ignore[no-untyped-def]
    """Counts every websocket message the server sends this page from now on (Streamlit's deltas)."""
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _frame: received.append(1)))
    return received


def test_an_idle_tablet_is_not_redrawn_and_its_clock_counts_in_the_browser(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 820, "height": 1180})
    try:
        staff = context.new_page()
        received = _frames_from_server(staff)
        sign_in_staff(staff, server.base_url)
        _call_from_another_process(server)
        card = staff.locator(CARD).last
        card.wait_for(timeout=15_000)
        clock = card.locator("[data-kiosk-since]")
        first = clock.inner_text()
        staff.wait_for_timeout(2500)  # let the redraw the call caused finish
        before = len(received)
        staff.wait_for_timeout(5000)
        assert len(received) == before, "nothing changed: the server sent this tablet nothing"
        assert clock.inner_text() != first, "the waiting time counts on in the browser"
    finally:
        context.close()


def test_a_tablet_that_lost_its_network_for_ten_seconds_catches_up(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 820, "height": 1180})
    try:
        staff = context.new_page()
        sign_in_staff(staff, server.base_url)
        wait_for_app(staff)
        cards_before = staff.locator(CARD).count()
        context.set_offline(True)
        _call_from_another_process(server)
        staff.wait_for_timeout(10_000)
        context.set_offline(False)
        from playwright.sync_api import expect

        expect(staff.locator(CARD)).to_have_count(cards_before + 1, timeout=30_000)
    finally:
        context.close()


def test_a_waiting_kiosk_hears_the_accept_without_a_touch_and_is_otherwise_left_alone(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1920})
    staff_context = browser.new_context(viewport={"width": 820, "height": 1180})
    try:
        kiosk = kiosk_context.new_page()
        kiosk.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(kiosk)
        click(kiosk, "English")
        click_key(kiosk, "help-call")
        expect(kiosk.get_by_text("Help is on the way")).to_be_visible(timeout=15_000)
        received = _frames_from_server(kiosk)
        kiosk.reload()
        wait_for_app(kiosk)
        kiosk.wait_for_timeout(2500)
        before = len(received)
        kiosk.wait_for_timeout(4000)
        assert len(received) == before, "a waiting kiosk is not redrawn while nothing changes"
        staff = staff_context.new_page()
        sign_in_staff(staff, server.base_url)
        staff.get_by_role("button", name="Jeg kommer").last.click()
        expect(kiosk.get_by_text("Kari is coming to you now.")).to_be_visible(timeout=15_000)
    finally:
        kiosk_context.close()
        staff_context.close()
