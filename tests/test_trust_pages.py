"""The editor's trust tabs in Streamlit's AppTest: "verified today", a reviewer marking their language, the kiosk's notes."""

from __future__ import annotations

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, set_review_languages
from kiosk.content import load_content
from kiosk.settings import get_settings
from tests.test_pages import _html, demo, kiosk_app, signed_in, texts  # noqa: F401  (demo is a fixture)


def _tab(engine: Engine, name: str, role: Role = Role.EDITOR) -> AppTest:
    at = signed_in(engine, role, "app_pages/editor.py")
    at.session_state["editor-tab"] = name
    return at.run()


def test_verified_today_records_the_editor_and_the_kiosk_says_checked(demo: Engine) -> None:  # noqa: F811
    at = _tab(demo, "Kontroll")
    assert not at.exception
    due = at.dataframe[0].value.to_dict("records")
    assert due[0]["Sist kontrollert"] == "aldri"
    at.selectbox(key="verify-guide").select("change-gp").run()
    assert at.button(key="verify-today").disabled, "not before the editor says every step was compared"
    at.checkbox(key="verify-every-step-change-gp").check().run()
    at.button(key="verify-today").click().run()
    assert not at.exception
    assert any("kontrollert" in s.value and "Test editor" in s.value for s in at.success), texts(at)
    guide = load_content(get_settings().content_dir)[0].guides["change-gp"]
    assert guide.verified is not None and guide.verified.by == "Test editor"
    assert [str(page.url) for page in guide.verified.pages] == [str(source.url) for source in guide.sources]
    assert guide.verified.steps == [step.id for step in guide.steps] and guide.compared_on is not None

    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-en").click().run()
    kiosk.button(key="tile-cat-health").click().run()
    kiosk.button(key="tile-guide-change-gp").click().run()
    day = guide.verified.checked
    assert f"Checked against the official page on \u2068{day:%B} {day.day}, {day.year}\u2069." in _html(kiosk)


def test_a_guide_nobody_checked_says_so_on_the_kiosk(demo: Engine) -> None:  # noqa: F811
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-nb").click().run()
    kiosk.button(key="tile-cat-health").click().run()
    kiosk.button(key="tile-guide-change-gp").click().run()
    assert "Denne guiden er ikke kontrollert mot den offisielle siden ennå." in _html(kiosk)


def test_a_library_guide_tells_the_visitor_to_ask_the_staff_for_todays_details(demo: Engine) -> None:  # noqa: F811
    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-nb").click().run()
    kiosk.button(key="tile-cat-library").click().run()
    kiosk.button(key="tile-guide-library-wifi").click().run()
    html = _html(kiosk)
    assert "Spør oss som jobber her om dagens detaljer" in html
    assert "ikke kontrollert mot den offisielle siden" not in html, "a library guide has no official page to compare"


def test_a_reviewer_marks_a_somali_translation_and_the_kiosk_note_goes(demo: Engine) -> None:  # noqa: F811
    at = _tab(demo, "Oversikt")
    assert "Kontroller en oversettelse" not in texts(at), "an editor without review languages reviews nothing"
    set_review_languages(demo, "user-editor", ["so"])
    at = _tab(demo, "Oversikt")
    at.selectbox(key="review-guide").select("log-in-with-bankid").run()
    at.button(key="review-mark").click().run()
    assert not at.exception
    assert any("Kiosken sier ikke lenger" in s.value for s in at.success), texts(at)
    guide = load_content(get_settings().content_dir)[0].guides["log-in-with-bankid"]
    assert guide.reviewed_by["so"].by == "Test editor"


def test_the_checks_tab_lists_steps_where_visitors_get_stuck_and_an_editor_marks_one_looked_at(demo: Engine) -> None:  # noqa: F811
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from kiosk.store.schema import EventRow, HelpCallRow, StuckStepReviewRow

    now = datetime.now(UTC)
    with Session(demo) as s, s.begin():
        for n in range(4):
            s.add(
                EventRow(
                    at=now - timedelta(days=n),
                    kiosk_id="demo",
                    visit_id=f"{n:032x}",
                    kind="problem_pressed",
                    language="nb",
                    guide="log-in-with-bankid",
                    step="confirm",
                    value="bankid-locked",
                )
            )
        s.add(
            HelpCallRow(
                visit_id=f"{9:032x}",
                kiosk_id="demo",
                language="ar",
                guide="log-in-with-bankid",
                step="confirm",
                status="done",
                created_at=now - timedelta(days=1),
            )
        )
    at = _tab(demo, "Kontroll")
    assert not at.exception
    page = texts(at)
    assert "Her står besøkende fast" in page
    assert "steg 5 (`confirm`)" in page and "4 trykk på «Hvis det går galt» og 1 hjelpeanrop" in page, page
    at.button(key="stuck-seen-log-in-with-bankid-confirm").click().run()
    assert not at.exception
    with Session(demo) as s:
        assert s.scalar(select(StuckStepReviewRow.guide)) == "log-in-with-bankid"
    assert "Ingen steg skiller seg ut nå." in texts(_tab(demo, "Kontroll"))
