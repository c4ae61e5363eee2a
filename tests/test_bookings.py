"""Booked times with a helper: slots from staffed hours × capacity, the last place taken twice at once,
codes, check-in as a help call with its context, no-shows, the statistics' counts."""

from __future__ import annotations

import re
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
    place_of,
    should_offer,
    slot_starts,
)
from kiosk.floor.calls import CallStatus, get_call
from kiosk.store.kiosks import DEMO_BRANCHES, DEMO_KIOSK, Kiosk, StaffedHours, save_kiosk, seed_demo

pytestmark = [pytest.mark.both_databases, pytest.mark.usefixtures("cheap_passwords")]  # accounts: not what is tested

OSLO = ZoneInfo("Europe/Oslo")
# A Monday morning before the demo kiosk's hours (mon-fri 10-15, sat 11-14).
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=OSLO)
# The demo kiosk as its branch's hours make it, as the kiosk reads it from the database.
DEMO = DEMO_KIOSK.model_copy(update={"staffed_hours": DEMO_BRANCHES[0].staffed_hours})
# Bookings per visit and per kiosk are not what this file tests (tests/test_probes_floods.py does).
ANY_NUMBER = {"per_visit": 1000, "per_kiosk_hour": 1000}
RULES = BookingRules(
    slot_minutes=30, capacity=2, days_ahead=1, lead_minutes=15, no_show_after=timedelta(minutes=15), **ANY_NUMBER
)


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
    assert {len(code) for code in codes} == {6}  # what the slip prints and staff type
    assert normalise_code("x" * 40) == "X" * 16  # a paste of anything is cut before it is looked up


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
    assert not should_offer(nobody_on_floor=False, waiting=0, offer_above=3)  # staff on the floor, nobody waiting
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
            booking_visit_limit=2,
            booking_kiosk_hourly_limit=9,
        )
    )
    assert rules == BookingRules(
        slot_minutes=20,
        capacity=3,
        days_ahead=2,
        lead_minutes=40,
        no_show_after=timedelta(minutes=5),
        per_visit=2,
        per_kiosk_hour=9,
    )


# -- a busy floor: two branches, several bookings and calls, so a booking's id is never its call's id -------


def _row(engine: Engine, booking_id: int):  # type: ignore[no-untyped-def]
    from sqlalchemy.orm import Session

    from kiosk.store.schema import BookingRow

    with Session(engine) as session:
        row = session.get(BookingRow, booking_id)
        assert row is not None
        session.expunge(row)
        return row


@pytest.fixture
def branches(floor: Engine) -> Kiosk:
    """A second branch with a kiosk of its own (the demo kiosk's hours), and three calls made before any booking."""
    from kiosk.floor.calls import request_help
    from kiosk.visit.journey import new_visit_id

    save_kiosk(floor, Kiosk(id="filial-1", display_name="Filial", location="Filial", staffed_hours=DEMO.hours))
    for _ in range(3):
        request_help(floor, visit_id=new_visit_id(), kiosk_id="demo", language="nb", guide=None, step=None)
    return Kiosk(id="filial-1", display_name="Filial", location="Filial", branch_id="filial", staffed_hours=DEMO.hours)


def test_check_in_links_the_booking_to_its_own_call_on_a_busy_floor(floor: Engine, branches: Kiosk) -> None:
    add_user(floor, "anne", "Anne", Role.STAFF, "correct horse battery")
    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id
    eleven = MONDAY_9.replace(hour=11)
    first = _book(floor, eleven)
    mine = book(floor, branches, eleven, RULES, MONDAY_9, language="so", guide="nav-login", step="open-nav")
    last = _book(floor, eleven + timedelta(minutes=30))
    assert (mine.kiosk_id, mine.branch_id, mine.slot_start, mine.status, mine.call_id) == (
        "filial-1",
        "filial",
        eleven.astimezone(UTC),
        BookingStatus.BOOKED,
        None,
    )
    assert (mine.language, mine.guide, mine.step) == ("so", "nav-login", "open-nav")
    assert (first.branch_id, last.branch_id) == ("hovedbiblioteket", "hovedbiblioteket")

    call = check_in(floor, mine.id, kari)
    assert call.id != mine.id, "the fixture keeps the ids apart"
    assert (call.kiosk_id, call.branch_id, call.language, call.guide, call.step) == (
        "filial-1",
        "filial",
        "so",
        "nav-login",
        "open-nav",
    )
    assert (call.status, call.accepted_by, call.accepted_by_name) == (CallStatus.ACCEPTED, kari, "Kari")
    checked = find(floor, mine.code)
    assert (checked.status, checked.call_id) == (BookingStatus.CHECKED_IN, call.id)
    row = _row(floor, mine.id)
    assert row.closed_by == kari and row.closed_at is not None
    for other in (first, last):  # the other bookings wait as they did
        assert find(floor, other.code) == other
        assert (_row(floor, other.id).closed_at, _row(floor, other.id).closed_by) == (None, None)


