"""Probes of what a stranger can send: the printable page's reference, booking codes, a forged waiting-visit
cookie, and the words the on-screen keyboard sends back (which reach the statistics)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.accounts.auth import Role, add_user
from kiosk.content.search import SearchIndex
from kiosk.floor.bookings import BookingNotFound, find, normalise_code
from kiosk.floor.calls import accept, finish, request_help, resumable_call, stuck_steps_for
from kiosk.stats.privacy import clean_search_term
from kiosk.stats.searches import record_search
from kiosk.stats.tables import Table
from kiosk.store.kiosks import seed_demo
from kiosk.store.schema import SearchMissRow
from kiosk.visit.journey import Visit, new_visit_id


@pytest.mark.both_databases
def test_a_guessed_or_forged_reference_shows_nothing_of_another_call(engine: Engine) -> None:
    seed_demo(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery").id
    call = request_help(engine, visit_id=new_visit_id(), kiosk_id="demo", language="ar", guide="library-wifi", step="find-wifi")
    accept(engine, call.id, kari)
    finish(engine, call.id, kari, "other", stuck_steps=["find-wifi"])
    ref = call.visitor_ref
    assert ref is not None
    for guess in (
        "",
        ref[:-1],
        ref + "0",
        ref.upper(),
        f"<b>{ref}</b>",
        "%",
        "_" * len(ref),
        "' OR 1=1 --",
        "\u202e" + ref,
        "x" * 10_000,
    ):
        assert stuck_steps_for(engine, guess) is None, guess
    assert stuck_steps_for(engine, ref) is not None


@pytest.mark.both_databases
def test_a_forged_waiting_visit_of_another_kiosk_is_not_taken_up(engine: Engine) -> None:
    seed_demo(engine)
    visit = new_visit_id()
    request_help(engine, visit_id=visit, kiosk_id="demo", language="nb", guide=None, step=None)
    assert resumable_call(engine, visit, "demo") is not None
    assert resumable_call(engine, visit, "other-kiosk") is None
    assert resumable_call(engine, "0" * 32, "demo") is None


@pytest.mark.both_databases
def test_a_booking_code_from_a_stranger_finds_nothing_and_never_fails(engine: Engine) -> None:
    for typed in ("<script>alert(1)</script>", "A" * 100_000, "", "🙂🙂🙂", "%", "' OR ''='", "\x00ABC"):
        assert len(normalise_code(typed)) <= 16
        with pytest.raises(BookingNotFound):
            find(engine, typed)


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","klikk")',  # a formula in the lead's spreadsheet
        "+cmd|' /C calc'!A",
        "@SUM(A:A)",
        "<script>alert(1)</script>",
        "\u202eevil\u202c",  # reverses the text shown on the statistics page
        "skatt\x00melding",  # PostgreSQL refuses NUL in text
        "bank\u200bid",  # zero-width space: the same word counted as another
    ],
)
def test_a_search_term_kept_for_the_statistics_holds_only_words(typed: str) -> None:
    term = clean_search_term(typed)
    assert term is None or all(ch.isalpha() or ch in " -'\u200c\u200d" for ch in term), repr(term)
    assert term is None or not term.startswith(("=", "+", "-", "@"))


def test_search_words_in_persian_and_with_hyphens_are_kept() -> None:
    assert clean_search_term("  NAV-Skjema ") == "nav-skjema"
    assert clean_search_term("می\u200cخواهم") == "می\u200cخواهم"  # the non-joiner Persian needs
    assert clean_search_term("bank\u200bid") == "bankid"


@pytest.mark.both_databases
def test_a_missed_search_with_control_characters_is_recorded_clean(engine: Engine) -> None:
    seed_demo(engine)
    visit = new_visit_id()
    record_search(engine, "demo", visit, "nb", "skatt\x00melding\u202e", False)
    with Session(engine) as session:
        assert session.scalars(select(SearchMissRow.term)).all() == ["skatt melding"]


def test_the_csv_for_the_lead_never_starts_a_cell_with_a_formula() -> None:
    table = Table("t", "T", ["Søkeord", "Antall"], [["=1+1", 7], ["-2", 5], ["vanlig", 6]], {"Antall"})
    lines = table.csv().splitlines()
    assert lines[1].startswith("'=1+1") and lines[2].startswith("'-2") and lines[3] == "vanlig,6"


def test_what_the_keyboard_sends_is_bounded_and_searches_fast(content_dir) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content.loader import load_content

    library, _ = load_content(content_dir)
    index = SearchIndex(library)
    visit = Visit(id=new_visit_id())
    visit.search("ab cd ef gh " * 50_000 + "\u202e<b>x</b>")
    assert len(visit.search_query) <= 200
    started = time.monotonic()
    index.search(visit.search_query, "nb")
    index.search("skattemelding" * 15, "ar")
    assert time.monotonic() - started < 2.0


@pytest.mark.both_databases
def test_a_nul_character_in_a_strangers_address_finds_nothing_on_either_database(engine: Engine) -> None:
    """PostgreSQL refuses NUL in a query's text (a DataError, not a busy database): the address finds nothing."""
    from kiosk.store.kiosks import KeyCheck, check_key, get_kiosk

    seed_demo(engine)
    assert stuck_steps_for(engine, "abc\x00def") is None
    assert get_kiosk(engine, "demo\x00") is None
    assert resumable_call(engine, "0" * 32, "demo\x00") is None
    assert check_key(engine, "demo\x00", None) is KeyCheck.UNKNOWN
    assert get_kiosk(engine, "x" * 10_000) is None
