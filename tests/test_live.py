"""Live updates without polling: digests say what a screen shows, the feed wakes only the streams whose
channel changed, tickets scope a stream, and one watcher per process keeps the digests current, also for
changes made by another process on the same database."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import Engine, event

from kiosk.accounts.auth import Role, add_user
from kiosk.floor.calls import accept, cancel, request_help
from kiosk.floor.live_queue import LiveQueue
from kiosk.floor.presence import Presence, heard_from, set_presence
from kiosk.live.digests import NO_CALL, NOTICES, floor_channel, floor_digest, kiosk_channel, kiosk_digests
from kiosk.live.feed import LiveFeed
from kiosk.live.tickets import kiosk_ticket, read_ticket, staff_ticket
from kiosk.live.watcher import LiveWatcher
from kiosk.notices.board import NoticeDraft, end_notice, post_notice
from kiosk.notices.live import LiveNotices
from kiosk.store.branches import list_branches
from kiosk.store.kiosks import Kiosk, save_kiosk, seed_demo
from kiosk.visit.journey import new_visit_id

SECRET = b"k" * 32
T = TypeVar("T")
MAIN, NORTH = floor_channel("hovedbiblioteket"), floor_channel("filial-nord")


def _call(engine: Engine, kiosk_id: str = "demo") -> int:
    return request_help(engine, visit_id=new_visit_id(), kiosk_id=kiosk_id, language="ar", guide=None, step=None).id


def _watcher(engine: Engine, every: float = 60.0) -> LiveWatcher:
    return LiveWatcher(engine, LiveQueue(engine), LiveNotices(engine), lambda: [b.id for b in list_branches(engine)], every=every)


def _eventually(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


# -- digests ---------------------------------------------------------------------------------


def test_a_branch_digest_changes_with_its_own_calls_only(engine: Engine) -> None:
    seed_demo(engine)
    queue = LiveQueue(engine, max_age=0)
    before_main, before_north = (floor_digest(queue.calls(), [], b) for b in ("hovedbiblioteket", "filial-nord"))
    _call(engine, "demo-nord")
    assert floor_digest(queue.calls(), [], "filial-nord") != before_north
    assert floor_digest(queue.calls(), [], "hovedbiblioteket") == before_main, "another branch's call redraws nothing here"
    assert floor_digest(queue.calls(), [], None) != floor_digest([], [], None), "a tablet on all branches sees it"


def test_the_waiting_clock_is_not_in_the_digest_but_an_accept_is(engine: Engine) -> None:
    seed_demo(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery")
    call_id = _call(engine)
    queue = LiveQueue(engine, max_age=0)
    first = floor_digest(queue.calls(), [], "hovedbiblioteket")
    older = [call.model_copy(update={"created_at": call.created_at - timedelta(minutes=9)}) for call in queue.calls()]
    assert floor_digest(older, [], "hovedbiblioteket") == first, "minutes waited tick in the browser, not on the server"
    accept(engine, call_id, kari.id)
    assert floor_digest(queue.calls(), [], "hovedbiblioteket") != first


def test_a_waiting_kiosk_digest_changes_with_its_own_call_and_the_calls_ahead_only(engine: Engine) -> None:
    seed_demo(engine)
    save_kiosk(engine, Kiosk(id="demo-2", display_name="Demo 2", location="", branch_id="hovedbiblioteket"))
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery")
    queue = LiveQueue(engine, max_age=0)
    first, second = kiosk_channel("demo"), kiosk_channel("demo-2")
    ahead = _call(engine, "demo")
    shown = kiosk_digests(queue.calls(), [])
    assert set(shown) == {first}, "a kiosk without a call has no digest"
    _call(engine, "demo-2")
    _call(engine, "demo-nord")
    behind = kiosk_digests(queue.calls(), [])
    assert behind[first] == shown[first], "calls behind it or at another branch change nothing it shows"
    accept(engine, ahead, kari.id)
    taken = kiosk_digests(queue.calls(), [])
    assert taken[first] != behind[first], "its own call was accepted"
    assert taken[second] != behind[second], "the call ahead of it was taken: one less ahead"
    set_presence(engine, kari.id, Presence.FLOOR)
    heard_from(engine, kari.id, timedelta(seconds=20), branch_id="hovedbiblioteket")  # the demo has two branches
    queue.presence_changed()
    staffed = kiosk_digests(queue.calls(), queue.on_shift())
    assert staffed[second] != taken[second], "somebody came on the floor: no longer 'nobody here'"


@pytest.mark.both_databases
def test_a_kiosk_whose_call_ended_is_told_so(engine: Engine) -> None:
    seed_demo(engine)
    watcher = _watcher(engine)
    call_id = _call(engine)
    watcher.look()
    channel = kiosk_channel("demo")
    [waiting] = watcher.feed.digests([channel]).values()
    cancel(engine, call_id)
    assert channel in watcher.look()
    assert watcher.feed.digests([channel]) == {channel: NO_CALL} != {channel: waiting}
    assert channel not in watcher.look(), "said once"


# -- the feed --------------------------------------------------------------------------------


def _run(coroutine: Coroutine[object, object, T]) -> T:
    """asyncio.run on a thread of its own: the browser tests' Playwright keeps a loop in the main thread."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_publishing_wakes_only_the_streams_whose_channel_changed() -> None:
    feed = LiveFeed()
    feed.publish({MAIN: "a", NORTH: "x"})

    async def scenario() -> tuple[bool, bool]:
        main = asyncio.create_task(feed.wait({MAIN: "a"}, timeout=2))
        north = asyncio.create_task(feed.wait({NORTH: "x"}, timeout=0.5))
        await asyncio.sleep(0.05)
        assert feed.streams == 2
        feed.publish({MAIN: "b", NORTH: "x"})
        return await main, await north

    assert _run(scenario()) == (True, False)
    assert feed.streams == 0, "a stream that stopped waiting is forgotten"