def test_no_shows_close_only_their_booking_at_the_exact_edges(floor: Engine, branches: Kiosk) -> None:
    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id
    eleven = MONDAY_9.replace(hour=11)
    start = eleven.astimezone(UTC)
    staff_marks, expires, stays = (
        _book(floor, eleven),
        _book(floor, eleven),
        book(floor, branches, eleven + timedelta(minutes=30), RULES, MONDAY_9, language=None, guide=None, step=None),
    )
    with pytest.raises(BookingClosed):
        mark_no_show(floor, staff_marks.id, kari, now=start - timedelta(seconds=1))
    mark_no_show(floor, staff_marks.id, kari, now=start)  # the slot begins: the visitor is late
    marked = _row(floor, staff_marks.id)
    assert (marked.status, marked.closed_by, marked.call_id) == (BookingStatus.NO_SHOW, kari, None)
    assert marked.closed_at is not None
    assert find(floor, expires.code).status is BookingStatus.BOOKED, "marking one touches no other"
    grace = timedelta(minutes=15)
    assert expire_no_shows(floor, grace, now=start + grace - timedelta(seconds=1)) == 0
    assert expire_no_shows(floor, grace, now=start + grace) == 1  # exactly the grace's end
    expired = _row(floor, expires.id)
    assert (expired.status, expired.closed_by, expired.call_id) == (BookingStatus.NO_SHOW, None, None)
    assert expired.closed_at is not None
    assert find(floor, stays.code).status is BookingStatus.BOOKED, "a later slot is not over yet"


def test_a_slot_exactly_the_lead_time_away_is_offered_and_booked(floor: Engine) -> None:
    quarter_to_ten = MONDAY_9.replace(minute=45)
    ten = MONDAY_9.replace(hour=10)
    assert open_slots(floor, DEMO, RULES, quarter_to_ten)[0].start == ten
    assert book(floor, DEMO, ten, RULES, quarter_to_ten, language=None, guide=None, step=None).slot_start == ten.astimezone(UTC)
    a_second_later = quarter_to_ten + timedelta(seconds=1)
    assert open_slots(floor, DEMO, RULES, a_second_later)[0].start == ten + timedelta(minutes=30)


def test_the_last_day_ahead_is_offered_to_its_last_slot_and_no_further(floor: Engine) -> None:
    slots = open_slots(floor, DEMO, replace(RULES, days_ahead=2), MONDAY_9)
    wednesday = MONDAY_9.date() + timedelta(days=2)
    assert slots[-1].start == datetime(2026, 12, 9, 14, 30, tzinfo=OSLO)
    assert {slot.start.date() for slot in slots} == {MONDAY_9.date(), MONDAY_9.date() + timedelta(days=1), wednesday}
    assert [slot.free for slot in slots] == [RULES.capacity] * len(slots)


def test_a_day_and_a_branch_hold_only_their_own_bookings(floor: Engine, branches: Kiosk) -> None:
    ten, tuesday_ten = MONDAY_9.replace(hour=10), MONDAY_9.replace(hour=10) + timedelta(days=1)
    home = [_book(floor, ten), _book(floor, ten + timedelta(minutes=270))]  # 10:00 and the day's last slot, 14:30
    away = book(floor, branches, ten + timedelta(minutes=30), RULES, MONDAY_9, language=None, guide=None, step=None)
    _book(floor, tuesday_ten)
    monday = bookings_on(floor, MONDAY_9.date(), OSLO)
    assert [b.id for b in monday] == [home[0].id, away.id, home[1].id]
    assert [b.id for b in bookings_on(floor, MONDAY_9.date(), OSLO, "filial")] == [away.id]
    assert [b.id for b in bookings_on(floor, MONDAY_9.date(), OSLO, "hovedbiblioteket")] == [b.id for b in home]
    day = ten.astimezone(UTC).replace(hour=0)
    assert booking_counts(floor, day, day + timedelta(days=1)) == {"booked": 3, "checked_in": 0, "no_show": 0}
    assert booking_counts(floor, ten.astimezone(UTC), tuesday_ten.astimezone(UTC))["booked"] == 3  # [start, end)
    assert booking_counts(floor, ten.astimezone(UTC), tuesday_ten.astimezone(UTC) + timedelta(seconds=1))["booked"] == 4
    assert booking_counts(floor, day, day + timedelta(days=2), branch_ids=("filial",))["booked"] == 1
    assert booking_counts(floor, day, day + timedelta(days=2), kiosk_ids=("demo",))["booked"] == 3


