"""Booked times with a helper, for a visitor who cannot wait: anonymous, by a short code.

Slots come from the kiosk's staffed hours, cut into `slot_minutes`, each with room for `capacity`
visitors at the kiosk's branch (its helpers are shared by its kiosks). A booking takes a numbered seat in its
slot; (branch, slot, seat) is unique, so when two kiosks book the last place at the same instant one gets it and the other is
told the slot is full. Codes use letters and digits that cannot be mistaken for each other (no 0/O,
no 1/I). Life cycle:  booked --check_in--> checked_in (a help call with the booking's guide and step)
                        +--no_show (staff, or by itself once the grace period is over)--> no_show
Nothing about the visitor is kept: the code, the kiosk, the time, and the guide and step they were on.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.errors import Refused, StoreUnavailable
from kiosk.floor.calls import HelpCall, accept, request_help
from kiosk.notify.outbox import Outbox
from kiosk.store.kiosks import Kiosk
from kiosk.store.schema import BookingRow, KioskRow
from kiosk.store.transient import unavailable_as_store_error

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0, O, 1 or I: read aloud or typed, one way only
CODE_LENGTH = 6


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"


class SlotFull(Refused):
    """Every place in this slot is taken (perhaps a moment ago, by another kiosk)."""


class SlotUnavailable(Refused):
    """Not a bookable slot: outside the staffed hours, not on a slot boundary, or already begun."""


class BookingNotFound(Refused):
    """No booking has this code."""


class BookingClosed(Refused):
    """The booking was checked in or marked a no-show already."""


@dataclass(frozen=True)
class BookingRules:
    """The library's rules for booked times; no defaults here: kiosk.runtime.booking_rules fills them from the
    settings (KIOSK_BOOKING_*), the one place their defaults are written."""

    slot_minutes: int
    capacity: int
    days_ahead: int
    lead_minutes: int  # a slot starting sooner than this is not offered: the visitor would wait anyway
    no_show_after: timedelta


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, in the kiosk's local time
    free: int


class Booking(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    kiosk_id: str
    branch_id: str  # whose helpers: the kiosk's branch when it was booked
    slot_start: datetime  # aware, UTC
    language: str | None
    guide: str | None
    step: str | None
    status: BookingStatus
    call_id: int | None = None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What staff type from a slip: any case, with spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())[:16]


def slot_starts(kiosk: Kiosk, day: date, zone: tzinfo, slot_minutes: int) -> list[datetime]:
    """Every whole slot inside the day's staffed spans, in local time."""
    starts: list[datetime] = []
    step = timedelta(minutes=slot_minutes)
    for begin, end in sorted(kiosk.hours.spans_on(day)):
        at = datetime.combine(day, time.fromisoformat(begin), tzinfo=zone)
        closes = datetime.combine(day, time.fromisoformat(end), tzinfo=zone)
        while at + step <= closes:
            starts.append(at)
            at += step
    return starts


def place_of(kiosk: Kiosk) -> str:
    """Where the visitor comes back to, as the slip says it: the branch and the place in it."""
    parts = [kiosk.location] if kiosk.branch_name and kiosk.branch_name in kiosk.location else [kiosk.branch_name, kiosk.location]
    return ", ".join(part for part in parts if part) or kiosk.display_name


def _branch(kiosk: Kiosk) -> str:
    # Kiosks in one branch share its helpers (and places). A stored kiosk always stands in a branch.
    if not kiosk.branch_id:
        raise SlotUnavailable(f"kiosk {kiosk.id} is in no branch")
    return kiosk.branch_id


def _taken(engine: Engine, branch_id: str, starts: list[datetime]) -> dict[datetime, int]:
    if not starts:
        return {}
    utc = [start.astimezone(UTC) for start in starts]
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.execute(
            select(BookingRow.slot_start, func.count())
            .where(BookingRow.branch_id == branch_id, BookingRow.slot_start.in_(utc))
            .group_by(BookingRow.slot_start)
        ).all()
    return {start: count for start, count in rows}


