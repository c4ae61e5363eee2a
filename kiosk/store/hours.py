"""Staffed hours: when a branch (or a kiosk that keeps its own) has staff on the floor, in local time."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
