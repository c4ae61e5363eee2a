"""Life-event paths in content packs: exported with the guides chosen, imported report first, a conflict only
overwritten when confirmed, and a hostile path file refused like a hostile guide; and the paths in the editor's
translation matrix."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk.accounts.auth import Role
from kiosk.authoring.packs import ItemState, PackError, apply_pack, export_pack, inspect_pack
from kiosk.content import load_content
from kiosk.content.status import TranslationState, path_matrix
from tests.test_editor_pages_in_swedish import CATALOGS, _as, _tab
from tests.test_pages import demo  # noqa: F401  (demo is a fixture)

PATH = "losing-a-job"


def _other_library(content_dir: Path, tmp_path: Path, with_guides: bool = False) -> Path:
    """Another municipality: the same languages and categories, no paths, and the path's guides only if asked."""
    other = tmp_path / "other"
    (other / "guides").mkdir(parents=True)
    (other / "paths").mkdir()
    for name in ("languages.yaml", "categories.yaml"):
        shutil.copy(content_dir / name, other / name)
    shutil.copytree(content_dir / "images", other / "images")
    if with_guides:
        for guide in load_content(content_dir)[0].paths[PATH].guides:
            shutil.copy(content_dir / "guides" / f"{guide}.yaml", other / "guides" / f"{guide}.yaml")
    return other


def _zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for name, payload in files.items():
            pack.writestr(name, payload)
    return buffer.getvalue()


def test_a_path_and_its_guides_travel_in_a_pack_and_a_conflict_waits_for_confirmation(content_dir: Path, tmp_path: Path) -> None:
    library = load_content(content_dir)[0]
    guides = library.paths[PATH].guides
    pack = export_pack(content_dir, list(guides), paths=[PATH])
    assert f"paths/{PATH}.yaml" in zipfile.ZipFile(io.BytesIO(pack)).namelist()

    other = _other_library(content_dir, tmp_path)
    theirs = load_content(other)[0]
    report = inspect_pack(pack, theirs, other)
    states = {item.path: item.state for item in report.items}
    assert states[f"paths/{PATH}.yaml"] is ItemState.NEW and report.importable
    written = apply_pack(pack, theirs, other, overwrite=set())
    assert f"paths/{PATH}.yaml" in written
    loaded, problems = load_content(other)
    assert PATH in loaded.paths and [p for p in problems if p.severity.value == "error"] == []

    # They rename it locally; the same pack again is a conflict, kept until the editor confirms.
    mine = (other / "paths" / f"{PATH}.yaml").read_text("utf-8").replace("nb: Miste jobben", "nb: Mistet jobben")
    (other / "paths" / f"{PATH}.yaml").write_text(mine, "utf-8")
    again = inspect_pack(pack, loaded, other)
    assert f"paths/{PATH}.yaml" in again.conflicts
    assert f"paths/{PATH}.yaml" not in apply_pack(pack, loaded, other, overwrite=set())
    assert (other / "paths" / f"{PATH}.yaml").read_text("utf-8") == mine
    apply_pack(pack, loaded, other, overwrite={f"paths/{PATH}.yaml"})
    assert (other / "paths" / f"{PATH}.yaml").read_text("utf-8") == (content_dir / "paths" / f"{PATH}.yaml").read_text("utf-8")


def test_a_path_alone_imports_where_its_guides_already_are(content_dir: Path, tmp_path: Path) -> None:
    pack = export_pack(content_dir, [], paths=[PATH])
    other = _other_library(content_dir, tmp_path, with_guides=True)
    report = inspect_pack(pack, load_content(other)[0], other)
    assert [(i.path, i.state) for i in report.items] == [(f"paths/{PATH}.yaml", ItemState.NEW)]


def test_a_path_whose_guides_are_nowhere_is_refused(content_dir: Path, tmp_path: Path) -> None:
    pack = export_pack(content_dir, [], paths=[PATH])
    other = _other_library(content_dir, tmp_path)
    report = inspect_pack(pack, load_content(other)[0], other)
    (item,) = report.items
    assert item.state is ItemState.INVALID and not report.importable
    assert any("there is no guide 'register-as-job-seeker'" in p.message for p in item.problems)
    with pytest.raises(PackError):
        apply_pack(pack, load_content(other)[0], other, overwrite=set())
    assert not (other / "paths" / f"{PATH}.yaml").exists()


HOSTILE_TITLE = {
    "html": ("<script>alert(1)</script>", "contains HTML"),
    "link": ("[Klikk](javascript:alert(1))", "javascript"),
    "bidi": ("Jobb\u202eboj", "invisible control character"),
}


