"""Editors' saves: validation with the loader's schema, revisions, conflicts, publishing, reverting, packs."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
import yaml
from PIL import Image
from sqlalchemy import Engine

from kiosk.accounts.auth import Role, add_user
from kiosk.authoring.guides import (
    EditConflict,
    InvalidGuide,
    NoSuchRevision,
    RevisionState,
    diff,
    guide_path,
    publish,
    revert,
    revisions,
    save_draft,
    working_copy,
)
from kiosk.authoring.packs import MAX_PACK_FILES, ItemState, PackError, apply_pack, export_pack, inspect_pack
from kiosk.content import ContentSource, load_content
from kiosk.content.status import TranslationState, translation_state
from tests.small_content import copy_with_only

pytestmark = pytest.mark.both_databases  # every test here runs on SQLite and on PostgreSQL

SLUG = "library-wifi"


GUIDES_USED = ("library-wifi", "log-in-with-bankid", "bankid-on-mobile")  # the guides these tests edit or name


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the shipped content with only the guides used here, that a test may break."""
    return copy_with_only(tmp_path / "content", GUIDES_USED)


@pytest.fixture
def editor_id(engine: Engine) -> int:
    return add_user(engine, "redaktor", "Rita Redaktør", Role.EDITOR, "correct horse battery").id


def _library(content_dir: Path):  # type: ignore[no-untyped-def]
    return load_content(content_dir)[0]


def test_save_publish_and_the_kiosk_sees_it(engine: Engine, content_dir: Path, editor_id: int) -> None:
    source = ContentSource(content_dir, check_interval=0)
    data, base = working_copy(engine, content_dir, SLUG)
    assert base == 0
    data["steps"][0]["text"]["ar"] = "افتح «Innstillinger» في هاتفك الآن."
    draft = save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    assert (draft.number, draft.state, draft.author) == (1, RevisionState.DRAFT, "Rita Redaktør")
    # A draft is not on the kiosk.
    assert source.current().library.guides[SLUG].steps[0].text["ar"] != "افتح «Innstillinger» في هاتفك الآن."
    publish(engine, SLUG, 1, _library(content_dir), content_dir)
    assert source.current().library.guides[SLUG].steps[0].text["ar"] == "افتح «Innstillinger» في هاتفك الآن."
    assert revisions(engine, SLUG)[0].state is RevisionState.PUBLISHED


def test_publishing_one_guides_version_leaves_every_other_guides_versions(
    engine: Engine, content_dir: Path, editor_id: int
) -> None:
    """Guides before and after it with drafts whose numbers coincide and differ: a publish changes its own version only."""
    other = "log-in-with-bankid"  # sorts after library-wifi
    before = "bankid-on-mobile"  # sorts before it
    other_file = guide_path(content_dir, other).read_text(encoding="utf-8")
    data, base = working_copy(engine, content_dir, before)
    data["summary"]["nb"] = "Et utkast som venter."
    save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    for text in ("Første utkast.", "Andre utkast."):
        data, base = working_copy(engine, content_dir, other)
        data["summary"]["nb"] = text
        save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    data, base = working_copy(engine, content_dir, SLUG)
    data["summary"]["nb"] = "Koble til bibliotekets nett."
    save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    published = publish(engine, SLUG, 1, _library(content_dir), content_dir)
    assert (published.slug, published.number, published.state) == (SLUG, 1, RevisionState.PUBLISHED)
    # A version this guide does not have is refused, though a guide that sorts after it has one of that number.
    shown = guide_path(content_dir, SLUG).read_text(encoding="utf-8")
    with pytest.raises(NoSuchRevision, match="no version 2 of 'library-wifi'"):
        publish(engine, SLUG, 2, _library(content_dir), content_dir)
    assert guide_path(content_dir, SLUG).read_text(encoding="utf-8") == shown
    assert [(r.number, r.state) for r in revisions(engine, SLUG)] == [(1, RevisionState.PUBLISHED), (0, RevisionState.PUBLISHED)]
    assert [(r.number, r.state) for r in revisions(engine, other)] == [
        (2, RevisionState.DRAFT),
        (1, RevisionState.DRAFT),
        (0, RevisionState.PUBLISHED),
    ]
    assert guide_path(content_dir, other).read_text(encoding="utf-8") == other_file
    assert [(r.number, r.state) for r in revisions(engine, before)] == [(1, RevisionState.DRAFT), (0, RevisionState.PUBLISHED)]
    assert working_copy(engine, content_dir, other)[0]["summary"]["nb"] == "Andre utkast."
    publish(engine, other, 2, _library(content_dir), content_dir)
    assert [(r.number, r.state) for r in revisions(engine, other)][:2] == [(2, RevisionState.PUBLISHED), (1, RevisionState.DRAFT)]
    assert _library(content_dir).guides[other].summary["nb"] == "Andre utkast."
    assert _library(content_dir).guides[SLUG].summary["nb"] == "Koble til bibliotekets nett."


def test_an_invalid_save_is_refused_per_field_and_nothing_is_stored(engine: Engine, content_dir: Path, editor_id: int) -> None:
    data, base = working_copy(engine, content_dir, SLUG)
    data["steps"][1]["text"]["nb"] = ""
    data["category"] = "cooking"
    with pytest.raises(InvalidGuide) as refused:
        save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    fields = {(p.step, p.field) for p in refused.value.problems}
    assert ("find-wifi", "text.nb") in fields
    assert revisions(engine, SLUG) == []


def test_the_second_of_two_editors_is_told_and_nothing_is_overwritten(engine: Engine, content_dir: Path, editor_id: int) -> None:
    first, base = working_copy(engine, content_dir, SLUG)
    second, same_base = working_copy(engine, content_dir, SLUG)
    first["title"]["en"] = "Get online in the library"
    second["title"]["en"] = "Use the library's wireless network"
    save_draft(engine, first, base, editor_id, _library(content_dir), content_dir)
    # The editor is told which version came in between (the page shows this reason).
    with pytest.raises(EditConflict, match=r"someone else saved 'library-wifi' \(version 1\) after you opened version 0"):
        save_draft(engine, second, same_base, editor_id, _library(content_dir), content_dir)
    saved, shipped = revisions(engine, SLUG)  # the first save keeps the shipped text as version 0
    assert "Get online in the library" in saved.body and shipped.number == 0
    assert "Use the library's wireless network" not in saved.body + shipped.body


