"""Every text the kiosk has shown is a version: the shipped text the first time a guide is edited, and a text a
content pack or an XLIFF file brought in, so "back to the text before" always exists (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from translate.storage import xliff

from kiosk.authoring.guides import RevisionState, diff, guide_path, publish, revert, revisions, save_draft, working_copy
from kiosk.authoring.packs import apply_pack, export_pack
from kiosk.authoring.xliff import export_xliff, import_xliff
from kiosk.content import load_content

pytestmark = pytest.mark.both_databases

SLUG = "library-wifi"
SHIPPED_TITLE = "Koble til bibliotekets trådløse nett"


def _title_now(content_dir: Path) -> str:
    return load_content(content_dir)[0].guides[SLUG].title["nb"]


def test_the_first_edit_of_a_shipped_guide_can_be_undone(engine: Engine, content_dir: Path) -> None:
    library = load_content(content_dir)[0]
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["nb"] = "Trådløst nett på biblioteket"
    edit = save_draft(engine, data, base, None, library, content_dir)
    publish(engine, SLUG, edit.number, library, content_dir)
    history = revisions(engine, SLUG)
    assert [r.number for r in history] == [edit.number, edit.number - 1], "the shipped text is the version before"
    shipped = history[1]
    assert shipped.state is RevisionState.PUBLISHED and f"nb: {SHIPPED_TITLE}" in shipped.body
    changes = diff(shipped.body, history[0].body, "before", "after")
    assert f"-  nb: {SHIPPED_TITLE}" in changes and "+  nb: Trådløst nett på biblioteket" in changes

    back = revert(engine, SLUG, shipped.number, None, library, content_dir)
    publish(engine, SLUG, back.number, library, content_dir)
    assert _title_now(content_dir) == SHIPPED_TITLE


def test_a_second_edit_keeps_no_duplicate_of_the_shipped_text(engine: Engine, content_dir: Path) -> None:
    library = load_content(content_dir)[0]
    for title in ("Første", "Andre"):
        data, base = working_copy(engine, content_dir, SLUG)
        data["title"]["nb"] = title
        saved = save_draft(engine, data, base, None, library, content_dir)
        publish(engine, SLUG, saved.number, library, content_dir)
    assert len(revisions(engine, SLUG)) == 3  # shipped, first, second


def test_a_text_changed_on_disk_is_kept_before_the_next_save(engine: Engine, content_dir: Path) -> None:
    library = load_content(content_dir)[0]
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["nb"] = "Første"
    publish(engine, SLUG, save_draft(engine, data, base, None, library, content_dir).number, library, content_dir)
    path = guide_path(content_dir, SLUG)
    path.write_text(path.read_text(encoding="utf-8").replace("nb: Første", "nb: Rettet for hånd"), encoding="utf-8")
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["en"] = "Wifi"
    save_draft(engine, data, base, None, library, content_dir)
    bodies = [r.body for r in revisions(engine, SLUG)]
    assert any("nb: Rettet for hånd" in body and "en: Wifi" not in body for body in bodies)


def test_a_guide_imported_from_a_pack_keeps_the_text_before_and_its_own(engine: Engine, content_dir: Path) -> None:
    theirs = content_dir.parent / "theirs"
    theirs.mkdir()
    for name in ("languages.yaml", "categories.yaml"):
        (theirs / name).write_text((content_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    (theirs / "guides").mkdir()
    (theirs / "images").mkdir()
    for image in (content_dir / "images").iterdir():
        (theirs / "images" / image.name).write_bytes(image.read_bytes())
    text = guide_path(content_dir, SLUG).read_text(encoding="utf-8").replace(SHIPPED_TITLE, "Nettet i biblioteket")
    guide_path(theirs, SLUG).write_text(text, encoding="utf-8")
    pack = export_pack(theirs, [SLUG])

    library = load_content(content_dir)[0]
    apply_pack(pack, library, content_dir, {f"guides/{SLUG}.yaml"}, engine=engine, author_id=None)
    assert _title_now(content_dir) == "Nettet i biblioteket"
    history = revisions(engine, SLUG)
    assert [r.state for r in history] == [RevisionState.PUBLISHED, RevisionState.PUBLISHED]
    assert "Nettet i biblioteket" in history[0].body and SHIPPED_TITLE in history[1].body
    back = revert(engine, SLUG, history[1].number, None, load_content(content_dir)[0], content_dir)
    publish(engine, SLUG, back.number, load_content(content_dir)[0], content_dir)
    assert _title_now(content_dir) == SHIPPED_TITLE


def test_an_xliff_import_keeps_the_text_before_it(engine: Engine, content_dir: Path) -> None:
    library = load_content(content_dir)[0]
    exported = export_xliff(library, content_dir, "so", only_needed=True)
    store = xliff.xlifffile.parsestring(exported)
    for unit in store.getunits():
        if unit.xmlelement.get("id").startswith(f"{SLUG}/"):
            unit.target = f"[so] {unit.source}"
    import_xliff(
        engine, library, content_dir, bytes(store),
        reviewed=False, by="Byrå AS", author_id=None, today=date(2026, 12, 2), publish_now=True,
    )  # fmt: skip
    history = revisions(engine, SLUG)
    assert "[so] " in history[0].body
    assert history[-1].state is RevisionState.PUBLISHED and "so:" not in history[-1].body
