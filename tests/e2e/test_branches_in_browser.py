"""Two branches on one server: a kiosk in each, a staff tablet for each. Each tablet sees only its own floor."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

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

ALWAYS = ["--hours", "mon-sun=00:00-23:59"]


@pytest.fixture(scope="module")
def two_branches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("branches"))
    kiosk = [sys.executable, "-m", "kiosk"]
    for branch, name in (("hovedbiblioteket", "Hovedbiblioteket"), ("filial-nord", "Filial nord")):
        # Staff on both floors around the clock, so Call for help works whenever the test runs.
        subprocess.run([*kiosk, "branches", "add", branch, "--name", name, *ALWAYS], cwd=PROJECT_ROOT, env=server.env, check=True)
    # The shared fixture gave the demo kiosk its own hours; here it follows its branch.
    demo = ["kiosks", "add", "demo", "--name", "Demo kiosk", "--location", "1. etasje", "--branch", "hovedbiblioteket"]
    subprocess.run([*kiosk, *demo], cwd=PROJECT_ROOT, env=server.env, check=True, capture_output=True)
    # One person is on one floor: the north tablet is Nora's, not a second tablet of Kari's (whose presence
    # follows the branch her latest tablet shows).
    subprocess.run(
        [*kiosk, "users", "add", "nora", "--name", "Nora", "--role", "staff", "--password-stdin"],
        input=f"{STAFF_PASSWORD}\n".encode(),
        cwd=PROJECT_ROOT,
        env=server.env,
        check=True,
        capture_output=True,
    )
    yield server
    stop_server(process)


def _choose_branch(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("combobox", name="Filial", exact=True).click()
    page.get_by_role("option", name=name, exact=True).click()
    expect(page.get_by_role("combobox", name="Filial", exact=True)).to_have_value(name, timeout=30_000)
    wait_for_app(page)


def _call_for_help(page, base_url: str, kiosk_id: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/?kiosk={kiosk_id}")
    wait_for_app(page)
    click(page, "English")
    click_key(page, "help-call")
    page.get_by_text("Help is on the way").wait_for(timeout=15_000)


def test_each_tablet_sees_only_its_own_branchs_call(two_branches: Server, browser) -> None:  # type: ignore[no-untyped-def]
    contexts = [browser.new_context(viewport={"width": 1280, "height": 1400}) for _ in range(4)]
    try:
        main_tablet, north_tablet, main_kiosk, north_kiosk = (context.new_page() for context in contexts)
        for tablet, branch, username in ((main_tablet, "Hovedbiblioteket", "kari"), (north_tablet, "Filial nord", "nora")):
            sign_in_staff(tablet, two_branches.base_url, username=username)
            _choose_branch(tablet, branch)

        _call_for_help(main_kiosk, two_branches.base_url, "demo")
        _call_for_help(north_kiosk, two_branches.base_url, "demo-nord")

        cards = "[class*='st-key-call-']"
        expect(main_tablet.locator(cards)).to_have_count(1, timeout=15_000)
        expect(main_tablet.locator(cards)).to_contain_text("Demo kiosk")
        expect(north_tablet.locator(cards)).to_have_count(1, timeout=15_000)
        expect(north_tablet.locator(cards)).to_contain_text("Demokiosk nord")
        # Still one each a few refreshes later: the other branch's call never shows up.
        for _ in range(3):
            main_tablet.wait_for_timeout(1000)  # one queue refresh (REFRESH_SECONDS)
            expect(main_tablet.locator(cards)).to_have_count(1)
            expect(north_tablet.locator(cards)).to_have_count(1)
            expect(north_tablet.locator(cards)).not_to_contain_text("Demo kiosk ·")
        screenshot(north_tablet, "staff-branch-north")

        # The tablet remembers its branch after a reload, and may look at all branches.
        north_tablet.reload()
        expect(north_tablet.get_by_role("combobox", name="Filial", exact=True)).to_have_value("Filial nord", timeout=30_000)
        expect(north_tablet.locator(cards)).to_have_count(1, timeout=15_000)
        _choose_branch(north_tablet, "Alle filialer")
        expect(north_tablet.locator(cards)).to_have_count(2, timeout=15_000)
        expect(main_tablet.locator(cards)).to_have_count(1)
    finally:
        for context in contexts:
            context.close()


def test_the_page_language_keeps_the_branch_and_a_tablet_on_all_branches_stays_at_its_own(two_branches: Server, browser) -> None:  # type: ignore[no-untyped-def]
    nora_leaves = (
        "from kiosk.accounts.auth import list_users; from kiosk.floor.presence import Presence, set_presence;"
        "from kiosk.settings import get_settings; from kiosk.store import make_engine;"
        "engine = make_engine(get_settings().effective_database_url);"
        "set_presence(engine, next(u.id for u in list_users(engine) if u.username == 'nora'), Presence.AWAY)"
    )
    subprocess.run([sys.executable, "-c", nora_leaves], cwd=PROJECT_ROOT, env=two_branches.env, check=True)  # north is unstaffed
    contexts = [browser.new_context(viewport={"width": 1280, "height": 1400}) for _ in range(2)]
    try:
        tablet, north_kiosk = (context.new_page() for context in contexts)
        sign_in_staff(tablet, two_branches.base_url, username="kari")
        _choose_branch(tablet, "Hovedbiblioteket")
        tablet.get_by_label("Språk på sidene").click()
        tablet.get_by_role("option", name="Svenska").click()
        expect(tablet.get_by_role("heading", name="Hjälp på golvet")).to_be_visible(timeout=30_000)
        branch = tablet.get_by_role("combobox", name="Filial", exact=True)
        expect(branch).to_have_value("Hovedbiblioteket", timeout=15_000)
        tablet.reload()
        expect(tablet.get_by_role("heading", name="Hjälp på golvet")).to_be_visible(timeout=30_000)
        expect(branch).to_have_value("Hovedbiblioteket", timeout=15_000)

        # Looking at every branch's queue does not put Kari on the north floor: its kiosk stays honest.
        branch.click()
        tablet.get_by_role("option", name="Alla filialer", exact=True).click()
        expect(branch).to_have_value("Alla filialer", timeout=30_000)
        wait_for_app(tablet)
        north_kiosk.goto(f"{two_branches.base_url}/?kiosk=demo-nord")
        wait_for_app(north_kiosk)
        click(north_kiosk, "English")
        expect(north_kiosk.locator(".st-key-help-call button")).to_have_text(
            "Call for help – nobody is on the floor right now", timeout=15_000
        )
    finally:
        for context in contexts:
            context.close()


def test_a_fresh_sign_in_asks_which_branch_and_counts_on_no_floor_until_answered(two_branches: Server, browser) -> None:  # type: ignore[no-untyped-def]
    everyone_leaves = (
        "from kiosk.accounts.auth import list_users; from kiosk.floor.presence import Presence, set_presence;"
        "from kiosk.settings import get_settings; from kiosk.store import make_engine;"
        "engine = make_engine(get_settings().effective_database_url);"
        "[set_presence(engine, u.id, Presence.AWAY) for u in list_users(engine)]"
    )
    subprocess.run([sys.executable, "-c", everyone_leaves], cwd=PROJECT_ROOT, env=two_branches.env, check=True)
    subprocess.run(
        [sys.executable, "-m", "kiosk", "users", "add", "olav", "--name", "Olav", "--role", "staff", "--password-stdin"],
        input=f"{STAFF_PASSWORD}\n".encode(),
        cwd=PROJECT_ROOT,
        env=two_branches.env,
        check=True,
        capture_output=True,
    )
    contexts = [browser.new_context(viewport={"width": 1280, "height": 1400}) for _ in range(3)]
    try:
        tablet, north_kiosk, main_kiosk = (context.new_page() for context in contexts)
        sign_in_staff(tablet, two_branches.base_url, username="olav", branch=None)  # a new tablet: no branch remembered
        question = tablet.locator(".st-key-where-am-i")
        expect(question.get_by_role("heading", name="Hvilken filial er du på nå?")).to_be_visible(timeout=15_000)
        # Signed in, on the floor, but not yet said where: no kiosk promises Olav's help.
        nobody = "Call for help – nobody is on the floor right now"
        for kiosk, kiosk_id in ((north_kiosk, "demo-nord"), (main_kiosk, "demo")):
            kiosk.goto(f"{two_branches.base_url}/?kiosk={kiosk_id}")
            wait_for_app(kiosk)
            click(kiosk, "English")
            expect(kiosk.locator(".st-key-help-call button")).to_have_text(nobody, timeout=15_000)
        question.get_by_role("button", name="Filial nord", exact=True).click()
        expect(tablet.get_by_role("combobox", name="Filial", exact=True)).to_have_value("Filial nord", timeout=30_000)
        expect(question).to_have_count(0)
        # Now the north floor counts on him, and only the north floor.
        for kiosk, kiosk_id, said in ((north_kiosk, "demo-nord", "Call for help"), (main_kiosk, "demo", nobody)):
            kiosk.goto(f"{two_branches.base_url}/?kiosk={kiosk_id}")
            wait_for_app(kiosk)
            click(kiosk, "English")
            expect(kiosk.locator(".st-key-help-call button")).to_have_text(said, timeout=15_000)
    finally:
        for context in contexts:
            context.close()
