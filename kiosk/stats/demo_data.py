"""A realistic year of kiosk use for demonstrations and the statistics benchmark.

Visits follow the library's rhythm (weekdays busier than Saturday, closed on Sunday, a midday peak),
languages and guides are skewed as on a real floor, each guide has steps that are harder than others
(more help calls, more visitors leaving there), and the floor logs walk-ins. Seeded: the same
arguments give the same data.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert, select, text

from kiosk.content.models import ContentLibrary, Guide
from kiosk.floor.bookings import BookingStatus, new_code
from kiosk.floor.calls import CallStatus, Channel
from kiosk.floor.inquiries import InquiryConfig, Outcome
from kiosk.stats.privacy import clean_search_term
from kiosk.store.events import EventKind, Feedback
from kiosk.store.kiosks import DEMO_KIOSKS, Kiosk, get_kiosk, save_kiosk, seed_demo
from kiosk.store.schema import BookingRow, EventRow, HelpCallRow, InquiryRow, SearchMissRow, VisitRow

_WEEKDAY_WEIGHT = [1.0, 1.1, 1.0, 1.2, 0.9, 0.5, 0.0]  # Monday … Sunday (closed)
_HOURS = list(range(10, 19))
_HOUR_WEIGHT = [0.6, 1.0, 1.4, 1.5, 1.2, 1.0, 0.8, 0.6, 0.3]
_LANGUAGES = {"nb": 45, "en": 12, "uk": 10, "ar": 8, "pl": 6, "so": 5, "ti": 3, "ur": 3, "fa": 3, "lt": 2, "sv": 1, "nn": 1}
_TERMS = [
    "bostøtte",
    "pass",
    "legeattest",
    "dødsbo",
    "parkering",
    "arbeidsledig",
    "førerkort",
    "ring meg 98765432",
    "kari@example.no passord",
    "pensjon",
    "tannlege",
    "visum",
]
# Beside the demo's two kiosks, in its two branches: two more in each.
EXTRA_KIOSKS = [
    Kiosk(id="entrance", display_name="Ved inngangen", location="1. etasje", branch_id="hovedbiblioteket"),
    Kiosk(id="north", display_name="Filial nord", location="Inngangen", branch_id="filial-nord"),
    Kiosk(id="south", display_name="Filial nord, barneavdelingen", location="2. etasje", branch_id="filial-nord"),
]


@dataclass
class Generated:
    events: int = 0
    visits: int = 0
    help_calls: int = 0
    inquiries: int = 0
    problem_presses: int = 0
    bookings: int = 0


def _weighted_day(rng: random.Random, first: datetime, days: int) -> datetime:
    while True:
        day = first + timedelta(days=rng.randrange(days))
        if rng.random() < _WEEKDAY_WEIGHT[day.weekday()] / 1.2:
            return day


def _seed_kiosks(engine: Engine) -> dict[str, str]:
    """The demo's branches and kiosks (those missing); kiosk id -> its branch."""
    seed_demo(engine)
    branch_of: dict[str, str] = {}
    for known in [DEMO_KIOSKS[0], *EXTRA_KIOSKS]:
        kiosk = get_kiosk(engine, known.id)
        if kiosk is None:
            save_kiosk(engine, known)
            kiosk = get_kiosk(engine, known.id)
        assert kiosk is not None and kiosk.branch_id is not None
        branch_of[kiosk.id] = kiosk.branch_id
    return branch_of


