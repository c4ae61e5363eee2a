"""The date chooser, multiselects and uploaders on the editor's and the statistics pages speak the reader's
language (nb, nn, sv, en): no Streamlit calendar (English months, weeks from Sunday), no "Choose options", and the
uploader's real limit in the page's words instead of Streamlit's "50MB per file"."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from kiosk.accounts.auth import Role
from kiosk.authoring.images import MAX_UPLOAD_BYTES
from kiosk.language.staff_texts import SHIPPED_DIR, load_catalogs
from tests.stats_fixtures import choose_period, seed_history
from tests.test_editor_pages_in_swedish import _as, _tab
from tests.test_pages import demo, field  # noqa: F401  (demo is a fixture)

CATALOGS = load_catalogs(SHIPPED_DIR)
MONDAY = {"nb": "mandag", "nn": "måndag", "sv": "måndag", "en": "Monday"}
DECEMBER = {"nb": "desember", "nn": "desember", "sv": "december", "en": "December"}


@pytest.mark.parametrize("language", ["nb", "nn", "sv", "en"])
def test_the_statistics_period_and_filters_in_the_leads_language(engine: Engine, language: str) -> None:
    seed_history(engine)
    at = _as(engine, Role.LEAD, language, "app_pages/stats.py")
    assert not at.exception
    assert not at.get("date_input"), "Streamlit's calendar cannot be told the language or the first weekday"
    months = at.selectbox(key="stats-from-month").options  # the labels the reader sees
    days = at.selectbox(key="stats-from-day").options
    assert any(DECEMBER[language].lower() in month.lower() for month in months)
    assert any(MONDAY[language] in day for day in days)
    for key in ("stats-kiosks", "stats-languages"):
        assert at.multiselect(key=key).placeholder == CATALOGS[language]["widget.choose_many"]
    choose_period(at, date(2026, 1, 1), date(2026, 1, 31))
    assert not at.exception


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_the_editors_multiselects_and_uploaders_in_the_editors_language(demo: Engine, language: str) -> None:  # noqa: F811
    at = _tab(_as(demo, Role.EDITOR, language, "app_pages/editor.py"), language, "packs")
    assert not at.exception
    for key in ("pack-guides", "pack-paths"):
        assert at.multiselect(key=key).placeholder == CATALOGS[language]["widget.choose_many"]
    hint = CATALOGS[language]["widget.upload_hint"].format(mb=50, types="ZIP")
    assert hint in [caption.value for caption in at.caption]
    styles = "".join(e.proto.body for e in at.get("html"))
    assert CATALOGS[language]["widget.upload_button"] in styles and "stFileUploaderDropzoneInstructions" in styles

    at = _tab(at, language, "edit")
    at.selectbox(key="edit-guide").select("library-wifi").run()
    image_hint = CATALOGS[language]["widget.upload_hint"].format(mb=MAX_UPLOAD_BYTES // 2**20, types="PNG, JPG, JPEG, WEBP")
    assert image_hint in [caption.value for caption in at.caption]
