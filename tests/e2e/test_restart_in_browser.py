"""A visitor waiting for help when the server restarts keeps the call, the step and the staff's answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from kiosk.floor.calls import accept, active_call_for_visit
from kiosk.store import make_engine
from kiosk.ui.visitor.resume import COOKIE
from tests.e2e.conftest import _serve, click, click_key, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.e2e


def _engine(data_dir: Path):  # type: ignore[no-untyped-def]
    return make_engine(f"sqlite:///{data_dir / 'kiosk.db'}")


@pytest.mark.xfail(
    reason="open in issue #23: after a server restart the live stream reconnects and delivers the accept's digest "
    "(window.__kioskLive shows it and the help status asks for its redraw), but the fragment is not re-run in the "
    "new session, so the visitor sees 'Kari is coming' only at the next touch; seen on this machine at 63bd797 too",
    strict=False,
)
def test_a_waiting_visitor_keeps_the_call_across_a_restart(tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    process, server = start_server(tmp_path)
    context = browser.new_context(viewport={"width": 1080, "height": 1600})
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

        port = int(server.base_url.rsplit(":", 1)[1])
        stop_server(process)
        process, server = _serve(tmp_path, server.env, port=port)

        # The page reconnects by itself to a new session: the same call, the same step, in English.
        expect(kiosk.get_by_text("Help is on the way")).to_be_visible(timeout=30_000)
        expect(kiosk.locator(".kiosk-progress-label")).to_have_text("Step 2 of 5", timeout=15_000)
        engine = _engine(server.data_dir)
        call = active_call_for_visit(engine, visit_id)
        assert call is not None
        with engine.connect() as conn:
            kari = conn.execute(text("SELECT id FROM users WHERE username = 'kari'")).scalar_one()
        accept(engine, call.id, kari)
        expect(kiosk.get_by_text("Kari is coming to you now.")).to_be_visible(timeout=15_000)
        click_key(kiosk, "help-cancel")
        expect(kiosk.locator(".st-key-help-call button:not([disabled])")).to_be_visible(timeout=15_000)
        assert active_call_for_visit(engine, visit_id) is None
        # The call is closed: the browser no longer holds the visit.
        held = f"document.cookie.split('; ').some(c => c.startsWith('{COOKIE}=') && c.length > {len(COOKIE) + 1})"
        kiosk.wait_for_function(f"!({held})")
    finally:
        context.close()
        stop_server(process)
