"""A visitor waiting for help when the server restarts keeps the call, the step and the staff's answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kiosk.floor.calls import active_call_for_visit
from kiosk.store import make_engine
from kiosk.ui.visitor.resume import COOKIE
from tests.e2e.conftest import _serve, click, click_key, sign_in_staff, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e


# The page was drawn by the process its live stream now comes from, which is not the one before (`before`).
REDRAWN = "(before) => { const l = window.__kioskLive; return !!(l && l.page && l.boot !== before && l.boot === l.page.boot); }"
BOOT = "() => window.__kioskLive && window.__kioskLive.boot"


def _engine(data_dir: Path):  # type: ignore[no-untyped-def]
    return make_engine(f"sqlite:///{data_dir / 'kiosk.db'}")


def test_a_waiting_visitor_keeps_the_call_across_a_restart(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """Both pages stay open across the restart, untouched: the browser shows the old process's page, whose
    fragments the new process does not know. Found: the kiosk never heard the accept, and a press inside a
    fragment (Jeg kommer, I no longer need help) did nothing, until a touch outside one redrew the page."""
    process, server = start_server(tmp_path)
    context = browser.new_context(viewport={"width": 1080, "height": 1600})
    tablet_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        kiosk = context.new_page()
        kiosk.goto(f"{server.base_url}/?kiosk=demo")
        wait_for_app(kiosk)
        click(kiosk, "English")
        click_key(kiosk, "tile-cat-library")
        click_key(kiosk, "tile-guide-library-wifi")
        click_key(kiosk, "begin")
        click_key(kiosk, "step-next")
        click_key(kiosk, "help-call")
        expect(kiosk.get_by_text("Help is on the way")).to_be_visible(timeout=15_000)
        visit_id = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
        tablet = tablet_context.new_page()
        sign_in_staff(tablet, server.base_url)
        expect(tablet.get_by_role("button", name="Jeg kommer")).to_have_count(1, timeout=15_000)

        boot_before = tablet.wait_for_function(BOOT, timeout=15_000).json_value()
        port = int(server.base_url.rsplit(":", 1)[1])
        stop_server(process)
        process, server = _serve(tmp_path, server.env, port=port)

        # The page reconnects by itself to a new session: the same call, the same step, in English.
        expect(kiosk.get_by_text("Help is on the way")).to_be_visible(timeout=30_000)
        expect(kiosk.locator(".kiosk-progress-label")).to_have_text("Step 2 of 5", timeout=15_000)
        engine = _engine(server.data_dir)
        call = active_call_for_visit(engine, visit_id)
        assert call is not None
        # The tablet's page is drawn again whole by the new process (a press in the seconds before would be
        # refused by it, as any press inside a part of a page it did not draw); nobody touched it.
        tablet.wait_for_function(REDRAWN, arg=boot_before, timeout=15_000)
        tablet.get_by_role("button", name="Jeg kommer").click()
        expect(kiosk.get_by_text("Kari is coming to you now.")).to_be_visible(timeout=15_000)
        click_key(kiosk, "help-cancel")
        expect(kiosk.locator(".st-key-help-call button:not([disabled])")).to_be_visible(timeout=15_000)
        assert active_call_for_visit(engine, visit_id) is None
        # The call is closed: the browser no longer holds the visit.
        held = f"document.cookie.split('; ').some(c => c.startsWith('{COOKIE}=') && c.length > {len(COOKIE) + 1})"
        kiosk.wait_for_function(f"!({held})")
    finally:
        context.close()
        tablet_context.close()
        stop_server(process)
