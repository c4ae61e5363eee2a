"""Probes of two tablets and a busy database at a booking's check-in."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

import kiosk.floor.bookings as bookings
from kiosk.accounts.auth import Role, add_user
from kiosk.errors import StoreUnavailable
from kiosk.floor.bookings import BookingClosed, BookingRules, book, check_in
from kiosk.floor.calls import open_calls
from kiosk.store.kiosks import DEMO_BRANCHES, DEMO_KIOSK, seed_demo

OSLO = ZoneInfo("Europe/Oslo")
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)
DEMO = DEMO_KIOSK.model_copy(update={"staffed_hours": DEMO_BRANCHES[0].staffed_hours})
# Bookings per visit and per kiosk are not what this file tests (tests/test_probes_floods.py does).
ANY_NUMBER = {"per_visit": 1000, "per_kiosk_hour": 1000}
RULES = BookingRules(
    slot_minutes=30, capacity=2, days_ahead=1, lead_minutes=15, no_show_after=timedelta(minutes=15), **ANY_NUMBER
)


def _booking(engine: Engine) -> int:
    seed_demo(engine)
    return book(engine, DEMO, MONDAY_9.replace(hour=10), RULES, MONDAY_9, language="ar", guide="library-wifi", step=None).id


@pytest.mark.both_databases
def test_two_tablets_checking_in_one_booking_at_once_make_one_call(engine: Engine) -> None:
    booking = _booking(engine)
    staff = [add_user(engine, name, name, Role.STAFF, "correct horse battery").id for name in ("kari", "ola")]
    barrier, outcomes = threading.Barrier(2), list[object]()

    def press(user: int) -> None:
        barrier.wait()
        try:
            outcomes.append(check_in(engine, booking, user))
        except BookingClosed as refused:
            outcomes.append(refused)

    threads = [threading.Thread(target=press, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(o, BookingClosed) for o in outcomes) == 1
    assert len(open_calls(engine)) == 1


@pytest.mark.both_databases
def test_a_check_in_the_busy_database_interrupts_can_be_pressed_again(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    booking = _booking(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    real = bookings.request_help

    def busy_once(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(bookings, "request_help", real)
        raise StoreUnavailable("database is locked")

    monkeypatch.setattr(bookings, "request_help", busy_once)
    with pytest.raises(StoreUnavailable):
        check_in(engine, booking, kari)
    check_in(engine, booking, kari)  # the staff member presses again once the database answers
    assert len(open_calls(engine)) == 1


@pytest.mark.both_databases
def test_a_check_in_interrupted_twice_is_undone_on_the_second_try_and_can_be_pressed_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.floor.bookings import BookingStatus

    booking = _booking(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    real_help, real_update = bookings.request_help, bookings.update

    def busy_update_once(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(bookings, "update", real_update)
        raise StoreUnavailable("database is locked")

    def busy_help(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(bookings, "request_help", real_help)
        monkeypatch.setattr(bookings, "update", busy_update_once)  # the undo's first try meets a busy database too
        raise StoreUnavailable("database is locked")

    monkeypatch.setattr(bookings, "request_help", busy_help)
    with pytest.raises(StoreUnavailable):
        check_in(engine, booking, kari)
    [shown] = bookings.bookings_on(engine, MONDAY_9.date(), OSLO)
    assert (shown.id, shown.status, open_calls(engine)) == (booking, BookingStatus.BOOKED, [])
    check_in(engine, booking, kari)
    assert len(open_calls(engine)) == 1