def generate(  # noqa: C901 - one simulated visit after another; its branches are the visit's story, kept together
    engine: Engine,
    library: ContentLibrary,
    config: InquiryConfig,
    events: int,
    days: int = 365,
    timezone: str = "Europe/Oslo",
    seed: int = 1,
    now: datetime | None = None,
) -> Generated:
    """Write about `events` usage events (with their visits, help calls and inquiries) over the last `days`."""
    rng = random.Random(seed)
    zone = ZoneInfo(timezone)
    branch_of = _seed_kiosks(engine)
    kiosks = list(branch_of)
    guides = sorted(library.guides.values(), key=lambda g: g.slug)
    guide_weight = [1 / (rank + 1) for rank in range(len(guides))]
    rng.shuffle(guide_weight)
    # Some steps are harder than others: the same every run, so the stuck-step map has a clear top.
    difficulty = {(g.slug, s.id): rng.choice([0.01, 0.02, 0.03, 0.1]) for g in guides for s in g.steps}
    categories = {item.id for item in config.categories}
    first_day = (now or datetime.now(UTC)).astimezone(zone).date() - timedelta(days=days)
    first = datetime.combine(first_day, time(), zone)
    out = Generated()
    batch: dict[str, list[dict]] = {"events": [], "visits": [], "calls": [], "inquiries": [], "misses": [], "bookings": []}

    def flush(final: bool = False) -> None:
        if not final and len(batch["events"]) < 20_000:
            return
        with engine.begin() as conn:
            for name, table in (
                ("visits", VisitRow),
                ("events", EventRow),
                ("calls", HelpCallRow),
                ("inquiries", InquiryRow),
                ("misses", SearchMissRow),
                ("bookings", BookingRow),
            ):
                if batch[name]:  # calls before inquiries: an inquiry points at its call
                    conn.execute(insert(table), batch[name])
                batch[name].clear()

    def new_call_id() -> int:
        out.help_calls += 1
        return out.help_calls

    with engine.connect() as conn:
        base_call_id = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM help_calls")).scalar() or 0
        # A second run over the same days must not book a seat the first one took.
        seats_taken = {
            (place, start, seat)
            for place, start, seat in conn.execute(select(BookingRow.branch_id, BookingRow.slot_start, BookingRow.seat))
        }

    while out.events < events:
        day = _weighted_day(rng, first, days)
        start = day.replace(hour=rng.choices(_HOURS, _HOUR_WEIGHT)[0], minute=rng.randrange(60), second=rng.randrange(60))
        at = start.astimezone(UTC)
        visit = secrets.token_hex(16)
        kiosk = rng.choices(kiosks, [4, 3, 2, 1])[0]
        language = rng.choices(list(_LANGUAGES), list(_LANGUAGES.values()))[0]
        batch["visits"].append({"id": visit, "kiosk_id": kiosk, "language": language, "started_at": at})
        out.visits += 1

        def event(
            kind: EventKind,
            guide: str | None = None,
            step: str | None = None,
            value: str | None = None,
            kiosk: str = kiosk,
            visit: str = visit,
            language: str = language,
        ) -> None:
            nonlocal at
            at += timedelta(seconds=rng.randint(15, 120))
            batch["events"].append(
                {
                    "at": at,
                    "kiosk_id": kiosk,
                    "visit_id": visit,
                    "kind": kind.value,
                    "language": language,
                    "guide": guide,
                    "step": step,
                    "value": value,
                }
            )
            out.events += 1

        if rng.random() < 0.2:
            found = rng.random() < 0.75
            event(EventKind.SEARCHED, value="hits" if found else "no_hits")
            if not found:
                term = clean_search_term(rng.choice(_TERMS))
                if term:
                    batch["misses"].append({"at": at, "kiosk_id": kiosk, "visit_id": visit, "language": language, "term": term})
        guide = rng.choices(guides, guide_weight)[0]
        event(EventKind.GUIDE_OPENED, guide.slug)
        finished = True
        for step in guide.steps:
            event(EventKind.STEP_VIEWED, guide.slug, step.id)
            hard = difficulty[(guide.slug, step.id)]
            problem = None
            if step.problems and rng.random() < hard * 4:  # "if it goes wrong": the harder the step, the more presses
                problem = rng.choice(step.problems).id
                event(EventKind.PROBLEM_PRESSED, guide.slug, step.id, value=problem)
                out.problem_presses += 1
            if rng.random() < hard * (1.5 if problem is None else 8):
                _help_call(
                    rng,
                    batch,
                    out,
                    base_call_id + new_call_id(),
                    visit,
                    kiosk,
                    branch_of[kiosk],
                    language,
                    guide,
                    step.id,
                    at,
                    config,
                    problem,
                )
            elif rng.random() < hard * 0.5:  # no one free: a booked time with a helper instead
                _booking(rng, batch, out, seats_taken, kiosk, branch_of[kiosk], language, guide.slug, step.id, start)
                if start.weekday() >= 5 or start.hour >= 15:
                    event(EventKind.HELP_OUTSIDE_HOURS, guide.slug, step.id)
            if rng.random() < hard * 2:
                finished = False
                break
        if finished:
            event(EventKind.GUIDE_FINISHED, guide.slug)
            answer = rng.choices([Feedback.YES, Feedback.NO, Feedback.TALK, None], [70, 15, 5, 10])[0]
            if answer:
                event(EventKind.FEEDBACK, guide.slug, value=answer.value)
        if rng.random() < 0.05:  # a walk-in question at the desk, not through the kiosk
            batch["inquiries"].append(
                {
                    "at": at,
                    "kiosk_id": None,
                    "branch_id": branch_of[kiosk],  # asked at the desk of the branch the visitor was in
                    "category": rng.choice(sorted(categories)),
                    "channel": rng.choice([Channel.IN_PERSON, Channel.PHONE]).value,
                    "call_id": None,
                    "outcome": None,
                    "referral": None,
                }
            )
            out.inquiries += 1
        flush()
    flush(final=True)
    return out


