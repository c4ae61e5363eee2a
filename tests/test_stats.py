"""Statistics against a small history with answers known by hand: every table (and so every chart), the
filters, "<5", the roll-up and purge keeping totals, the friction report, the search-word rules."""

from __future__ import annotations

import ast
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.content.loader import load_content
from kiosk.floor.inquiries import OTHER, load_inquiry_config, shipped_inquiry_config
from kiosk.settings import PROJECT_ROOT
from kiosk.stats.friction import friction_report
from kiosk.stats.privacy import clean_search_term, masked
from kiosk.stats.queries import StatsFilter
from kiosk.stats.rollup import months_back, retention_cutoff, roll_up_and_purge
from kiosk.stats.tables import Table, build_tables
from kiosk.store.schema import EventRow, SearchMissRow, VisitRow
from tests.stats_fixtures import seed_history

JOB_SEEKER = "Registrer deg som arbeidssøker"
JANUARY = StatsFilter(start=date(2026, 1, 1), end=date(2026, 1, 31))


@pytest.fixture
def history(engine: Engine) -> Engine:
    seed_history(engine)
    return engine


@pytest.fixture
def library(content_dir):  # type: ignore[no-untyped-def]
    return load_content(content_dir)[0]


def tables(engine: Engine, library, f: StatsFilter = JANUARY) -> dict[str, Table]:  # type: ignore[no-untyped-def]
    return build_tables(engine, f, library, shipped_inquiry_config())


