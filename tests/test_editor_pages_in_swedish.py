"""The editor's voices, checks and agency tabs, and the statistics page, speak the account's language: a Swedish
editor reads no bokmål-only catalog text on them, a bokmål one reads bokmål."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user, set_review_languages, set_ui_language
from kiosk.language.staff_texts import SHIPPED_DIR, load_catalogs
from tests.test_pages import PASSWORD, demo, signed_in  # noqa: F401  (demo is a fixture)
from tests.test_staff_pages_in_swedish import everything_on_the_page, norwegian_only_texts

CATALOGS = load_catalogs(SHIPPED_DIR)


def _as(engine: Engine, role: Role, language: str, page: str) -> AppTest:
    user = add_user(engine, f"user-{role.value}", f"Test {role.value}", role, PASSWORD)
    set_ui_language(engine, user.id, language)
    return signed_in(engine, role, page)


def _tab(at: AppTest, language: str, tab: str) -> AppTest:
    at.session_state["editor-tab"] = CATALOGS[language][f"editor.tab_{tab}"]
    return at.run()


def page_text(at: AppTest) -> str:
    """What `everything_on_the_page` reads, plus every table's column names."""
    columns = [str(c) for frame in (*at.dataframe, *at.table) for c in frame.value.columns]
    return everything_on_the_page(at) + "\n" + "\n".join(columns)


def bokmal_left(text: str) -> list[str]:
    """Bokmål-only catalog texts on the page, as whole words ("Kontroll" is not in "Kontrollera"); one short word
    ("ingen", "Helse") is also Swedish or a guide's own category, so only phrases and longer words count."""
    telling = {t for t in norwegian_only_texts() if " " in t or len(t) > 6}
    return sorted(t for t in telling if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text))


@pytest.mark.parametrize("tab", ["overview", "voices", "checks", "agency"])
def test_a_swedish_editor_sees_the_voice_check_and_agency_tabs_in_swedish(demo: Engine, tab: str) -> None:  # noqa: F811
    at = _as(demo, Role.EDITOR, "sv", "app_pages/editor.py")
    set_review_languages(demo, "user-editor", ["so"])  # the overview then shows "Check a translation" too
    at = _tab(at, "sv", tab)
    assert not at.exception
    text = page_text(at)
    assert bokmal_left(text) == []
    expected = {
        "overview": ["Uppläsning", "Kontrollera en översättning", "Röst"],
        "voices": ["Läs in texter", "Vad vill du läsa in?", "Välkomsttexten på startskärmen", "Inspelning"],
        "checks": ["Guider som bör kontrolleras", "✔ Kontrollerad i dag", "Senast kontrollerad"],
        "agency": ["Skicka till en översättningsbyrå", "Hämta in en översatt XLIFF-fil"],
    }[tab]
    for words in expected:
        assert words in text, words


def test_a_bokmal_editor_reads_the_voices_tab_in_bokmal(demo: Engine) -> None:  # noqa: F811
    at = _tab(_as(demo, Role.EDITOR, "nb", "app_pages/editor.py"), "nb", "voices")
    text = page_text(at)
    assert "Les inn tekster" in text and "Hva vil du lese inn?" in text and "Opptak" in text
    assert "Läs in texter" not in text


def test_a_swedish_editor_is_told_in_swedish_that_a_file_is_no_sound(demo: Engine) -> None:  # noqa: F811
    at = _tab(_as(demo, Role.EDITOR, "sv", "app_pages/editor.py"), "sv", "voices")
    assert at.selectbox(key="rec-language").value == "so"
    # AppTest cannot feed a file uploader; the refusal texts come from the same catalog keys the page uses.
    assert CATALOGS["sv"]["rec.refused.unreadable"].startswith("Det här är inte en ljudfil")
