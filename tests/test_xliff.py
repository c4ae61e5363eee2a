"""Translation exchange: an XLIFF round trip through an agency's hands, a changed source reported, hostile files refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from translate.storage import xliff

from kiosk.accounts.auth import Role, User, add_user, set_review_languages
from kiosk.authoring.guides import guide_path, publish_change, working_copy
from kiosk.authoring.xliff import MAX_XLIFF_BYTES, XliffRefused, export_xliff, import_xliff, read_xliff
from kiosk.content import load_content
from kiosk.content.status import TranslationState, translation_state

pytestmark = pytest.mark.both_databases
GUIDE = "library-wifi"  # English and Norwegian only: missing in Somali
TODAY = date(2026, 12, 2)


def _reviewer(engine: Engine, username: str, name: str, languages: list[str]) -> User:
    add_user(engine, username, name, Role.EDITOR, "correct horse battery")
    return set_review_languages(engine, username, languages)


def _agency_translates(exported: bytes, translate) -> bytes:  # type: ignore[no-untyped-def]
    """What an agency's tool does: read the file, fill in targets, write it back (its own serialisation)."""
    store = xliff.xlifffile.parsestring(exported)
    for unit in store.getunits():
        text = translate(unit.xmlelement.get("id"), unit.source)
        if text is not None:
            unit.target = text
    return bytes(store)


def _somali(key: str, source: str) -> str | None:
    return f"[so] {source}" if key.startswith(f"{GUIDE}/") else None


