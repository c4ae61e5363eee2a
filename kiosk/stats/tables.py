"""The statistics page's tables, in the reader's staff language, with "<5" applied: the page shows and exports
the same rows.

Each column has an id from kiosk.stats.vocabulary (`fields`, what charts name) and a label in the reader's
language (`columns`, what the page and the CSV show). Charts draw from `rows` (the true counts); the table on
the page and its CSV are `shown()`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from kiosk.content.models import ContentLibrary
from kiosk.floor.bookings import booking_counts
from kiosk.floor.calls import Channel
from kiosk.floor.inquiries import InquiryConfig, Outcome, category_names
from kiosk.language.staff_texts import StaffText
from kiosk.stats.friction import guide_title, problem_symptom, step_label
from kiosk.stats.privacy import SMALL, masked
from kiosk.stats.queries import Query, StatsFilter, stuck_steps
from kiosk.stats.vocabulary import (
    bokmal,
    channel_label,
    column_label,
    language_label,
    measure_label,
    outcome_label,
    table_title,
    weekday_names,
)
from kiosk.store.events import EventKind

# A cell starting with one of these is a formula to a spreadsheet: the lead opens the CSV in one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: object) -> object:
    """A text cell as the characters it is, never a formula (a quote in front, as spreadsheets read it)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


@dataclass
class Table:
    name: str  # file name of the CSV
    title: str
    columns: list[str]  # the labels shown and written to the CSV
    rows: list[list[object]]
    counts: set[str] = field(default_factory=set)  # columns (labels) holding counts of people: "<5" applies
    fields: list[str] = field(default_factory=list)  # the columns' vocabulary ids (charts); the labels when empty

    def __post_init__(self) -> None:
        self.fields = self.fields or list(self.columns)

    def label(self, field_id: str) -> str:
        return self.columns[self.fields.index(field_id)]

    def shown(self) -> list[list[object]]:
        index = [i for i, c in enumerate(self.columns) if c in self.counts]
        return [[masked(v) if i in index and isinstance(v, int) else v for i, v in enumerate(row)] for row in self.rows]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        writer.writerows([_as_text(value) for value in row] for row in self.shown())
        return out.getvalue()


