"""Kiosks: the screens in the library, where they stand, and when staff are on the floor."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.store.errors import unavailable_as_store_error
from kiosk.store.schema import KioskRow

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


Spans = list[tuple[str, str]]


def _check_spans(label: str, spans: Spans) -> None:
    for start, end in spans:
        if not (_HHMM.match(start) and _HHMM.match(end)):
            raise ValueError(f"{label}: times must look like 09:30, got {start}-{end}")
        if start >= end:
            raise ValueError(f"{label}: {start}-{end} ends before it starts")


class StaffedHours(BaseModel):
    """When the service desk has staff on the floor, in local time.

    `weekly`: weekday -> [[from, to], ...]. `exceptions`: date (YYYY-MM-DD) -> spans for that
    day instead of the weekly ones; an empty list is a closed day (a holiday).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    weekly: dict[str, Spans] = Field(default_factory=dict)
    exceptions: dict[date, Spans] = Field(default_factory=dict)

    @field_validator("weekly")
    @classmethod
    def _valid_weekly(cls, weekly: dict[str, Spans]) -> dict[str, Spans]:
        for day, spans in weekly.items():
            if day not in WEEKDAYS:
                raise ValueError(f"'{day}' is not a weekday; use {', '.join(WEEKDAYS)}")
            _check_spans(day, spans)
        return weekly

    @field_validator("exceptions")
    @classmethod
    def _valid_exceptions(cls, exceptions: dict[date, Spans]) -> dict[date, Spans]:
        for day, spans in exceptions.items():
            _check_spans(day.isoformat(), spans)
        return exceptions

    def spans_on(self, day: date) -> Spans:
        if day in self.exceptions:
            return self.exceptions[day]
        return self.weekly.get(WEEKDAYS[day.weekday()], [])

    def is_staffed(self, at: datetime) -> bool:
        now = at.time()
        return any(time.fromisoformat(start) <= now < time.fromisoformat(end) for start, end in self.spans_on(at.date()))

    def next_staffed(self, at: datetime, horizon_days: int = 21) -> datetime | None:
        """The next moment staff are on the floor, or None if nothing is planned soon."""
        for offset in range(horizon_days + 1):
            day = at.date() + timedelta(days=offset)
            for start, _end in sorted(self.spans_on(day)):
                begins = datetime.combine(day, time.fromisoformat(start), tzinfo=at.tzinfo)
                if begins > at:
                    return begins
        return None


class Kiosk(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    display_name: str = Field(min_length=1, max_length=200)
    location: str = Field(default="", max_length=200)
    staffed_hours: StaffedHours = Field(default_factory=StaffedHours)
    has_key: bool = False  # False: an open kiosk that any browser may be (the demo)


DEMO_KIOSK = Kiosk(
    id="demo",
    display_name="Demo kiosk",
    location="Hovedbiblioteket, 1. etasje",
    staffed_hours=StaffedHours(
        weekly={day: [("10:00", "15:00")] for day in ("mon", "tue", "wed", "thu", "fri")} | {"sat": [("11:00", "14:00")]}
    ),
)


def _to_model(row: KioskRow) -> Kiosk:
    return Kiosk(
        id=row.id,
        display_name=row.display_name,
        location=row.location,
        staffed_hours=StaffedHours.model_validate(row.staffed_hours or {}),
        has_key=row.key_hash is not None,
    )


def get_kiosk(engine: Engine, kiosk_id: str) -> Kiosk | None:
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.get(KioskRow, kiosk_id)
        return _to_model(row) if row else None


def list_kiosks(engine: Engine) -> list[Kiosk]:
    with unavailable_as_store_error(), Session(engine) as session:
        return [_to_model(row) for row in session.scalars(select(KioskRow).order_by(KioskRow.display_name))]


def save_kiosk(engine: Engine, kiosk: Kiosk) -> None:
    """Create the kiosk, or update its name, location and hours."""
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = session.get(KioskRow, kiosk.id)
        if row is None:
            row = KioskRow(id=kiosk.id, created_at=datetime.now(UTC))
            session.add(row)
        row.display_name = kiosk.display_name
        row.location = kiosk.location
        row.staffed_hours = kiosk.staffed_hours.model_dump(mode="json")


def seed_demo(engine: Engine) -> bool:
    """Add the demo kiosk unless it exists. Returns whether it was added."""
    if get_kiosk(engine, DEMO_KIOSK.id) is not None:
        return False
    save_kiosk(engine, DEMO_KIOSK)
    return True


class KeyCheck(StrEnum):
    OPEN = "open"  # the kiosk has no key: any browser may be it
    VALID = "valid"
    REFUSED = "refused"  # wrong or no key for a kiosk that has one
    UNKNOWN = "unknown"  # there is no such kiosk


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_key(engine: Engine, kiosk_id: str) -> str:
    """A new key for the kiosk (the old one stops working). Only its hash is kept: show it once."""
    key = secrets.token_urlsafe(24)
    with unavailable_as_store_error(), Session(engine) as session, session.begin():
        row = session.get(KioskRow, kiosk_id)
        if row is None:
            raise LookupError(f"there is no kiosk '{kiosk_id}'")
        row.key_hash = _digest(key)
    return key


def check_key(engine: Engine, kiosk_id: str, key: str | None) -> KeyCheck:
    with unavailable_as_store_error(), Session(engine) as session:
        row = session.execute(select(KioskRow.key_hash).where(KioskRow.id == kiosk_id)).first()
    if row is None:
        return KeyCheck.UNKNOWN
    stored = row[0]
    if stored is None:
        return KeyCheck.OPEN
    if key and hmac.compare_digest(stored, _digest(key)):
        return KeyCheck.VALID
    return KeyCheck.REFUSED
