"""Raw events and visits older than the retention become daily counts; the raw rows are then deleted.

Run by the dispatcher's nightly job and by `python -m kiosk stats purge`. One transaction: the
counts are written and the rows deleted together, so the statistics show the same totals before
and after (kiosk.stats.queries reads both). No-result search words are deleted, not rolled up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

from kiosk.stats.sql_time import LocalTime
from kiosk.store.events import VISITS_KIND
from kiosk.store.transient import unavailable_as_store_error


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    events: int
    visits: int
    search_terms: int
    day_rows: int


def months_back(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def retention_cutoff(now: datetime, keep_months: int, timezone: str) -> datetime:
    """Local midnight `keep_months` back: whole days are rolled up, never half of one."""
    zone = ZoneInfo(timezone)
    local_day = months_back(now.astimezone(zone).date(), keep_months)
    return datetime.combine(local_day, time(), zone).astimezone(UTC)


def _as_utc(value: object) -> datetime:
    # A plain-text query gives SQLite's stored text; PostgreSQL gives a datetime.
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def roll_up_and_purge(engine: Engine, cutoff: datetime, timezone: str) -> PurgeResult:
    """Roll up and delete every raw event, visit and search word from before `cutoff`."""
    with unavailable_as_store_error(), engine.begin() as conn:
        oldest = conn.execute(text("SELECT MIN(at) FROM events")).scalar()
        oldest_visit = conn.execute(text("SELECT MIN(started_at) FROM visits")).scalar()
        first = min((_as_utc(v) for v in (oldest, oldest_visit) if v), default=cutoff)
        t = LocalTime(engine, timezone, min(first, cutoff), cutoff)
        params = {"cutoff": t.param(cutoff)}
        before = conn.execute(text("SELECT COUNT(*) FROM event_days")).scalar() or 0
        day, hour = t.day("at"), t.hour("at")
        conn.execute(
            text(f"""
            INSERT INTO event_days (day, hour, kiosk_id, kind, language, guide, step, value, events, visits)
            SELECT {day}, {hour}, kiosk_id, kind, language, guide, step, value, COUNT(*), COUNT(DISTINCT visit_id)
            FROM events WHERE at < :cutoff
            GROUP BY {day}, {hour}, kiosk_id, kind, language, guide, step, value"""),
            params,
        )
        day_v, hour_v = t.day("started_at"), t.hour("started_at")
        conn.execute(
            text(f"""
            INSERT INTO event_days (day, hour, kiosk_id, kind, language, guide, step, value, events, visits)
            SELECT {day_v}, {hour_v}, kiosk_id, :visits_kind, language, NULL, NULL, NULL, COUNT(*), COUNT(*)
            FROM visits WHERE started_at < :cutoff GROUP BY {day_v}, {hour_v}, kiosk_id, language"""),
            params | {"visits_kind": VISITS_KIND},
        )
        after = conn.execute(text("SELECT COUNT(*) FROM event_days")).scalar() or 0
        events = conn.execute(text("DELETE FROM events WHERE at < :cutoff"), params).rowcount
        visits = conn.execute(text("DELETE FROM visits WHERE started_at < :cutoff"), params).rowcount
        terms = conn.execute(text("DELETE FROM search_misses WHERE at < :cutoff"), params).rowcount
    return PurgeResult(cutoff, events, visits, terms, after - before)


def purge_expired(engine: Engine, keep_months: int, timezone: str, now: datetime | None = None) -> PurgeResult:
    return roll_up_and_purge(engine, retention_cutoff(now or datetime.now(UTC), keep_months, timezone), timezone)
