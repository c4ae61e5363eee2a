"""The statistics page's numbers, each one aggregated in SQL (never by loading rows into Python).

Usage events are read from two places that together hold everything: the raw `events` (and `visits`)
of the last months, and `event_days`, the daily counts that older raw rows were rolled up into
(kiosk.stats.rollup). Each query sums both, so a purge never changes a figure. Counting a visit
once per local day and hour on both sides keeps the two exactly equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, model_validator
from sqlalchemy import Engine, text

from kiosk.floor.calls import ACTIVE, CallStatus
from kiosk.stats.privacy import MIN_VISITS_FOR_TERM
from kiosk.stats.sql_time import LocalTime, utc_range
from kiosk.store.events import VISITS_KIND, EventKind, Feedback
from kiosk.store.transient import unavailable_as_store_error

SHORT_RANGE_DAYS = 62
END_STEP = "__end__"  # "did this help?" is answered after the last step: its "no" answers are shown there


class StatsFilter(BaseModel):
    """Date range (local days, both included), branches and kiosks (empty: all) and visitor languages (empty: all)."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date
    kiosk_ids: tuple[str, ...] = ()
    branch_ids: tuple[str, ...] = ()  # a kiosk's use counts at the branch it stands in now; inquiries where logged
    languages: tuple[str, ...] = ()
    timezone: str = "Europe/Oslo"

    @model_validator(mode="after")
    def _ordered(self) -> StatsFilter:
        if self.end < self.start:
            raise ValueError("the end date is before the start date")
        return self


class Count(BaseModel):
    key: tuple[str | int | None, ...]
    count: int


class HelpCallSummary(BaseModel):
    calls: int
    done: int
    cancelled: int
    expired: int
    escalated: int
    open: int
    accept_median_s: float | None
    accept_p90_s: float | None
    finish_median_s: float | None
    finish_p90_s: float | None


class GuideRow(BaseModel):
    guide: str
    started: int
    finished: int
    yes: int
    no: int
    talk: int

    @property
    def completion(self) -> float | None:
        return self.finished / self.started if self.started else None


GUIDE_FIELDS = ("started", "finished", "yes", "no", "talk")


class StepRow(BaseModel):
    guide: str
    step: str
    reached: int = 0
    help_calls: int = 0
    no_answers: int = 0
    left_here: int = 0

    @property
    def stuck(self) -> int:
        return self.help_calls + self.no_answers + self.left_here