def test_the_slip_says_where_to_come_back_to_without_saying_the_branch_twice() -> None:
    from kiosk.store.branches import Branch

    filial = Branch(id="filial", name="Filial Nord")
    kiosk = Kiosk(id="k1", display_name="Kiosk by the door", location="2. etasje", branch_id="filial", branch=filial)
    assert place_of(kiosk) == "Filial Nord, 2. etasje"
    assert place_of(kiosk.model_copy(update={"location": "Filial Nord, 2. etasje"})) == "Filial Nord, 2. etasje"
    assert place_of(kiosk.model_copy(update={"location": ""})) == "Filial Nord"
    assert place_of(Kiosk(id="k2", display_name="Kiosk by the door")) == "Kiosk by the door"  # nothing else to say


def test_a_code_drawn_twice_is_drawn_again_and_the_place_is_still_booked(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.floor.bookings

    taken = _book(floor, MONDAY_9.replace(hour=10))
    codes = iter([taken.code, "HJKMN2"])  # the first draw repeats a code on another booking's slip
    monkeypatch.setattr(kiosk.floor.bookings, "new_code", lambda: next(codes))
    only_place = replace(RULES, capacity=1)
    booked = book(floor, DEMO, MONDAY_9.replace(hour=11), only_place, MONDAY_9, language=None, guide=None, step=None)
    assert (booked.code, booked.status) == ("HJKMN2", BookingStatus.BOOKED)
    assert find(floor, taken.code).id == taken.id  # the older slip still finds its own booking


def test_a_slot_with_one_place_left_is_still_offered(floor: Engine) -> None:
    ten = MONDAY_9.replace(hour=10)
    _book(floor, ten)
    first = open_slots(floor, DEMO, RULES, MONDAY_9)[0]
    assert (first.start, first.free) == (ten, RULES.capacity - 1)


def test_a_booking_at_midnight_belongs_to_the_day_it_starts(floor: Engine) -> None:
    night = Kiosk(
        id="night", display_name="Night", location="Natt", staffed_hours=StaffedHours(weekly={"tue": [("00:00", "01:00")]})
    )
    save_kiosk(floor, night)
    midnight = datetime(2026, 12, 8, 0, 0, tzinfo=OSLO)  # Tuesday's first minute
    booking = book(
        floor, night.model_copy(update={"branch_id": "natt"}), midnight, RULES, MONDAY_9, language=None, guide=None, step=None
    )
    assert bookings_on(floor, MONDAY_9.date(), OSLO) == []
    assert [b.id for b in bookings_on(floor, midnight.date(), OSLO)] == [booking.id]


def test_a_kiosks_bookings_from_more_than_an_hour_ago_do_not_count_towards_its_limit(floor: Engine) -> None:
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from kiosk.floor.bookings import TooManyBookings
    from kiosk.store.schema import BookingRow

    one_an_hour = replace(RULES, per_kiosk_hour=1)
    old = book(floor, DEMO, MONDAY_9.replace(hour=10), one_an_hour, MONDAY_9, language=None, guide=None, step=None)
    with pytest.raises(TooManyBookings):
        book(floor, DEMO, MONDAY_9.replace(hour=11), one_an_hour, MONDAY_9, language=None, guide=None, step=None)
    with Session(floor) as session, session.begin():
        session.execute(
            update(BookingRow).where(BookingRow.id == old.id).values(created_at=datetime.now(UTC) - timedelta(minutes=61))
        )
    assert (
        book(floor, DEMO, MONDAY_9.replace(hour=11), one_an_hour, MONDAY_9, language=None, guide=None, step=None).status
        is BookingStatus.BOOKED
    )


def test_a_seat_draws_five_codes_at_most_before_the_slot_counts_as_full(floor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.floor.bookings

    taken = _book(floor, MONDAY_9.replace(hour=10)).code
    only_place = replace(RULES, capacity=1)
    eleven, twelve = MONDAY_9.replace(hour=11), MONDAY_9.replace(hour=12)
    codes = iter([taken] * 4 + ["HJKMN2"])  # the fifth draw is free
    monkeypatch.setattr(kiosk.floor.bookings, "new_code", lambda: next(codes))
    assert book(floor, DEMO, eleven, only_place, MONDAY_9, language=None, guide=None, step=None).code == "HJKMN2"
    codes = iter([taken] * 5 + ["PQRST3"])  # five taken draws: no endless drawing
    with pytest.raises(SlotFull):
        book(floor, DEMO, twelve, only_place, MONDAY_9, language=None, guide=None, step=None)


# -- the library changes its rules during the day; a slot's first place is taken; a code drawn twice --------


def test_lowered_places_and_limits_keep_what_is_already_past_them_closed(floor: Engine) -> None:
    from kiosk.floor.bookings import TooManyBookings

    ten = MONDAY_9.replace(hour=10)
    roomy = replace(RULES, capacity=3, per_visit=5, per_kiosk_hour=5)
    for _ in range(2):
        book(floor, DEMO, ten, roomy, MONDAY_9, language=None, guide=None, step=None, visit_id="a" * 32)
    # The library lowers the places per slot to one: a slot with two taken has none left, not "minus one".
    one_place = replace(roomy, capacity=1)
    assert ten not in {slot.start for slot in open_slots(floor, DEMO, one_place, MONDAY_9)}
    assert MONDAY_9.replace(hour=11) in {slot.start for slot in open_slots(floor, DEMO, one_place, MONDAY_9)}
    # ... and the bookings per visit and per kiosk hour to one: two made already are more than one, not "not one".
    eleven = MONDAY_9.replace(hour=11)
    for lowered, visit_id, by in (
        (replace(roomy, per_visit=1), "a" * 32, "visit"),
        (replace(roomy, per_kiosk_hour=1), None, "kiosk"),
    ):
        with pytest.raises(TooManyBookings) as refused:
            book(floor, DEMO, eleven, lowered, MONDAY_9, language=None, guide=None, step=None, visit_id=visit_id)
        assert refused.value.by == by


def test_a_taken_place_is_left_at_once_and_only_a_taken_code_is_drawn_again(
    floor: Engine, branches: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.floor.bookings

    eleven = MONDAY_9.replace(hour=11)
    noon = MONDAY_9.replace(hour=12)
    other_branch = book(floor, branches, noon, RULES, MONDAY_9, language=None, guide=None, step=None)  # its place 1 at noon
    first = _book(floor, eleven)  # this branch's place 1
    drawn: list[str] = []
    fresh = iter(["HJKMN2", "PQRST3", "VWXYZ4", "ABCDE5", "FGHJK6", "LMNPQ7", "RSTUV8"])

    def draw() -> str:
        drawn.append(next(fresh))
        return drawn[-1]

    monkeypatch.setattr(kiosk.floor.bookings, "new_code", draw)
    second = _book(floor, eleven)
    # Place 1 is taken: one try there, then place 2 with the next code (not five codes spent on a taken place).
    assert (_row(floor, second.id).seat, second.code, drawn) == (1, "PQRST3", ["HJKMN2", "PQRST3"])
    # A code that is another branch's booking at the same time, same place: the place here is still free.
    codes = iter([other_branch.code, "WXYZA9"])
    monkeypatch.setattr(kiosk.floor.bookings, "new_code", lambda: next(codes))
    only_place = replace(RULES, capacity=1)
    mine = book(floor, DEMO, noon, only_place, MONDAY_9, language=None, guide=None, step=None)
    assert (_row(floor, mine.id).seat, mine.code) == (0, "WXYZA9")
    assert _row(floor, first.id).seat == 0 and _row(floor, other_branch.id).seat == 0


def test_a_check_in_makes_a_call_with_a_visit_id_as_random_as_any_visits(floor: Engine) -> None:
    kari = add_user(floor, "kari", "Kari", Role.STAFF, "correct horse battery").id
    call = check_in(floor, _book(floor, MONDAY_9.replace(hour=10)).id, kari)
    assert re.fullmatch(r"[0-9a-f]{32}", call.visit_id), "128 random bits, like the kiosk's own visits"