def table(s: StaffText, name: str, fields: list[str], rows: list[list[object]], counts: set[str]) -> Table:
    """A table named and labelled in the reader's language from its vocabulary ids."""
    labels = [column_label(s, f) for f in fields]
    return Table(name, table_title(s, name), labels, rows, {column_label(s, f) for f in counts}, list(fields))


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def build_tables(
    engine: Engine, f: StatsFilter, library: ContentLibrary, config: InquiryConfig, s: StaffText | None = None
) -> dict[str, Table]:
    s = s or bokmal()
    q = Query(engine, f)
    categories, agencies = category_names(config, s), config.agency_names()
    weekdays = weekday_names(s)
    lang = s.language
    t: dict[str, Table] = {}

    def add(name: str, fields: list[str], rows: list[list[object]], counts: set[str]) -> None:
        t[name] = table(s, name, fields, rows, counts)

    def channel(value: object) -> object:
        return channel_label(s, Channel(str(value))) if str(value) in set(Channel) else value

    def outcome(value: object) -> object:
        if not value:
            return s("stats.outcome_none")
        return outcome_label(s, Outcome(str(value))) if str(value) in set(Outcome) else value

    add(
        "henvendelser-kategori-kanal",
        ["category", "channel", "count"],
        [[categories.get(str(c.key[0]), c.key[0]), channel(c.key[1]), c.count] for c in q.inquiries(["category", "channel"])],
        {"count"},
    )
    add("henvendelser-uke", ["week", "count"], [[c.key[0], c.count] for c in q.inquiries(["week"])], {"count"})
    add(
        "henvendelser-ukedag-time",
        ["weekday", "hour", "count"],
        [[weekdays[int(str(c.key[0]))], int(str(c.key[1])), c.count] for c in q.inquiries(["weekday", "hour"])],
        {"count"},
    )
    add(
        "utfall",
        ["outcome", "referral", "count"],
        [[outcome(c.key[0]), agencies.get(str(c.key[1]), c.key[1] or ""), c.count] for c in q.inquiries(["outcome", "referral"])],
        {"count"},
    )
    calls = q.help_calls()
    measures: list[tuple[str, object]] = [
        ("calls", calls.calls),
        ("done", calls.done),
        ("cancelled", calls.cancelled),
        ("expired", calls.expired),
        ("escalated", calls.escalated),
        ("open", calls.open),
        ("accept_median", _minutes(calls.accept_median_s)),
        ("accept_p90", _minutes(calls.accept_p90_s)),
        ("finish_median", _minutes(calls.finish_median_s)),
        ("finish_p90", _minutes(calls.finish_p90_s)),
    ]
    add("hjelpeanrop", ["measure", "value"], [[measure_label(s, m), v] for m, v in measures], {"value"})
    zone = ZoneInfo(f.timezone)
    booked = booking_counts(
        engine,
        datetime.combine(f.start, time(), tzinfo=zone),
        datetime.combine(f.end + timedelta(days=1), time(), tzinfo=zone),
        f.kiosk_ids,
        f.branch_ids,
    )
    add(
        "avtaler",
        ["measure", "value"],
        [[measure_label(s, m), booked[m]] for m in ("booked", "checked_in", "no_show")],
        {"value"},
    )
    add(
        "utenfor-betjent-tid",
        ["weekday", "hour", "count"],
        [
            [weekdays[int(str(c.key[0]))], int(str(c.key[1])), c.count]
            for c in q.event_counts([EventKind.HELP_OUTSIDE_HOURS], ["weekday", "hour"])
        ],
        {"count"},
    )
    add(
        "guider",
        ["guide", "started", "finished", "finished_pct", "yes", "no", "talk"],
        [
            [
                guide_title(library, g.guide, lang),
                g.started,
                g.finished,
                round(100 * g.completion) if g.completion is not None and g.started >= SMALL else "",
                g.yes,
                g.no,
                g.talk,
            ]
            for g in q.guides()
        ],
        {"started", "finished", "yes", "no", "talk"},
    )
    order = {slug: [step.id for step in guide.steps] for slug, guide in library.guides.items()}
    steps = q.steps(order)
    add(
        "trakt",
        ["guide", "step", "reached"],
        [[guide_title(library, x.guide, lang), step_label(library, x.guide, x.step, s), x.reached] for x in steps if x.reached],
        {"reached"},
    )
    add(
        "fastlaste-steg",
        ["guide", "step", "help_calls", "no_answers", "left_here", "sum"],
        [
            [
                guide_title(library, x.guide, lang),
                step_label(library, x.guide, x.step, s),
                x.help_calls,
                x.no_answers,
                x.left_here,
                x.stuck,
            ]
            for x in stuck_steps(steps)
        ],
        {"help_calls", "no_answers", "left_here", "sum"},
    )
    pressed = sorted(q.event_counts([EventKind.PROBLEM_PRESSED], ["guide", "step", "value"]), key=lambda c: (-c.count, c.key))
    add(
        "problemer-trykket",
        ["guide", "step", "problem", "presses"],
        [
            [guide_title(library, g, lang), step_label(library, g, st, s), problem_symptom(library, g, st, v, lang), c.count]
            for c in pressed
            for g, st, v in [tuple(str(k) for k in c.key)]
        ],
        {"presses"},
    )
    add(
        "sprak",
        ["language", "visits"],
        [[language_label(s, str(c.key[0]), library) if c.key[0] else s("stats.language_none"), c.count] for c in q.languages()],
        {"visits"},
    )
    add("sok-uten-treff", ["term", "visits"], [[c.key[0], c.count] for c in q.no_result_terms()], {"visits"})
    return t