class Query:
    """One filter's queries; the SQL fragments for its dialect and zone are made once."""

    def __init__(self, engine: Engine, f: StatsFilter) -> None:
        self.engine, self.f = engine, f
        first, after = utc_range(f.start, f.end, f.timezone)
        self.t = LocalTime(engine, f.timezone, first, after)
        self.params: dict[str, object] = {
            "first": self.t.param(first),
            "after": self.t.param(after),
            "first_day": f.start.isoformat(),
            "last_day": f.end.isoformat(),
            # The vocabulary the SQL names, bound from its enums (never written again as SQL text).
            "visits_kind": VISITS_KIND,
            **{f"status_{status.value}": status.value for status in CallStatus},
        }
        for name, values in (("k", f.kiosk_ids), ("l", f.languages), ("b", f.branch_ids)):
            self.params.update({f"{name}{i}": value for i, value in enumerate(values)})

    def _in(self, column: str, name: str, values: Sequence[str]) -> str:
        if not values:
            return ""
        return f" AND {column} IN ({', '.join(f':{name}{i}' for i in range(len(values)))})"

    def _in_branches(self, kiosk: str) -> str:
        if not self.f.branch_ids:
            return ""
        return f" AND {kiosk} IN (SELECT id FROM kiosks WHERE 1 = 1{self._in('branch_id', 'b', self.f.branch_ids)})"

    def where(self, at: str, kiosk: str = "kiosk_id", language: str | None = "language") -> str:
        sql = f"{at} >= :first AND {at} < :after" + self._in(kiosk, "k", self.f.kiosk_ids) + self._in_branches(kiosk)
        if language is not None:
            sql += self._in(language, "l", self.f.languages)
        return sql

    def day_where(self) -> str:
        return (
            "day >= :first_day AND day <= :last_day"
            + self._in("kiosk_id", "k", self.f.kiosk_ids)
            + self._in_branches("kiosk_id")
            + self._in("language", "l", self.f.languages)
        )

    def _events_index(self) -> str:
        """SQLite's planner, without statistics, takes the time index for every range; a long range is
        faster read in group order (no sort of its rows), a short one by seeking its days."""
        if not self.t.sqlite:
            return ""
        long_range = (self.f.end - self.f.start).days > SHORT_RANGE_DAYS
        return f"INDEXED BY {'ix_events_stats' if long_range else 'ix_events_kind_at'}"

    def rows(self, sql: str, **extra: object) -> list[tuple]:
        with unavailable_as_store_error(), self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), {**self.params, **extra})]

    # -- usage events (raw + rolled up) -------------------------------------------------------------

    def event_counts(self, kinds: Sequence[EventKind], group: Sequence[str], measure: str = "events") -> list[Count]:
        """Counts of events of these kinds grouped by columns of both sources (kind, language, guide, step,
        value, weekday, hour); `measure` "visits" counts different visits (per local day and hour)."""
        raw_cols = {"weekday": self.t.weekday_of_day(self.t.day("at")), "hour": self.t.hour("at")}
        day_cols = {"weekday": self.t.weekday_of_day("day"), "hour": "hour"}
        raw_keys = [raw_cols.get(g, g) for g in group]
        day_keys = [day_cols.get(g, g) for g in group]
        kind_params = {f"kind{i}": EventKind(kind).value for i, kind in enumerate(kinds)}
        kinds_sql = ", ".join(f":{name}" for name in kind_params)
        outer = ", ".join(f"g{i}" for i in range(len(group)))
        raw_select = ", ".join(f"{expr} AS g{i}" for i, expr in enumerate(raw_keys))
        day_select = ", ".join(f"{expr} AS g{i}" for i, expr in enumerate(day_keys))
        # A visit counts once per hour, as in the roll-up (once per local day and hour): offsets are whole hours,
        # so a UTC hour is a local hour, and the covering index ix_events_stats answers without the table.
        counted = "COUNT(*)" if measure == "events" else f"COUNT(DISTINCT visit_id || {self.t.utc_hour('at')})"
        sql = f"""
            SELECT {outer}, SUM(n) FROM (
              SELECT {raw_select}, {counted} AS n
              FROM events {self._events_index()} WHERE kind IN ({kinds_sql}) AND {self.where("at")} GROUP BY {", ".join(raw_keys)}
              UNION ALL
              SELECT {day_select}, SUM({measure}) AS n FROM event_days
              WHERE kind IN ({kinds_sql}) AND {self.day_where()} GROUP BY {", ".join(day_keys)}
            ) AS both_sources GROUP BY {outer} ORDER BY {outer}"""
        return [Count(key=tuple(row[:-1]), count=int(row[-1])) for row in self.rows(sql, **kind_params)]

    def languages(self) -> list[Count]:
        """Visits by the language chosen."""
        sql = f"""
            SELECT g0, SUM(n) FROM (
              SELECT language AS g0, COUNT(*) AS n FROM visits WHERE {self.where("started_at")} GROUP BY language
              UNION ALL
              SELECT language, SUM(events) FROM event_days WHERE kind = :visits_kind AND {self.day_where()} GROUP BY language
            ) AS both_sources GROUP BY g0 ORDER BY SUM(n) DESC, g0"""
        return [Count(key=(row[0],), count=int(row[1])) for row in self.rows(sql)]

    def no_result_terms(self) -> list[Count]:
        """Cleaned search words that found nothing, only those that three or more different visits used."""
        sql = f"""
            SELECT term, COUNT(DISTINCT visit_id) FROM search_misses WHERE {self.where("at")}
            GROUP BY term HAVING COUNT(DISTINCT visit_id) >= :min_visits ORDER BY COUNT(DISTINCT visit_id) DESC, term"""
        return [Count(key=(row[0],), count=int(row[1])) for row in self.rows(sql, min_visits=MIN_VISITS_FOR_TERM)]

    # -- inquiries and help calls ---------------------------------------------------------------------

    def _inquiry_where(self) -> str:
        # Inquiries carry no language: with a language filter only calls from the kiosk in that language count.
        # The inquiry's own branch, not its kiosk's: a walk-in has no kiosk but was answered at a branch's desk.
        sql = "i.at >= :first AND i.at < :after" + self._in("i.kiosk_id", "k", self.f.kiosk_ids)
        sql += self._in("i.branch_id", "b", self.f.branch_ids)
        if self.f.languages:
            sql += " AND c.id IS NOT NULL" + self._in("c.language", "l", self.f.languages)
        return sql

    def inquiries(self, group: Sequence[str]) -> list[Count]:
        """Inquiries grouped by category, channel, outcome, referral, week, weekday, hour."""
        day = self.t.day("i.at")
        exprs = {
            "category": "i.category",
            "channel": "i.channel",
            "outcome": "i.outcome",
            "referral": "i.referral",
            "week": self.t.week_of_day(day),
            "weekday": self.t.weekday_of_day(day),
            "hour": self.t.hour("i.at"),
        }
        keys = [exprs[g] for g in group]
        sql = f"""
            SELECT {", ".join(keys)}, COUNT(*) FROM inquiries i LEFT JOIN help_calls c ON c.id = i.call_id
            WHERE {self._inquiry_where()} GROUP BY {", ".join(keys)} ORDER BY {", ".join(keys)}"""
        return [Count(key=tuple(row[:-1]), count=int(row[-1])) for row in self.rows(sql)]

    def _percentiles(self, start: str, end: str, where: str) -> tuple[float | None, float | None]:
        """Median and p90 (nearest rank) of end - start in seconds, ranked in SQL."""
        seconds = self.t.seconds_between(start, end)
        sql = f"""
            WITH d AS (SELECT {seconds} AS s FROM help_calls WHERE {where} AND {end} IS NOT NULL),
            r AS (SELECT s, ROW_NUMBER() OVER (ORDER BY s) AS rn, COUNT(*) OVER () AS n FROM d)
            SELECT MIN(CASE WHEN rn * 100 >= n * 50 THEN s END), MIN(CASE WHEN rn * 100 >= n * 90 THEN s END) FROM r"""
        median, p90 = self.rows(sql)[0]
        return (None if median is None else float(median), None if p90 is None else float(p90))

    def help_calls(self) -> HelpCallSummary:
        where = self.where("created_at")
        sql = f"""
            SELECT COUNT(*),
              SUM(CASE WHEN status = :status_done THEN 1 ELSE 0 END),
              SUM(CASE WHEN status = :status_cancelled THEN 1 ELSE 0 END),
              SUM(CASE WHEN status = :status_expired THEN 1 ELSE 0 END),
              SUM(CASE WHEN escalated_at IS NOT NULL THEN 1 ELSE 0 END),
              SUM(CASE WHEN status IN ({", ".join(f":status_{status.value}" for status in ACTIVE)}) THEN 1 ELSE 0 END)
            FROM help_calls WHERE {where}"""
        calls, done, cancelled, expired, escalated, still_open = (int(v or 0) for v in self.rows(sql)[0])
        # A booked visitor's check-in is a call accepted at once (the helper is there): not a wait on the floor.
        walk_up = where + " AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.call_id = help_calls.id)"
        accept = self._percentiles("created_at", "accepted_at", walk_up)
        finish = self._percentiles("created_at", "closed_at", where + " AND status = :status_done")
        return HelpCallSummary(
            calls=calls,
            done=done,
            cancelled=cancelled,
            expired=expired,
            escalated=escalated,
            open=still_open,
            accept_median_s=accept[0],
            accept_p90_s=accept[1],
            finish_median_s=finish[0],
            finish_p90_s=finish[1],
        )

    def help_calls_by_step(self) -> list[Count]:
        sql = f"""
            SELECT guide, step, COUNT(*) FROM help_calls WHERE {self.where("created_at")} AND guide IS NOT NULL
            GROUP BY guide, step"""
        return [Count(key=(row[0], row[1]), count=int(row[2])) for row in self.rows(sql)]

    # -- guides ---------------------------------------------------------------------------------------

    def guides(self) -> list[GuideRow]:
        rows: dict[str, dict[str, int]] = {}
        counted = {EventKind.GUIDE_OPENED: "started", EventKind.GUIDE_FINISHED: "finished"}
        for c in self.event_counts([*counted, EventKind.FEEDBACK], ["guide", "kind", "value"]):
            guide, kind, value = c.key
            field = counted[EventKind(kind)] if kind in counted else str(value)  # a feedback answer is its own field
            if guide is not None and field in GUIDE_FIELDS:
                rows.setdefault(str(guide), {}).setdefault(field, 0)
                rows[str(guide)][field] += c.count
        found = (GuideRow.model_validate({"guide": g, **dict.fromkeys(GUIDE_FIELDS, 0), **v}) for g, v in rows.items())
        return sorted(found, key=lambda r: (-r.started, r.guide))

    def steps(self, step_order: dict[str, list[str]]) -> list[StepRow]:
        """Per guide step: visits that reached it, help calls, "no" answers (at the end) and visits that left
        there. `step_order` (guide -> step ids, from the content) orders the funnel; unknown steps come last."""
        rows: dict[tuple[str, str], StepRow] = {}

        def row(guide: object, step: object) -> StepRow:
            key = (str(guide), str(step) if step else END_STEP)
            return rows.setdefault(key, StepRow(guide=key[0], step=key[1]))

        # Step views, not distinct visits: a visitor who pages back and on again counts again, and a year's
        # funnel is then read straight off the covering index (distinct visits took 6x longer, over 2 s).
        for c in self.event_counts([EventKind.STEP_VIEWED], ["guide", "step"]):
            row(*c.key).reached += c.count
        for c in self.help_calls_by_step():
            row(*c.key).help_calls += c.count
        for c in self.event_counts([EventKind.FEEDBACK], ["guide", "value"]):
            if c.key[1] == Feedback.NO and c.key[0]:
                row(c.key[0], END_STEP).no_answers += c.count
        for c in self.event_counts([EventKind.GUIDE_FINISHED], ["guide"]):
            row(c.key[0], END_STEP).reached += c.count
        _left_between_steps(rows, step_order)

        def position(r: StepRow) -> tuple[str, int, str]:
            order = step_order.get(r.guide, [])
            return (r.guide, order.index(r.step) if r.step in order else len(order) + (r.step == END_STEP), r.step)

        return sorted(rows.values(), key=position)


def _left_between_steps(rows: dict[tuple[str, str], StepRow], step_order: dict[str, list[str]]) -> None:
    """Who left at a step: reached it but not the next one (after the last step: did not finish)."""
    for guide, order in step_order.items():
        chain = [*order, END_STEP]
        for here, following in pairwise(chain):
            if (guide, here) not in rows:
                continue
            reached_next = rows[(guide, following)].reached if (guide, following) in rows else 0
            rows[(guide, here)].left_here = max(0, rows[(guide, here)].reached - reached_next)


def stuck_steps(steps: Sequence[StepRow]) -> list[StepRow]:
    """The stuck-step map: steps with any trouble, worst first."""
    return sorted((s for s in steps if s.stuck), key=lambda s: (-s.stuck, -s.help_calls, s.guide, s.step))