def test_a_change_between_reading_and_waiting_is_not_missed() -> None:
    feed = LiveFeed()
    feed.publish({NOTICES: "old"})
    seen = feed.digests([NOTICES])
    feed.publish({NOTICES: "new"})  # before the stream waits

    assert _run(feed.wait(seen, timeout=5)) is True


def test_publishing_the_same_digests_again_changes_nothing() -> None:
    feed = LiveFeed()
    assert feed.publish({MAIN: "a"}) == {MAIN}
    assert feed.publish({MAIN: "a"}) == set()


# -- tickets ---------------------------------------------------------------------------------


def test_a_kiosk_ticket_hears_its_own_channel_and_the_notices() -> None:
    ticket = read_ticket(SECRET, kiosk_ticket(SECRET, "demo-nord"))
    assert ticket is not None
    assert ticket.channels() == {kiosk_channel("demo-nord"), NOTICES}, "not the branch's floor: a call there wakes nothing"


def test_a_staff_ticket_hears_the_branch_its_tablet_shows() -> None:
    one = read_ticket(SECRET, staff_ticket(SECRET, 7, 2, "hovedbiblioteket"))
    every = read_ticket(SECRET, staff_ticket(SECRET, 7, 2, None))
    assert one is not None and one.channels() == {MAIN}
    assert every is not None and every.channels() == {floor_channel(None)}


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "x" * 600,
        "not-a-ticket",
        kiosk_ticket(b"z" * 32, "demo"),  # another server's key
        kiosk_ticket(SECRET, "demo")[:-2] + "AA",  # a changed signature
    ],
)
def test_a_ticket_not_signed_here_opens_nothing(forged: str) -> None:
    assert read_ticket(SECRET, forged) is None


def test_a_ticket_for_both_a_kiosk_and_an_account_is_refused() -> None:
    from itsdangerous import URLSafeSerializer

    import kiosk.live.tickets as tickets

    both = tickets._serializer(SECRET).dumps({"k": "demo", "u": 1, "g": 0})
    neither = tickets._serializer(SECRET).dumps({"g": 0})
    other_salt = URLSafeSerializer(SECRET, salt="kiosk.shift-token.v2").dumps({"k": "demo"})
    assert read_ticket(SECRET, both) is None
    assert read_ticket(SECRET, neither) is None
    assert read_ticket(SECRET, other_salt) is None, "a shift token's signature is not a ticket's"


# -- the watcher -----------------------------------------------------------------------------


