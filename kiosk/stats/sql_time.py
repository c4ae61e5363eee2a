"""Local time in SQL: the statistics count by the library's days and hours, the database keeps UTC.

SQLite has no time zones, so the offset is a CASE over the zone's transitions within the range
asked for (two a year in Norway); PostgreSQL converts with timezone(). One place for both.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

_STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy writes a DateTime into SQLite: text that sorts in time order


def utc_range(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight at `start` and after `end` (both days included)."""
    zone = ZoneInfo(timezone)
    first = datetime.combine(start, time(), zone).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(), zone).astimezone(UTC)
    return first, after


def _offsets(first: datetime, after: datetime, timezone: str) -> list[tuple[datetime | None, int]]:
    """[(until, offset minutes), …, (None, last offset)]: the zone's offsets between two UTC instants, hour by hour."""
    zone = ZoneInfo(timezone)
    spans: list[tuple[datetime | None, int]] = []
    current = int(first.astimezone(zone).utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    moment = first.replace(minute=0, second=0, microsecond=0)
    while moment < after:
        moment += timedelta(hours=1)
        offset = int(moment.astimezone(zone).utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
        if offset != current:
            spans.append((moment, current))
            current = offset
    spans.append((None, current))
    return spans


class LocalTime:
    """SQL fragments for one query's dialect, zone and range."""

    def __init__(self, engine: Engine, timezone: str, first: datetime, after: datetime) -> None:
        self.sqlite = engine.dialect.name == "sqlite"
        self.timezone = timezone
        self.spans = _offsets(first - timedelta(days=1), after + timedelta(days=1), timezone)

    def param(self, moment: datetime) -> object:
        """A UTC instant as the database compares it with a stored DateTime."""
        return moment.astimezone(UTC).strftime(_STAMP) if self.sqlite else moment

    def local(self, column: str) -> str:
        """A local timestamp of a UTC column."""
        if not self.sqlite:
            return f"timezone('{self.timezone}', {column})"
        if len(self.spans) == 1:
            return f"datetime({column}, '{self.spans[0][1]:+d} minutes')"
        cases = " ".join(
            f"WHEN {column} < '{until.strftime(_STAMP)}' THEN '{offset:+d} minutes'" for until, offset in self.spans if until
        )
        return f"datetime({column}, CASE {cases} ELSE '{self.spans[-1][1]:+d} minutes' END)"

    def day(self, column: str) -> str:
        return f"date({self.local(column)})" if self.sqlite else f"CAST({self.local(column)} AS date)"

    def hour(self, column: str) -> str:
        if self.sqlite:
            return f"CAST(strftime('%H', {self.local(column)}) AS INTEGER)"
        return f"EXTRACT(HOUR FROM {self.local(column)})"

    def utc_hour(self, column: str) -> str:
        """The UTC hour a stored instant falls in, as a value to group by."""
        return f"substr({column}, 1, 13)" if self.sqlite else f"CAST(date_trunc('hour', {column}) AS text)"

    def weekday_of_day(self, day: str) -> str:
        """0 = Monday … 6 = Sunday, of a date expression."""
        return f"((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7)" if self.sqlite else f"(EXTRACT(ISODOW FROM {day}) - 1)"

    def week_of_day(self, day: str) -> str:
        """The Monday that starts the week of a date expression, as text YYYY-MM-DD."""
        if self.sqlite:
            return f"date({day}, '-' || ((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7) || ' days')"
        return f"to_char(date_trunc('week', {day}), 'YYYY-MM-DD')"

    def seconds_between(self, earlier: str, later: str) -> str:
        if self.sqlite:
            return f"((julianday({later}) - julianday({earlier})) * 86400.0)"
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
