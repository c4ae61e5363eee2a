"""An editor creates a guide from nothing: the form, the fields to fill in, publishing, the kiosk."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk.accounts.auth import Role
from kiosk.authoring.guides import NewGuideRefused, new_guide
from kiosk.content.loader import load_content
from kiosk.store.kiosks import seed_demo
from tests.test_pages import field, kiosk_app, signed_in, texts


def _new_guide_form(engine: Engine):  # type: ignore[no-untyped-def]
    at = signed_in(engine, Role.EDITOR, "app_pages/editor.py")
    at.session_state["editor-tab"] = "Rediger"
    at.run()
    at.selectbox(key="edit-guide").select("__new__").run()
    return at


def test_an_editor_creates_fills_in_and_publishes_a_new_guide(engine: Engine) -> None:
    seed_demo(engine)
    at = _new_guide_form(engine)
    at.text_input[0].input("bestille-time-hos-tannlege")
    [category] = [box for box in at.selectbox if box.label == "Kategori"]  # the form's (the sidebar has the page language)
    category.select("health")
    at.text_input[1].input("Bestille time hos tannlegen")
    at.button[[b.label for b in at.button].index("Lag guiden")].click().run()
    assert not at.exception
    assert "Fyll ut guiden nedenfor" in texts(at)
    assert field(at, "text_input", "title-nb").value == "Bestille time hos tannlegen"  # something to fill in
    field(at, "text_area", "summary-nb").input("Slik bestiller du time hos tannlegen på nettet.").run()
    field(at, "text_area", "s0-text-nb").input("Åpne nettsiden til tannlegen.").run()
    at.button(key="save-publish").click().run()
    assert not at.exception
    assert any("Publisert som versjon 1" in s.value for s in at.success), texts(at)
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-nb").click().run()
    kiosk.button(key="tile-cat-health").click().run()
    assert any(b.key == "tile-guide-bestille-time-hos-tannlege" for b in kiosk.button)


@pytest.mark.parametrize("slug", ["../../etc/passwd", "Store Bokstaver", "", "a" * 81, "æøå"])
def test_a_short_name_that_is_not_a_safe_file_name_is_refused(content_dir: Path, slug: str) -> None:
    library, _ = load_content(content_dir)
    with pytest.raises(NewGuideRefused) as refused:
        new_guide(content_dir, library, slug, "health", "Tittel")
    assert refused.value.reason == "invalid"


def test_a_taken_short_name_is_refused(content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    with pytest.raises(NewGuideRefused) as refused:
        new_guide(content_dir, library, "library-wifi", "library", "Tittel")
    assert refused.value.reason == "taken"


def test_a_short_name_is_taken_by_a_broken_file_and_by_a_guide_the_kiosk_still_shows(content_dir: Path) -> None:
    """A file the loader cannot read is still someone's guide (a new one would overwrite it); a guide whose file
    has just gone is still on the kiosk until the next load."""
    (content_dir / "guides" / "half-written.yaml").write_text("slug: half-written\nsteps: [\n", encoding="utf-8")
    library, _ = load_content(content_dir)
    assert "half-written" not in library.guides
    (content_dir / "guides" / "library-wifi.yaml").unlink()
    for slug in ("half-written", "library-wifi"):
        with pytest.raises(NewGuideRefused) as refused:
            new_guide(content_dir, library, slug, "library", "Tittel")
        assert refused.value.reason == "taken", slug
