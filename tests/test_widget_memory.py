"""A screen open all day keeps only the widgets it still draws (Streamlit would keep every one it ever drew).

These tests read Streamlit's private session fields on purpose: if a Streamlit version moves them, the
product stops forgetting (and logs it once), and these tests say so.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role
from kiosk.floor.calls import open_calls, request_help
from kiosk.store.kiosks import seed_demo
from kiosk.visit.journey import new_visit_id
from tests.test_pages import _always_staffed, kiosk_app, signed_in


@pytest.fixture
def demo(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


LANGUAGES = ["nb", "ar", "ti", "uk", "so", "en", "sv", "pl"]


def _remembered(at: AppTest) -> tuple[int, int]:
    """How many widget ids the session keeps metadata for, and how many keys it maps."""
    state: Any = at.session_state
    while not hasattr(type(state), "_compact_state"):  # AppTest's proxy → SafeSessionState → SessionState
        state = object.__getattribute__(state, "_state")
    return len(state._new_widget_state.widget_metadata), len(state._key_id_mapper.id_key_mapping)


def _visit(at: AppTest, language: str, guide: str) -> str:
    at.button(key=f"tile-lang-{language}").click().run()
    asked = at.title[0].value  # "What do you need help with?" in the visitor's language
    at.button(key="tile-cat-library").click().run()
    at.button(key=f"tile-guide-{guide}").click().run()
    at.button(key="begin").click().run()
    at.button(key="step-next").click().run()
    assert 'aria-valuetext="' in "".join(e.proto.body for e in at.get("html")), "on a step"
    at.button(key="nav-start-over").click().run()
    if any(b.key == "start-over-yes" for b in at.button):
        at.button(key="start-over-yes").click().run()
    return asked


def test_a_kiosk_that_serves_visitor_after_visitor_keeps_what_one_visit_draws(demo: Engine) -> None:
    at = kiosk_app()
    titles = [_visit(at, "nb", "library-wifi")]
    after_one = _remembered(at)
    for language in LANGUAGES[1:]:
        for guide in ("library-wifi", "library-e-books"):
            titles.append(_visit(at, language, guide))
    assert not at.exception
    assert len(set(titles)) >= len(LANGUAGES), "each visit was in its own language"
    metadata, keys = _remembered(at)
    # Before: 27 on the language screen, +42 for the first visit, +2 or more for each further language and guide.
    assert metadata <= after_one[0] + 3 and keys <= after_one[1] + 3, (after_one, (metadata, keys))


def test_a_staff_tablet_forgets_the_cards_of_calls_it_has_closed(demo: Engine) -> None:
    _always_staffed(demo)
    staff = signed_in(demo, Role.STAFF)
    sizes = []
    for _ in range(12):
        call = request_help(demo, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None)
        staff.run()
        staff.button(key=f"accept-{call.id}").click().run()
        staff.button(key=f"done-{call.id}").click().run()
        sizes.append(_remembered(staff))
    assert not staff.exception and open_calls(demo) == []
    assert not any(b.key and b.key.startswith("accept-") for b in staff.button)
    assert sizes[-1] == sizes[1], f"the tablet kept something of each closed call: {sizes}"


def test_a_widget_drawn_again_after_being_forgotten_still_answers_its_press(demo: Engine) -> None:
    at = kiosk_app()
    _visit(at, "en", "library-wifi")
    _visit(at, "nb", "library-e-books")
    at.button(key="tile-lang-en").click().run()  # the English tile was forgotten while the nb visit ran
    assert at.title[0].value == "What do you need help with?"
