"""Several server processes on one database, and behind the tested nginx configuration (deploy/nginx.conf)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, click, click_key, screenshot, sign_in_staff, start_server, stop_server, wait_for_app
from tests.proxy import nginx_in_front_of

pytestmark = [pytest.mark.e2e, pytest.mark.both_databases]


@pytest.fixture
def two_servers(tmp_path: Path, database_url: str | None) -> Iterator[tuple[Server, Server]]:
    """Two `python -m kiosk serve` processes sharing one database (the SQLite file or PostgreSQL) and data dir."""
    first_env = {"KIOSK_DATABASE_URL": database_url} if database_url else {}
    first_process, first = start_server(tmp_path / "first", first_env)
    shared = {**first_env, "KIOSK_DATA_DIR": str(first.data_dir), "KIOSK_CONTENT_DIR": str(first.content_dir)}
    try:
        second_process, second = start_server(tmp_path / "second", shared, seed=False)
    except BaseException:
        stop_server(first_process)
        raise
    yield first, second
    stop_server(second_process)
    stop_server(first_process)


def _call_answered_across(browser, kiosk_url: str, staff_url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """A visitor calls at the kiosk, Kari says "I'm coming" on the staff page, the kiosk shows her name."""
    staff_context = browser.new_context(viewport={"width": 1280, "height": 1400})
    kiosk_context = browser.new_context(viewport={"width": 1080, "height": 1600})
    try:
        staff = staff_context.new_page()
        sign_in_staff(staff, staff_url)
        kiosk = kiosk_context.new_page()
        kiosk.goto(f"{kiosk_url}/?kiosk=demo")
        wait_for_app(kiosk)
        click(kiosk, "English")
        click_key(kiosk, "tile-cat-library")
        click_key(kiosk, "tile-guide-library-wifi")
        click_key(kiosk, "begin")
        click_key(kiosk, "help-call")
        kiosk.get_by_text("Help is on the way").wait_for(timeout=15_000)

        card = staff.locator("[class*='st-key-call-'][class*='-is-new']")
        card.wait_for(timeout=15_000)
        assert "Koble til bibliotekets trådløse nett, steg 1 av 5" in card.inner_text()
        staff.get_by_role("button", name="Jeg kommer").click()
        kiosk.get_by_text("Kari is coming to you now.").wait_for(timeout=15_000)
        screenshot(staff, f"{name}-staff")
        screenshot(kiosk, f"{name}-kiosk")
    finally:
        staff_context.close()
        kiosk_context.close()


def test_a_call_at_a_kiosk_on_one_server_is_answered_from_the_other(
    two_servers: tuple[Server, Server],
    browser,
    db_backend: str,  # type: ignore[no-untyped-def]
) -> None:
    kiosk_server, staff_server = two_servers
    _call_answered_across(browser, kiosk_server.base_url, staff_server.base_url, f"two-servers-{db_backend}")


@pytest.mark.single_database
def test_the_kiosk_and_the_staff_page_work_through_the_proxy(two_servers: tuple[Server, Server], browser) -> None:  # type: ignore[no-untyped-def]
    first, second = two_servers
    apps = [server.base_url.removeprefix("http://") for server in (first, second)]
    with nginx_in_front_of(*apps) as proxy:
        # The page renders only when the websocket went through: Streamlit draws nothing without it.
        _call_answered_across(browser, proxy, proxy, "proxy")
