"""Probes of an agency's XLIFF: ids that look like paths or name other guides, and a target far too long."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from translate.storage import xliff

from kiosk.authoring.guides import guide_path
from kiosk.authoring.xliff import export_xliff, import_xliff
from kiosk.content import load_content

GUIDE = "library-wifi"
TODAY = date(2026, 12, 2)


def _translated(exported: bytes, translate) -> bytes:  # type: ignore[no-untyped-def]
    store = xliff.xlifffile.parsestring(exported)
    for unit in store.getunits():
        text = translate(unit.xmlelement.get("id"), unit.source)
        if text is not None:
            unit.target = text
    return bytes(store)


def _with_ids(exported: bytes, ids: list[str]) -> bytes:
    """The first units renamed: what a hand-edited file can say."""
    store = xliff.xlifffile.parsestring(exported)
    for unit, new_id in zip(store.getunits(), ids, strict=False):
        unit.xmlelement.set("id", new_id)
        unit.target = "tekst"
    return bytes(store)


def test_unit_ids_like_paths_are_reported_unknown_and_write_nothing(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    files_before = {p: p.read_bytes() for p in content_dir.rglob("*") if p.is_file()}
    ids = ["../../etc/passwd", f"{GUIDE}/../title", f"{GUIDE}/steps/../title", f"{GUIDE}/needs/99999999999999999999", "/title"]
    hostile = _with_ids(export_xliff(library, content_dir, "so"), ids)
    report = import_xliff(engine, library, content_dir, hostile, reviewed=False, by="x", author_id=None, today=TODAY)
    assert sorted(report.unknown) == sorted(ids) and report.saved == {}
    assert {p: p.read_bytes() for p in content_dir.rglob("*") if p.is_file()} == files_before


def test_a_target_far_longer_than_a_guide_may_be_is_refused_for_that_guide(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    before = guide_path(content_dir, GUIDE).read_text(encoding="utf-8")
    huge = _translated(
        export_xliff(library, content_dir, "so"),
        lambda key, source: "ereyga " * 100_000 if key == f"{GUIDE}/steps/open-settings/text" else None,
    )
    report = import_xliff(
        engine, library, content_dir, huge, reviewed=False, by="x", author_id=None, today=TODAY, publish_now=True
    )
    assert GUIDE in report.invalid and report.saved == {}
    assert guide_path(content_dir, GUIDE).read_text(encoding="utf-8") == before
    assert GUIDE in load_content(content_dir)[0].guides
