"""The statistics page's tables, in Norwegian, with "<5" applied: the page shows and exports the same rows.

Charts draw from `rows` (the true counts); the table on the page and its CSV are `shown()`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from kiosk.bookings import booking_counts
from kiosk.content.models import ContentLibrary
from kiosk.help import Channel
from kiosk.inquiry_config import OUTCOME_NAMES, InquiryConfig, Outcome
from kiosk.stats.friction import guide_title, problem_symptom, step_label
from kiosk.stats.privacy import SMALL, masked
from kiosk.stats.queries import Query, StatsFilter, stuck_steps

# A cell starting with one of these is a formula to a spreadsheet: the lead opens the CSV in one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: object) -> object:
    """A text cell as the characters it is, never a formula (a quote in front, as spreadsheets read it)."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_STARTS) else value


WEEKDAY_NAMES = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
CHANNEL_NAMES = {Channel.IN_PERSON: "Oppmøte", Channel.PHONE: "Telefon", Channel.KIOSK: "Kiosk"}


@dataclass
class Table:
    name: str  # file name of the CSV
    title: str
    columns: list[str]
    rows: list[list[object]]
    counts: set[str] = field(default_factory=set)  # columns holding counts of people: "<5" applies

    def shown(self) -> list[list[object]]:
        index = [i for i, c in enumerate(self.columns) if c in self.counts]
        return [[masked(v) if i in index and isinstance(v, int) else v for i, v in enumerate(row)] for row in self.rows]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        writer.writerows([_as_text(value) for value in row] for row in self.shown())
        return out.getvalue()


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def build_tables(engine: Engine, f: StatsFilter, library: ContentLibrary, config: InquiryConfig) -> dict[str, Table]:
    q = Query(engine, f)
    categories, agencies = config.category_names(), config.agency_names()
    languages = {code: lang.norwegian_name for code, lang in library.languages.items()}
    t: dict[str, Table] = {}

    def add(table: Table) -> None:
        t[table.name] = table

    add(
        Table(
            "henvendelser-kategori-kanal",
            "Henvendelser etter tema og kanal",
            ["Tema", "Kanal", "Antall"],
            [
                [categories.get(str(c.key[0]), c.key[0]), CHANNEL_NAMES.get(Channel(str(c.key[1])), c.key[1]), c.count]
                for c in q.inquiries(["category", "channel"])
            ],
            {"Antall"},
        )
    )
    add(
        Table(
            "henvendelser-uke",
            "Henvendelser per uke",
            ["Uke som starter", "Antall"],
            [[c.key[0], c.count] for c in q.inquiries(["week"])],
            {"Antall"},
        )
    )
    add(
        Table(
            "henvendelser-ukedag-time",
            "Henvendelser etter ukedag og time",
            ["Ukedag", "Time", "Antall"],
            [[WEEKDAY_NAMES[int(str(c.key[0]))], int(str(c.key[1])), c.count] for c in q.inquiries(["weekday", "hour"])],
            {"Antall"},
        )
    )
    add(
        Table(
            "utfall",
            "Utfall av hjelpeanrop",
            ["Utfall", "Henvist til", "Antall"],
            [
                [
                    OUTCOME_NAMES.get(Outcome(str(c.key[0])), c.key[0]) if c.key[0] else "Ikke registrert (oppmøte, telefon)",
                    agencies.get(str(c.key[1]), c.key[1] or ""),
                    c.count,
                ]
                for c in q.inquiries(["outcome", "referral"])
            ],
            {"Antall"},
        )
    )
    calls = q.help_calls()
    add(
        Table(
            "hjelpeanrop",
            "Hjelpeanrop",
            ["Mål", "Verdi"],
            [
                ["Hjelpeanrop", calls.calls],
                ["Ferdige", calls.done],
                ["Avbrutt av besøkende", calls.cancelled],
                ["Utløpt", calls.expired],
                ["Eskalert (ventet lenge)", calls.escalated],
                ["Fortsatt åpne", calls.open],
                ["Tid til «Jeg kommer», median (min)", _minutes(calls.accept_median_s)],
                ["Tid til «Jeg kommer», p90 (min)", _minutes(calls.accept_p90_s)],
                ["Tid til ferdig, median (min)", _minutes(calls.finish_median_s)],
                ["Tid til ferdig, p90 (min)", _minutes(calls.finish_p90_s)],
            ],
            {"Verdi"},
        )
    )
    zone = ZoneInfo(f.timezone)
    booked = booking_counts(
        engine,
        datetime.combine(f.start, time(), tzinfo=zone),
        datetime.combine(f.end + timedelta(days=1), time(), tzinfo=zone),
        f.kiosk_ids,
        f.branch_ids,
    )
    add(
        Table(
            "avtaler",
            "Avtaler med en veileder (bestilt på kiosken)",
            ["Mål", "Verdi"],
            [["Bestilte", booked["booked"]], ["Sjekket inn", booked["checked_in"]], ["Kom ikke", booked["no_show"]]],
            {"Verdi"},
        )
    )
    add(
        Table(
            "utenfor-betjent-tid",
            "Trykk på «Hjelp» utenfor betjent tid",
            ["Ukedag", "Time", "Antall"],
            [
                [WEEKDAY_NAMES[int(str(c.key[0]))], int(str(c.key[1])), c.count]
                for c in q.event_counts(["help_outside_hours"], ["weekday", "hour"])
            ],
            {"Antall"},
        )
    )
    add(
        Table(
            "guider",
            "Guider",
            ["Guide", "Startet", "Fullført", "Fullført (%)", "Ja, det hjalp", "Nei", "Vil snakke med en person"],
            [
                [
                    guide_title(library, g.guide),
                    g.started,
                    g.finished,
                    round(100 * g.completion) if g.completion is not None and g.started >= SMALL else "",
                    g.yes,
                    g.no,
                    g.talk,
                ]
                for g in q.guides()
            ],
            {"Startet", "Fullført", "Ja, det hjalp", "Nei", "Vil snakke med en person"},
        )
    )
    order = {slug: [s.id for s in guide.steps] for slug, guide in library.guides.items()}
    steps = q.steps(order)
    add(
        Table(
            "trakt",
            "Trakt per guide: hvor mange som kom til hvert steg (blar man tilbake og fram, telles det igjen)",
            ["Guide", "Steg", "Kom hit"],
            [[guide_title(library, s.guide), step_label(library, s.guide, s.step), s.reached] for s in steps if s.reached],
            {"Kom hit"},
        )
    )
    add(
        Table(
            "fastlaste-steg",
            "Steg der folk står fast (verst først)",
            ["Guide", "Steg", "Hjelpeanrop", "Nei-svar", "Forlot guiden her", "Sum"],
            [
                [
                    guide_title(library, s.guide),
                    step_label(library, s.guide, s.step),
                    s.help_calls,
                    s.no_answers,
                    s.left_here,
                    s.stuck,
                ]
                for s in stuck_steps(steps)
            ],
            {"Hjelpeanrop", "Nei-svar", "Forlot guiden her", "Sum"},
        )
    )
    pressed = sorted(q.event_counts(["problem_pressed"], ["guide", "step", "value"]), key=lambda c: (-c.count, c.key))
    add(
        Table(
            "problemer-trykket",
            "«Hvis det går galt»: problemer besøkende trykket på",
            ["Guide", "Steg", "Problem", "Trykk"],
            [
                [guide_title(library, g), step_label(library, g, s), problem_symptom(library, g, s, v), c.count]
                for c in pressed
                for g, s, v in [tuple(str(k) for k in c.key)]
            ],
            {"Trykk"},
        )
    )
    add(
        Table(
            "sprak",
            "Språk (besøk)",
            ["Språk", "Besøk"],
            [[languages.get(str(c.key[0]), c.key[0] or "ikke valgt"), c.count] for c in q.languages()],
            {"Besøk"},
        )
    )
    add(
        Table(
            "sok-uten-treff",
            "Søk uten treff (brukt av minst tre besøk)",
            ["Søkeord", "Besøk"],
            [[c.key[0], c.count] for c in q.no_result_terms()],
            {"Besøk"},
        )
    )
    return t
