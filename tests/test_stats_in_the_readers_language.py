"""The statistics in the service lead's page language: table titles, column names, measures, weekdays, channels,
outcomes, steps and languages; the CSV is the table shown, "<5" and all, in every staff language."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import Engine

from kiosk.accounts.auth import Role
from kiosk.content.loader import load_content
from kiosk.floor.inquiries import shipped_inquiry_config
from kiosk.language.staff_texts import SHIPPED_DIR, STAFF_LANGUAGES, StaffText, load_catalogs
from kiosk.stats.friction import friction_report
from kiosk.stats.queries import StatsFilter
from kiosk.stats.tables import Table, build_tables
from kiosk.stats.vocabulary import COLUMNS, MEASURES
from tests.stats_fixtures import choose_period, seed_history
from tests.test_editor_pages_in_swedish import _as, bokmal_left, page_text

JANUARY = StatsFilter(start=date(2026, 1, 1), end=date(2026, 1, 31))
CATALOGS = load_catalogs(SHIPPED_DIR)
SWEDISH = StaffText(CATALOGS, "sv")


@pytest.fixture
def history(engine: Engine) -> Engine:
    seed_history(engine)
    return engine


@pytest.fixture
def library(content_dir):  # type: ignore[no-untyped-def]
    return load_content(content_dir)[0]


def swedish(engine: Engine, library) -> dict[str, Table]:  # type: ignore[no-untyped-def]
    return build_tables(engine, JANUARY, library, shipped_inquiry_config(), SWEDISH)


def test_every_column_measure_and_table_has_a_label_in_every_staff_language(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    names = list(swedish(history, library))
    keys = [f"stats.col.{c}" for c in COLUMNS] + [f"stats.measure.{m}" for m in MEASURES]
    keys += [f"stats.table.{n}" for n in names] + [f"stats.weekday.{d}" for d in range(7)]
    for code in STAFF_LANGUAGES:
        assert [k for k in keys if k not in CATALOGS[code]] == [], code


def test_a_swedish_lead_gets_swedish_tables_and_a_csv_equal_to_them(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    t = swedish(history, library)
    by_category = t["henvendelser-kategori-kanal"]
    assert by_category.title == "Ärenden efter tema och kanal"
    assert by_category.columns == ["Tema", "Kanal", "Antal"]
    assert by_category.csv().splitlines() == ["Tema,Kanal,Antal", "NAV,Kiosk,<5", "NAV,Telefon,<5"]
    assert t["hjelpeanrop"].columns == ["Mått", "Värde"]
    assert [row[0] for row in t["hjelpeanrop"].rows][:3] == ["Hjälpanrop", "Avslutade", "Avbrutna av besökaren"]
    assert t["utfall"].rows[0][0] == "Inte registrerat (besök, telefon)"
    assert {row[0] for row in t["henvendelser-ukedag-time"].rows} <= {"mån", "tis", "ons", "tor", "fre", "lör", "sön"}
    steps = [row[1] for row in t["fastlaste-steg"].rows]
    assert "Efter sista steget" in steps and "Steg 1 (open-page)" in steps
    assert [row[0] for row in t["sprak"].rows] == ["Norskt bokmål", "Arabiska", "Engelska"]
    for table in t.values():  # the page shows `shown()`, the CSV writes it: the same rows under the same labels
        assert list(csv.reader(io.StringIO(table.csv()))) == [table.columns, *[[str(c) for c in r] for r in table.shown()]]
        assert len(table.fields) == len(table.columns)
    # "<5" holds in Swedish as in bokmål: the same cells are masked.
    bokmal = build_tables(history, JANUARY, library, shipped_inquiry_config())
    for name, table in t.items():
        masked = [[cell == "<5" for cell in row] for row in table.shown()]
        assert masked == [[cell == "<5" for cell in row] for row in bokmal[name].shown()], name


def test_the_friction_report_in_swedish(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    nav = next(a for a in shipped_inquiry_config().agencies if a.id == "nav")
    rows = friction_report(history, library, nav, 2026, 1, "Europe/Oslo", SWEDISH)
    assert rows[0].step == "Efter sista steget"
    assert rows[0].no_answers == "<5"


@pytest.mark.parametrize(
    ("language", "words", "not_there"),
    [
        ("sv", ["Ärenden efter tema och kanal", "Vecka som börjar", "Ladda ner CSV", "Friktionsrapport"], "Uke som starter"),
        ("nb", ["Henvendelser etter tema og kanal", "Uke som starter", "Last ned CSV"], "Vecka som börjar"),
    ],
)
def test_the_statistics_page_in_the_leads_language(engine: Engine, language: str, words: list[str], not_there: str) -> None:
    seed_history(engine)
    at = _as(engine, Role.LEAD, language, "app_pages/stats.py")
    choose_period(at, date(2026, 1, 1), date(2026, 1, 31))
    assert not at.exception
    text = page_text(at) + "\n".join(button.label for button in at.get("download_button"))
    for expected in words:
        assert expected in text, expected
    assert not_there not in text
    if language == "sv":
        assert bokmal_left(text) == []
        weekly = next(t.value for t in at.table if "Vecka som börjar" in t.value.columns)
        assert weekly.values.tolist() == [["2026-01-12", "<5"]]
