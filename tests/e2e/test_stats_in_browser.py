"""A service lead opens the statistics, filters by place, and downloads a CSV whose rows match the page."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from kiosk.settings import PROJECT_ROOT
from tests.e2e.conftest import STAFF_PASSWORD, Server, screenshot, sign_in_staff, start_server, stop_server, wait_for_script


@pytest.fixture(scope="module")
def lead_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    process, server = start_server(tmp_path_factory.mktemp("stats"))
    kiosk = [sys.executable, "-m", "kiosk"]
    subprocess.run(
        [*kiosk, "users", "add", "lena", "--name", "Lena", "--role", "lead", "--password-stdin"],
        input=f"{STAFF_PASSWORD}\n".encode(),
        cwd=PROJECT_ROOT,
        env=server.env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [*kiosk, "demo-data", "--events", "6000", "--days", "25"],
        cwd=PROJECT_ROOT,
        env=server.env,
        check=True,
        capture_output=True,
    )
    yield server
    stop_server(process)


def _table_rows(page, name: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = page.locator(f".st-key-stats-{name} table")
    header = [cell.strip() for cell in table.locator("thead th").all_inner_texts()]
    body = [[cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in table.locator("tbody tr").all()]
    return [header, *(row for row in body if row)]  # a row without cells is the table being redrawn, not data


def test_lead_filters_and_downloads_a_table(lead_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_staff(page, f"{lead_server.base_url}/stats", username="lena", heading="Statistikk")
    languages = page.locator(".st-key-stats-sprak")
    expect(languages.locator("table")).to_be_visible(timeout=30_000)
    wait_for_script(page)  # the first figures, whole
    everywhere = _table_rows(page, "sprak")
    before = languages.locator("table").inner_text()

    # Only the north branch.
    page.locator(".st-key-stats-branch").click()
    page.get_by_role("option", name="Filial nord").click()
    expect(page.get_by_role("combobox", name="Filial")).to_have_value("Filial nord", timeout=30_000)
    expect(languages.locator("table")).not_to_have_text(before, timeout=30_000)
    wait_for_script(page)
    # Under load the table may change first as it is redrawn and only then get the north branch's figures.
    north = _table_rows(page, "sprak")
    deadline = time.monotonic() + 30
    while north == everywhere and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        north = _table_rows(page, "sprak")
    assert north != everywhere, "the filter changed the figures"

    with page.expect_download() as download:
        languages.get_by_role("button", name="Last ned CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    # The table on screen shows what the CSV holds (retried: under load a redraw may still be on its way).
    assert len(rows) > 1 and rows != everywhere
    for label, *cells in rows[1:]:
        expect(languages.locator("tbody tr", has_text=label)).to_contain_text(cells, timeout=30_000)
    assert len(_table_rows(page, "sprak")) == len(rows)
    assert rows[0] == ["Språk", "Besøk"]
    screenshot(page, "stats-north")


ENGLISH_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")


def _week_labels(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The weekly chart's date labels as drawn."""
    labels = page.locator(".st-key-stats-henvendelser-uke svg .role-axis-label text")
    expect(labels.first).to_be_visible(timeout=30_000)
    return [text.strip() for text in labels.all_text_contents() if not text.strip().isdigit()]


def test_the_weekly_chart_writes_its_dates_in_the_readers_language(lead_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_staff(page, f"{lead_server.base_url}/stats", username="lena", heading="Statistikk")
    wait_for_script(page)
    dates = _week_labels(page)
    assert dates and not [label for label in dates if ENGLISH_DATE.search(label)], dates
    # Bokmål writes the day first, then the month as CLDR abbreviates it: "30. nov.", not Vega's "Mon 30".
    bokmal = re.compile(r"\d{1,2}\. (jan\.|feb\.|mars|apr\.|mai|juni|juli|aug\.|sep\.|okt\.|nov\.|des\.)")
    assert all(bokmal.fullmatch(label) for label in dates), dates


def test_a_swedish_reader_sees_the_statistics_and_the_recordings_tab_in_swedish(lead_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    """An administrator (lead and editor both) picks Swedish once; the statistics and the editor follow."""
    subprocess.run(
        [sys.executable, "-m", "kiosk", "users", "add", "svea", "--name", "Svea", "--role", "admin", "--password-stdin"],
        input=f"{STAFF_PASSWORD}\n".encode(),
        cwd=PROJECT_ROOT,
        env=lead_server.env,
        check=True,
        capture_output=True,
    )
    sign_in_staff(page, f"{lead_server.base_url}/stats", username="svea", heading="Statistikk")
    page.get_by_label("Språk på sidene").click()
    page.get_by_role("option", name="Svenska").click()
    expect(page.get_by_role("heading", name="Statistik", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("combobox", name="Filial")).to_have_value("Alla", timeout=30_000)  # relabelled, not stale
    by_topic = page.locator(".st-key-stats-henvendelser-kategori-kanal")
    expect(by_topic).to_contain_text("Ärenden efter tema och kanal", timeout=30_000)
    expect(by_topic.locator("table thead")).to_contain_text("Antal", timeout=30_000)
    wait_for_script(page)
    main = page.locator("[data-testid='stMain']")
    for norwegian in ("Henvendelser etter tema og kanal", "Uke som starter", "Last ned CSV", "Friksjonsrapport"):
        expect(main).not_to_contain_text(norwegian)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    dates = _week_labels(page)  # "30 nov.": Swedish writes no dot after the day
    assert dates and all(re.fullmatch(r"\d{1,2} [a-zåäö]+\.?", label) for label in dates), dates
    screenshot(page, "stats-sv")

    page.goto(f"{lead_server.base_url}/editor")
    expect(page.get_by_role("heading", name="Guider och översättningar")).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Inläsning").click()
    voices = page.locator("[data-testid='stMain']")
    expect(voices).to_contain_text("Läs in texter", timeout=30_000)
    expect(voices).to_contain_text("Vad vill du läsa in?")
    expect(voices).to_contain_text("Spela in i webbläsaren")
    for norwegian in ("Les inn tekster", "Hva vil du lese inn?", "Ta opp i nettleseren"):
        expect(voices).not_to_contain_text(norwegian)
    screenshot(page, "editor-recordings-sv")