def open_slots(engine: Engine, kiosk: Kiosk, rules: BookingRules, local_now: datetime) -> list[Slot]:
    """Slots with a free place from `lead_minutes` from now over the next `days_ahead` days, soonest first."""
    zone = local_now.tzinfo
    assert zone is not None, "local_now must be aware"
    earliest = local_now + timedelta(minutes=rules.lead_minutes)
    starts = [
        start
        for offset in range(rules.days_ahead + 1)
        for start in slot_starts(kiosk, local_now.date() + timedelta(days=offset), zone, rules.slot_minutes)
        if start >= earliest
    ]
    taken = _taken(engine, _branch(kiosk), starts)
    slots = [Slot(start, rules.capacity - taken.get(start.astimezone(UTC), 0)) for start in starts]
    return [slot for slot in slots if slot.free > 0]


def _to_model(row: BookingRow) -> Booking:
    return Booking(
        id=row.id,
        code=row.code,
        kiosk_id=row.kiosk_id,
        branch_id=row.branch_id,
        slot_start=row.slot_start,
        language=row.language,
        guide=row.guide,
        step=row.step,
        status=BookingStatus(row.status),
        call_id=row.call_id,
    )


def book(
    engine: Engine,
    kiosk: Kiosk,
    slot_start: datetime,
    rules: BookingRules,
    local_now: datetime,
    *,
    language: str | None,
    guide: str | None,
    step: str | None,
) -> Booking:
    """Take a place in the slot, or SlotFull / SlotUnavailable. One guarded insert per seat tried."""
    zone = local_now.tzinfo
    assert zone is not None, "local_now must be aware"
    local_start = slot_start.astimezone(zone)
    if local_start < local_now + timedelta(minutes=rules.lead_minutes) or local_start not in slot_starts(
        kiosk, local_start.date(), zone, rules.slot_minutes
    ):
        raise SlotUnavailable(f"{slot_start.isoformat()} is not a bookable slot at kiosk {kiosk.id}")
    branch_id = _branch(kiosk)
    start = local_start.astimezone(UTC)
    for seat in range(rules.capacity):
        for _attempt in range(5):  # a new code only when the code, not the seat, was taken
            code = new_code()
            try:
                with unavailable_as_store_error(), Session(engine) as session, session.begin():
                    row = BookingRow(
                        code=code,
                        kiosk_id=kiosk.id,
                        branch_id=branch_id,
                        slot_start=start,
                        seat=seat,
                        language=language,
                        guide=guide,
                        step=step,
                        status=BookingStatus.BOOKED,
                        created_at=datetime.now(UTC),
                    )
                    session.add(row)
                    session.flush()
                    return _to_model(row)
            except IntegrityError:
                if _seat_taken(engine, branch_id, start, seat):
                    break
    raise SlotFull(f"slot {start.isoformat()} at {branch_id} is full")


def _seat_taken(engine: Engine, branch_id: str, start: datetime, seat: int) -> bool:
    with unavailable_as_store_error(), Session(engine) as session:
        return (
            session.scalar(
                select(BookingRow.id).where(
                    BookingRow.branch_id == branch_id, BookingRow.slot_start == start, BookingRow.seat == seat
                )
            )
            is not None
        )


def find(engine: Engine, typed_code: str) -> Booking:
    code = normalise_code(typed_code)
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.scalar(select(BookingRow).where(BookingRow.code == code))
        if row is None:
            raise BookingNotFound(f"no booking {code!r}")
        return _to_model(row)


def bookings_on(engine: Engine, day: date, zone: tzinfo, branch_id: str | None = None) -> list[Booking]:
    """A local day's bookings (all branches, or one), by time."""
    start = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    query = select(BookingRow).where(BookingRow.slot_start >= start, BookingRow.slot_start < end)
    if branch_id is not None:
        query = query.where(BookingRow.branch_id == branch_id)
    with unavailable_as_store_error(), Session(engine) as session:
        return [_to_model(row) for row in session.scalars(query.order_by(BookingRow.slot_start, BookingRow.seat))]


