"""Booked times with a helper: slots from staffed hours × capacity, the last place taken twice at once,
codes, check-in as a help call with its context, no-shows, the statistics' counts."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.bookings import (
    CODE_ALPHABET,
    BookingClosed,
    BookingNotFound,
    BookingRules,
    BookingStatus,
    SlotFull,
    SlotUnavailable,
    book,
    booking_counts,
    bookings_on,
    check_in,
    expire_no_shows,
    find,
    mark_no_show,
    new_code,
    normalise_code,
    open_slots,
    should_offer,
    slot_starts,
)
from kiosk.floor.calls import CallStatus, get_call
from kiosk.store.kiosks import DEMO_BRANCHES, DEMO_KIOSK, Kiosk, StaffedHours, save_kiosk, seed_demo

pytestmark = pytest.mark.both_databases

OSLO = ZoneInfo("Europe/Oslo")
# A Monday morning before the demo kiosk's hours (mon-fri 10-15, sat 11-14).
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)
# The demo kiosk as its branch's hours make it, as the kiosk reads it from the database.
DEMO = DEMO_KIOSK.model_copy(update={"staffed_hours": DEMO_BRANCHES[0].staffed_hours})
RULES = BookingRules(slot_minutes=30, capacity=2, days_ahead=1, lead_minutes=15, no_show_after=timedelta(minutes=15))


@pytest.fixture
def floor(engine: Engine) -> Engine:
    seed_demo(engine)
    return engine


def _book(engine: Engine, start: datetime, kiosk: Kiosk = DEMO, rules: BookingRules = RULES):  # type: ignore[no-untyped-def]
    return book(engine, kiosk, start, rules, MONDAY_9, language="ar", guide="library-wifi", step="find-wifi")


def test_slots_are_the_staffed_hours_cut_into_whole_slots() -> None:
    starts = slot_starts(DEMO, MONDAY_9.date(), OSLO, 30)
    assert [s.strftime("%H:%M") for s in starts] == [f"{h}:{m}" for h in range(10, 15) for m in ("00", "30")]
    odd = Kiosk(id="odd", display_name="Odd", staffed_hours=StaffedHours(weekly={"mon": [("10:00", "10:50")]}))
    assert [s.strftime("%H:%M") for s in slot_starts(odd, MONDAY_9.date(), OSLO, 30)] == ["10:00"]  # 10:30 would overrun
    assert slot_starts(DEMO, MONDAY_9.date() + timedelta(days=6), OSLO, 30) == []  # Sunday: closed


def test_a_full_slot_is_no_longer_offered_and_cannot_be_booked(floor: Engine) -> None:
    ten = MONDAY_9.replace(hour=10)
    assert open_slots(floor, DEMO, RULES, MONDAY_9)[0].start == ten
    first, second = _book(floor, ten), _book(floor, ten)
    assert first.code != second.code
    with pytest.raises(SlotFull):
        _book(floor, ten)
    slots = open_slots(floor, DEMO, RULES, MONDAY_9)
    assert slots[0].start == ten + timedelta(minutes=30) and slots[0].free == 2
    # Tomorrow (Tuesday) is offered too, days_ahead=1; the day after is not.
    assert {slot.start.date() for slot in slots} == {MONDAY_9.date(), MONDAY_9.date() + timedelta(days=1)}


def test_kiosks_in_one_branch_share_its_places(floor: Engine) -> None:
    other = DEMO.model_copy(update={"id": "upstairs", "display_name": "Upstairs"})
    save_kiosk(floor, other)
    ten = MONDAY_9.replace(hour=10)
    _book(floor, ten)
    _book(floor, ten, kiosk=other)
    with pytest.raises(SlotFull):
        _book(floor, ten)


@pytest.mark.parametrize(
    "start",
    [
        MONDAY_9.replace(hour=9),  # before the hours
        MONDAY_9.replace(hour=10, minute=10),  # not on a slot boundary
        MONDAY_9.replace(hour=9, minute=10),  # sooner than the lead time and outside
        MONDAY_9.replace(hour=14, minute=45),  # would end after closing
    ],
)
def test_only_real_future_slots_can_be_booked(floor: Engine, start: datetime) -> None:
    with pytest.raises(SlotUnavailable):
        _book(floor, start)


def test_a_slot_starting_within_the_lead_time_is_refused(floor: Engine) -> None:
    with pytest.raises(SlotUnavailable):
        book(
            floor,
            DEMO,
            MONDAY_9.replace(hour=10),
            RULES,
            MONDAY_9.replace(hour=9, minute=50),
            language=None,
            guide=None,
            step=None,
        )


def test_two_kiosks_booking_the_last_place_at_once_make_one_booking(floor: Engine) -> None:
    ten = MONDAY_9.replace(hour=10)
    rules = replace(RULES, capacity=1)
    results: list[object] = []
    barrier = threading.Barrier(6)

    def attempt() -> None:
        barrier.wait()
        try:
            results.append(book(floor, DEMO, ten, rules, MONDAY_9, language="so", guide=None, step=None))
        except SlotFull as refused:
            results.append(refused)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    booked = [r for r in results if not isinstance(r, SlotFull)]
    assert len(booked) == 1 and len(results) == 6
    assert len(bookings_on(floor, ten.date(), OSLO)) == 1


def test_codes_have_no_characters_that_look_alike() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) > 1990
    assert not set("".join(codes)) & set("0O1I")
    assert set("".join(codes)) <= set(CODE_ALPHABET)
    assert normalise_code(" abc-de2 ") == "ABCDE2"


def test_check_in_makes_a_help_call_with_the_guide_context_taken_by_the_helper(floor: Engine) -> None:
    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id
    booking = _book(floor, MONDAY_9.replace(hour=11))
    found = find(floor, booking.code.lower())
    assert found.id == booking.id and found.status is BookingStatus.BOOKED
    call = check_in(floor, booking.id, kari)
    assert (call.guide, call.step, call.language, call.kiosk_id) == ("library-wifi", "find-wifi", "ar", "demo")
    assert call.status is CallStatus.ACCEPTED and call.accepted_by == kari
    assert find(floor, booking.code).status is BookingStatus.CHECKED_IN
    assert find(floor, booking.code).call_id == call.id
    with pytest.raises(BookingClosed):  # a second tablet checking in the same visitor
        check_in(floor, booking.id, kari)
    assert get_call(floor, call.id + 1) is None  # and no second call


def test_an_unknown_code_is_not_found(floor: Engine) -> None:
    with pytest.raises(BookingNotFound):
        find(floor, "ZZZZZZ")


def test_no_shows_by_staff_after_the_start_and_by_themselves_after_the_grace(floor: Engine) -> None:
    eleven = MONDAY_9.replace(hour=11)
    early, late = _book(floor, eleven), _book(floor, eleven)
    with pytest.raises(BookingClosed):  # the slot has not begun: the visitor may still come
        mark_no_show(floor, early.id, None, now=eleven.astimezone(UTC) - timedelta(minutes=1))
    mark_no_show(floor, early.id, None, now=eleven.astimezone(UTC) + timedelta(minutes=1))
    assert expire_no_shows(floor, timedelta(minutes=15), now=eleven.astimezone(UTC) + timedelta(minutes=10)) == 0
    assert expire_no_shows(floor, timedelta(minutes=15), now=eleven.astimezone(UTC) + timedelta(minutes=16)) == 1
    assert find(floor, late.code).status is BookingStatus.NO_SHOW
    with pytest.raises(BookingClosed):
        check_in(floor, late.id, add_user(floor, "ola", "Ola", Role.STAFF, "correct horse battery").id)


def test_the_statistics_count_bookings_check_ins_and_no_shows(floor: Engine) -> None:
    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id
    eleven = MONDAY_9.replace(hour=11)
    a, b, _c = _book(floor, eleven), _book(floor, eleven), _book(floor, eleven + timedelta(minutes=30))
    check_in(floor, a.id, kari)
    mark_no_show(floor, b.id, kari, now=eleven.astimezone(UTC) + timedelta(minutes=5))
    day = MONDAY_9.astimezone(UTC).replace(hour=0)
    assert booking_counts(floor, day, day + timedelta(days=1)) == {"booked": 3, "checked_in": 1, "no_show": 1}


def test_the_offer_shows_when_nobody_is_on_the_floor_or_too_many_wait() -> None:
    assert should_offer(nobody_on_floor=True, waiting=0, offer_above=3)
    assert not should_offer(nobody_on_floor=False, waiting=3, offer_above=3)
    assert should_offer(nobody_on_floor=False, waiting=4, offer_above=3)


def test_the_statistics_page_table_shows_bookings_for_the_period_and_kiosks(floor: Engine, content_dir) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content.loader import load_content
    from kiosk.floor.inquiries import shipped_inquiry_config
    from kiosk.stats.queries import StatsFilter
    from kiosk.stats.tables import build_tables

    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id
    eleven = MONDAY_9.replace(hour=11)
    for _ in range(6):
        booking = _book(floor, eleven if _ < 2 else eleven + timedelta(minutes=30 * (_ // 2)))
    check_in(floor, booking.id, kari)
    library = load_content(content_dir)[0]
    day = StatsFilter(start=MONDAY_9.date(), end=MONDAY_9.date())
    rows = dict(build_tables(floor, day, library, shipped_inquiry_config())["avtaler"].shown())
    assert rows == {"Bestilte": 6, "Sjekket inn": "<5", "Kom ikke": 0}
    elsewhere = StatsFilter(start=MONDAY_9.date(), end=MONDAY_9.date(), kiosk_ids=("upstairs",))
    assert dict(build_tables(floor, elsewhere, library, shipped_inquiry_config())["avtaler"].rows)["Bestilte"] == 0


def test_the_booking_rules_defaults_are_the_settings_and_nowhere_else() -> None:
    """BookingRules has no defaults of its own (they once differed from what ran): every rule comes from a
    KIOSK_BOOKING_* setting, so changing the setting changes what the kiosk offers."""
    import dataclasses

    from kiosk.runtime import booking_rules
    from kiosk.settings import Settings

    assert [f.name for f in dataclasses.fields(BookingRules) if f.default is not dataclasses.MISSING] == []
    rules = booking_rules(
        Settings(
            booking_slot_minutes=20,
            booking_capacity=3,
            booking_days_ahead=2,
            booking_lead_minutes=40,
            booking_no_show_minutes=5,
        )
    )
    assert rules == BookingRules(slot_minutes=20, capacity=3, days_ahead=2, lead_minutes=40, no_show_after=timedelta(minutes=5))