@pytest.mark.parametrize("kind", list(HOSTILE_TITLE))
def test_a_hostile_path_file_in_a_pack_is_refused_and_nothing_is_written(content_dir: Path, kind: str) -> None:
    title, message = HOSTILE_TITLE[kind]
    body = (
        "slug: evil\nicon: x\nsource_language: nb\n"
        f"title:\n  nb: {json.dumps(title)}\nsummary:\n  nb: Noe\nguides:\n- library-wifi\n- log-in-with-bankid\n"
    )
    pack = _zip({"paths/evil.yaml": body})
    library = load_content(content_dir)[0]
    report = inspect_pack(pack, library, content_dir)
    (item,) = report.items
    assert item.state is ItemState.INVALID, item
    assert any(message in p.message for p in item.problems), [p.message for p in item.problems]
    with pytest.raises(PackError):
        apply_pack(pack, library, content_dir, overwrite=set())
    assert not (content_dir / "paths" / "evil.yaml").exists()


@pytest.mark.parametrize(
    "files",
    [
        {"paths/../../evil.yaml": "slug: evil"},  # out of the content folder
        {"paths/Evil.yaml": "slug: Evil"},  # not a slug
        {"paths/evil.yml": "slug: evil"},
    ],
)
def test_a_path_entry_with_a_name_no_path_has_refuses_the_whole_pack(content_dir: Path, files: dict[str, str]) -> None:
    report = inspect_pack(_zip(files), load_content(content_dir)[0], content_dir)  # type: ignore[arg-type]
    assert report.errors and not report.importable


@pytest.mark.parametrize(
    "body",
    [
        "!!python/object/apply:os.system ['echo owned']",  # YAML that would run code in an unsafe loader
        "[" * 200_000,  # nested past libyaml's stack (the loader refuses it first)
        "slug: other-name\nicon: x\ntitle: {nb: A}\nsummary: {nb: B}\nguides: [library-wifi, log-in-with-bankid]\n",
        "slug: evil\nicon: x\ntitle: {nb: A}\nsummary: {nb: B}\nguides: [library-wifi, library-wifi]\n",
        b"\xff\xfe not utf-8",
    ],
)
def test_unreadable_or_invalid_path_files_are_reported_not_imported(content_dir: Path, body: str | bytes) -> None:
    report = inspect_pack(_zip({"paths/evil.yaml": body}), load_content(content_dir)[0], content_dir)
    assert [i.state for i in report.items] == [ItemState.INVALID] and not report.importable


def test_the_matrix_says_which_path_exists_in_which_language(content_dir: Path) -> None:
    library = load_content(content_dir)[0]
    matrix = path_matrix(library)
    assert set(matrix) == set(library.paths)
    assert matrix[PATH]["nb"] is TranslationState.REVIEWED
    missing = [code for code in library.languages if code not in library.paths[PATH].languages()]
    assert all(matrix[PATH][code] is TranslationState.MISSING for code in missing)
    assert all(matrix[PATH][code] is not TranslationState.MISSING for code in library.paths[PATH].languages())


@pytest.mark.parametrize(
    ("language", "heading", "column"), [("sv", "Livshändelser", "Livshändelse"), ("nb", "Livshendelser", "Livshendelse")]
)
def test_the_editors_overview_shows_the_paths_matrix(demo: Engine, language: str, heading: str, column: str) -> None:  # noqa: F811
    at = _tab(_as(demo, Role.EDITOR, language, "app_pages/editor.py"), language, "overview")
    assert not at.exception
    assert any(m.value.startswith(f"**{heading}") for m in at.markdown)
    frame = next(d.value for d in at.dataframe if column in d.value.columns)
    rows = {row[column]: row for row in frame.to_dict("records")}
    job = next(title for title in rows if "💼" in title)
    assert rows[job]["nb"] == "✅"


@pytest.mark.parametrize(("language", "label"), [("sv", "Livshändelser"), ("nb", "Livshendelser")])
def test_the_packs_tab_exports_a_chosen_path(demo: Engine, language: str, label: str) -> None:  # noqa: F811
    at = _tab(_as(demo, Role.EDITOR, language, "app_pages/editor.py"), language, "packs")
    chooser = at.multiselect(key="pack-paths")
    assert chooser.label.startswith(label)
    assert not at.get("download_button")  # nothing chosen, nothing to download
    chooser.select(PATH).run()
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == [CATALOGS[language]["packs.download"]]