def _close(engine: Engine, booking_id: int, status: BookingStatus, user_id: int | None, *guard: object) -> bool:
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        result = session.execute(
            update(BookingRow)
            .where(BookingRow.id == booking_id, BookingRow.status == BookingStatus.BOOKED, *guard)  # type: ignore[arg-type]
            .values(status=status, closed_at=datetime.now(UTC), closed_by=user_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def check_in(engine: Engine, booking_id: int, user_id: int, outbox: Outbox | None = None) -> HelpCall:
    """The visitor is here: the booking becomes a help call with its guide and step, taken by this staff member.

    Guarded on the booking's status, so two tablets checking in the same visitor make one call.
    """
    if not _close(engine, booking_id, BookingStatus.CHECKED_IN, user_id):
        raise BookingClosed(f"booking {booking_id} is not waiting for a check-in")
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.get(BookingRow, booking_id)
        assert row is not None
        booking = _to_model(row)
    try:
        call = request_help(
            engine,
            visit_id=secrets.token_hex(16),  # a visit of its own: the kiosk visit that booked was wiped long ago
            kiosk_id=booking.kiosk_id,
            language=booking.language,
            guide=booking.guide,
            step=booking.step,
            outbox=None,  # the helper is already with the visitor: nobody needs to be alerted
        )
    except StoreUnavailable:
        _reopen(engine, booking_id, user_id)  # no call was made: "Sjekk inn" may be pressed again
        raise
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        session.execute(update(BookingRow).where(BookingRow.id == booking_id).values(call_id=call.id))
    return accept(engine, call.id, user_id)


def _reopen(engine: Engine, booking_id: int, user_id: int) -> None:
    """Undo this staff member's check-in that made no call (the database was busy); once more if it still is."""
    for _attempt in range(2):
        try:
            with unavailable_as_store_error(), Session(engine) as session, session.begin():
                session.execute(
                    update(BookingRow)
                    .where(
                        BookingRow.id == booking_id,
                        BookingRow.status == BookingStatus.CHECKED_IN,
                        BookingRow.call_id.is_(None),
                        BookingRow.closed_by == user_id,
                    )
                    .values(status=BookingStatus.BOOKED, closed_at=None, closed_by=None)
                )
            return
        except StoreUnavailable:
            continue


def mark_no_show(engine: Engine, booking_id: int, user_id: int | None, now: datetime | None = None) -> None:
    """Staff: the visitor did not come. Only once the slot has begun."""
    now = now or datetime.now(UTC)
    if not _close(engine, booking_id, BookingStatus.NO_SHOW, user_id, BookingRow.slot_start <= now):
        raise BookingClosed(f"booking {booking_id} cannot be a no-show now")


def expire_no_shows(engine: Engine, grace: timedelta, now: datetime | None = None) -> int:
    """Bookings nobody checked in by the slot's start + grace become no-shows. Returns how many."""
    cutoff = (now or datetime.now(UTC)) - grace
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        result = session.execute(
            update(BookingRow)
            .where(BookingRow.status == BookingStatus.BOOKED, BookingRow.slot_start <= cutoff)
            .values(status=BookingStatus.NO_SHOW, closed_at=datetime.now(UTC))
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def booking_counts(
    engine: Engine, start: datetime, end: datetime, kiosk_ids: tuple[str, ...] = (), branch_ids: tuple[str, ...] = ()
) -> dict[str, int]:
    """Bookings made for slots in [start, end) (at these kiosks, in these branches; none: all): all, checked in,
    no-shows. A booking counts at the branch its kiosk stands in now, like the kiosk's other use."""
    query = select(BookingRow.status, func.count()).where(BookingRow.slot_start >= start, BookingRow.slot_start < end)
    if kiosk_ids:
        query = query.where(BookingRow.kiosk_id.in_(kiosk_ids))
    if branch_ids:
        query = query.where(BookingRow.kiosk_id.in_(select(KioskRow.id).where(KioskRow.branch_id.in_(branch_ids))))
    with unavailable_as_store_error(), Session(engine) as session:
        rows = session.execute(query.group_by(BookingRow.status)).all()
    by_status = {status: count for status, count in rows}
    return {
        "booked": sum(by_status.values()),
        "checked_in": by_status.get(BookingStatus.CHECKED_IN, 0),
        "no_show": by_status.get(BookingStatus.NO_SHOW, 0),
    }


def should_offer(nobody_on_floor: bool, waiting: int, offer_above: int) -> bool:
    """The kiosk offers a booked time when nobody is on the floor, or when more than `offer_above` wait."""
    return nobody_on_floor or waiting > offer_above
