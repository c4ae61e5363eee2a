"""The editor's checks tab in a real browser: a step where visitors get stuck is listed with its counts
(the picture in docs/images/editor-stuck-steps.png)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy.orm import Session

from kiosk.settings import PROJECT_ROOT
from kiosk.store import make_engine
from kiosk.store.schema import EventRow, HelpCallRow
from tests.e2e.conftest import Server, sign_in_staff, wait_for_app


def test_the_checks_tab_shows_where_visitors_get_stuck(server: Server, browser) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{server.data_dir / 'kiosk.db'}")
    now = datetime.now(UTC)
    with Session(engine) as s, s.begin():
        for n in range(6):
            s.add(
                EventRow(
                    at=now - timedelta(days=n),
                    kiosk_id="demo",
                    visit_id=f"{n:032x}",
                    kind="problem_pressed",
                    language="nb",
                    guide="log-in-with-bankid",
                    step="confirm",
                    value="bankid-locked",
                )
            )
        for n in range(2):
            s.add(
                HelpCallRow(
                    visit_id=f"{90 + n:032x}",
                    kiosk_id="demo",
                    language="ar",
                    guide="log-in-with-bankid",
                    step="confirm",
                    status="done",
                    created_at=now - timedelta(days=n + 1),
                )
            )
    engine.dispose()
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    sign_in_staff(page, f"{server.base_url}/editor", username="rita", heading="Guider og oversettelser")
    page.get_by_role("tab", name="Kontroll").click()
    wait_for_app(page)
    expect(page.get_by_text("Her står besøkende fast")).to_be_visible()
    expect(page.get_by_text("6 trykk på «Hvis det går galt» og 2 hjelpeanrop", exact=False)).to_be_visible()
    page.screenshot(path=str(PROJECT_ROOT / "docs" / "images" / "editor-stuck-steps.png"))
    page.get_by_role("button", name="Sett på").click()
    expect(page.get_by_text("Ingen steg skiller seg ut nå.")).to_be_visible()
    context.close()