def test_history_diff_and_revert(engine: Engine, content_dir: Path, editor_id: int) -> None:
    lib = _library(content_dir)
    data, base = working_copy(engine, content_dir, SLUG)
    original_title = data["title"]["en"]
    data["title"]["en"] = "Wifi"
    save_draft(engine, data, base, editor_id, lib, content_dir)
    publish(engine, SLUG, 1, lib, content_dir)
    history = revisions(engine, SLUG)
    assert history[0].summary == "+1 −1 lines"
    published = guide_path(content_dir, SLUG).read_text(encoding="utf-8")
    changes = diff(yaml.safe_dump({"title": {"en": original_title}}), yaml.safe_dump({"title": {"en": "Wifi"}}), "v0", "v1")
    assert "-  en: Connect to the library's wifi" in changes and "+  en: Wifi" in changes
    assert "en: Wifi" in published
    data["title"]["en"] = original_title
    save_draft(engine, data, 1, editor_id, lib, content_dir)
    back = revert(engine, SLUG, 1, editor_id, lib, content_dir)
    assert back.number == 3 and "en: Wifi" in back.body
    for missing in (4, 9):  # a version after the newest (a stale form, a number typed into the request)
        with pytest.raises(NoSuchRevision, match=f"no version {missing} of 'library-wifi'"):
            revert(engine, SLUG, missing, editor_id, lib, content_dir)
    assert [r.number for r in revisions(engine, SLUG)] == [3, 2, 1, 0]


def test_a_saved_version_keeps_the_order_its_fields_were_written_in(engine: Engine, content_dir: Path, editor_id: int) -> None:
    """Editors who read or merge the files see the shipped order (short name first, steps last), not the alphabet's."""
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["en"] = "Wifi in the library"
    draft = save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    assert draft.body.startswith("slug: library-wifi\n")
    for text in (data["title"]["ar"], data["title"]["nb"]):  # Arabic, and Norwegian with å: as written, not as \u escapes
        assert f": {text}\n" in draft.body
    saved = yaml.safe_load(draft.body)
    assert list(saved) == list(data) and list(saved["steps"][0]) == list(data["steps"][0])
    assert list(saved) != sorted(saved)


def test_publishing_an_earlier_draft_leaves_the_later_one_a_draft(engine: Engine, content_dir: Path, editor_id: int) -> None:
    for summary in ("Første utkast.", "Andre utkast."):
        data, base = working_copy(engine, content_dir, SLUG)
        data["summary"]["nb"] = summary
        save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    publish(engine, SLUG, 1, _library(content_dir), content_dir)
    assert [(r.number, r.state) for r in revisions(engine, SLUG)] == [
        (2, RevisionState.DRAFT),
        (1, RevisionState.PUBLISHED),
        (0, RevisionState.PUBLISHED),
    ]
    assert _library(content_dir).guides[SLUG].summary["nb"] == "Første utkast."


def test_publishing_writes_atomically(engine: Engine, content_dir: Path, editor_id: int) -> None:
    data, base = working_copy(engine, content_dir, SLUG)
    save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    publish(engine, SLUG, 1, _library(content_dir), content_dir)
    leftovers = [p.name for p in (content_dir / "guides").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_a_publish_interrupted_halfway_leaves_the_published_guide(
    engine: Engine, content_dir: Path, editor_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = guide_path(content_dir, SLUG).read_bytes()
    data, base = working_copy(engine, content_dir, SLUG)
    data["steps"][0]["text"]["nb"] = "Åpne innstillingene på telefonen."
    save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)

    def power_cut(fd: int) -> None:  # the new text is half on its way to the disk
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("kiosk.files.os.fsync", power_cut)
    with pytest.raises(OSError, match="Input/output"):
        publish(engine, SLUG, 1, _library(content_dir), content_dir)
    assert guide_path(content_dir, SLUG).read_bytes() == before
    assert [p.name for p in (content_dir / "guides").iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("file", ["/etc/passwd.png", "/images/wifi.png", "images/../../secret.png"])
def test_a_step_image_outside_the_content_folder_is_refused(engine: Engine, content_dir: Path, editor_id: int, file: str) -> None:
    data, base = working_copy(engine, content_dir, SLUG)
    data["steps"][0]["image"] = {"file": file, "alt": {"nb": "Skjermbilde"}}
    with pytest.raises(InvalidGuide, match="must be a path inside the content folder"):
        save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)


def test_changed_source_makes_translations_outdated(content_dir: Path) -> None:
    library = _library(content_dir)
    guide = library.guides[SLUG]
    # A machine translation of today's source that nobody has checked yet (the shipped one may be meaning-checked).
    marked = guide.model_copy(update={"translated_from": {"ar": guide.source_fingerprint()}, "meaning_checked": {}})
    assert translation_state(marked, "ar") is TranslationState.UNREVIEWED
    changed_step = marked.steps[0].model_copy(update={"text": {**marked.steps[0].text, "nb": "Åpne innstillingene."}})
    changed = marked.model_copy(update={"steps": [changed_step, *marked.steps[1:]]})
    assert translation_state(changed, "ar") is TranslationState.OUTDATED
    assert translation_state(changed, "nb") is TranslationState.REVIEWED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<script>alert(1)</script>Trykk her.", "contains HTML"),
        ('Se bildet <img src=x onerror="alert(1)">', "contains HTML"),
        ("Trykk [her](javascript:alert(1)).", "contains the link 'javascript:"),
        ("Trykk. " * 400, "at most 1500"),
        ("x" * 1501, "is 1501 characters long"),
        # Closing tags and comments or doctypes are markup too.
        ("Trykk </b>her.", "contains HTML"),
        ("Trykk <!-- skjult --> her.", "contains HTML"),
        ("Trykk [her](vbscript:msgbox(1)).", "contains the link 'vbscript:"),
        ("Trykk [her](DATA:text/html,x).", "contains the link 'DATA:"),
        # Links by reference or entity, other schemes, addresses without one: only the web (and mail, phone).
        ("Trykk [her][r].\n\n[r]: data:text/html;base64,PGI+", "contains the link 'data:"),
        ("Trykk [her][r].\n\n- [r]: javascript:alert(1)", "contains the link 'javascript:"),
        ("Trykk [her](&#x6a;avascript:alert(1)).", "contains the link '&#x6a;avascript:"),
        ("Trykk [her](<javascript:alert(1)>).", "contains HTML"),
        ("Trykk [her](data:text/html;base64,PHNjcmlwdD4=).", "contains the link 'data:"),
        ("Trykk [her](file:///etc/passwd).", "contains the link 'file:"),
        ("Trykk [her](//evil.example/login).", "contains the link '//evil"),
        ("Trykk [her](\n  vbscript:x).", "contains the link"),
        # Pictures from elsewhere: tracking, or a fake screen; a step's picture goes in its image field.
        ("Se her: ![](https://evil.example/x.png)", "contains an image"),
        ("Se her: ![skjerm][s]\n\n[s]: https://evil.example/x.png", "contains an image"),
        # Text that reads other than it is stored: the phone number shows as 99 88 77 66 reversed.
        ("Ring \u202e66 77 88 99\u202c.", "U+202E"),
        ("Ring &#x202E;66 77 88 99.", "U+202E"),
        ("Ring \u2066+47 66 77 88 99\u2069.", "U+2066"),
        ("Trykk\u200b på\u2060 knappen\ufeff.", "U+200B"),
    ],
)
def test_unsafe_or_oversized_text_is_refused(engine: Engine, content_dir: Path, editor_id: int, text: str, message: str) -> None:
    data, base = working_copy(engine, content_dir, SLUG)
    data["steps"][0]["text"]["nb"] = text
    with pytest.raises(InvalidGuide, match=re.escape(message)):
        save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)


