"""The kiosk's side of floor staffing in AppTest: an honest button when nobody is on the floor, the call
still queued, the booking offer and slip, and the printable page that marks the stuck steps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.bookings import BookingStatus
from kiosk.floor.calls import CallStatus, accept, finish, get_call, open_calls, request_help
from kiosk.floor.presence import Presence, heard_from, set_presence
from kiosk.settings import PROJECT_ROOT
from kiosk.store.kiosks import DEMO_KIOSK, StaffedHours, save_kiosk, seed_demo
from kiosk.store.schema import BookingRow
from kiosk.visit.journey import new_visit_id

APP = str(PROJECT_ROOT / "app.py")
ALWAYS = StaffedHours(weekly={day: [("00:00", "23:59")] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")})


@pytest.fixture
def demo(engine: Engine) -> Engine:
    seed_demo(engine)
    save_kiosk(engine, DEMO_KIOSK.model_copy(update={"staffed_hours": ALWAYS}))
    return engine


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.title, *at.header, *at.subheader, *at.caption)]
    parts += [e.value for e in (*at.error, *at.info, *at.warning, *at.success, *at.text)]
    return "\n".join(str(p) for p in parts)


def in_a_guide() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["kiosk"] = "demo"
    at.run()
    at.button(key="tile-lang-en").click().run()
    at.button(key="tile-cat-library").click().run()
    at.button(key="tile-guide-library-wifi").click().run()
    at.button(key="begin").click().run()
    return at


def test_nobody_on_the_floor_the_button_says_so_and_the_call_still_waits_in_the_queue(demo: Engine) -> None:
    kiosk = in_a_guide()
    assert kiosk.button(key="help-call").label == "Call for help – nobody is on the floor right now"
    kiosk.button(key="help-call").click().run()
    body = texts(kiosk)
    assert "Nobody from the staff is on the floor right now" in body
    assert "ask at the library counter" in body and "Help is on the way" not in body
    [call] = open_calls(demo)
    assert call.status is CallStatus.OPEN and call.guide == "library-wifi"
    assert kiosk.button(key="booking-offer").label == "Book a time with a helper"


def test_with_someone_on_the_floor_the_button_is_the_usual_one_and_no_booking_is_offered(demo: Engine) -> None:
    kari = add_user(demo, "kari", "Kari", Role.STAFF, "correct horse battery")
    set_presence(demo, kari.id, Presence.FLOOR)
    heard_from(demo, kari.id, timedelta(seconds=20), branch_id="hovedbiblioteket")  # the demo kiosk's, of two
    kiosk = in_a_guide()
    assert kiosk.button(key="help-call").label == "Call for help"
    kiosk.button(key="help-call").click().run()
    assert "Help is on the way" in texts(kiosk)
    assert not [b for b in kiosk.button if b.key == "booking-offer"]


def test_many_waiting_brings_the_booking_offer(demo: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_BOOKING_OFFER_WHEN_WAITING", "1")
    from kiosk.settings import get_settings

    get_settings.cache_clear()
    kari = add_user(demo, "kari", "Kari", Role.STAFF, "correct horse battery")
    set_presence(demo, kari.id, Presence.FLOOR)
    request_help(demo, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None)
    kiosk = in_a_guide()
    kiosk.button(key="help-call").click().run()
    assert [b for b in kiosk.button if b.key == "booking-offer"]


def test_a_booked_time_gives_a_slip_with_code_time_place_and_guide_and_frees_the_floor(demo: Engine) -> None:
    kiosk = in_a_guide()
    kiosk.button(key="help-call").click().run()
    kiosk.button(key="booking-offer").click().run()
    assert "You do not need to give your name" in texts(kiosk)
    first_slot = next(b for b in kiosk.button if str(b.key).startswith("booking-slot-"))
    first_slot.click().run()
    with Session(demo) as session:
        [row] = session.scalars(select(BookingRow)).all()
    assert (row.guide, row.step, row.language, row.status) == ("library-wifi", "open-settings", "en", BookingStatus.BOOKED)
    body = texts(kiosk)
    assert f"Your code: **{row.code}**" in body and "Where: Hovedbiblioteket, 1. etasje" in body
    assert "Guide: " in body
    assert open_calls(demo) == []  # the visitor comes back at the booked time: nobody walks over now
    assert kiosk.button(key="booking-print")
    kiosk.button(key="booking-slip-ok").click().run()
    assert row.code not in texts(kiosk)


def test_the_printable_page_marks_the_steps_staff_ticked_by_the_random_reference(demo: Engine) -> None:
    kari = add_user(demo, "kari", "Kari", Role.STAFF, "correct horse battery").id
    call = request_help(demo, visit_id=new_visit_id(), kiosk_id="demo", language="en", guide="library-wifi", step="find-wifi")
    accept(demo, call.id, kari)
    finish(demo, call.id, kari, "other", stuck_steps=["find-wifi"])
    ref = get_call(demo, call.id).visitor_ref  # type: ignore[union-attr]
    page = AppTest.from_file(APP, default_timeout=30)
    page.query_params.update({"print": "library-wifi", "lang": "en", "ref": ref or ""})
    page.run()
    assert not page.exception
    assert texts(page).count("You got stuck here last time") == 1
    stranger = AppTest.from_file(APP, default_timeout=30)
    stranger.query_params.update({"print": "library-wifi", "lang": "en", "ref": str(call.id)})
    stranger.run()
    assert "You got stuck here last time" not in texts(stranger)


def test_the_picker_shows_nine_times_its_own_close_and_the_slip_says_the_call_is_replaced(demo: Engine) -> None:
    kiosk = in_a_guide()
    # Nobody on the floor: a time can be booked without calling first.
    kiosk.button(key="booking-offer").click().run()
    slots = [b for b in kiosk.button if str(b.key).startswith("booking-slot-")]
    assert len(slots) == 9
    close = kiosk.button(key="booking-back")
    assert close.label == "Close the list of times" and close.label not in [
        b.label for b in kiosk.button if b.key != "booking-back"
    ]
    close.click().run()
    kiosk.button(key="help-call").click().run()
    kiosk.button(key="booking-offer").click().run()
    next(b for b in kiosk.button if str(b.key).startswith("booking-slot-")).click().run()
    assert open_calls(demo) == []
    assert "Your call for help is cancelled. A helper will see you at your time instead." in texts(kiosk)


def test_a_time_booked_without_calling_says_nothing_of_a_call(demo: Engine) -> None:
    kiosk = in_a_guide()
    kiosk.button(key="booking-offer").click().run()
    next(b for b in kiosk.button if str(b.key).startswith("booking-slot-")).click().run()
    assert "Your code:" in texts(kiosk) and "call for help is cancelled" not in texts(kiosk)


def test_a_guide_not_in_the_visitors_language_says_so_on_its_tile(demo: Engine) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["kiosk"] = "demo"
    at.run()
    at.button(key="tile-lang-ar").click().run()
    at.button(key="tile-cat-id-and-login").click().run()
    assert at.button(key="tile-guide-passport-appointment").label.endswith("(English)")  # no Arabic text yet
    assert not at.button(key="tile-guide-log-in-with-bankid").label.endswith(")")  # translated: nothing added
