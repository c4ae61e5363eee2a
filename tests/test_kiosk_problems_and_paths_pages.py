"""The kiosk's 'if it goes wrong', secret steps and life-event checklists, run by Streamlit's AppTest."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from streamlit.testing.v1 import AppTest

from kiosk.auth import Role
from kiosk.help import open_calls
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
    body = texts(staff)
    assert "Står fast på: **Koden kom ikke**" in body
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
