"""Languages: fallbacks, complete UI catalogs, which languages the start screen offers."""

from __future__ import annotations

from pathlib import Path

import yaml

from kiosk.content import load_content
from kiosk.language.texts import Translator, fallback_chain, missing_ui_keys, offered_languages, pick
from kiosk.settings import PROJECT_ROOT


def test_fallback_chain() -> None:
    assert fallback_chain("ar", "nb") == ["ar", "en", "nb"]
    assert fallback_chain("nn", "nb") == ["nn", "nb", "en"]
    assert fallback_chain("en", "nb") == ["en", "nb"]
    # Northern Sami readers in Norway read Norwegian before English.
    assert fallback_chain("se", "nb") == ["se", "nb", "en"]
    # So do Swedish readers (a staff notice in bokmål gets no English beside it for them either).
    assert fallback_chain("sv", "nb") == ["sv", "nb", "en"]


def test_pick_reports_fallbacks() -> None:
    texts = {"nb": "Hei", "en": "Hello"}
    assert pick(texts, "nb").is_fallback is False
    found = pick(texts, "so")
    assert (found.text, found.language, found.is_fallback) == ("Hello", "en", True)
    assert pick({}, "nb") is None


def test_every_shipped_language_has_complete_ui_texts() -> None:
    """Lists, per language, the UI keys that still need a translation."""
    library, _ = load_content(PROJECT_ROOT / "content")
    missing = {code: keys for code, keys in missing_ui_keys(library).items() if keys}
    report = "; ".join(
        f"{code}: {len(keys)} missing ({', '.join(keys[:5])}{' …' if len(keys) > 5 else ''})" for code, keys in missing.items()
    )
    assert missing == {}, f"UI texts missing per language: {report}"


def test_language_is_offered_only_with_complete_ui_texts(content_dir: Path) -> None:
    path = content_dir / "ui" / "pl.yaml"
    catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
    catalog.pop("nav.next")
    path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    library, _ = load_content(content_dir)
    assert missing_ui_keys(library)["pl"] == ["nav.next"]
    assert "pl" not in [lang.code for lang in offered_languages(library)]


def test_a_changed_placeholder_counts_as_missing(content_dir: Path) -> None:
    path = content_dir / "ui" / "sv.yaml"
    catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
    catalog["guide.step_of"] = "Steg {nummer} av {total}"
    path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    library, _ = load_content(content_dir)
    assert "guide.step_of" in missing_ui_keys(library)["sv"]


def test_translator_formats_and_falls_back() -> None:
    library, _ = load_content(PROJECT_ROOT / "content")
    t = Translator(library, "en")
    assert t("guide.step_of", current=3, total=7) == "Step 3 of 7"
    assert t("no.such.key") == "no.such.key"