@pytest.mark.parametrize(
    "text",
    [
        'Trykk [her](https://www.nav.no/soknad "NAV") eller skriv til [oss](mailto:post@bibliotek.no).',
        "Ring [55 55 33 33](tel:+4755553333). Les [mer][nav].\n\n[nav]: https://www.nav.no",
        "می\u200cخواهم وارد شوم.",  # Persian: the zero-width non-joiner belongs to the word
        "Trykk på 👩\u200d💻 og «Neste».",  # an emoji joined with ZWJ
        "\u200fرقم الهاتف\u200e 55553333",  # right-to-left and left-to-right marks, in Arabic text (kiosk.content.bidi)
        "x" * 1500,  # the longest a step may be
    ],
)
def test_ordinary_links_and_script_joiners_pass(engine: Engine, content_dir: Path, editor_id: int, text: str) -> None:
    data, base = working_copy(engine, content_dir, SLUG)
    # A right-to-left mark belongs in right-to-left text only (refused in bokmål: tests/test_probes_bidi.py).
    data["steps"][0]["text"]["ar" if text.startswith("\u200f") else "nb"] = text
    save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)


def test_pack_round_trip_with_conflicts_needing_confirmation(content_dir: Path, tmp_path: Path) -> None:
    pack = export_pack(content_dir, [SLUG, "log-in-with-bankid"])
    names = set(zipfile.ZipFile(io.BytesIO(pack)).namelist())
    assert {"guides/library-wifi.yaml", "images/wifi-choose-network.svg", "manifest.json"} <= names

    # Another municipality: has the BankID guide with other text, not the wifi guide.
    other = tmp_path / "other"
    (other / "guides").mkdir(parents=True)
    (other / "images").mkdir()
    for name in ("languages.yaml", "categories.yaml"):
        (other / name).write_text((content_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    (other / "images" / "idporten-choose-bankid.svg").write_bytes(
        (content_dir / "images" / "idporten-choose-bankid.svg").read_bytes()
    )
    theirs = (
        (content_dir / "guides" / "log-in-with-bankid.yaml")
        .read_text(encoding="utf-8")
        .replace("Logge inn med BankID", "BankID-innlogging")
    )
    (other / "guides" / "log-in-with-bankid.yaml").write_text(theirs, encoding="utf-8")
    library = load_content(other)[0]

    report = inspect_pack(pack, library, other)
    states = {item.path: item.state for item in report.items}
    assert states["guides/library-wifi.yaml"] is ItemState.NEW
    assert states["guides/log-in-with-bankid.yaml"] is ItemState.CONFLICT
    assert states["images/idporten-choose-bankid.svg"] is ItemState.IDENTICAL

    written = apply_pack(pack, library, other, overwrite=set())
    assert "guides/library-wifi.yaml" in written and "guides/log-in-with-bankid.yaml" not in written
    assert "BankID-innlogging" in (other / "guides" / "log-in-with-bankid.yaml").read_text(encoding="utf-8")
    apply_pack(pack, library, other, overwrite={"guides/log-in-with-bankid.yaml"})
    assert "BankID-innlogging" not in (other / "guides" / "log-in-with-bankid.yaml").read_text(encoding="utf-8")
    assert load_content(other)[1] == []


def test_a_hostile_pack_is_refused(content_dir: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as pack:
        pack.writestr("../../etc/evil.yaml", "x")
    report = inspect_pack(buffer.getvalue(), _library(content_dir), content_dir)
    assert report.errors and not report.importable
    with pytest.raises(PackError):
        apply_pack(buffer.getvalue(), _library(content_dir), content_dir, set())
    assert inspect_pack(b"not a zip", _library(content_dir), content_dir).errors == [
        "the file is not a content pack (not a zip archive)"
    ]


def test_an_invalid_guide_in_a_pack_blocks_the_import(content_dir: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as pack:
        pack.writestr("guides/broken.yaml", "slug: broken\ncategory: nowhere\n")
    report = inspect_pack(buffer.getvalue(), _library(content_dir), content_dir)
    [item] = report.items
    assert item.state is ItemState.INVALID and item.problems
    assert not (content_dir / "guides" / "broken.yaml").exists()


# -- hostile packs: the same checks as uploads, a clear refusal for every kind of bad zip --------


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as pack:
        for name, payload in files.items():
            pack.writestr(name, payload)
    return buffer.getvalue()


def _patch_central_directory(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Rewrite one field of the first entry in the zip's central directory (where zipfile reads it from)."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + struct.pack(fmt, value) + data[at + struct.calcsize(fmt) :]


def _png(size: tuple[int, int] = (40, 30), fmt: str = "PNG", **save) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format=fmt, **save)
    return out.getvalue()


def _bomb_png(width: int, height: int) -> bytes:
    """A PNG header claiming width x height: all a checker reads before deciding."""
    body = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", len(body)) + b"IHDR" + body + struct.pack(">I", zlib.crc32(b"IHDR" + body))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"\x00\x00\x00\x00IEND\xaeB`\x82"


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("images/huge.png", _bomb_png(13000, 13000), "too many pixels"),
        ("images/strip.png", _bomb_png(1, 39_000_000), "too long and narrow"),
        ("images/page.png", b"<html><script>alert(1)</script></html>", "not an image"),
        ("images/x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "could run or load"),
    ],
)
def test_pack_images_get_the_upload_checks(content_dir: Path, name: str, payload: bytes, message: str) -> None:
    report = inspect_pack(_zip({name: payload}), _library(content_dir), content_dir)
    [item] = report.items
    assert item.state is ItemState.INVALID and not report.importable
    assert message in item.problems[0].message


def test_pack_images_are_written_re_encoded(content_dir: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker with a home address"
    photo = _png((2400, 1200), "JPEG", exif=exif.tobytes())
    written = apply_pack(_zip({"images/photo.jpg": photo}), _library(content_dir), content_dir, set())
    assert written == ["images/photo.jpg"]
    stored = (content_dir / "images" / "photo.jpg").read_bytes()
    assert b"home address" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (1200, 600)


def _damaged(kind: str) -> bytes:
    pack = _zip({"guides/library-wifi.yaml": b"slug: library-wifi\n" * 50})
    if kind == "lying size":
        return _patch_central_directory(pack, 24, "<I", 10)  # says 10 bytes, holds 950
    if kind == "encrypted":
        return _patch_central_directory(pack, 8, "<H", 0x1)
    if kind == "unknown compression":
        return _patch_central_directory(pack, 10, "<H", 99)
    if kind == "bad deflate data":
        at = 30 + len("guides/library-wifi.yaml")  # the compressed data follows the local header and the name
        return pack[:at] + b"\xff" * 20 + pack[at + 20 :]
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("lying size", "damaged"),
        ("encrypted", "encrypted"),
        ("unknown compression", "compressed in a way"),
        ("bad deflate data", "damaged"),
    ],
)
def test_a_bad_zip_is_a_clear_refusal(content_dir: Path, kind: str, message: str) -> None:
    report = inspect_pack(_damaged(kind), _library(content_dir), content_dir)
    assert not report.importable
    [error] = report.errors
    assert message in error


def test_a_pack_with_too_many_files_is_refused(content_dir: Path) -> None:
    """60,000 empty files made the content watcher hold its lock for a second every two."""
    files = {f"images/empty-{n}.png": b"" for n in range(MAX_PACK_FILES + 1)}
    report = inspect_pack(_zip(files, zipfile.ZIP_STORED), _library(content_dir), content_dir)
    assert report.errors == [f"the pack has {MAX_PACK_FILES + 1} files; at most {MAX_PACK_FILES} are allowed"]


_RUN_INSPECTION = """
import sys
from pathlib import Path
from kiosk.content import load_content
from kiosk.authoring.packs import inspect_pack
content_dir = Path(sys.argv[1])
report = inspect_pack(Path(sys.argv[2]).read_bytes(), load_content(content_dir)[0], content_dir)
for item in report.items:
    print(item.state.value, *(p.message for p in item.problems))
"""


def test_a_deeply_nested_guide_in_a_pack_is_refused_and_the_server_lives(content_dir: Path, tmp_path: Path) -> None:
    """The inspection used to overflow libyaml's C stack: a segfault. In a subprocess, so a crash shows as one."""
    (tmp_path / "deep.zip").write_bytes(_zip({"guides/deep.yaml": b"[" * 200_000}))
    args = [sys.executable, "-c", _RUN_INSPECTION, str(content_dir), str(tmp_path / "deep.zip")]
    run = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, f"the inspection died (exit {run.returncode}): {run.stderr[-500:]}"
    assert run.stdout.startswith("invalid unreadable: the data is nested more than")


# -- rules of the working copy, without a browser --------------------------------------------------


def test_a_new_step_gets_an_id_no_step_of_the_guide_has(content_dir: Path) -> None:
    from kiosk.authoring.guides import add_step

    data = {"steps": [{"id": "step-1"}, {"id": "step-3"}]}  # step-2 was removed
    assert add_step(data, "nb") == "step-4", "the third position's id is taken by a step moved there"
    assert data["steps"][-1] == {"id": "step-4", "text": {"nb": ""}}
    data = {"steps": [{"id": "open-settings"}, {"id": "step-3"}, {"id": "step-4"}]}
    assert add_step(data, "ar") == "step-5"
    assert add_step(data, "ar") == "step-6"
    assert len({step["id"] for step in data["steps"]}) == len(data["steps"])
    data, _ = working_copy_of_file(content_dir)
    before = len(data["steps"])
    add_step(data, "nb")
    assert len(data["steps"]) == before + 1 and data["steps"][-1]["id"] == f"step-{before + 1}"


TODAY = date(2026, 11, 30)


def working_copy_of_file(content_dir: Path) -> tuple[dict, int]:  # type: ignore[type-arg]
    return yaml.safe_load(guide_path(content_dir, SLUG).read_text(encoding="utf-8")), 0


def test_saving_a_translation_records_the_source_it_was_made_from(content_dir: Path) -> None:
    from kiosk.authoring.guides import mark_translation
    from kiosk.content.models import Guide

    data, _ = working_copy_of_file(content_dir)
    fingerprint = Guide.model_validate(data).source_fingerprint()
    for lang in ("en", "ti", "uk"):  # languages whose codes sort before and after the source's (nb)
        mark_translation(data, lang, True, "Redaktør Ana", TODAY)
        assert (data["review"][lang], data["translated_from"][lang]) == ("reviewed", fingerprint), lang
    mark_translation(data, "ar", False, "Redaktør Ana", TODAY)
    assert (data["review"]["ar"], data["translated_from"]["ar"]) == ("unreviewed", fingerprint)
    mark_translation(data, "ar", True, "Redaktør Ana", TODAY)
    assert data["review"]["ar"] == "reviewed"
    assert translation_state(Guide.model_validate(data), "ar") is TranslationState.REVIEWED
    before = (dict(data["review"]), dict(data["translated_from"]))
    mark_translation(data, "nb", False, "Redaktør Ana", TODAY)  # the source language is never marked
    assert (data["review"], data["translated_from"]) == before
    data["steps"][0]["text"]["nb"] = "Åpne innstillingene."  # the source changes: the translation is outdated
    assert translation_state(Guide.model_validate(data), "ar") is TranslationState.OUTDATED
    mark_translation(data, "ar", True, "Redaktør Ana", TODAY)  # saved again: it matches today's source
    assert translation_state(Guide.model_validate(data), "ar") is TranslationState.REVIEWED


def test_an_editor_marking_a_translation_reviewed_on_save_records_who_and_when(content_dir: Path) -> None:
    from kiosk.authoring.guides import mark_translation
    from kiosk.content.models import Guide

    data, _ = working_copy_of_file(content_dir)
    mark_translation(data, "ar", True, "Redaktør <b>Ana</b>", TODAY)
    reviewed = Guide.model_validate(data).reviewed_by["ar"]
    assert (reviewed.by, reviewed.checked) == ("Redaktør <b>Ana</b>", TODAY)
    mark_translation(data, "ar", False, "Ola", date(2026, 12, 1))  # taken back: no one vouches for it any more
    assert "ar" not in Guide.model_validate(data).reviewed_by
    assert data["review"]["ar"] == "unreviewed"


def test_the_editor_and_the_review_matrix_record_a_review_by_the_same_rule(
    engine: Engine, content_dir: Path, editor_id: int
) -> None:
    from kiosk.accounts.auth import User
    from kiosk.authoring.guides import mark_translation
    from kiosk.authoring.review import mark_reviewed

    reviewer = User(id=editor_id, username="redaktor", display_name="Ana", role=Role.EDITOR, review_languages=("ar",))
    mark_reviewed(engine, SLUG, "ar", reviewer, TODAY, _library(content_dir), content_dir)
    by_matrix = yaml.safe_load(guide_path(content_dir, SLUG).read_text(encoding="utf-8"))
    data, _ = working_copy_of_file(content_dir)
    data.pop("reviewed_by")
    data["review"]["ar"] = "unreviewed"
    mark_translation(data, "ar", True, "Ana", TODAY)
    keys = ("review", "reviewed_by", "translated_from")
    assert {key: data[key]["ar"] for key in keys} == {key: by_matrix[key]["ar"] for key in keys}


def test_an_invalid_working_copy_gets_its_review_state_but_no_fingerprint(content_dir: Path) -> None:
    from kiosk.authoring.guides import mark_translation

    data, _ = working_copy_of_file(content_dir)
    data["steps"] = []  # a guide needs a step: it does not validate
    mark_translation(data, "ar", True, "Redaktør Ana", TODAY)
    assert data["review"]["ar"] == "reviewed"
    assert "ar" not in data.get("translated_from", {})


# -- uploads staged with the draft -----------------------------------------------------------------


def _solid(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


def _with_image(
    engine: Engine, content_dir: Path, data_dir: Path, editor_id: int, colour: tuple[int, int, int], step_index: int = 0
) -> tuple[str, int]:
    """An editor uploads a picture for a step (the first) and saves the draft: the picture's name and the draft's number."""
    from kiosk.authoring.guides import latest_number, stage_image

    data, _ = working_copy(engine, content_dir, SLUG)
    step = data["steps"][step_index]
    name = stage_image(data_dir, SLUG, step["id"], _solid(colour))
    step["image"] = {"file": name, "alt": {"nb": "Skjermbilde av innstillingene", "en": "Screenshot of the settings"}}
    draft = save_draft(engine, data, latest_number(engine, SLUG), editor_id, _library(content_dir), content_dir, data_dir)
    return name, draft.number


def _shown(source: ContentSource) -> str | None:
    image = source.current().library.guides[SLUG].steps[0].image
    return image.file if image else None


def test_a_re_upload_before_publish_leaves_the_published_image_and_publish_makes_it_live(
    engine: Engine, content_dir: Path, tmp_path: Path, editor_id: int
) -> None:
    data_dir = tmp_path / "var"
    source = ContentSource(content_dir, check_interval=0)
    first, number = _with_image(engine, content_dir, data_dir, editor_id, (200, 0, 0))
    assert not (content_dir / first).exists(), "a staged upload is not in the content folder"
    publish(engine, SLUG, number, _library(content_dir), content_dir, data_dir)
    assert _shown(source) == first
    published = (content_dir / first).read_bytes()
    assert Image.open(io.BytesIO(published)).getpixel((0, 0))[:3] == (200, 0, 0)

    second, number = _with_image(engine, content_dir, data_dir, editor_id, (0, 0, 200))  # re-upload, saved, not published
    assert second != first
    assert (content_dir / first).read_bytes() == published, "the published picture is untouched"
    assert _shown(source) == first, "the kiosk still shows the published picture"
    assert not (content_dir / second).exists()

    publish(engine, SLUG, number, _library(content_dir), content_dir, data_dir)
    assert _shown(source) == second
    assert Image.open(content_dir / second).getpixel((0, 0))[:3] == (0, 0, 200)
    assert list((data_dir / "staged-images" / SLUG).iterdir()) == [], "published uploads leave the staging area"


def test_an_upload_for_the_last_step_goes_live_after_steps_without_one(
    engine: Engine, content_dir: Path, tmp_path: Path, editor_id: int
) -> None:
    data_dir = tmp_path / "var"
    source = ContentSource(content_dir, check_interval=0)
    last = len(_library(content_dir).guides[SLUG].steps) - 1
    name, number = _with_image(engine, content_dir, data_dir, editor_id, (0, 120, 0), step_index=last)
    publish(engine, SLUG, number, _library(content_dir), content_dir, data_dir)
    assert Image.open(content_dir / name).getpixel((0, 0))[:3] == (0, 120, 0), "the picture the kiosk now names is there"
    image = source.current().library.guides[SLUG].steps[last].image
    assert image is not None and image.file == name


def test_one_upload_used_on_two_steps_is_published_once(
    engine: Engine, content_dir: Path, tmp_path: Path, editor_id: int
) -> None:
    from kiosk.authoring.guides import latest_number

    data_dir = tmp_path / "var"
    name, _ = _with_image(engine, content_dir, data_dir, editor_id, (90, 0, 90))
    data, base = working_copy(engine, content_dir, SLUG)
    data["steps"][1]["image"] = dict(data["steps"][0]["image"])  # the same screenshot fits the next step too
    draft = save_draft(engine, data, base, editor_id, _library(content_dir), content_dir, data_dir)
    assert publish(engine, SLUG, draft.number, _library(content_dir), content_dir, data_dir).state is RevisionState.PUBLISHED
    steps = _library(content_dir).guides[SLUG].steps
    assert [step.image.file if step.image else None for step in steps[:2]] == [name, name]
    assert (content_dir / name).is_file() and latest_number(engine, SLUG) == draft.number


def test_two_editors_staging_different_images_for_one_guide_keep_both(engine: Engine, content_dir: Path, tmp_path: Path) -> None:
    from kiosk.authoring.guides import stage_image, staged_image

    data_dir = tmp_path / "var"
    step = "open-settings"
    red = stage_image(data_dir, SLUG, step, _solid((200, 0, 0)))
    blue = stage_image(data_dir, SLUG, step, _solid((0, 0, 200)))  # the other editor, same step, same moment
    assert red != blue
    for name, colour in ((red, (200, 0, 0)), (blue, (0, 0, 200))):
        path = staged_image(data_dir, SLUG, name)
        assert path is not None and Image.open(path).getpixel((0, 0))[:3] == colour
    assert stage_image(data_dir, SLUG, step, _solid((200, 0, 0))) == red, "the same picture twice is one file"


@pytest.mark.parametrize(
    ("slug", "step"),
    [
        ("../../etc", "open-settings"),
        (SLUG, "../../../outside"),
        (SLUG, "a/b"),
        ("/tmp/x", "open-settings"),
        (SLUG, "step-1\x00.png"),
        (SLUG, ""),
        ("..", "."),
    ],
)
def test_a_hostile_name_cannot_write_outside_the_staging_area(tmp_path: Path, slug: str, step: str) -> None:
    from kiosk.authoring.guides import UnsafeImageName, stage_image

    data_dir = tmp_path / "var"
    before = {p for p in tmp_path.rglob("*")}
    with pytest.raises(UnsafeImageName):
        stage_image(data_dir, slug, step, _solid((1, 2, 3)))
    assert {p for p in tmp_path.rglob("*")} - before <= {data_dir / "staged-images"}, "nothing written"


@pytest.mark.parametrize("slug", ["../../etc", "/tmp/x", ".."])
def test_a_draft_with_a_hostile_short_name_is_refused_per_field_when_staged_images_count(
    engine: Engine, content_dir: Path, tmp_path: Path, editor_id: int, slug: str
) -> None:
    """The staging folder of such a name is never looked at: the name itself is the problem the editor is shown."""
    data, base = working_copy(engine, content_dir, SLUG)
    data["slug"] = slug
    with pytest.raises(InvalidGuide) as refused:
        save_draft(engine, data, base, editor_id, _library(content_dir), content_dir, tmp_path / "var")
    assert "slug" in {p.field for p in refused.value.problems}
    assert revisions(engine, slug) == []


def test_a_staged_upload_is_found_only_under_the_images_folder_that_publish_makes_live(tmp_path: Path) -> None:
    """The preview shows a staged picture only for the name the kiosk will use; any other folder is not it."""
    from kiosk.authoring.guides import stage_image, staged_image

    data_dir = tmp_path / "var"
    file = stage_image(data_dir, SLUG, "open-settings", _solid((10, 20, 30)))
    assert staged_image(data_dir, SLUG, file) is not None
    name = file.removeprefix("images/")
    for elsewhere in (f"other/{name}", f"images/sub/{name}", f"a/{name}", name):
        assert staged_image(data_dir, SLUG, elsewhere) is None, elsewhere


def test_a_link_planted_at_an_uploads_name_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    from kiosk.authoring.guides import UnsafeImageName, stage_image, staging_dir

    data_dir = tmp_path / "var"
    picture = _solid((40, 50, 60))
    name = stage_image(data_dir, SLUG, "open-settings", picture).removeprefix("images/")
    (staging_dir(data_dir, SLUG) / name).unlink()
    for folder in ("a", "z"):  # folders whose paths sort before and after the staging folder's
        outside = tmp_path / folder / "file-elsewhere.png"
        outside.parent.mkdir()
        outside.write_bytes(b"not yours")
        (staging_dir(data_dir, SLUG) / name).unlink(missing_ok=True)
        (staging_dir(data_dir, SLUG) / name).symlink_to(outside)
        with pytest.raises(UnsafeImageName):
            stage_image(data_dir, SLUG, "open-settings", picture)
        assert outside.read_bytes() == b"not yours"


def test_a_hostile_image_file_in_a_draft_is_not_looked_up_outside_the_staging_area(tmp_path: Path) -> None:
    from kiosk.authoring.guides import staged_image

    data_dir = tmp_path / "var"
    (tmp_path / "secret.png").write_bytes(_solid((9, 9, 9)))
    hostile = ("images/../../secret.png", "../secret.png", "/etc/passwd", "images/secret.png", "images/x-0123456789abcdef.png/..")
    for file in hostile:
        assert staged_image(data_dir, SLUG, file) is None


def test_a_restart_between_staging_and_publish_keeps_the_staged_upload(
    engine: Engine, content_dir: Path, tmp_path: Path, editor_id: int, settings
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.store import make_engine

    data_dir = tmp_path / "var"
    name, number = _with_image(engine, content_dir, data_dir, editor_id, (0, 150, 0))
    engine.dispose()
    restarted = make_engine(settings.effective_database_url)  # a new process: nothing kept in memory
    try:
        data, base = working_copy(restarted, content_dir, SLUG)
        assert (data["steps"][0]["image"]["file"], base) == (name, number)
        publish(restarted, SLUG, number, _library(content_dir), content_dir, data_dir)
    finally:
        restarted.dispose()
    assert Image.open(content_dir / name).getpixel((0, 0))[:3] == (0, 150, 0)


def test_discarding_the_draft_discards_the_staged_files_but_not_a_saved_drafts(
    engine: Engine, content_dir: Path, tmp_path: Path, editor_id: int
) -> None:
    from kiosk.authoring.guides import discard_staged, stage_image, staged_image

    data_dir = tmp_path / "var"
    saved, _ = _with_image(engine, content_dir, data_dir, editor_id, (0, 0, 200))  # the other editor saved a draft with it
    mine = stage_image(data_dir, SLUG, "open-settings", _solid((200, 0, 0)))  # uploaded, then thrown away
    assert discard_staged(engine, data_dir, SLUG, [mine, saved, "images/../../x.png"]) == 1
    assert staged_image(data_dir, SLUG, mine) is None
    assert staged_image(data_dir, SLUG, saved) is not None


def test_a_draft_whose_staged_upload_is_gone_is_refused_by_name(
    engine: Engine, content_dir: Path, tmp_path: Path, editor_id: int
) -> None:
    from kiosk.authoring.guides import stage_image, staged_image

    data_dir = tmp_path / "var"
    data, base = working_copy(engine, content_dir, SLUG)
    name = stage_image(data_dir, SLUG, data["steps"][0]["id"], _solid((5, 5, 5)))
    data["steps"][0]["image"] = {"file": name, "alt": {"nb": "Bilde", "en": "Picture"}}
    path = staged_image(data_dir, SLUG, name)
    assert path is not None
    path.unlink()
    with pytest.raises(InvalidGuide, match="does not exist"):
        save_draft(engine, data, base, editor_id, _library(content_dir), content_dir, data_dir)


# -- what the mutation run of guides.py showed untested ---------------------------------------------


def test_each_version_names_its_own_author_among_several_editors(engine: Engine, content_dir: Path, editor_id: int) -> None:
    per = add_user(engine, "per", "Per Pålsson", Role.EDITOR, "correct horse battery").id  # a higher id than Rita's
    lib = _library(content_dir)
    for author, title in ((editor_id, "Wifi"), (per, "Trådløst nett")):
        data, base = working_copy(engine, content_dir, SLUG)
        data["title"]["en"] = title
        save_draft(engine, data, base, author, lib, content_dir)
    assert [(r.number, r.author) for r in revisions(engine, SLUG)] == [(2, "Per Pålsson"), (1, "Rita Redaktør"), (0, None)]


def test_a_second_draft_is_summed_up_against_the_first_not_the_published_text(
    engine: Engine, content_dir: Path, editor_id: int
) -> None:
    lib = _library(content_dir)
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["en"] = "Wifi"
    save_draft(engine, data, base, editor_id, lib, content_dir)
    data, base = working_copy(engine, content_dir, SLUG)
    assert data["title"]["en"] == "Wifi"  # the editor goes on from the draft
    data["summary"]["en"] = "Get online."
    save_draft(engine, data, base, editor_id, lib, content_dir)
    assert [r.summary for r in revisions(engine, SLUG)[:2]] == ["+1 −1 lines", "+1 −1 lines"]


def test_the_latest_version_is_the_guides_own_among_busier_guides_before_and_after_it(
    engine: Engine, content_dir: Path, editor_id: int
) -> None:
    from kiosk.authoring.guides import latest_number

    for slug, drafts in (("bankid-on-mobile", 3), (SLUG, 1), ("log-in-with-bankid", 4)):
        for n in range(drafts):
            data, base = working_copy(engine, content_dir, slug)
            data["summary"]["nb"] = f"Utkast {n}."
            save_draft(engine, data, base, editor_id, _library(content_dir), content_dir)
    assert [latest_number(engine, slug) for slug in GUIDES_USED] == [1, 4, 3]
    back = revert(engine, SLUG, 0, editor_id, _library(content_dir), content_dir)  # on top of its own newest
    assert back.number == 2


def test_a_text_kept_by_another_server_at_the_same_moment_is_kept_once(engine: Engine, content_dir: Path) -> None:
    """Two servers apply a pack that changed the guide's file at the same moment: each keeps the text; one row results."""
    from sqlalchemy import event

    from kiosk.authoring.guides import KEPT_SUMMARY, keep_published_text
    from kiosk.store.schema import GuideRevisionRow

    other_went_first: list[int | None] = []
    calls = []

    def other_server_first(*_: object) -> None:
        calls.append(1)
        if len(calls) == 1:  # the other server's own insert comes through here too
            other_went_first.append(keep_published_text(engine, content_dir, SLUG))  # its own connection, committed

    event.listen(GuideRevisionRow, "before_insert", other_server_first)
    try:
        assert keep_published_text(engine, content_dir, SLUG) is None, "this one found it kept"
    finally:
        event.remove(GuideRevisionRow, "before_insert", other_server_first)
    assert other_went_first == [0]
    assert [(r.number, r.state, r.summary) for r in revisions(engine, SLUG)] == [(0, RevisionState.PUBLISHED, KEPT_SUMMARY)]


def test_a_file_changed_outside_the_editor_becomes_the_next_version(engine: Engine, content_dir: Path, editor_id: int) -> None:
    from kiosk.authoring.guides import keep_published_text

    lib = _library(content_dir)
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["en"] = "Wifi"
    save_draft(engine, data, base, editor_id, lib, content_dir)
    publish(engine, SLUG, 1, lib, content_dir)
    path = guide_path(content_dir, SLUG)
    text = path.read_text(encoding="utf-8")
    summary = yaml.safe_load(text)["summary"]["en"]
    path.write_text(text.replace(f"en: {summary}", "en: Get online at the library."), encoding="utf-8")  # a line v1 kept
    assert keep_published_text(engine, content_dir, SLUG) == 2
    assert revisions(engine, SLUG)[0].summary == "+1 −1 lines"  # against version 1, not the shipped text
    assert [(r.number, r.state) for r in revisions(engine, SLUG)][:2] == [
        (2, RevisionState.PUBLISHED),
        (1, RevisionState.PUBLISHED),
    ]


def test_removing_a_source_removes_that_one_and_an_index_out_of_range_removes_none() -> None:
    from kiosk.authoring.guides import remove_source

    data = {"sources": [{"url": "https://www.nav.no/a"}, {"url": "https://www.nav.no/b"}, {"url": "https://www.nav.no/c"}]}
    remove_source(data, 1)
    assert data["sources"] == [{"url": "https://www.nav.no/a"}, {"url": "https://www.nav.no/c"}]
    for out_of_range in (2, -1, 99):
        remove_source(data, out_of_range)
    assert len(data["sources"]) == 2
    remove_source(data, 0)
    remove_source(data, 0)
    assert "sources" not in data  # the last one gone: no empty list left in the guide


def test_a_save_on_a_version_newer_than_any_there_is_refused(engine: Engine, content_dir: Path, editor_id: int) -> None:
    # A form from before a restore of the database, or a number typed into the request: no gap, no jump.
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["en"] = "Wifi"
    with pytest.raises(EditConflict):
        save_draft(engine, data, base + 5, editor_id, _library(content_dir), content_dir)
    assert revisions(engine, SLUG) == []


def test_a_new_guides_first_draft_is_summed_up_as_all_added(engine: Engine, content_dir: Path, editor_id: int) -> None:
    from kiosk.authoring.guides import change_summary, new_guide

    lib = _library(content_dir)
    data = new_guide(content_dir, lib, "print-a-boarding-pass", lib.guides[SLUG].category, "Skriv ut boardingkort")
    data["summary"]["nb"] = "Skriv ut boardingkortet ditt på biblioteket."
    data["steps"][0]["text"]["nb"] = "Åpne e-posten fra flyselskapet."
    draft = save_draft(engine, data, 0, editor_id, lib, content_dir)
    lines = len(draft.body.splitlines())
    assert (draft.number, draft.summary) == (1, f"+{lines} −0 lines")
    assert change_summary("a\nb\n", "a\nc\nd\n") == "+2 −1 lines"
    assert change_summary("a\nb\n", "a\nb\n") == "no change"
    # A new guide has no version 0 (nothing was shipped): publishing "version 0" is refused and nothing goes live.
    with pytest.raises(NoSuchRevision, match="no version 0 of 'print-a-boarding-pass'"):
        publish(engine, "print-a-boarding-pass", 0, lib, content_dir)
    assert not guide_path(content_dir, "print-a-boarding-pass").exists()
    assert [(r.number, r.state) for r in revisions(engine, "print-a-boarding-pass")] == [(1, RevisionState.DRAFT)]


def test_a_save_is_numbered_and_summed_up_within_its_own_guide_among_busier_ones(
    engine: Engine, content_dir: Path, editor_id: int
) -> None:
    """Guides that sort before and after this one have more versions: its save is its own version 1, summed up
    against its own text."""
    lib = _library(content_dir)
    for other in ("bankid-on-mobile", "log-in-with-bankid"):
        for text in ("Første utkast.", "Andre utkast.", "Tredje utkast."):
            data, base = working_copy(engine, content_dir, other)
            data["summary"]["nb"] = text
            save_draft(engine, data, base, editor_id, lib, content_dir)
    data, base = working_copy(engine, content_dir, SLUG)
    data["title"]["en"] = "Wifi"
    draft = save_draft(engine, data, base, editor_id, lib, content_dir)
    assert (draft.number, draft.summary) == (1, "+1 −1 lines")
    assert [r.number for r in revisions(engine, SLUG)] == [1, 0]


def test_refused_sources_are_numbered_from_one_as_the_editor_counts_them() -> None:
    from kiosk.authoring.guides import source_problems

    data = {"sources": [{"url": "https://www.nav.no/"}, {"url": "javascript:alert(1)"}]}
    assert [number for number, _ in source_problems(data)] == [2]


def test_publishing_an_older_version_gives_back_that_version(engine: Engine, content_dir: Path, editor_id: int) -> None:
    lib = _library(content_dir)
    for title in ("Wifi", "Trådløst nett"):
        data, base = working_copy(engine, content_dir, SLUG)
        data["title"]["en"] = title
        save_draft(engine, data, base, editor_id, lib, content_dir)
    published = publish(engine, SLUG, 1, lib, content_dir)
    assert (published.number, published.state, yaml.safe_load(published.body)["title"]["en"]) == (
        1,
        RevisionState.PUBLISHED,
        "Wifi",
    )


def test_a_fact_is_published_on_top_of_a_published_version_and_refused_over_a_draft(
    engine: Engine, content_dir: Path, editor_id: int
) -> None:
    from kiosk.authoring.guides import DraftPending, publish_change

    def retitle(title: str):  # type: ignore[no-untyped-def]
        return lambda data: data["title"].__setitem__("en", title)

    lib = _library(content_dir)
    assert publish_change(engine, SLUG, retitle("Wifi"), editor_id, lib, content_dir).number == 1
    assert publish_change(engine, SLUG, retitle("Wifi here"), editor_id, lib, content_dir).number == 2  # over a published one
    data, base = working_copy(engine, content_dir, SLUG)
    data["summary"]["en"] = "A draft."
    save_draft(engine, data, base, editor_id, lib, content_dir)
    with pytest.raises(DraftPending, match=r"'library-wifi' has an unpublished draft \(version 3\)"):  # shown to the editor
        publish_change(engine, SLUG, retitle("Wifi again"), editor_id, lib, content_dir)
