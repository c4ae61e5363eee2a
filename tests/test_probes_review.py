"""Probes of who may vouch for a translation: a reviewer for Arabic marked Somali reviewed, through the XLIFF
import's "reviewed" box and through the guide editor's checkbox. Only a reviewer of that language may."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk.accounts.auth import Role, add_user, set_review_languages
from kiosk.authoring.guides import working_copy
from kiosk.authoring.review import ReviewRefused
from kiosk.authoring.xliff import export_xliff, import_xliff
from kiosk.content import load_content
from tests.test_editor_pages_in_swedish import _as, _tab
from tests.test_pages import demo  # noqa: F401  (a fixture)
from tests.test_xliff import GUIDE, _agency_translates, _somali

TODAY = date(2026, 12, 5)


@pytest.mark.both_databases
def test_an_arabic_reviewer_cannot_mark_a_somali_file_reviewed(engine: Engine, content_dir: Path) -> None:
    library, _ = load_content(content_dir)
    add_user(engine, "layla", "Layla", Role.EDITOR, "correct horse battery")
    layla = set_review_languages(engine, "layla", ["ar"])
    translated = _agency_translates(export_xliff(library, content_dir, "so"), _somali)
    for reviewer in (layla, None):
        with pytest.raises(ReviewRefused):
            import_xliff(
                engine,
                library,
                content_dir,
                translated,
                reviewed=True,
                by="Layla",
                author_id=layla.id,
                today=TODAY,
                reviewer=reviewer,
            )
    data, _ = working_copy(engine, content_dir, GUIDE)
    assert (data.get("review") or {}).get("so") != "reviewed"
    report = import_xliff(engine, library, content_dir, translated, reviewed=False, by="Layla", author_id=layla.id, today=TODAY)
    assert report.saved  # not vouched for, the translation itself is taken


def test_the_guide_editors_reviewed_box_is_only_for_the_reviewers_languages(demo: Engine) -> None:  # noqa: F811
    at = _tab(_as(demo, Role.EDITOR, "nb", "app_pages/editor.py"), "nb", "edit")
    set_review_languages(demo, "user-editor", ["ar"])
    at.selectbox(key="edit-guide").select("library-print-scan-copy").run()
    at.selectbox(key="edit-lang").select("so").run()
    box = next(c for c in at.checkbox if c.key and c.key.endswith("reviewed-so"))
    assert box.disabled
    at.session_state[box.key] = True  # as a browser that sends the box's value all the same
    at.button(key="save-draft").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    data, _ = working_copy(demo, _content_dir(), "library-print-scan-copy")
    assert data["review"]["so"] == "unreviewed"


def _content_dir() -> Path:
    from kiosk.settings import get_settings

    return get_settings().content_dir
