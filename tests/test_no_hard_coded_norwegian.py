"""No staff, editor or statistics text is written into kiosk/ui: every text a person reads comes from a
catalog (content/ui for the kiosk, content/staff_ui for the staff pages), so it exists in every language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kiosk.settings import PROJECT_ROOT

UI = PROJECT_ROOT / "kiosk" / "ui"
# Letters only Norwegian (and Danish) write, and everyday Norwegian words that no English or code string has.
NORWEGIAN = re.compile(
    r"[æøåÆØÅ]|\b(ikke|ikkje|og|eller|er|på|til|av|med|som|har|kan|skal|ingen|velg|lagre|lagret|ferdig|logg|"
    r"kategori|utfall|henvendelse\w*|kiosker|innhold|databasen|filial\w*|alle|språk|steg|tittel|oversett\w*|"
    r"publiser\w*|feil|advarsel\w*|brukernavn|passord|venter|kommer|hjelp|guider|tekst|bilde)\b",
    re.IGNORECASE,
)
# Field names of the statistics tables in Altair's shorthand ("Antall:Q") and ids ("henvendelser-uke", the
# name of a table and its CSV file): data, not text on screen.
ALTAIR_FIELD = re.compile(r"^[\w ]+:[QNOT]$|^[a-z0-9]+(-[a-z0-9]+)*$")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
    return found


def norwegian_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if ALTAIR_FIELD.match(text) or text.lstrip().startswith(("<style", "<script", "[class", "@media")):
                continue
            if NORWEGIAN.search(text):
                where = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path.name
                hits.append(f"{where}:{node.lineno}: {text[:60]!r}")
    return hits


# A screen whose texts have not moved to content/staff_ui yet waits here (the second test fails once a listed
# file has none left). Every screen is in the catalogs now: keep it empty.
NOT_YET_IN_THE_CATALOGS: tuple[str, ...] = ()


def test_no_norwegian_text_is_written_into_the_ui_code() -> None:
    paths = [path for path in sorted(UI.rglob("*.py")) if path.name not in NOT_YET_IN_THE_CATALOGS]
    hits = [hit for path in paths for hit in norwegian_strings(path)]
    assert hits == []


def test_the_list_of_untranslated_screens_only_shrinks() -> None:
    done = [name for name in NOT_YET_IN_THE_CATALOGS if not norwegian_strings(UI / name)]
    assert done == [], f"no Norwegian left in {done}: take them off NOT_YET_IN_THE_CATALOGS"


def test_the_scan_finds_a_norwegian_label(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""Doc: på gulvet."""\nimport streamlit as st\nst.button("Lagre utkast")\nst.x("Antall:Q")\n', "utf-8")
    assert [hit.split(": ", 1)[1] for hit in norwegian_strings(sample)] == ["'Lagre utkast'"]


# The statistics' tables and the friction report are built in the domain: their titles, column names, measures
# and step labels come from the staff catalogs too (kiosk/stats/vocabulary.py), so the scan covers them.
STATS_TEXT_MODULES = ("tables.py", "friction.py", "vocabulary.py")


# Refusals raised from the domain carry a message key (and its numbers); the UI says them from the catalogs.
DOMAIN_REFUSAL_MODULES = ("notices/board.py",)


def test_no_norwegian_text_is_written_into_the_domains_refusals() -> None:
    kiosk = PROJECT_ROOT / "kiosk"
    assert [hit for name in DOMAIN_REFUSAL_MODULES for hit in norwegian_strings(kiosk / name)] == []


def test_no_norwegian_text_is_written_into_the_statistics_tables() -> None:
    stats = PROJECT_ROOT / "kiosk" / "stats"
    assert [hit for name in STATS_TEXT_MODULES for hit in norwegian_strings(stats / name)] == []