def test_round_trip_fills_a_missing_language_unreviewed(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    assert translation_state(library.guides[GUIDE], "so") is TranslationState.MISSING
    exported = export_xliff(library, content_dir, "so", only_needed=True)
    language, units = read_xliff(exported)
    keys = [key for key, *_ in units]
    assert language == "so"
    assert f"{GUIDE}/title" in keys and f"{GUIDE}/steps/open-settings/text" in keys
    assert "tax-return/title" not in keys, "complete and current in Somali: not needed"
    assert "log-in-with-bankid/title" in keys, "its source was corrected: the Somali text is outdated, so needed"

    report = import_xliff(
        engine, library, content_dir, _agency_translates(exported, _somali),
        reviewed=False, by="Byrå AS", author_id=None, today=TODAY, publish_now=True,
    )  # fmt: skip
    assert report.changed_source == [] and report.unknown == [] and report.invalid == {}
    assert report.applied[GUIDE] == len([k for k in keys if k.startswith(f"{GUIDE}/")])
    guide = load_content(content_dir)[0].guides[GUIDE]
    assert guide.title["so"] == f"[so] {guide.title['nb']}"
    assert guide.steps[0].text["so"] == f"[so] {guide.steps[0].text['nb']}"
    assert translation_state(guide, "so") is TranslationState.UNREVIEWED, "reviewed only when the importer says so"
    assert "so" not in guide.reviewed_by


def test_an_import_marked_reviewed_records_who_and_when(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    translated = _agency_translates(export_xliff(library, content_dir, "so"), _somali)
    amina = _reviewer(engine, "amina", "Amina Hassan", ["so"])
    report = import_xliff(
        engine, library, content_dir, translated, reviewed=True, by="Amina Hassan", author_id=None, today=TODAY, reviewer=amina
    )
    assert report.saved[GUIDE].state == "draft", "without publish_now the import is a draft for an editor to publish"
    data, _ = working_copy(engine, content_dir, GUIDE)
    assert data["review"]["so"] == "reviewed"
    assert data["reviewed_by"]["so"] == {"checked": "2026-12-02", "by": "Amina Hassan"}


def test_a_unit_whose_source_changed_since_the_export_is_reported_not_applied(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    translated = _agency_translates(export_xliff(library, content_dir, "so"), _somali)
    editor = add_user(engine, "rita", "Rita", Role.EDITOR, "correct horse battery")

    def rewrite_step(data):  # type: ignore[no-untyped-def]
        data["steps"][0]["text"]["nb"] = "Åpne «Innstillinger». Det er et tannhjul."

    publish_change(engine, GUIDE, rewrite_step, editor.id, library, content_dir)
    library, _ = load_content(content_dir)
    report = import_xliff(
        engine, library, content_dir, translated, reviewed=False, by="Byrå", author_id=None, today=TODAY, publish_now=True
    )
    first_step = library.guides[GUIDE].steps[0].id
    assert report.changed_source == [f"{GUIDE}/steps/{first_step}/text"]
    guide = load_content(content_dir)[0].guides[GUIDE]
    assert "so" not in guide.steps[0].text, "the old translation is not put on the new source"
    assert guide.title["so"].startswith("[so] "), "the other units are applied"
    assert "so" not in guide.translated_from, "incomplete: not marked as translated from the current source"


def test_a_hand_edited_file_without_notes_is_checked_against_its_source_text(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    source = library.guides[GUIDE].title["nb"]
    bare = (
        '<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="x" source-language="nb" target-language="so" datatype="plaintext"><body>'
        f'<trans-unit id="{GUIDE}/title"><source>{source}</source><target>Ku xidh wifi</target></trans-unit>'
        f'<trans-unit id="{GUIDE}/summary"><source>an old summary</source><target>x</target></trans-unit>'
        '<trans-unit id="no-such-guide/title"><source>x</source><target>y</target></trans-unit>'
        "</body></file></xliff>"
    ).encode()
    report = import_xliff(engine, library, content_dir, bare, reviewed=False, by="x", author_id=None, today=TODAY)
    assert report.applied == {GUIDE: 1}
    assert report.changed_source == [f"{GUIDE}/summary"] and report.unknown == ["no-such-guide/title"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<xliff version="1.2"><file target-language="so"><body><trans-unit id="t"><source>&b;</source></trans-unit>'
            b"</body></file></xliff>",
            "unsafe",
        ),
        (b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><xliff/>', "unsafe"),
        (b"<xliff><file", "unreadable"),
        (b"not xml at all", "unreadable"),
        (b" " * (MAX_XLIFF_BYTES + 1), "too_big"),
    ],
)
def test_hostile_files_are_refused_before_they_are_read(data: bytes, reason: str) -> None:
    with pytest.raises(XliffRefused) as refused:
        read_xliff(data)
    assert refused.value.reason == reason


def test_a_file_for_a_language_the_kiosk_does_not_have_is_refused(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    exported = export_xliff(library, content_dir, "so").replace(b'target-language="so"', b'target-language="xx"')
    with pytest.raises(XliffRefused) as refused:
        import_xliff(engine, library, content_dir, exported, reviewed=False, by="x", author_id=None, today=TODAY)
    assert refused.value.reason == "language"


def test_hostile_text_in_a_target_is_refused_for_that_guide_and_nothing_is_saved(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    before = guide_path(content_dir, GUIDE).read_text(encoding="utf-8")
    hostile = _agency_translates(
        export_xliff(library, content_dir, "so"),
        lambda key, source: "<script>alert(1)</script>" if key == f"{GUIDE}/title" else None,
    )
    reviewer = _reviewer(engine, "xx", "x", ["so"])
    report = import_xliff(
        engine, library, content_dir, hostile, reviewed=True, by="x", author_id=None, today=TODAY, reviewer=reviewer
    )
    assert GUIDE in report.invalid and "HTML" in report.invalid[GUIDE]
    assert report.saved == {}
    assert guide_path(content_dir, GUIDE).read_text(encoding="utf-8") == before


def test_the_command_line_round_trip(settings, engine: Engine, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kiosk.cli import main

    out = tmp_path / "so.xlf"
    assert main(["content", "xliff-export", "--language", "so", "--only-needed", "--out", str(out)]) == 0
    out.write_bytes(_agency_translates(out.read_bytes(), _somali))
    assert main(["content", "xliff-import", str(out), "--reviewed", "--publish"]) == 2  # vouched for by nobody
    _reviewer(engine, "layla", "Layla", ["ar"])
    assert main(["content", "xliff-import", str(out), "--reviewed", "--reviewer", "layla", "--publish"]) == 2
    assert "may not mark translations in 'so' reviewed" in capsys.readouterr().err
    _reviewer(engine, "amina", "Amina Hassan", ["so"])
    assert main(["content", "xliff-import", str(out), "--reviewed", "--reviewer", "amina", "--publish"]) == 0
    assert f"{GUIDE}: " in capsys.readouterr().out
    guide = load_content(settings.content_dir)[0].guides[GUIDE]
    assert translation_state(guide, "so") is TranslationState.REVIEWED and guide.reviewed_by["so"].by == "Amina Hassan"

    # The same file again, onto a source an editor has changed since: reported, exit 1.
    def rename(data):  # type: ignore[no-untyped-def]
        step = next(s for s in data["steps"] if "Wi-Fi" in s["text"]["nb"])
        step["text"]["nb"] = step["text"]["nb"].replace("«Wi-Fi»", "«WLAN»")

    publish_change(engine, GUIDE, rename, None, load_content(settings.content_dir)[0], settings.content_dir)
    assert main(["content", "xliff-import", str(out)]) == 1
    assert "the source text changed since the export" in capsys.readouterr().out