def test_inquiries_by_category_channel_week_and_hour(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    t = tables(history, library)
    assert t["henvendelser-kategori-kanal"].rows == [["NAV", "Kiosk", 1], ["NAV", "Telefon", 1]]
    assert t["henvendelser-uke"].rows == [["2026-01-12", 2]]
    # Local time: the call closed at 11:11 on Monday, the phone call came at 14:05 on Tuesday.
    assert t["henvendelser-ukedag-time"].rows == [["man", 11, 1], ["tir", 14, 1]]
    assert t["utfall"].rows == [["Ikke registrert (oppmøte, telefon)", "", 1], ["Henvist til etat", "NAV", 1]]


def test_help_calls_and_presses_outside_staffed_hours(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    rows = dict(tables(history, library)["hjelpeanrop"].rows)
    counts = ("Hjelpeanrop", "Ferdige", "Avbrutt av besøkende", "Utløpt", "Eskalert (ventet lenge)")
    assert [rows[name] for name in counts] == [2, 1, 1, 0, 0]
    assert rows["Tid til «Jeg kommer», median (min)"] == "1.0" and rows["Tid til ferdig, p90 (min)"] == "6.0"
    assert tables(history, library)["utenfor-betjent-tid"].rows == [["lør", 20, 1]]


def test_guides_funnel_and_the_stuck_step_map(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    t = tables(history, library)
    assert t["guider"].rows == [[JOB_SEEKER, 3, 1, "", 0, 1, 0]]  # no rate from fewer than five starts
    funnel = {row[1]: row[2] for row in t["trakt"].rows}
    assert funnel == {
        "Steg 1 (open-page)": 3, "Steg 2 (press-register)": 2, "Steg 3 (log-in)": 1, "Steg 4 (last-job)": 1,
        "Steg 5 (education)": 1, "Steg 6 (health)": 1, "Steg 7 (finish)": 1, "Steg 8 (check-done)": 1,
        "Etter siste steg": 1,
    }  # fmt: skip
    # Worst first: help calls + "no" answers + visitors who left there.
    assert t["fastlaste-steg"].rows == [
        [JOB_SEEKER, "Steg 1 (open-page)", 1, 0, 1, 2],
        [JOB_SEEKER, "Steg 2 (press-register)", 1, 0, 1, 2],
        [JOB_SEEKER, "Etter siste steg", 0, 1, 0, 1],
    ]


def test_languages_and_searches_that_found_nothing(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    t = tables(history, library)
    assert t["sprak"].rows == [["Norsk bokmål", 6], ["Arabisk", 1], ["Engelsk", 1]]
    # "pass" from three visits (digits removed); "rare word" from one visit stays hidden.
    assert t["sok-uten-treff"].rows == [["pass", 3]]
    with Session(history) as s:
        assert sorted(set(s.scalars(select(SearchMissRow.term)))) == ["pass", "rare word"]  # the e-mail address was never kept


def test_filters_by_kiosk_location_language_and_dates(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    north = tables(history, library, JANUARY.model_copy(update={"kiosk_ids": ("north",)}))
    assert north["guider"].rows == [[JOB_SEEKER, 1, 0, "", 0, 0, 0]]
    assert north["henvendelser-kategori-kanal"].rows == []  # the walk-in belongs to no kiosk
    english = tables(history, library, JANUARY.model_copy(update={"languages": ("en",)}))
    assert english["henvendelser-kategori-kanal"].rows == [["NAV", "Kiosk", 1]]
    assert english["sprak"].rows == [["Engelsk", 1]]
    monday = tables(history, library, JANUARY.model_copy(update={"start": date(2026, 1, 12), "end": date(2026, 1, 12)}))
    assert monday["henvendelser-uke"].rows == [["2026-01-12", 1]] and monday["utenfor-betjent-tid"].rows == []


def test_filters_by_branch_with_its_walk_ins(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    north = tables(history, library, JANUARY.model_copy(update={"branch_ids": ("filial-nord",)}))
    assert north["guider"].rows == [[JOB_SEEKER, 1, 0, "", 0, 0, 0]]  # the north kiosk's visit only
    assert north["henvendelser-kategori-kanal"].rows == [["NAV", "Telefon", 1]]  # the walk-in asked at its desk
    assert north["sprak"].rows == [["Arabisk", 1]]
    main = tables(history, library, JANUARY.model_copy(update={"branch_ids": ("hovedbiblioteket",)}))
    assert main["henvendelser-kategori-kanal"].rows == [["NAV", "Kiosk", 1]]
    assert ["Arabisk", 1] not in main["sprak"].rows
    # A kiosk of the other branch within a branch filter: nothing, not the union.
    assert (
        tables(history, library, JANUARY.model_copy(update={"branch_ids": ("hovedbiblioteket",), "kiosk_ids": ("north",)}))[
            "guider"
        ].rows
        == []
    )


def test_small_numbers_become_under_five_in_what_leaves_the_page(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    assert [masked(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]
    table = tables(history, library)["henvendelser-kategori-kanal"]
    assert table.shown() == [["NAV", "Kiosk", "<5"], ["NAV", "Telefon", "<5"]]
    assert table.csv().splitlines() == ["Tema,Kanal,Antall", "NAV,Kiosk,<5", "NAV,Telefon,<5"]


@pytest.mark.both_databases  # the roll-up and the figures bind their vocabulary: PostgreSQL types it too
def test_roll_up_and_purge_keep_every_total(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    before = tables(history, library)
    result = roll_up_and_purge(history, datetime(2026, 2, 1, tzinfo=UTC), "Europe/Oslo")
    assert result.events > 0 and result.visits == 8 and result.search_terms == 4
    after = tables(history, library)
    for name, table in before.items():
        if name != "sok-uten-treff":  # search words are deleted, not rolled up
            assert after[name].rows == table.rows, name
    assert after["sok-uten-treff"].rows == []
    with Session(history) as s:
        assert s.scalar(select(func.count()).select_from(EventRow)) == 0
        assert s.scalar(select(func.count()).select_from(VisitRow)) == 0
    # Running it again changes nothing.
    roll_up_and_purge(history, datetime(2026, 2, 1, tzinfo=UTC), "Europe/Oslo")
    assert tables(history, library)["trakt"].rows == before["trakt"].rows


def test_the_retention_is_whole_local_days_thirteen_months_back() -> None:
    assert months_back(date(2027, 3, 31), 13) == date(2026, 2, 28)
    cutoff = retention_cutoff(datetime(2027, 3, 15, 12, tzinfo=UTC), 13, "Europe/Oslo")
    assert cutoff == datetime(2026, 2, 14, 23, tzinfo=UTC)  # local midnight on 15 February 2026


def test_friction_report_for_nav_in_january(history: Engine, library) -> None:  # type: ignore[no-untyped-def]
    nav = next(a for a in shipped_inquiry_config().agencies if a.id == "nav")
    rows = friction_report(history, library, nav, 2026, 1, "Europe/Oslo")
    assert [(r.guide, r.step, r.help_calls, r.no_answers) for r in rows] == [
        (JOB_SEEKER, "Etter siste steg", 0, "<5"),
        (JOB_SEEKER, "Steg 1 (open-page)", "<5", 0),
        (JOB_SEEKER, "Steg 2 (press-register)", "<5", 0),
    ]
    skatt = next(a for a in shipped_inquiry_config().agencies if a.id == "skatteetaten")
    assert friction_report(history, library, skatt, 2026, 1, "Europe/Oslo") == []


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Bostøtte", "bostøtte"),
        ("ring 98765432 nå", "ring nå"),
        ("kari.nordmann@example.no passord", "passord"),
        ("12345678901", None),
        ("a" * 41, None),
        ("  pass   ", "pass"),
        ("a" * 40, "a" * 40),  # the longest kept
        ("-NAV-skjema- 'don't'", "nav-skjema don't"),  # hyphens and apostrophes inside words only
        ("<b>skatt</b>=1+1", "b skatt b"),  # markup and formulas become spaces
        ("می‌خواهم", "می‌خواهم"),  # a Persian joiner stays
        ("pa​ss", "pass"),  # an invisible character goes without splitting the word
        ("@ 123 -", None),  # nothing left
        ("skatt\tkort\x00nav", "skatt kort nav"),  # control characters part words like a space
    ],
)
def test_search_words_are_cleaned_before_they_are_kept(typed: str, kept: str | None) -> None:
    assert clean_search_term(typed) == kept


def test_a_dates_in_the_wrong_order_are_refused() -> None:
    with pytest.raises(ValueError, match="before the start"):
        StatsFilter(start=date(2026, 2, 1), end=date(2026, 1, 1))


def test_inquiry_settings_file_broken_gives_defaults_and_a_message(content_dir) -> None:  # type: ignore[no-untyped-def]
    config, problem = load_inquiry_config(content_dir)
    assert problem is None and config == shipped_inquiry_config()  # the shipped file is the defaults
    (content_dir / "inquiries.yaml").write_text("categories:\n  - id: Bad Id\n    name: x\nagencies: []\n")
    config, problem = load_inquiry_config(content_dir)
    assert config == shipped_inquiry_config() and problem and problem.startswith("inquiries.yaml: categories.0.id")
    (content_dir / "inquiries.yaml").unlink()
    assert load_inquiry_config(content_dir) == (shipped_inquiry_config(), None)


def test_the_inquiry_categories_have_one_home_the_yaml_file() -> None:
    """content/inquiries.yaml is the only list of inquiry categories and agencies: no module under kiosk/ names
    one of their ids again (an enum or a default list in code would drift from the file, as they once did)."""
    shipped = shipped_inquiry_config()
    ids = {item.id for item in shipped.categories} | {item.id for item in shipped.agencies}
    assert {"id_login", "print_scan", "skatteetaten"} <= ids  # the shipped file is what was read
    allowed = {OTHER}  # the fallback category, a named constant in kiosk/floor/inquiries.py
    for path in sorted((PROJECT_ROOT / "kiosk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids - allowed:
                raise AssertionError(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} names inquiry id {node.value!r}")


@pytest.mark.both_databases
def test_a_small_demo_data_run_fills_the_problem_booking_and_call_tables_at_both_branches(
    engine: Engine,
    content_dir,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    from kiosk.cli import main
    from kiosk.settings import get_settings

    get_settings.cache_clear()
    assert main(["setup"]) == 0
    assert main(["demo-data", "--events", "6000", "--days", "60"]) == 0
    assert "problem presses" in capsys.readouterr().out
    assert main(["demo-data", "--events", "2000", "--days", "60", "--seed", "1"]) == 0  # again: no seat booked twice
    library = load_content(get_settings().content_dir)[0]
    today = datetime.now(UTC).date()
    last_days = StatsFilter(start=date.fromordinal(today.toordinal() - 62), end=date.fromordinal(today.toordinal() + 4))
    shown = tables(engine, library, last_days)
    assert shown["problemer-trykket"].rows and all(row[-1] > 0 for row in shown["problemer-trykket"].rows)
    assert all(isinstance(row[2], str) and row[2] for row in shown["problemer-trykket"].rows)  # the Norwegian symptom
    booked = dict(map(tuple, shown["avtaler"].rows))  # type: ignore[arg-type]
    assert booked["Sjekket inn"] > 0 and booked["Kom ikke"] > 0
    assert booked["Bestilte"] == booked["Sjekket inn"] + booked["Kom ikke"]
    per_branch = 0
    for branch in ("hovedbiblioteket", "filial-nord"):
        at_branch = tables(engine, library, last_days.model_copy(update={"branch_ids": (branch,)}))
        calls = dict(map(tuple, at_branch["hjelpeanrop"].rows))  # type: ignore[arg-type]
        assert calls["Hjelpeanrop"] > 0 and calls["Ferdige"] > 0, branch
        booked_here = dict(map(tuple, at_branch["avtaler"].rows))["Bestilte"]  # type: ignore[arg-type]
        assert booked_here > 0, branch
        per_branch += booked_here
    assert per_branch == booked["Bestilte"]  # each booking counts at its own branch only


def test_the_statistics_sql_names_call_statuses_and_event_kinds_only_through_their_enums() -> None:
    """Call statuses and event kinds have one home (CallStatus, EventKind, VISITS_KIND): the statistics bind
    them from there, so no module of kiosk/stats writes one again, in SQL text ('done') or as a plain string."""
    from kiosk.floor.calls import CallStatus
    from kiosk.store.events import VISITS_KIND, EventKind, Feedback

    kinds = {kind.value for kind in EventKind} | {VISITS_KIND}
    words = kinds | {status.value for status in CallStatus} | {answer.value for answer in Feedback}
    quoted = re.compile(r"'(" + "|".join(sorted(words)) + r")'")
    found = []
    for path in sorted((PROJECT_ROOT / "kiosk" / "stats").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            where = f"{path.name}:{node.lineno}"
            found += [f"{where} SQL text {match.group(0)}" for match in quoted.finditer(node.value)]
            if node.value in kinds:
                found.append(f"{where} event kind {node.value!r}")
    assert found == []


def test_a_search_word_is_shown_from_three_different_visits_in_the_range_and_not_before(engine: Engine) -> None:
    """Several words, visits that search twice and searches on both sides of the range's first and last local day."""
    from kiosk.stats.queries import Count, Query

    def miss(term: str, visit: str, at: datetime, kiosk: str = "main") -> SearchMissRow:
        return SearchMissRow(term=term, visit_id=visit, at=at, kiosk_id=kiosk, language="nb")

    first_minute = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)  # 1 January 00:00 in Oslo
    last_minute = datetime(2026, 1, 31, 22, 59, tzinfo=UTC)  # 31 January 23:59 in Oslo
    after = datetime(2026, 1, 31, 23, 0, tzinfo=UTC)  # 1 February 00:00 in Oslo
    before = datetime(2025, 12, 31, 22, 59, tzinfo=UTC)
    mid = datetime(2026, 1, 15, 12, tzinfo=UTC)
    with Session(engine) as session, session.begin():
        session.add_all(
            [
                *(miss("skatt", v, at) for v, at in (("v1", first_minute), ("v2", mid), ("v3", last_minute))),
                *(miss("pass", v, mid) for v in ("v1", "v1", "v1", "v2")),  # three searches, two visits: hidden
                *(miss("kort", v, at) for v, at in (("v1", mid), ("v2", mid), ("v3", after))),  # the third is February
                *(miss("bank", v, at) for v, at in (("v1", mid), ("v2", mid), ("v3", before))),  # the third is December
                *(miss("buss", v, mid, "north") for v in ("v4", "v5", "v6", "v7")),
            ]
        )
    assert Query(engine, JANUARY).no_result_terms() == [Count(key=("buss",), count=4), Count(key=("skatt",), count=3)]
    north = Query(engine, JANUARY.model_copy(update={"kiosk_ids": ("north",)}))
    assert north.no_result_terms() == [Count(key=("buss",), count=4)]


def test_help_call_counts_and_times_from_several_calls(engine: Engine) -> None:
    """Five answered calls with known waits, others cancelled, expired, open and outside the range."""
    from datetime import timedelta

    from kiosk.floor.calls import CallStatus
    from kiosk.stats.queries import Query
    from kiosk.store.kiosks import seed_demo
    from kiosk.store.schema import BookingRow, HelpCallRow

    seed_demo(engine)
    t0 = datetime(2026, 1, 14, 10, tzinfo=UTC)

    def call(
        n: int, status: CallStatus, accept: int | None, close: int | None, at: datetime = t0, escalated: bool = False
    ) -> HelpCallRow:
        created = at + timedelta(minutes=n)
        return HelpCallRow(
            visit_id=f"{n:032x}",
            kiosk_id="demo",
            status=status.value,
            created_at=created,
            accepted_at=None if accept is None else created + timedelta(seconds=accept),
            closed_at=None if close is None else created + timedelta(seconds=close),
            escalated_at=created + timedelta(seconds=60) if escalated else None,
        )

    with Session(engine) as session, session.begin():
        session.add_all(
            [
                *(
                    call(n, CallStatus.DONE, accept, close)
                    for n, (accept, close) in enumerate([(10, 100), (20, 200), (30, 300), (40, 400), (50, 500)])
                ),
                call(10, CallStatus.CANCELLED, None, 5),
                call(11, CallStatus.EXPIRED, None, 900, escalated=True),
                call(12, CallStatus.OPEN, None, None, escalated=True),
                call(14, CallStatus.ACCEPTED, 70, None),
                call(13, CallStatus.DONE, 1, 2, at=datetime(2026, 2, 1, 10, tzinfo=UTC)),  # February: not counted
            ]
        )
    summary = Query(engine, JANUARY).help_calls()
    counts = (summary.calls, summary.done, summary.cancelled, summary.expired, summary.escalated, summary.open)
    assert counts == (9, 5, 1, 1, 2, 2)
    times = (summary.accept_median_s, summary.accept_p90_s, summary.finish_median_s, summary.finish_p90_s)
    assert times == pytest.approx((30, 70, 300, 500), abs=0.01)  # SQLite's day fractions are a few microseconds off

    # Booked visitors checked in: calls accepted at once, which say nothing of the floor's wait.
    with Session(engine) as session, session.begin():
        for n in range(20, 26):
            checked_in = call(n, CallStatus.DONE, 0, 600)
            session.add(checked_in)
            session.flush()
            slot = checked_in.created_at
            booking = BookingRow(
                code=f"B{n}",
                kiosk_id="demo",
                branch_id="hovedbiblioteket",
                slot_start=slot,
                seat=0,
                status="checked_in",
                created_at=slot - timedelta(days=1),
                call_id=checked_in.id,
            )
            session.add(booking)
    summary = Query(engine, JANUARY).help_calls()
    assert summary.calls == 15, "they are calls the floor answered"
    assert (summary.accept_median_s, summary.accept_p90_s) == pytest.approx((30, 70), abs=0.01), "not shorter waits"


def test_a_guides_completion_is_the_share_of_starts_that_finished() -> None:
    from kiosk.stats.queries import GuideRow

    assert GuideRow(guide="g", started=4, finished=3, yes=0, no=0, talk=0).completion == 0.75
    assert GuideRow(guide="g", started=0, finished=0, yes=0, no=0, talk=0).completion is None  # never opened: no share


def test_the_funnel_counts_only_no_answers_as_trouble_and_who_left_at_each_step(engine: Engine) -> None:
    """Two guides, yes, no and talk answers, visits leaving at different steps."""
    from kiosk.stats.queries import END_STEP, Query, StepRow, stuck_steps
    from kiosk.store.events import EventKind, Feedback

    at = datetime(2026, 1, 14, 10, tzinfo=UTC)

    def event(visit: int, kind: EventKind, guide: str, step: str | None = None, value: str | None = None) -> EventRow:
        return EventRow(
            at=at, kiosk_id="demo", visit_id=f"{visit:032x}", kind=kind.value, language="nb", guide=guide, step=step, value=value
        )

    rows = []
    for visit in range(4):  # four visits reach step a of guide g; three reach b; two finish
        rows.append(event(visit, EventKind.STEP_VIEWED, "g", "a"))
        if visit < 3:
            rows.append(event(visit, EventKind.STEP_VIEWED, "g", "b"))
        if visit < 2:
            rows.append(event(visit, EventKind.GUIDE_FINISHED, "g"))
    rows += [
        event(0, EventKind.FEEDBACK, "g", value=Feedback.YES.value),
        event(1, EventKind.FEEDBACK, "g", value=Feedback.NO.value),
        event(2, EventKind.FEEDBACK, "g", value=Feedback.TALK.value),
        event(0, EventKind.STEP_VIEWED, "g", "a"),  # paged back to step a: a view, counted again
        event(9, EventKind.STEP_VIEWED, "h", "x"),
        event(9, EventKind.FEEDBACK, "h", value=Feedback.YES.value),
        event(0, EventKind.GUIDE_OPENED, "g"),
        *(event(visit, EventKind.GUIDE_OPENED, "h") for visit in (7, 8, 9)),
    ]
    with Session(engine) as session, session.begin():
        session.add_all(rows)
    steps = Query(engine, JANUARY).steps({"g": ["a", "b"], "h": ["x"]})
    assert [(s.guide, s.step, s.reached, s.no_answers, s.left_here) for s in steps] == [
        ("g", "a", 5, 0, 2),
        ("g", "b", 3, 0, 1),
        ("g", END_STEP, 2, 1, 0),  # one "no"; the "yes" and "talk" answers are no trouble
        ("h", "x", 1, 0, 1),
    ]
    # The guide has since got a new first step the January visits never saw: who left where is still counted.
    edited = Query(engine, JANUARY).steps({"g": ["intro", "a", "b"], "h": ["x"]})
    assert {(s.guide, s.step): s.left_here for s in edited if s.step in {"a", "b"}} == {("g", "a"): 2, ("g", "b"): 1}
    assert [(g.guide, g.started, g.finished) for g in Query(engine, JANUARY).guides()] == [("h", 3, 0), ("g", 1, 2)]
    # The stuck map: the most trouble first; with as much trouble, more help calls first.
    calls = StepRow(guide="z", step="1", help_calls=2, left_here=1)
    answers = StepRow(guide="a", step="1", no_answers=2, left_here=1)
    assert stuck_steps([answers, StepRow(guide="q", step="1"), calls]) == [calls, answers]


def test_a_period_of_one_day_is_a_period_and_an_end_before_the_start_is_not() -> None:
    one_day = StatsFilter(start=date(2026, 12, 1), end=date(2026, 12, 1))
    assert (one_day.start, one_day.end) == (date(2026, 12, 1), date(2026, 12, 1))
    with pytest.raises(ValueError, match="before the start"):
        StatsFilter(start=date(2026, 12, 2), end=date(2026, 12, 1))


def test_the_funnel_of_a_guide_that_changed_and_of_events_without_a_guide(engine: Engine) -> None:
    """Steps since removed from the guide, a visitor who came back in at a later step, answers with no guide."""
    from kiosk.stats.queries import END_STEP, Query, StepRow, stuck_steps
    from kiosk.store.events import EventKind, Feedback

    at = datetime(2026, 1, 14, 10, tzinfo=UTC)

    def event(visit: int, kind: EventKind, guide: str | None, step: str | None = None, value: str | None = None) -> EventRow:
        return EventRow(
            at=at, kiosk_id="demo", visit_id=f"{visit:032x}", kind=kind.value, language="nb", guide=guide, step=step, value=value
        )

    rows = [event(1, EventKind.STEP_VIEWED, "g", "a")]
    rows += [event(visit, EventKind.STEP_VIEWED, "g", "b") for visit in (1, 2, 3)]  # two came back in at b
    rows += [event(4, EventKind.STEP_VIEWED, "g", "0-old"), event(5, EventKind.STEP_VIEWED, "g", "zz-old")]  # removed since
    rows += [event(6, EventKind.FEEDBACK, None, value=Feedback.NO.value), event(6, EventKind.GUIDE_OPENED, None)]
    rows.append(event(3, EventKind.GUIDE_FINISHED, "g"))
    with Session(engine) as session, session.begin():
        session.add_all(rows)
    steps = Query(engine, JANUARY).steps({"g": ["a", "b"]})
    # The guide's own steps in their order, then the removed ones by name; no step was left by fewer than nobody.
    assert [(s.step, s.reached, s.left_here, s.no_answers) for s in steps] == [
        ("a", 1, 0, 0),
        ("b", 3, 2, 0),
        ("0-old", 1, 0, 0),
        ("zz-old", 1, 0, 0),
        (END_STEP, 1, 0, 0),  # finished once; the "no" with no guide is nobody's
    ]
    assert all(s.guide == "g" for s in steps)
    assert [g.guide for g in Query(engine, JANUARY).guides()] == ["g"], "an opening or answer with no guide is no guide"
    # Equally stuck: the step with more help calls comes first, by how many.
    one, two = StepRow(guide="a", step="1", help_calls=1, left_here=2), StepRow(guide="z", step="1", help_calls=2, left_here=1)
    assert stuck_steps([one, two]) == [two, one]
    worst = StepRow(guide="m", step="1", no_answers=5)  # more trouble, and no help calls at all: still first
    assert stuck_steps([two, worst]) == [worst, two]
