"""Probes of floods from a kiosk: one visit pressing "book" again and again outside staffed hours (when no call
is made, so no call limit applies), a kiosk booking for many visits, and twenty presses at the same instant
against the per-kiosk limits, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.floor.bookings import BookingRules, TooManyBookings, book, open_slots
from kiosk.floor.calls import CallLimit, TooManyCalls, request_help
from kiosk.store.kiosks import DEMO_BRANCHES, DEMO_KIOSK, seed_demo
from kiosk.store.schema import BookingRow, HelpCallRow
from kiosk.visit.journey import new_visit_id

pytestmark = pytest.mark.both_databases

OSLO = ZoneInfo("Europe/Oslo")
DEMO = DEMO_KIOSK.model_copy(update={"staffed_hours": DEMO_BRANCHES[0].staffed_hours})
# Capacity for a flood to fill: 20 places tomorrow (as in the probe), bookable a week ahead.
RULES = BookingRules(
    slot_minutes=30, capacity=2, days_ahead=7, lead_minutes=15, no_show_after=timedelta(minutes=15), per_visit=1, per_kiosk_hour=6
)
SIMULTANEOUS = 20


def _evening() -> datetime:
    """Now, in local time, as a kiosk outside staffed hours sees it (the clock of the bookings' created_at is real)."""
    return datetime.now(OSLO)


def _count(engine: Engine, row: type[BookingRow] | type[HelpCallRow]) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(row)) or 0


def _all_at_once(work: Callable[[int], None]) -> list[BaseException]:
    barrier = threading.Barrier(SIMULTANEOUS)
    errors: list[BaseException] = []

    def press(index: int) -> None:
        barrier.wait()
        try:
            work(index)
        except KioskError:
            pass  # refused: what the limit is for
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=press, args=(i,)) for i in range(SIMULTANEOUS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_one_visit_pressing_sixty_times_books_one_time(engine: Engine) -> None:
    seed_demo(engine)
    visit = new_visit_id()
    now = _evening()
    booked = refused = 0
    for _ in range(60):
        slots = open_slots(engine, DEMO, RULES, now)
        if not slots:
            break
        try:
            book(engine, DEMO, slots[0].start, RULES, now, language="ar", guide=None, step=None, visit_id=visit)
            booked += 1
        except TooManyBookings as limit:
            assert limit.by == "visit"
            refused += 1
    assert booked == 1 and refused == 59
    assert _count(engine, BookingRow) == 1


def test_a_kiosk_books_at_most_its_hourly_limit_for_many_visits(engine: Engine) -> None:
    seed_demo(engine)
    now = _evening()
    kinds = []
    for _ in range(20):
        slots = open_slots(engine, DEMO, RULES, now)
        try:
            book(engine, DEMO, slots[0].start, RULES, now, language="nb", guide=None, step=None, visit_id=new_visit_id())
        except TooManyBookings as limit:
            kinds.append(limit.by)
    assert _count(engine, BookingRow) == RULES.per_kiosk_hour
    assert kinds == ["kiosk"] * (20 - RULES.per_kiosk_hour)


def test_twenty_simultaneous_bookings_from_one_kiosk_make_exactly_its_limit(engine: Engine) -> None:
    seed_demo(engine)
    now = _evening()
    slots = open_slots(engine, DEMO, RULES, now)

    def press(index: int) -> None:  # a full slot or the limit: refused, as _all_at_once expects
        book(engine, DEMO, slots[index].start, RULES, now, language="nb", guide=None, step=None, visit_id=new_visit_id())

    assert _all_at_once(press) == []
    assert _count(engine, BookingRow) == RULES.per_kiosk_hour


def test_twenty_simultaneous_presses_from_one_visit_book_once(engine: Engine) -> None:
    seed_demo(engine)
    now = _evening()
    slots = open_slots(engine, DEMO, RULES, now)
    visit = new_visit_id()
    assert (
        _all_at_once(
            lambda i: (
                book(engine, DEMO, slots[i].start, RULES, now, language="nb", guide=None, step=None, visit_id=visit) and None
            )
        )
        == []
    )
    assert _count(engine, BookingRow) == 1


def test_twenty_simultaneous_calls_from_one_kiosk_make_exactly_the_limit(engine: Engine) -> None:
    seed_demo(engine)
    limit = CallLimit(calls=6, per=timedelta(minutes=10))

    def press(_index: int) -> None:
        request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide=None, step=None, limit=limit)

    assert _all_at_once(press) == []
    assert _count(engine, HelpCallRow) == limit.calls
    with pytest.raises(TooManyCalls):
        press(0)
