"""The staff page's floor pieces in AppTest: who speaks the caller's language, the interpreter, "only my
languages", on the floor / away, today's bookings with check-in, stuck steps on "Done", the admin's
language list."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user, set_spoken_languages
from kiosk.floor.bookings import BookingStatus, book, find
from kiosk.floor.calls import CallStatus, get_call, open_calls, request_help
from kiosk.floor.presence import Presence, on_shift, presence_of, set_presence
from kiosk.runtime import booking_rules
from kiosk.settings import PROJECT_ROOT, Settings
from kiosk.store.kiosks import DEMO_KIOSK, StaffedHours, save_kiosk, seed_demo
from kiosk.visit.journey import new_visit_id

APP = str(PROJECT_ROOT / "app.py")
PASSWORD = "correct horse battery"
ALWAYS = StaffedHours(weekly={day: [("00:00", "23:59")] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})


@pytest.fixture
def demo(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
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


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.title, *at.header, *at.subheader, *at.caption)]
    parts += [e.value for e in (*at.error, *at.info, *at.warning, *at.success, *at.text)]
    parts += html_text(at)
    return "\n".join(str(p) for p in parts)


def signed_in(engine: Engine, username: str, name: str, role: Role = Role.STAFF, languages: tuple[str, ...] = ()) -> AppTest:
    add_user(engine, username, name, role, PASSWORD)
    if languages:
        set_spoken_languages(engine, username, list(languages))
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    # The demo library has two branches: a new sign-in says where (the demo kiosk's), as the tablet asks.
    where = [button for button in at.button if button.key == "where-hovedbiblioteket"]
    if where:
        where[0].click().run()
    return at


def _call(engine: Engine, language: str, guide: str | None = "library-wifi", step: str | None = "find-wifi") -> int:
    return request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language=language, guide=guide, step=step).id


def test_the_card_names_the_colleague_who_speaks_the_language(demo: Engine) -> None:
    amina = signed_in(demo, "amina", "Amina", languages=("nb", "ar"))
    _call(demo, "ar")
    amina.run()
    assert "Snakker språket: Amina" in texts(amina)


def test_nobody_on_shift_speaks_it_so_the_card_offers_the_interpreter(demo: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_INTERPRETER_SERVICE_NAME", "Tolketjenesten")
    monkeypatch.setenv("KIOSK_INTERPRETER_SERVICE_PHONE", "22 00 00 00")
    from kiosk.settings import get_settings

    get_settings.cache_clear()
    kari = signed_in(demo, "kari", "Kari")
    _call(demo, "ti")
    kari.run()
    assert "Ingen på vakt snakker språket. Tolk: Tolketjenesten 22 00 00 00" in texts(kari)


def test_only_my_languages_hides_the_other_calls(demo: Engine) -> None:
    kari = signed_in(demo, "kari", "Kari", languages=("nb", "en"))
    english, arabic = _call(demo, "en"), _call(demo, "ar")
    kari.run()
    assert kari.button(key=f"accept-{arabic}") and kari.button(key=f"accept-{english}")
    kari.toggle(key="only-my-languages").set_value(True).run()
    keys = {button.key for button in kari.button}
    assert f"accept-{english}" in keys and f"accept-{arabic}" not in keys


def test_away_takes_a_staff_member_off_the_floor(demo: Engine) -> None:
    kari = signed_in(demo, "kari", "Kari")
    user_id = next(p.user_id for p in on_shift(demo, timedelta(seconds=90), "nb"))  # signing in: on the floor
    kari.radio(key="staff-presence").set_value(Presence.AWAY.value).run()
    assert presence_of(demo, user_id) is Presence.AWAY
    assert on_shift(demo, timedelta(seconds=90), "nb") == []
    kari.radio(key="staff-presence").set_value(Presence.FLOOR.value).run()
    assert [p.name for p in on_shift(demo, timedelta(seconds=90), "nb")] == ["Kari"]


def test_signing_out_takes_a_staff_member_off_the_floor(demo: Engine) -> None:
    kari = signed_in(demo, "kari", "Kari")
    user_id = next(p.user_id for p in on_shift(demo, timedelta(seconds=90), "nb"))
    kari.button(key="sign-out").click().run()
    assert not kari.exception
    assert presence_of(demo, user_id) is Presence.AWAY
    assert on_shift(demo, timedelta(seconds=90), "nb") == []  # at once, not when the tablet has been silent long enough
    kari.text_input[0].input("kari")
    kari.text_input[1].input(PASSWORD)
    kari.button[0].click().run()
    assert kari.radio(key="staff-presence").value == Presence.FLOOR.value  # signing in again is coming back to work
    assert [p.name for p in on_shift(demo, timedelta(seconds=90), "nb")] == ["Kari"]


def test_a_booking_is_checked_in_by_its_code_and_becomes_the_helpers_call(demo: Engine) -> None:
    zone = ZoneInfo("Europe/Oslo")
    midnight = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    booking = book(
        demo,
        DEMO_KIOSK.model_copy(update={"staffed_hours": ALWAYS}),
        midnight.replace(hour=23),
        booking_rules(Settings()),  # what the kiosk offers with the default settings
        midnight,
        language="ar",
        guide="library-wifi",
        step="find-wifi",
    )
    kari = signed_in(demo, "kari", "Kari")
    assert booking.code in texts(kari) and "venter" in texts(kari)
    kari.text_input(key="booking-code").input(booking.code.lower())
    kari.button(key="FormSubmitter:booking-check-in-Sjekk inn").click().run()
    assert "Sjekket inn. Henvendelsen er din." in texts(kari)
    checked = find(demo, booking.code)
    assert checked.status is BookingStatus.CHECKED_IN and checked.call_id is not None
    call = get_call(demo, checked.call_id)
    assert call is not None and call.status is CallStatus.ACCEPTED and call.guide == "library-wifi"
    kari.text_input(key="booking-code").input(booking.code)  # the same slip twice
    kari.button(key="FormSubmitter:booking-check-in-Sjekk inn").click().run()
    assert "allerede sjekket inn" in texts(kari)


def test_done_keeps_the_ticked_stuck_steps(demo: Engine) -> None:
    kari = signed_in(demo, "kari", "Kari")
    call_id = _call(demo, "ar")
    kari.run()
    kari.button(key=f"accept-{call_id}").click().run()
    kari.multiselect(key=f"stuck-{call_id}").select("find-wifi").run()
    kari.button(key=f"done-{call_id}").click().run()
    assert open_calls(demo) == []
    done = get_call(demo, call_id)
    assert done is not None and done.stuck_steps == ("find-wifi",)


def test_an_admin_lists_the_languages_a_colleague_speaks(demo: Engine) -> None:
    amina = add_user(demo, "amina", "Amina", Role.STAFF, PASSWORD)
    admin = signed_in(demo, "boss", "Boss", Role.ADMIN)
    admin.multiselect(key=f"spoken-{amina.id}").select("ar").select("so").run()
    assert "Lagret for Amina." in texts(admin)
    from kiosk.accounts.auth import get_user

    found = get_user(demo, amina.id)
    assert found is not None and found.spoken_languages == ("ar", "so")
    set_presence(demo, amina.id, Presence.FLOOR)
