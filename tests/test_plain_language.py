"""LIX: the plain-language measure `content check` reports for every guide's Norwegian text."""

from __future__ import annotations

from pathlib import Path

import yaml

from kiosk.content import Severity, load_content
from kiosk.content.plain_language import MAX_LIX, lix


def test_lix_of_known_texts() -> None:
    # 7 words, 2 sentences, no long words: 3.5 + 0.
    assert lix("Trykk på den. Nå er du ferdig.") == 3.5
    # 7 words, 2 sentences, 1 long word ("knappen"): 3.5 + 14.3.
    assert lix("Trykk på knappen. Nå er du ferdig.") == 17.8
    # 4 words, 1 sentence, 2 long words (>6 letters): 4 + 50.
    assert lix("Skattemeldingen kontrolleres årlig automatisk.") == 4 + 75.0
    assert lix("") == 0.0


def test_quoted_screen_words_do_not_count() -> None:
    assert lix("Trykk på «Innstillinger for personvernerklæring».") == lix("Trykk på X.")


def test_every_shipped_guide_is_plain_norwegian() -> None:
    library, _ = load_content(Path(__file__).parent.parent / "content")
    from kiosk.content.plain_language import guide_lix

    for slug, guide in library.guides.items():
        assert guide_lix(guide, "nb") <= MAX_LIX, slug


def test_hard_norwegian_is_a_warning(content_dir: Path) -> None:
    path = content_dir / "guides" / "library-wifi.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hard = (
        "Nettverkstilkoblingsprosedyren forutsetter autentiseringsinformasjon tilgjengeliggjort gjennom "
        "bibliotekadministrasjonens informasjonsskilt ved hovedinngangsområdet samt tilstrekkelig batterikapasitet."
    )
    for step in data["steps"]:
        step["text"]["nb"] = hard
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    library, problems = load_content(content_dir)
    assert "library-wifi" in library.guides
    [warning] = [p for p in problems if p.field == "nb"]
    assert warning.severity is Severity.WARNING and "LIX" in warning.message
