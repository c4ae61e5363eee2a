"""Notices from the staff: hostile text refused, scope and guide rules, expiry by time, one shared read for many kiosks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event

from kiosk.notices.board import (
    MAX_NOTICE_LENGTH,
    NoticeDraft,
    NoticeRefused,
    NoticeScope,
    current_notices,
    end_notice,
    post_notice,
    texts_for,
)
from kiosk.notices.live import LiveNotices
from kiosk.store.kiosks import Kiosk, save_kiosk

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class Clock:
    """The monotonic clock of the shared read and the wall clock of expiry, moved together by the test."""

    def __init__(self) -> None:
        self.tick = 1000.0
        self.wall = NOW

    def monotonic(self) -> float:
        return self.tick

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.tick += seconds
        self.wall += timedelta(seconds=seconds)


def _kiosks(engine: Engine) -> None:
    for kiosk_id, location in (("entrance", "Main library"), ("floor2", "Main library"), ("branch", "Grünerløkka")):
        save_kiosk(engine, Kiosk(id=kiosk_id, display_name=kiosk_id, location=location))


def _draft(**fields: object) -> NoticeDraft:
    values: dict[str, object] = {"text_nb": "ID-porten er nede til kl. 14.00", "ends_at": NOW + timedelta(hours=5)}
    values.update(fields)
    return NoticeDraft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * (MAX_NOTICE_LENGTH + 1), "too_long"),
        ("<script>alert(1)</script>", "markup"),
        ("<img src=x onerror=alert(1)>", "markup"),
        ("Se [her](javascript:alert(1))", "markup"),
        ("**Viktig** beskjed", "markup"),
        ("Ring 55 55 \u202e33 33", "hidden"),
        ("Ring &#x202E;33 33", "hidden"),
        ("Skriveren\u2066 er nede", "hidden"),
        ("to\nlinjer", "control"),
        ("bjelle\x07", "control"),
    ],
)
def test_hostile_or_empty_text_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(NoticeRefused) as refused:
        _draft(text_nb=text).check(NOW)
    assert refused.value.reason == reason and refused.value.field == "text_nb"
    if reason != "empty":  # the English text is optional; when given, the same rules hold
        with pytest.raises(NoticeRefused) as refused:
            _draft(text_en=text).check(NOW)
        assert refused.value.field == "text_en"


def test_a_notice_of_exactly_the_longest_length_is_kept() -> None:
    longest = "x" * MAX_NOTICE_LENGTH
    assert MAX_NOTICE_LENGTH == 200
    checked = _draft(text_nb=longest, text_en=longest).check(NOW)
    assert (checked.text_nb, checked.text_en) == (longest, longest)


def test_plain_text_in_any_script_with_joiners_and_direction_marks_is_kept() -> None:
    persian = "چاپگر طبقه\u200cدوم خراب است"  # ZWNJ is part of Persian writing
    checked = _draft(text_nb="  Skriveren i 2. etasje er i ustand – bruk den i 1. etasje.  ", text_en=persian).check(NOW)
    assert checked.text_nb == "Skriveren i 2. etasje er i ustand – bruk den i 1. etasje."
    assert checked.text_en == persian


def test_end_time_must_be_later_and_within_a_week() -> None:
    with pytest.raises(NoticeRefused, match="ends_in_past"):
        _draft(ends_at=NOW - timedelta(minutes=1)).check(NOW)
    with pytest.raises(NoticeRefused, match="ends_in_past"):
        _draft(ends_at=datetime(2026, 12, 2, 14, 0)).check(NOW)  # no time zone: refused, not guessed
    with pytest.raises(NoticeRefused, match="ends_in_past"):
        _draft(ends_at=NOW).check(NOW)  # ends as it starts: never shown
    assert _draft(ends_at=NOW + timedelta(days=7)).check(NOW).ends_at == NOW + timedelta(days=7)  # a week exactly
    later = NOW + timedelta(days=1)  # a week from its own start, not from now
    assert _draft(starts_at=later, ends_at=later + timedelta(days=7)).check(NOW).starts_at == later
    with pytest.raises(NoticeRefused, match="too_long_lasting"):
        _draft(ends_at=NOW + timedelta(days=7, seconds=1)).check(NOW)
    with pytest.raises(NoticeRefused) as refused:
        _draft(ends_at=NOW + timedelta(days=8)).check(NOW)
    assert (refused.value.key, refused.value.params) == ("notices.refused.too_long_lasting", {"days": 7})


@pytest.mark.parametrize("language", ["nb", "nn", "sv", "en"])
def test_every_refusal_is_said_in_each_staff_language(language: str) -> None:
    """The domain names a refusal by its key; each staff catalog has the words, with the numbers filled in."""
    from kiosk.language.staff_texts import SHIPPED_DIR, StaffText, load_catalogs
    from kiosk.notices.board import REFUSAL_PARAMS

    s = StaffText(load_catalogs(SHIPPED_DIR), language)
    for reason, params in REFUSAL_PARAMS.items():
        key = NoticeRefused(reason, "text_nb").key
        assert s.has(key), (language, key)
        said = s(key, **params)
        assert all(str(value) in said for value in params.values()), said


def test_a_scope_needs_its_place_and_a_notice_ties_to_a_guide_or_a_category() -> None:
    with pytest.raises(NoticeRefused) as refused:
        _draft(scope=NoticeScope.BRANCH, branch_id=" ").check(NOW)
    assert (refused.value.field, refused.value.reason) == ("branch_id", "no_branch")
    with pytest.raises(NoticeRefused):  # a free-text location is no longer a scope a notice is posted with
        _draft(scope=NoticeScope.LOCATION).check(NOW)
    with pytest.raises(NoticeRefused):
        _draft(scope=NoticeScope.KIOSK).check(NOW)
    with pytest.raises(NoticeRefused):
        _draft(guide="skattemelding", category="tax").check(NOW)
    # A branch given with scope "all" is not kept: the notice goes to every kiosk, as chosen.
    assert _draft(branch_id="main-library").check(NOW).branch_id is None


@pytest.mark.both_databases
def test_every_kiosk_one_branch_or_one_kiosk(engine: Engine) -> None:
    _kiosks(engine)
    clock = Clock()
    live = LiveNotices(engine, clock=clock.monotonic, now=clock.now)
    everywhere = post_notice(engine, _draft(), by_user=None, now=NOW)
    main = post_notice(
        engine, _draft(text_nb="Heisen er ute av drift", scope=NoticeScope.BRANCH, branch_id="main-library"), None, NOW
    )
    gone = post_notice(engine, _draft(text_nb="Stengt", scope=NoticeScope.BRANCH, branch_id="no-such-branch"), None, NOW)
    one = post_notice(engine, _draft(text_nb="Skriveren her er i ustand", scope=NoticeScope.KIOSK, kiosk_id="floor2"), None, NOW)
    shown = {kiosk: {n.id for n in live.for_kiosk(kiosk, home=True)} for kiosk in ("entrance", "floor2", "branch")}
    assert shown == {"entrance": {everywhere, main}, "floor2": {everywhere, main, one}, "branch": {everywhere}}
    assert gone not in set().union(*shown.values())  # a branch that does not exist reaches nobody, never everybody


@pytest.mark.both_databases
def test_a_kiosk_moved_to_another_branch_shows_that_branchs_notices_after_the_shared_read(engine: Engine) -> None:
    _kiosks(engine)
    clock = Clock()
    live = LiveNotices(engine, max_age=2.0, clock=clock.monotonic, now=clock.now)
    grunerlokka = post_notice(engine, _draft(scope=NoticeScope.BRANCH, branch_id="grunerlokka"), None, NOW)
    assert live.for_kiosk("entrance", home=True) == []
    save_kiosk(engine, Kiosk(id="entrance", display_name="entrance", location="Main library", branch_id="grunerlokka"))
    clock.advance(2)
    assert [n.id for n in live.for_kiosk("entrance", home=True)] == [grunerlokka]


@pytest.mark.both_databases
def test_migration_turns_location_notices_into_branches_and_keeps_every_other_reaching_the_same_kiosks(
    engine: Engine,
) -> None:
    """A notice for the whole of a branch's kiosks becomes the branch's; one for part of a branch, or for kiosks
    in two branches, keeps its location: each kiosk shows what it showed before the migration."""
    from sqlalchemy import insert

    from kiosk.store.migrate import downgrade, upgrade
    from kiosk.store.schema import NoticeRow

    _kiosks(engine)  # entrance, floor2: "Main library" (branch main-library); branch: "Grünerløkka"
    save_kiosk(engine, Kiosk(id="cafe", display_name="cafe", location="Kafé", branch_id="grunerlokka"))
    save_kiosk(engine, Kiosk(id="annex", display_name="annex", location="Annex"))  # its own branch "annex"
    save_kiosk(engine, Kiosk(id="annex2", display_name="annex2", location="Annex", branch_id="grunerlokka"))
    kiosks = ("entrance", "floor2", "branch", "cafe", "annex", "annex2")
    downgrade(engine, "0011_staff_floor")
    locations = {"whole": " main library", "part": "Grünerløkka", "split": "ANNEX", "nowhere": "Lager"}
    with engine.begin() as connection:
        for text, location in locations.items():
            # Shaped like a row from before: `branch_id` does not exist yet.
            connection.execute(
                insert(NoticeRow.__table__).values(  # only the columns a row had before
                    text_nb=text, starts_at=NOW, ends_at=NOW + timedelta(hours=5), location=location.strip(), created_at=NOW
                )
            )
    upgrade(engine)
    after = {n.text_nb: n for n in current_notices(engine, NOW)}
    assert (after["whole"].scope, after["whole"].branch_id, after["whole"].location) == (NoticeScope.BRANCH, "main-library", None)
    assert {after[t].scope for t in ("part", "split", "nowhere")} == {NoticeScope.LOCATION}
    live = LiveNotices(engine, now=lambda: NOW)
    shown = {kiosk: {n.text_nb for n in live.for_kiosk(kiosk, home=True)} for kiosk in kiosks}
    assert shown == {
        "entrance": {"whole"},
        "floor2": {"whole"},
        "branch": {"part"},
        "cafe": set(),
        "annex": {"split"},
        "annex2": {"split"},
    }


def test_a_guide_or_category_notice_is_on_that_guides_first_screen_and_home_only(engine: Engine) -> None:
    _kiosks(engine)
    clock = Clock()
    live = LiveNotices(engine, clock=clock.monotonic, now=clock.now)
    tied = post_notice(engine, _draft(guide="skattemelding"), None, NOW)
    by_category = post_notice(engine, _draft(category="nav"), None, NOW)
    untied = post_notice(engine, _draft(), None, NOW)
    assert {n.id for n in live.for_kiosk("entrance", home=True)} == {tied, by_category, untied}
    assert [n.id for n in live.for_kiosk("entrance", guide_slug="skattemelding", category="tax")] == [tied]
    assert [n.id for n in live.for_kiosk("entrance", guide_slug="dagpenger", category="nav")] == [by_category]
    assert live.for_kiosk("entrance", guide_slug="bankid", category="id") == []


def test_an_expired_notice_vanishes_from_every_kiosk_on_its_minute_without_a_new_read(engine: Engine) -> None:
    _kiosks(engine)
    clock = Clock()
    live = LiveNotices(engine, max_age=3600, clock=clock.monotonic, now=clock.now)
    post_notice(engine, _draft(ends_at=NOW + timedelta(minutes=10)), None, NOW)
    later = post_notice(engine, _draft(text_nb="Kafeen er stengt", starts_at=NOW + timedelta(minutes=5)), None, NOW)
    assert len(live.for_kiosk("entrance", home=True)) == 1  # the later one has not started
    reads = live.reads
    clock.advance(5 * 60)
    assert len(live.for_kiosk("branch", home=True)) == 2
    clock.advance(5 * 60)
    for kiosk in ("entrance", "floor2", "branch"):
        assert [n.id for n in live.for_kiosk(kiosk, home=True)] == [later]
    assert live.reads == reads  # decided by the clock, not by a read
    assert [n.id for n in current_notices(engine, clock.wall)] == [later]


def test_a_hundred_kiosks_share_one_read_and_a_new_notice_is_seen_at_once(engine: Engine) -> None:
    _kiosks(engine)
    clock = Clock()
    live = LiveNotices(engine, max_age=2.0, clock=clock.monotonic, now=clock.now)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_: statements.append(statement))
    for _ in range(100):
        assert live.for_kiosk("entrance", home=True) == []
    assert sum("FROM notices" in s for s in statements) == 1
    notice_id = post_notice(engine, _draft(), None, NOW)  # a staff tablet in this process
    assert [n.id for n in live.for_kiosk("floor2", home=True)] == [notice_id]


def test_ended_early_by_two_tablets_at_once_ends_once(engine: Engine) -> None:
    _kiosks(engine)
    clock = Clock()
    live = LiveNotices(engine, max_age=3600, clock=clock.monotonic, now=clock.now)
    notice_id = post_notice(engine, _draft(), None, NOW)
    assert live.for_kiosk("entrance", home=True)
    assert end_notice(engine, notice_id, None, NOW + timedelta(minutes=1)) is True
    clock.advance(60)
    assert live.for_kiosk("entrance", home=True) == []  # ended in this process: seen at once
    assert end_notice(engine, notice_id, None, NOW + timedelta(minutes=1)) is False


def test_the_visitor_gets_norwegian_and_english_beside_it_unless_they_read_one_of_them(engine: Engine) -> None:
    notice_id = post_notice(engine, _draft(text_en="ID-porten is down until 14:00"), None, NOW)
    [notice] = [n for n in current_notices(engine, NOW) if n.id == notice_id]
    assert [t.language for t in texts_for(notice, "nb")] == ["nb"]
    assert [t.language for t in texts_for(notice, "nn")] == ["nb"]
    assert [t.language for t in texts_for(notice, "en")] == ["en"]
    assert [t.language for t in texts_for(notice, "ar")] == ["nb", "en"]
    norwegian_only = post_notice(engine, _draft(), None, NOW)
    [only] = [n for n in current_notices(engine, NOW) if n.id == norwegian_only]
    assert [t.language for t in texts_for(only, "en")] == ["nb"]


def test_who_needs_english_beside_a_notice_is_who_reads_english_before_norwegian(engine: Engine) -> None:
    """One fact, "reads Norwegian": a visitor gets English beside a notice exactly when their texts fall back to
    English before bokmål (notices and fallbacks once disagreed about Swedish)."""
    from kiosk.content.loader import load_content
    from kiosk.language.texts import fallback_chain
    from kiosk.settings import PROJECT_ROOT

    notice_id = post_notice(engine, _draft(text_en="ID-porten is down until 14:00"), None, NOW)
    [notice] = [n for n in current_notices(engine, NOW) if n.id == notice_id]
    languages = sorted(load_content(PROJECT_ROOT / "content")[0].languages)
    assert {"nn", "se", "sv", "ar"} <= set(languages)
    for code in (c for c in languages if c not in ("nb", "en")):
        chain = fallback_chain(code, "nb")
        english_beside = "en" in [t.language for t in texts_for(notice, code)]
        assert english_beside == (chain.index("en") < chain.index("nb")), code


@pytest.mark.usefixtures("cheap_passwords")
def test_each_account_posts_a_few_at_a_time_and_ending_one_frees_its_place(engine: Engine) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from kiosk.accounts.auth import Role, add_user
    from kiosk.notices.board import MAX_NOTICES_PER_ACCOUNT
    from kiosk.store.schema import NoticeRow

    assert MAX_NOTICES_PER_ACCOUNT == 5  # a few of today's troubles, not a noticeboard of one's own
    _kiosks(engine)
    for name in ("anne", "bjorn", "cecilie"):  # account ids apart from the notices' ids
        add_user(engine, name, name.title(), Role.STAFF, "correct horse battery")
    kari, ola = (add_user(engine, name, name.title(), Role.STAFF, "correct horse battery").id for name in ("kari", "ola"))
    post_notice(engine, _draft(ends_at=NOW), kari, NOW - timedelta(minutes=5))  # over exactly at NOW
    mine = [post_notice(engine, _draft(), kari, NOW) for _ in range(MAX_NOTICES_PER_ACCOUNT)]  # the ended one does not count
    with pytest.raises(NoticeRefused, match="too_many"):
        post_notice(engine, _draft(), kari, NOW)
    theirs = post_notice(engine, _draft(), ola, NOW)  # a colleague has places of their own
    for _ in range(MAX_NOTICES_PER_ACCOUNT + 1):  # posted from the command line, by no account: only the total counts
        post_notice(engine, _draft(), None, NOW)
    assert end_notice(engine, mine[2], ola, NOW + timedelta(minutes=1)) is True
    with Session(engine) as session:
        ended = session.scalars(select(NoticeRow).where(NoticeRow.id == mine[2])).one()
        others = session.scalars(select(NoticeRow).where(NoticeRow.id != mine[2], NoticeRow.ended_by.is_not(None))).all()
    assert (ended.ended_by, ended.created_by) == (ola, kari)
    assert ended.ends_at.replace(tzinfo=UTC) == NOW + timedelta(minutes=1)
    assert others == [], "ending one notice ends no other"
    assert theirs in [n.id for n in current_notices(engine, NOW + timedelta(minutes=1))]
    post_notice(engine, _draft(), kari, NOW + timedelta(minutes=1))  # its place is free again


def test_the_board_holds_at_most_thirty_notices_at_once(engine: Engine) -> None:
    from kiosk.notices.board import MAX_NOTICES

    assert MAX_NOTICES == 30
    for _ in range(MAX_NOTICES - 1):
        post_notice(engine, _draft(), None, NOW)
    last = post_notice(engine, _draft(), None, NOW)  # the thirtieth still fits
    with pytest.raises(NoticeRefused, match="too_many"):
        post_notice(engine, _draft(), None, NOW)
    assert end_notice(engine, last, None, NOW)
    post_notice(engine, _draft(), None, NOW)  # an ended notice frees its place


def test_a_guide_screen_is_what_for_screen_gives_unless_told_home() -> None:
    from kiosk.notices.board import Notice, for_screen

    def notice(notice_id: int, guide: str | None) -> Notice:
        return Notice(notice_id, "Tekst", None, NOW, NOW + timedelta(hours=1), None, None, guide, None)

    notices = [notice(1, "skattemelding"), notice(2, None)]
    five = [notice(number, None) for number in range(3, 8)]
    assert [n.id for n in for_screen(five, "entrance", "", None, NOW, home=True)] == [7, 6, 5]  # three at most, newest
    assert for_screen(notices, "entrance", "", None, NOW + timedelta(hours=2), home=True) == []  # both over
    assert [n.id for n in for_screen(notices, "entrance", "", None, NOW, guide_slug="skattemelding")] == [1]
    assert [n.id for n in for_screen(notices, "entrance", "", None, NOW, home=True)] == [2, 1]


def test_a_notice_that_ended_by_itself_is_not_ended_again(engine: Engine) -> None:
    over = post_notice(engine, _draft(ends_at=NOW + timedelta(minutes=10)), None, NOW)
    later = NOW + timedelta(hours=1)
    assert end_notice(engine, over, None, later) is False  # over at 09:10: "ending" it at 10:00 would bring it back
    assert current_notices(engine, later) == []  # nor is it listed among the current ones
    assert current_notices(engine, NOW + timedelta(minutes=5))[0].ends_at.replace(tzinfo=UTC) == NOW + timedelta(minutes=10)