@pytest.mark.both_databases
def test_a_change_in_this_process_is_published_at_once(engine: Engine) -> None:
    seed_demo(engine)
    watcher = _watcher(engine)  # the periodic look is a minute away: only the change itself can wake it
    watcher.start()
    try:
        before = watcher.feed.digests([MAIN])
        _call(engine)
        assert _eventually(lambda: watcher.feed.digests([MAIN]) != before)
        assert watcher.feed.digests([NORTH]) == watcher.feed.digests([NORTH])
    finally:
        watcher.stop()


ANOTHER_PROCESS = """
import sys
from kiosk.floor.calls import request_help
from kiosk.store import make_engine
engine = make_engine(sys.argv[1])
print(request_help(engine, visit_id="v" * 22, kiosk_id="demo", language="nb", guide=None, step=None).id)
"""


@pytest.mark.both_databases
def test_a_change_made_by_another_server_process_reaches_this_one(engine: Engine, db_backend: str) -> None:
    """A call made by another process on the same database: on PostgreSQL its NOTIFY wakes this watcher
    (whose periodic look is a minute away), on SQLite the next look (every `every` seconds) finds it."""
    seed_demo(engine)
    here = _watcher(engine, every=60.0 if db_backend == "postgresql" else 0.5)
    here.start()
    try:
        before = here.feed.digests([MAIN])
        url = engine.url.render_as_string(hide_password=False)
        made = subprocess.run([sys.executable, "-c", ANOTHER_PROCESS, url], capture_output=True, text=True, check=True)
        call_id = int(made.stdout)
        assert _eventually(lambda: here.feed.digests([MAIN]) != before), "the call reached this process"
        assert here.queue.get(call_id) is not None
    finally:
        here.stop()


@pytest.mark.both_databases
def test_notices_and_presence_are_published_too(engine: Engine) -> None:
    seed_demo(engine)
    kari = add_user(engine, "kari", "Kari", Role.STAFF, "correct horse battery")
    watcher = _watcher(engine)
    watcher.start()
    try:
        before = watcher.feed.digests([NOTICES])
        now = datetime.now(UTC)
        notice = post_notice(engine, NoticeDraft(text_nb="ID-porten er nede", ends_at=now + timedelta(hours=1)), kari.id)
        assert _eventually(lambda: watcher.feed.digests([NOTICES]) != before)
        shown = watcher.feed.digests([NOTICES])
        end_notice(engine, notice, kari.id)
        assert _eventually(lambda: watcher.feed.digests([NOTICES]) != shown)

        floor_before = watcher.feed.digests([MAIN])
        set_presence(engine, kari.id, Presence.FLOOR)
        heard_from(engine, kari.id, timedelta(seconds=20), branch_id="hovedbiblioteket")  # the demo has two branches
        assert _eventually(lambda: watcher.feed.digests([MAIN]) != floor_before), "the kiosk hears someone is on the floor"
    finally:
        watcher.stop()


def test_a_look_after_a_change_reads_no_kiosk_and_the_branches_once_in_a_while(engine: Engine) -> None:
    """A look follows every call and accept: at 120 kiosks reading each kiosk's row each time was the watcher's
    main cost. The kiosks' places are the kiosks' own read (LiveNotices.for_kiosk), not the watcher's."""
    seed_demo(engine)
    for n in range(30):
        save_kiosk(engine, Kiosk(id=f"k{n}", display_name=f"K {n}", location="", branch_id="hovedbiblioteket"))
    listed: list[int] = []

    def branch_ids() -> list[str]:
        listed.append(1)
        return [b.id for b in list_branches(engine)]

    watcher = LiveWatcher(engine, LiveQueue(engine), LiveNotices(engine), branch_ids, every=60.0)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_: statements.append(statement))
    for _ in range(5):
        _call(engine, "k1")
        before = len(statements)
        watcher.look()
        assert not any("FROM kiosks" in s for s in statements[before:]), "a look reads no kiosk rows"
    assert len(listed) == 1, "the branches are listed once, not at every look"


def test_an_idle_floor_publishes_no_change(engine: Engine) -> None:
    seed_demo(engine)
    call_id = _call(engine)
    watcher = _watcher(engine)
    watcher.look()
    assert [watcher.look() for _ in range(5)] == [set()] * 5, "nothing changed: no screen is told anything"
    cancel(engine, call_id)
    assert MAIN in watcher.look()
