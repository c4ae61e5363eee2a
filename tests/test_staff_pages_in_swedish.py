"""A staff member who chose Swedish sees the whole staff page in Swedish: every heading, label, button,
card line, booking row and message; and a user's choice of language is kept on their account."""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user, get_user, set_spoken_languages, set_ui_language
from kiosk.floor.bookings import book
from kiosk.floor.calls import request_help
from kiosk.floor.inquiries import Outcome
from kiosk.language.staff_texts import SHIPPED_DIR, load_catalogs
from kiosk.runtime import booking_rules
from kiosk.settings import PROJECT_ROOT, Settings
from kiosk.store.kiosks import DEMO_KIOSK, StaffedHours, save_kiosk, seed_demo
from kiosk.visit.journey import new_visit_id

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "correct horse battery"
ALWAYS = StaffedHours(weekly={day: [("00:00", "23:59")] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})


@pytest.fixture
def floor(engine: Engine) -> Engine:
    seed_demo(engine)
    save_kiosk(engine, DEMO_KIOSK.model_copy(update={"staffed_hours": ALWAYS}))
    return engine


def html_text(at: AppTest) -> list[str]:
    """What st.html shows (the call cards' words), without its scripts and styles."""
    shown = []
    for element in at.get("html"):
        body = re.sub(r"<(script|style)\b.*?</\1>", "", element.proto.body, flags=re.DOTALL)
        shown.append(html.unescape(re.sub(r"<[^>]+>", "", body.replace("<br>", "\n"))))
    return shown


def everything_on_the_page(at: AppTest) -> str:
    """Every text a person reads: markdown, headings, captions, messages, and every widget's label and options."""
    parts = [e.value for e in (*at.markdown, *at.title, *at.header, *at.subheader, *at.caption)]
    parts += [e.value for e in (*at.error, *at.info, *at.warning, *at.success, *at.text)]
    parts += html_text(at)
    for widget in (*at.button, *at.toggle, *at.text_input, *at.checkbox):
        parts.append(widget.label)
    for choice in (*at.selectbox, *at.multiselect, *at.radio):
        parts.append(choice.label)
        parts += [str(option) for option in choice.options]
    return "\n".join(str(p) for p in parts)


def norwegian_only_texts() -> set[str]:
    """Texts of the bokmål catalog that Swedish writes differently (their placeholders cut out)."""
    catalogs = load_catalogs(SHIPPED_DIR)
    found = set()
    for key, nb in catalogs["nb"].items():
        if catalogs["sv"].get(key) != nb:
            found.update(part.strip() for part in re.split(r"\{[^}]*\}|\*\*", nb) if len(part.strip()) > 3)
    return found - {text for text in catalogs["sv"].values()}


def test_a_swedish_staff_member_sees_the_whole_staff_page_in_swedish(floor: Engine) -> None:
    user = add_user(floor, "sara", "Sara", Role.STAFF, PASSWORD)
    set_ui_language(floor, user.id, "sv")
    set_spoken_languages(floor, "sara", ["sv", "ar"])
    waiting = request_help(floor, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step="find-wifi")
    taken = request_help(floor, visit_id=new_visit_id(), kiosk_id="demo", language="so", guide="library-wifi", step=None)
    zone = ZoneInfo("Europe/Oslo")
    midnight = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    book(
        floor,
        DEMO_KIOSK.model_copy(update={"staffed_hours": ALWAYS}),
        midnight.replace(hour=23),
        booking_rules(Settings()),  # what the kiosk offers with the default settings
        midnight,
        language="ar",
        guide="library-wifi",
        step=None,
    )

    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input("sara")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    at.button(key="where-hovedbiblioteket").click().run()  # the demo has two branches: the tablet asks where
    at.button(key=f"accept-{taken.id}").click().run()  # an accepted card: category, outcome, stuck steps, hand over
    at.selectbox(key=f"outcome-{taken.id}").set_value(Outcome.REFERRED).run()  # and the agency list
    assert not at.exception
    page = everything_on_the_page(at)
    assert at.title[0].value == "Hjälp på golvet"
    for swedish in (
        "Är du på golvet?",
        "Väntande ärenden (2)",
        "Jag kommer",
        "Talar språket: Sara",
        "arabiska",
        "steg 2 av 5",
        "Bokningar i dag",
        "Checka in",
        "Registrera ett ärende",
        "Kiosker",
        "Klar",
        "Var fastnade besökaren?",
        "Hänvisad till",
        "Lämna över till en kollega",
        "Inloggad som **Sara**",
    ):
        assert swedish in page, swedish
    # Whole words only: an agency's own name ("Helsenorge") is not the word "Helse".
    leftovers = sorted(text for text in norwegian_only_texts() if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", page))
    assert leftovers == []
    assert waiting.id  # both calls are on the page


def test_the_page_language_is_chosen_on_the_page_and_kept_on_the_account(floor: Engine) -> None:
    user = add_user(floor, "kari", "Kari", Role.STAFF, PASSWORD)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input("kari")
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.title[0].value == "Hjelp på gulvet"  # the library's language until Kari picks hers
    at.selectbox(key="page-language").set_value("nn").run()
    assert at.title[0].value == "Hjelp på golvet"
    found = get_user(floor, user.id)
    assert found is not None and found.ui_language == "nn"
    at.selectbox(key="page-language").set_value("en").run()
    assert at.title[0].value == "Help on the floor" and "Sign out" in [b.label for b in at.button]
