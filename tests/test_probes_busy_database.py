"""Probes of a busy floor: the SQLite database locked by another connection (BEGIN EXCLUSIVE) while a kiosk
books or calls for help and a tablet sends its heartbeat. Each is told "busy" (StoreUnavailable, which the
screens turn into a calm message), and trying again after the lock makes exactly one row."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.accounts.auth import Role, add_user
from kiosk.errors import StoreUnavailable
from kiosk.floor.bookings import BookingRules, book
from kiosk.floor.calls import open_calls, request_help
from kiosk.floor.presence import heard_from
from kiosk.settings import Settings
from kiosk.store.engine import make_engine
from kiosk.store.kiosks import DEMO_BRANCHES, DEMO_KIOSK, seed_demo
from kiosk.store.schema import BookingRow, StaffPresenceRow
from kiosk.visit.journey import new_visit_id

OSLO = ZoneInfo("Europe/Oslo")
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)
DEMO = DEMO_KIOSK.model_copy(update={"staffed_hours": DEMO_BRANCHES[0].staffed_hours})


@pytest.fixture
def impatient(engine: Engine, settings: Settings) -> Iterator[Engine]:
    """The same database with a short busy timeout, so a lock held longer than it is felt at once."""
    seed_demo(engine)
    quick = make_engine(settings.effective_database_url, busy_timeout_ms=200)
    yield quick
    quick.dispose()


@contextmanager
def locked(settings: Settings) -> Iterator[None]:
    path = settings.effective_database_url.removeprefix("sqlite:///")
    other = sqlite3.connect(path, isolation_level=None, timeout=1)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_booking_while_the_database_is_locked_is_busy_then_made_once(impatient: Engine, settings: Settings) -> None:
    rules = BookingRules(slot_minutes=30, capacity=1, days_ahead=1, lead_minutes=15, no_show_after=timedelta(minutes=15))
    ten = MONDAY_9.replace(hour=10)
    with locked(settings), pytest.raises(StoreUnavailable):
        book(impatient, DEMO, ten, rules, MONDAY_9, language="ar", guide=None, step=None)
    book(impatient, DEMO, ten, rules, MONDAY_9, language="ar", guide=None, step=None)
    with Session(impatient) as session:
        assert session.scalar(select(func.count()).select_from(BookingRow)) == 1


def test_a_call_for_help_while_the_database_is_locked_is_busy_then_made_once(impatient: Engine, settings: Settings) -> None:
    visit = new_visit_id()
    with locked(settings), pytest.raises(StoreUnavailable):
        request_help(impatient, visit_id=visit, kiosk_id="demo", language="so", guide=None, step=None)
    request_help(impatient, visit_id=visit, kiosk_id="demo", language="so", guide=None, step=None)
    assert [call.visit_id for call in open_calls(impatient)] == [visit]


def test_a_heartbeat_while_the_database_is_locked_is_busy_then_written(impatient: Engine, settings: Settings) -> None:
    kari = add_user(impatient, "kari", "Kari", Role.STAFF, "correct horse battery").id
    with locked(settings), pytest.raises(StoreUnavailable):
        heard_from(impatient, kari, timedelta(seconds=20))
    assert heard_from(impatient, kari, timedelta(seconds=20))
    with Session(impatient) as session:
        assert session.scalar(select(func.count()).select_from(StaffPresenceRow)) == 1
