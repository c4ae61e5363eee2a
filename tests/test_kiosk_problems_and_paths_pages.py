"""The kiosk's 'if it goes wrong', secret steps and life-event checklists, run by Streamlit's AppTest."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role
from kiosk.floor.calls import open_calls
from kiosk.store.kiosks import seed_demo
from tests.test_pages import APP, _always_staffed, kiosk_app, signed_in, texts


@pytest.fixture
def demo(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


def _to_step(at: AppTest, language: str, category: str, guide: str, step: int) -> AppTest:
    at.button(key=f"tile-lang-{language}").click().run()
    at.button(key=f"tile-cat-{category}").click().run()
    at.button(key=f"tile-guide-{guide}").click().run()
    at.button(key="begin").click().run()
    for _ in range(step - 1):
        at.button(key="step-next").click().run()
    return at


def test_a_problem_press_shows_the_fix_and_still_stuck_calls_with_the_problem(demo: Engine) -> None:
    _always_staffed(demo)
    at = _to_step(kiosk_app(), "nb", "id-and-login", "bankid-on-mobile", 6)  # the SMS code
    assert "Aldri si koden din til noen" in texts(at)  # a secret step
    assert at.button(key="problem-code-not-arrived").label == "Koden kom ikke"
    assert "Vent to minutter" not in texts(at)
    at.button(key="problem-code-not-arrived").click().run()
    assert "Vent to minutter" in texts(at)
    at.button(key="problem-still-stuck").click().run()
    [call] = open_calls(demo)
    assert (call.guide, call.step, call.problem) == ("bankid-on-mobile", "type-sms-code", "code-not-arrived")
    with demo.connect() as conn:
        pressed = conn.execute(text("SELECT guide, step, value FROM events WHERE kind = 'problem_pressed'")).all()
    assert [tuple(row) for row in pressed] == [("bankid-on-mobile", "type-sms-code", "code-not-arrived")]

    staff = signed_in(demo, Role.STAFF)
    body = "".join(e.proto.body for e in staff.get("html"))  # the card is HTML (its language name is marked)
    assert "Står fast på: <strong>Koden kom ikke</strong>" in body
    assert "la den besøkende skrive koden selv, og se bort" in body


def test_a_step_without_a_code_has_no_reminder_and_moving_on_hides_the_fix(demo: Engine) -> None:
    at = _to_step(kiosk_app(), "ar", "id-and-login", "log-in-with-bankid", 4)  # open the app: not secret
    assert "لا تخبر أحدًا برمزك" not in texts(at)
    at.button(key="problem-nothing-in-app").click().run()
    assert "اسحب الشاشة" in texts(at)
    at.button(key="step-next").click().run()  # PIN: secret, with its own problem
    body = texts(at)
    assert "لا تخبر أحدًا برمزك أبدًا" in body
    assert "اسحب الشاشة" not in body
    assert at.button(key="problem-bankid-locked").label == "BankID مقفل"


def test_a_life_event_checklist_ticks_a_finished_guide_and_goes_home_as_a_page(demo: Engine) -> None:
    at = kiosk_app()
    at.button(key="tile-lang-nb").click().run()
    assert at.button(key="tile-path-new-in-norway").label == "Ny i Norge"
    at.button(key="tile-path-new-in-norway").click().run()
    assert at.title[0].value == "Ny i Norge"
    assert "0 av 4 ferdig" in texts(at)
    assert at.button(key="path-item-d-number-and-tax-card").label.startswith("1. D-nummer")
    at.button(key="path-item-d-number-and-tax-card").click().run()
    at.button(key="begin").click().run()
    while "Du er ferdig" not in at.title[0].value:
        at.button(key="step-next").click().run()
    at.button(key="path-back").click().run()
    assert "1 av 4 ferdig" in texts(at)
    assert [c.value for c in at.caption][:2] == ["Ferdig", "Ikke gjort ennå"]
    page = AppTest.from_file(APP, default_timeout=30)
    page.query_params.update({"checklist": "new-in-norway", "lang": "nb", "done": "d-number-and-tax-card,evil"})
    page.run()
    assert not page.exception
    checklist = texts(page)
    assert "1. ☑ D-nummer" in checklist and "2. ☐ Få BankID på mobilen (Ikke gjort ennå)" in checklist


def test_a_checklist_address_from_a_stranger_is_harmless(demo: Engine) -> None:
    page = AppTest.from_file(APP, default_timeout=30)
    page.query_params.update({"checklist": "no-such-path", "lang": "xx", "done": "a" * 5000})
    page.run()
    assert not page.exception
    assert page.error


def _field(at: AppTest, kind: str, name: str, prefix: str = "edit"):  # type: ignore[no-untyped-def]
    return next(w for w in getattr(at, kind) if w.key and re.match(rf"^{prefix}\d+-{re.escape(name)}$", w.key))


def _editor(engine: Engine, tab: str) -> AppTest:
    at = signed_in(engine, Role.EDITOR, "app_pages/editor.py")
    at.session_state["editor-tab"] = tab
    return at.run()


def test_the_editor_adds_a_problem_marks_a_step_secret_and_the_kiosk_shows_both(demo: Engine) -> None:
    at = _editor(demo, "Rediger")
    at.selectbox(key="edit-guide").select("library-wifi").run()
    _field(at, "selectbox", "s0-secret").select(True).run()
    at.button(key=next(b.key for b in at.button if b.key and b.key.endswith("s0-add-problem"))).click().run()
    _field(at, "text_input", "s0-p0-id").input("no-settings").run()
    _field(at, "text_input", "s0-p0-symptom-nb").input("Jeg finner ikke «Innstillinger»").run()
    _field(at, "text_area", "s0-p0-fix-nb").input("Sveip ned fra toppen av skjermen. Trykk på tannhjulet.").run()
    at.button(key="save-publish").click().run()
    assert not at.exception
    assert any("Publisert som versjon 1" in s.value for s in at.success), texts(at)

    kiosk = _to_step(kiosk_app(), "nb", "library", "library-wifi", 1)
    assert "Aldri si koden din til noen" in texts(kiosk)
    kiosk.button(key="problem-no-settings").click().run()
    assert "Trykk på tannhjulet" in texts(kiosk)


def test_a_hostile_fix_is_refused_field_by_field_and_the_text_kept(demo: Engine) -> None:
    at = _editor(demo, "Rediger")
    at.selectbox(key="edit-guide").select("library-wifi").run()
    at.button(key=next(b.key for b in at.button if b.key and b.key.endswith("s0-add-problem"))).click().run()
    _field(at, "text_input", "s0-p0-symptom-nb").input("Det virker ikke").run()
    _field(at, "text_area", "s0-p0-fix-nb").input("[Trykk her](javascript:alert(1))").run()
    at.button(key="save-publish").click().run()
    body = texts(at)
    assert "Ikke lagret" in body and "problems.0.fix.nb" in body and "links must start with https://" in body
    assert _field(at, "text_area", "s0-p0-fix-nb").value == "[Trykk her](javascript:alert(1))"


def test_the_editor_changes_a_path_and_the_kiosk_shows_it_in_arabic(demo: Engine) -> None:
    at = _editor(demo, "Livshendelser")
    at.selectbox(key="edit-path").select("having-a-child").run()
    at.selectbox(key="edit-path-lang").select("ar").run()
    _field(at, "text_input", "title-ar", "path").input("عندما يولد طفل").run()
    _field(at, "multiselect", "guides", "path").select("change-gp").run()
    at.button(key="path-save").click().run()
    assert not at.exception
    assert any("Lagret" in s.value for s in at.success), texts(at)

    kiosk = kiosk_app()
    kiosk.button(key="tile-lang-ar").click().run()
    assert kiosk.button(key="tile-path-having-a-child").label == "عندما يولد طفل"
    kiosk.button(key="tile-path-having-a-child").click().run()
    assert "0 من 4" in texts(kiosk) or "أُنجز 0 من 4" in texts(kiosk)
    assert any(b.key == "path-item-change-gp" for b in kiosk.button)


def test_a_path_without_guides_is_refused_and_nothing_written(demo: Engine, content_dir) -> None:  # type: ignore[no-untyped-def]
    before = (content_dir / "paths" / "after-a-death.yaml").read_text(encoding="utf-8")
    at = _editor(demo, "Livshendelser")
    at.selectbox(key="edit-path").select("after-a-death").run()
    _field(at, "multiselect", "guides", "path").set_value([]).run()
    at.button(key="path-save").click().run()
    assert "Ikke lagret" in texts(at) and "needs at least 2 items" in texts(at)
    assert (content_dir / "paths" / "after-a-death.yaml").read_text(encoding="utf-8") == before


def test_the_printable_guide_writes_out_every_fix_and_the_secret_line(demo: Engine) -> None:
    page = AppTest.from_file(APP, default_timeout=30)
    page.query_params.update({"print": "log-in-with-minid", "lang": "en"})
    page.run()
    body = texts(page)
    assert "If it goes wrong" in body
    assert "**I forgot my password:** Press «Glemt passord?»" in body
    assert "Never tell anyone your code." in body


@pytest.mark.parametrize(("language", "title"), [("nb", "Å få barn"), ("ar", "إنجاب طفل")])
def test_a_life_event_category_leads_with_its_paths_checklist(demo: Engine, language: str, title: str) -> None:
    at = kiosk_app()
    at.button(key=f"tile-lang-{language}").click().run()
    at.button(key="tile-cat-having-a-child").click().run()
    keys = [str(button.key) for button in at.button]
    assert "tile-path-having-a-child" in keys
    first_guide = next(i for i, key in enumerate(keys) if key.startswith("tile-guide-"))
    assert keys.index("tile-path-having-a-child") < first_guide  # the checklist first, then the guides
    assert [key for key in keys if key.startswith("tile-path-")] == ["tile-path-having-a-child"]  # only its own path
    assert at.button(key="tile-path-having-a-child").label == title
    at.button(key="tile-path-having-a-child").click().run()
    assert at.title[0].value == title
    at = kiosk_app()
    at.button(key=f"tile-lang-{language}").click().run()
    at.button(key="tile-cat-nav").click().run()  # an everyday category: many paths use NAV, none leads it
    assert not [b.key for b in at.button if str(b.key).startswith("tile-path-")]


def test_checklists_stand_under_their_own_heading_after_the_life_event_categories(demo: Engine) -> None:
    """ "Ny i Norge" is both a category and a checklist: the two tiles must not look like one listed twice."""
    at = kiosk_app()
    at.button(key="tile-lang-nb").click().run()
    headers = [h.value for h in at.header]
    assert headers.index("Sjekklister: alt du må gjøre, i riktig rekkefølge") > headers.index("Livshendelser")
    keys = [b.key for b in at.button]
    assert keys.index("tile-path-new-in-norway") > max(i for i, k in enumerate(keys) if k and k.startswith("tile-cat-"))