def _help_call(
    rng: random.Random,
    batch: dict[str, list[dict]],
    out: Generated,
    call_id: int,
    visit: str,
    kiosk: str,
    branch: str,
    language: str,
    guide: Guide,
    step: str,
    at: datetime,
    config: InquiryConfig,
    problem: str | None = None,
) -> None:
    status = rng.choices([CallStatus.DONE, CallStatus.CANCELLED, CallStatus.EXPIRED], [88, 10, 2])[0]
    accept = timedelta(seconds=rng.lognormvariate(4.3, 0.6))
    work = timedelta(seconds=rng.lognormvariate(6.0, 0.5))
    row = {
        "id": call_id,
        "visit_id": visit,
        "kiosk_id": kiosk,
        "language": language,
        "guide": guide.slug,
        "step": step,
        "problem": problem,
        "status": status.value,
        "created_at": at,
        "accepted_at": None,
        "closed_at": None,
        "category": None,
        "escalated_at": at + timedelta(seconds=120) if accept > timedelta(seconds=120) else None,
    }
    if status is CallStatus.DONE:
        category = config.suggested_category(guide.category)
        outcome = rng.choices(list(Outcome), [50, 25, 12, 8, 5])[0]
        row.update(accepted_at=at + accept, closed_at=at + accept + work, category=category)
        batch["inquiries"].append(
            {
                "at": at + accept + work,
                "kiosk_id": kiosk,
                "branch_id": branch,
                "category": category,
                "channel": Channel.KIOSK.value,
                "call_id": call_id,
                "outcome": outcome.value,
                "referral": rng.choice([a.id for a in config.agencies]) if outcome is Outcome.REFERRED else None,
            }
        )
        out.inquiries += 1
    else:
        row["closed_at"] = at + accept
    batch["calls"].append(row)


def _booking(
    rng: random.Random,
    batch: dict[str, list[dict]],
    out: Generated,
    seats_taken: set[tuple[str, datetime, int]],
    kiosk: str,
    branch: str,
    language: str,
    guide: str,
    step: str,
    visit_start: datetime,
) -> None:
    """A half-hour slot one to three days later, at the branch's desk; most come, some do not."""
    day = visit_start + timedelta(days=rng.randint(1, 3))
    slot = day.replace(hour=rng.choice(_HOURS[:-1]), minute=rng.choice([0, 30]), second=0, microsecond=0).astimezone(UTC)
    seat = next(seat for seat in range(1000) if (branch, slot, seat) not in seats_taken)
    seats_taken.add((branch, slot, seat))
    status = rng.choices([BookingStatus.CHECKED_IN, BookingStatus.NO_SHOW], [80, 20])[0]
    batch["bookings"].append(
        {
            "code": new_code(),  # random like a visit id: codes are unique across runs
            "kiosk_id": kiosk,
            "branch_id": branch,  # bookings.py: kiosks of one branch share its helpers' places
            "slot_start": slot,
            "seat": seat,
            "language": language,
            "guide": guide,
            "step": step,
            "status": status.value,
            "created_at": visit_start.astimezone(UTC),
            "closed_at": slot
            + (timedelta(minutes=rng.randint(0, 10)) if status is BookingStatus.CHECKED_IN else timedelta(hours=1)),
            "closed_by": None,
        }
    )
    out.bookings += 1
